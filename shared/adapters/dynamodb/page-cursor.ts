/**
 * The opaque cursor of a paged listing: base64url of the JSON of DynamoDB's `LastEvaluatedKey`. Decoding checks
 * the key's exact shape (attribute names and types) and lets the caller check its values against the request, so a
 * hand-made or tampered cursor is a 422 naming `cursor`, never a DynamoDB error or a read of another partition.
 */
import { InvalidListingParameterError } from '#domain/listing.js';

/** A table key as the document client gives it. */
export type KeyValues = Record<string, string | number>;

// A real key is a few short attributes; anything longer is not one of ours.
const MAX_CURSOR_LENGTH = 1024;

/** The cursor for `key`, or undefined when there is no next page. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key === undefined ? undefined : Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * The key a cursor holds. `shape` names every attribute and its type (`S`/`N`); `accept` checks its values against
 * the request (the same job, the same schedule, a time inside the filter).
 * @throws InvalidListingParameterError (`cursor`) on anything else.
 */
export function decodeCursor(
  cursor: string,
  shape: Readonly<Record<string, 'S' | 'N'>>,
  accept: (key: KeyValues) => boolean = () => true,
): KeyValues {
  const key = parseKey(cursor);
  const names = Object.keys(shape);
  const fits =
    key !== undefined &&
    Object.keys(key).length === names.length &&
    names.every((name) => {
      const value = key[name];
      return shape[name] === 'S'
        ? typeof value === 'string' && value.length > 0 && value.length <= 256
        : Number.isSafeInteger(value);
    });
  if (!fits || !accept(key as KeyValues)) {
    const shown = cursor.length > 40 ? `${cursor.slice(0, 39)}…` : cursor;
    throw new InvalidListingParameterError(
      'cursor',
      shown,
      'is not a cursor this listing returned; start again without it',
    );
  }
  return key as KeyValues;
}

function parseKey(cursor: string): Record<string, unknown> | undefined {
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
