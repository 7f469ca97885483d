/** Refusals decided by the HTTP edge itself, before a body is read. */
import { AppError } from '#domain/errors.js';

/** No route at this path. */
export class RouteNotFoundError extends AppError {
  readonly code = 'not_found';
  constructor(readonly path: string) {
    super(`no route for ${path}`);
  }
}

/** The path exists but not with this method. */
export class MethodNotAllowedError extends AppError {
  readonly code = 'method_not_allowed';
  constructor(
    readonly method: string,
    readonly allowed: readonly string[],
  ) {
    super(`method ${method} is not allowed here; use ${allowed.join(', ')}`);
  }
}

/** The body is larger than the route accepts. */
export class PayloadTooLargeError extends AppError {
  readonly code = 'payload_too_large';
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`body is ${size} bytes; the limit is ${limit}`);
  }
}

/** The path names something that does not exist (`GET /jobs/{id}` of an unknown job); `field` is the parameter. */
export class ResourceNotFoundError extends AppError {
  readonly code = 'not_found';
  constructor(
    readonly field: string,
    readonly value: string,
    what: string,
  ) {
    super(`${field}: no ${what} with this id`);
  }
}
