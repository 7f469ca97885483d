/**
 * The smallest surface the Moodle bridge needs from a SQL driver, so that PostgreSQL, MySQL/MariaDB and PGlite
 * look alike to everything above it.
 */

/** Which SQL dialect a client speaks: decides placeholders (`$1` or `?`) and a few operators. */
export type SqlDialect = 'postgres' | 'mysql';

/** A value bound to a placeholder. Booleans are stored as 0/1 in Moodle, so they never reach the driver. */
export type SqlValue = string | number | null;

/** One result row, keyed by column label. Integers (BIGINT included) arrive as JS numbers. */
export type SqlRow = Record<string, unknown>;

export interface SqlClient {
  readonly dialect: SqlDialect;
  /**
   * Runs one statement. `text` uses `$1…$n` placeholders for `postgres` and `?` for `mysql`; values are always
   * passed separately (mysql2 escapes them client-side with its `query()`, which keeps one round trip).
   */
  query(text: string, params?: readonly SqlValue[]): Promise<SqlRow[]>;
  /** Releases the connection pool or the embedded instance. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Converts a driver's integer into a JS number: pg hands BIGINT over as a string, mysql2 may do the same for
 * large values and PGlite may use `bigint`. Moodle ids and epoch seconds stay far below 2^53.
 */
export function toInteger(value: unknown): number {
  const number =
    typeof value === 'number' || typeof value === 'bigint'
      ? Number(value)
      : typeof value === 'string' && /^-?\d+$/.test(value)
        ? Number(value)
        : Number.NaN;
  // Beyond 2^53 a number would silently change value; no Moodle id or timestamp gets there, so fail loudly.
  if (!Number.isSafeInteger(number))
    throw new TypeError(`expected a safe integer from the database, got ${String(value)}`);
  return number;
}

/** Turns every `bigint` in a row into a number, so no driver quirk leaks past the client. */
export function normaliseRow(row: SqlRow): SqlRow {
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === 'bigint') row[key] = Number(value);
  }
  return row;
}
