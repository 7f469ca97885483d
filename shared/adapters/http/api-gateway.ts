/** Converts between API Gateway HTTP API (payload 2.0) events and the {@link HttpRequest} model. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { HttpRequest, HttpResponse } from './http-message.js';

export function fromApiGatewayEvent(event: APIGatewayProxyEventV2): HttpRequest {
  const headers: Record<string, string> = {};
  // API Gateway lower-cases names already; doing it again keeps a hand-built event (tests, local server) honest.
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  // Payload 2.0 moves the request's cookies out of the headers into their own list.
  if (event.cookies?.length) headers.cookie = event.cookies.join('; ');
  const raw = event.body ?? '';
  return {
    method: event.requestContext.http.method,
    path: event.rawPath,
    ...(event.queryStringParameters ? { query: { ...event.queryStringParameters } } : {}),
    ...(event.rawQueryString ? { rawQuery: event.rawQueryString } : {}),
    headers,
    body: event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8'),
  };
}

export function toApiGatewayResult(response: HttpResponse): APIGatewayProxyStructuredResultV2 {
  return { statusCode: response.statusCode, headers: response.headers, body: response.body, isBase64Encoded: false };
}
