/**
 * Dispatches a request to the route whose method and path pattern match (`/jobs/{id}`), and turns whatever the
 * route throws into the JSON error response (shared/adapters/http/error-response.ts). One router serves every
 * route of a function behind API Gateway, and every route at once on the local server.
 */
import { toErrorResponse } from './error-response.js';
import { MethodNotAllowedError, RouteNotFoundError } from './http-errors.js';
import type { HttpRequest, HttpResponse } from './http-message.js';

/** Path parameters by name, decoded (`{id}` in the pattern → `params.id`). */
export type PathParams = Readonly<Record<string, string>>;

export interface HttpRoute {
  method: 'GET' | 'POST';
  /** A path with `{name}` segments, e.g. `/jobs/{id}/recipients`. */
  pattern: string;
  handle(request: HttpRequest, params: PathParams): Promise<HttpResponse>;
}

export interface HttpRouterOptions {
  /** Told about every failure that became a 5xx, to log it; the response says nothing of it. */
  onFault?: (error: unknown, request: HttpRequest) => void;
}

export type HttpRouter = (request: HttpRequest) => Promise<HttpResponse>;

export function makeHttpRouter(routes: readonly HttpRoute[], options: HttpRouterOptions = {}): HttpRouter {
  const compiled = routes.map((route) => ({ route, match: compilePattern(route.pattern) }));
  return async function routeRequest(request) {
    try {
      const path = request.path.length > 1 ? request.path.replace(/\/+$/, '') : request.path;
      const matching = compiled.flatMap(({ route, match }) => {
        const params = match(path);
        return params === undefined ? [] : [{ route, params }];
      });
      if (matching.length === 0) throw new RouteNotFoundError(request.path);
      const method = request.method.toUpperCase();
      // HEAD is answered like GET by the servers in front; here only the declared methods count.
      const chosen = matching.find(({ route }) => route.method === method);
      if (chosen === undefined) {
        throw new MethodNotAllowedError(
          request.method,
          matching.map(({ route }) => route.method),
        );
      }
      return await chosen.route.handle(request, chosen.params);
    } catch (error) {
      const response = toErrorResponse(error);
      if (response.statusCode >= 500) options.onFault?.(error, request);
      return response;
    }
  };
}

/** A matcher for `pattern`: the decoded parameters when `path` fits it, else undefined. */
function compilePattern(pattern: string): (path: string) => PathParams | undefined {
  const names: string[] = [];
  const source = pattern
    .split('/')
    .map((segment) => {
      const parameter = /^\{(\w+)\}$/.exec(segment);
      if (parameter === null) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(parameter[1] as string);
      return '([^/]+)';
    })
    .join('/');
  const regex = new RegExp(`^${source}$`);
  return (path) => {
    const found = regex.exec(path);
    if (found === null) return undefined;
    const params: Record<string, string> = {};
    try {
      names.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1] as string);
      });
    } catch {
      return undefined; // a malformed escape (`%E0%A4%A`) matches no route
    }
    return params;
  };
}
