/**
 * Reads the status API's query parameters. Each bad value, and any parameter a route does not know (a typo would
 * otherwise silently widen the listing), is an InvalidListingParameterError naming the parameter: a 422.
 */
import { InvalidListingParameterError } from '#domain/listing.js';
import type { HttpRequest } from './http-message.js';

/** The page size when `limit` is not given. */
export const DEFAULT_PAGE_LIMIT = 50;

// A date, or a date-time with seconds and a zone (Z or ±hh:mm), as RFC 3339 / JSON Schema `date-time` has it.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2}))?$/i;

/** The query's values by name; a parameter outside `allowed` is refused. */
export function readQuery(request: HttpRequest, allowed: readonly string[]): Record<string, string | undefined> {
  const query = request.query ?? {};
  for (const name of Object.keys(query)) {
    if (!allowed.includes(name)) {
      throw new InvalidListingParameterError(name, query[name], `is not a parameter here; use ${allowed.join(', ')}`);
    }
  }
  return query;
}

/** One of `allowed`, or undefined when absent. */
export function readEnum<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InvalidListingParameterError(name, value, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** A whole number in [min, max], or undefined when absent. */
export function readWholeNumber(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= min && number <= max)) {
    throw new InvalidListingParameterError(name, value, `must be a whole number from ${min} to ${max}`);
  }
  return number;
}

/** An ISO-8601 date or date-time with a zone, as epoch seconds (fractions dropped), or undefined when absent. */
export function readInstant(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const millis = ISO_DATE_TIME.test(value)
    ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value)
    : Number.NaN;
  if (Number.isNaN(millis)) {
    throw new InvalidListingParameterError(
      name,
      value,
      'must be an ISO-8601 date-time with a zone, e.g. 2026-03-02T09:00:00Z, or a date',
    );
  }
  return Math.floor(millis / 1000);
}

/** The path and query string exactly as sent, for a signature check; re-encoded when the raw query is unknown. */
export function pathWithQuery(request: HttpRequest): string {
  if (request.rawQuery !== undefined)
    return request.rawQuery === '' ? request.path : `${request.path}?${request.rawQuery}`;
  const entries = Object.entries(request.query ?? {}).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  return entries.length === 0 ? request.path : `${request.path}?${new URLSearchParams(entries).toString()}`;
}
