/**
 * `POST /webhooks/moodle`: route and method, size, signature, then the event, in that order, so an unsigned
 * request is refused before its body is parsed and an oversized one before it is hashed.
 */
import { MAX_WEBHOOK_BODY_BYTES, type ScheduleEvent } from '#domain/webhook-event.js';
import { parseWebhookEvent } from '#domain/webhook-parse-event.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from '#domain/webhook-signature.js';
import type { ScheduleEventResult } from '#use-cases/handle-schedule-event.js';
import { toErrorResponse } from './error-response.js';
import { MethodNotAllowedError, PayloadTooLargeError, RouteNotFoundError } from './http-errors.js';
import { type HttpRequest, type HttpResponse, jsonResponse } from './http-message.js';

export const WEBHOOK_PATH = '/webhooks/moodle';

export interface WebhookRouteOptions {
  handleScheduleEvent: (event: ScheduleEvent) => Promise<ScheduleEventResult>;
  /** The current secret first, then the previous one during a rotation. */
  secrets: readonly string[];
  /** Epoch seconds. */
  clock: () => number;
  /** @default MAX_WEBHOOK_BODY_BYTES */
  maxBodyBytes?: number;
  /** Told about every failure that became a 5xx, to log it; the response says nothing of it. */
  onFault?: (error: unknown) => void;
}

export function makeWebhookRoute(options: WebhookRouteOptions) {
  const { handleScheduleEvent, secrets, clock, maxBodyBytes = MAX_WEBHOOK_BODY_BYTES, onFault } = options;

  return async function routeWebhook(request: HttpRequest): Promise<HttpResponse> {
    try {
      if (request.path.replace(/\/+$/, '') !== WEBHOOK_PATH) throw new RouteNotFoundError(request.path);
      if (request.method.toUpperCase() !== 'POST') throw new MethodNotAllowedError(request.method, ['POST']);
      if (request.body.byteLength > maxBodyBytes) {
        throw new PayloadTooLargeError(request.body.byteLength, maxBodyBytes);
      }
      verifyWebhookSignature(
        {
          timestamp: request.headers[TIMESTAMP_HEADER],
          signature: request.headers[SIGNATURE_HEADER],
          rawBody: request.body,
        },
        secrets,
        clock,
      );
      const result = await handleScheduleEvent(parseWebhookEvent(request.body));
      return jsonResponse(200, result.status === 'duplicate' ? { status: 'duplicate' } : result);
    } catch (error) {
      const response = toErrorResponse(error);
      if (response.statusCode >= 500) onFault?.(error);
      return response;
    }
  };
}
