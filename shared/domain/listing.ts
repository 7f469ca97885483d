/**
 * Paged listings (status API): a page size and an opaque cursor in, the items and the next cursor out. A cursor
 * means something only to the store that issued it; anything else presented as one is refused, naming `cursor`.
 */
import { ValidationError } from './errors.js';

/** The page size range every listing accepts. */
export const PAGE_LIMIT = { min: 1, max: 100 } as const;

/** Which page to read. */
export interface PageRequest {
  /** Items wanted, {@link PAGE_LIMIT}. */
  limit: number;
  /** The `nextCursor` of the previous page; absent for the first page. */
  cursor?: string;
}

/**
 * One page. `nextCursor` is present while more items may follow; a page may hold fewer than `limit` items (even
 * none) and still carry one, when a filter left items out of the part of the table it looked at.
 */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/**
 * A listing parameter (query string value, page size, cursor) that cannot be used. `field` is the parameter's
 * name as the caller wrote it (`status`, `from`, `cursor`); the HTTP edge answers 422.
 */
export class InvalidListingParameterError extends ValidationError {
  readonly code = 'invalid_parameter';
}

/** @throws InvalidListingParameterError on `limit` outside {@link PAGE_LIMIT}. */
export function requirePageLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < PAGE_LIMIT.min || limit > PAGE_LIMIT.max) {
    throw new InvalidListingParameterError(
      'limit',
      limit,
      `must be a whole number from ${PAGE_LIMIT.min} to ${PAGE_LIMIT.max}`,
    );
  }
}
