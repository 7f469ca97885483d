/**
 * {@link SqlClient} over PGlite (PostgreSQL in WebAssembly, in process): the embedded demo, the tests, and
 * `pglite://<dir>` databases on disk. PGlite speaks PostgreSQL's dialect, `$n` placeholders included.
 */
import type { PGlite } from '@electric-sql/pglite';
import { normaliseRow, type SqlClient, type SqlRow, type SqlValue } from './sql-client.js';

const INT8_OID = 20;

/** Starts a PGlite instance (~2.5 s cold start); `dataDir` undefined keeps it in memory. */
export async function createPgliteClient(dataDir?: string): Promise<SqlClient> {
  const { PGlite: PGliteClass } = await import('@electric-sql/pglite');
  const db = await PGliteClass.create({
    ...(dataDir === undefined ? {} : { dataDir }),
    parsers: { [INT8_OID]: (value: string) => Number(value) },
  });
  return wrapPglite(db, { ownsInstance: true });
}

/**
 * Adapts an existing PGlite instance. With `ownsInstance: false` (the default) `close()` leaves it open, so one
 * instance can be shared by several clients in a test file.
 */
export function wrapPglite(db: PGlite, options: { ownsInstance?: boolean } = {}): SqlClient {
  let closed = false;
  return {
    dialect: 'postgres',
    async query(text: string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
      const result = await db.query<SqlRow>(text, [...params]);
      return result.rows.map(normaliseRow);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      if (options.ownsInstance === true) await db.close();
    },
  };
}
