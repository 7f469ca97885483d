/**
 * A tiny request/response model, so the routes run the same behind API Gateway and on a local HTTP server.
 */

export interface HttpRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  /** Query parameters, decoded; a repeated name keeps its last value. Absent when there is no query string. */
  query?: Readonly<Record<string, string | undefined>>;
  /**
   * The query string exactly as sent, without the `?` (API Gateway's `rawQueryString`): what a signed status-API
   * request's signature covers. When absent, `query` is re-encoded in its own order instead.
   */
  rawQuery?: string;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The body exactly as received. */
  body: Uint8Array;
}

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** An HTML page (never cached: the dashboard shows live state). */
export function htmlResponse(statusCode: number, html: string, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: html,
  };
}

/** A JSON response. */
export function jsonResponse(statusCode: number, value: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(value),
  };
}
