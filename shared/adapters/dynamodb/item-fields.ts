/**
 * Typed reads of unmarshalled items, and the one cleanup every free-text field gets before it is stored.
 */
import { CorruptItemError } from './dynamo-errors.js';

/** An item as the document client returns it. */
export type Item = Record<string, unknown>;

/** Reads a field that must be a finite number. */
export function readNumber(tableName: string, item: Item, field: string): number {
  const value = item[field];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new CorruptItemError(tableName, field, value);
  return value;
}

/** Reads a field that must be a string. */
export function readString(tableName: string, item: Item, field: string): string {
  const value = item[field];
  if (typeof value !== 'string') throw new CorruptItemError(tableName, field, value);
  return value;
}

/** Reads a field that must be a boolean. */
export function readBoolean(tableName: string, item: Item, field: string): boolean {
  const value = item[field];
  if (typeof value !== 'boolean') throw new CorruptItemError(tableName, field, value);
  return value;
}

/** Reads a field that must be one of `allowed`. */
export function readOneOf<T extends string>(tableName: string, item: Item, field: string, allowed: readonly T[]): T {
  const value = item[field];
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new CorruptItemError(tableName, field, value);
  }
  return value as T;
}

/** Reads an optional number: absent is undefined, anything but a number is corrupt. */
export function readOptionalNumber(tableName: string, item: Item, field: string): number | undefined {
  return item[field] === undefined ? undefined : readNumber(tableName, item, field);
}

/** Reads an optional string. */
export function readOptionalString(tableName: string, item: Item, field: string): string | undefined {
  return item[field] === undefined ? undefined : readString(tableName, item, field);
}

/** Copies `value` under `key` only when defined, for exactOptionalPropertyTypes. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

// Anything shaped like an address: error texts from SES or a mail server may quote the recipient's.
const EMAIL_LIKE = /[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+/g;
const MAX_ERROR_LENGTH = 1000;

/**
 * Prepares an error text for storage: addresses are masked, because neither table may hold one, and the text is
 * cut so a long stack or SMTP transcript cannot push an item towards DynamoDB's 400 KB limit.
 */
export function cleanErrorText(text: string): string {
  const masked = text.replace(EMAIL_LIKE, '[email]');
  return masked.length <= MAX_ERROR_LENGTH ? masked : `${masked.slice(0, MAX_ERROR_LENGTH - 1)}…`;
}
