/**
 * The one place errors become HTTP responses, by class: `{ "error": { "code", "message", "field"? } }`. Anything
 * not listed is a fault on this side: a 500 with a generic message (the details go to the log, never the response).
 */
import { InvalidListingParameterError } from '#domain/listing.js';
import { StatusAuthError } from '#domain/status-api-auth.js';
import { MalformedWebhookBodyError, WebhookPayloadError, WebhookSignatureError } from '#domain/webhook-errors.js';
import {
  MethodNotAllowedError,
  PayloadTooLargeError,
  ResourceNotFoundError,
  RouteNotFoundError,
} from './http-errors.js';
import { type HttpResponse, jsonResponse } from './http-message.js';

/** The error body. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

export function toErrorResponse(error: unknown): HttpResponse {
  if (error instanceof RouteNotFoundError) return errorResponse(404, error.code, error.message);
  if (error instanceof ResourceNotFoundError) return errorResponse(404, error.code, error.message, error.field);
  if (error instanceof MethodNotAllowedError) {
    return errorResponse(405, error.code, error.message, undefined, { allow: error.allowed.join(', ') });
  }
  if (error instanceof PayloadTooLargeError) return errorResponse(413, error.code, error.message);
  if (error instanceof WebhookSignatureError) return errorResponse(401, error.code, error.message, error.field);
  if (error instanceof StatusAuthError) {
    return errorResponse(401, error.code, error.message, error.field, { 'www-authenticate': 'Bearer' });
  }
  if (error instanceof InvalidListingParameterError) return errorResponse(422, error.code, error.message, error.field);
  if (error instanceof MalformedWebhookBodyError) return errorResponse(400, error.code, error.message);
  if (error instanceof WebhookPayloadError) return errorResponse(422, error.code, error.message, error.field);
  return errorResponse(500, 'internal_error', 'the request could not be processed; retry later');
}

function errorResponse(
  statusCode: number,
  code: string,
  message: string,
  field?: string,
  headers: Record<string, string> = {},
): HttpResponse {
  const body: ErrorBody = { error: { code, message, ...(field === undefined ? {} : { field }) } };
  return jsonResponse(statusCode, body, headers);
}
