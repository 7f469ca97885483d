/**
 * {@link SqlClient} over a node-postgres `Pool`. BIGINT (oid 20) and COUNT(*) are parsed to numbers on this pool
 * only, leaving pg's process-wide type parsers alone.
 */
import type { Pool, PoolConfig } from 'pg';
import { normaliseRow, type SqlClient, type SqlRow, type SqlValue } from './sql-client.js';

const INT8_OID = 20;

/** Options for {@link createPostgresClient}. */
export interface PostgresClientOptions {
  /** A `postgres://` URL as node-postgres understands it. */
  connectionString: string;
  /** @default 10000 */
  connectTimeoutMs?: number;
  /** @default 4 */
  maxConnections?: number;
}

/** Opens a pool lazily: nothing connects until the first query. */
export async function createPostgresClient(options: PostgresClientOptions): Promise<SqlClient> {
  const pg = await import('pg');
  const { Pool: PoolClass, types } = pg.default;
  const config: PoolConfig = {
    connectionString: options.connectionString,
    max: options.maxConnections ?? 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    idleTimeoutMillis: 10_000,
    allowExitOnIdle: true,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : types.getTypeParser(oid, format)) as never,
    },
  };
  const pool: Pool = new PoolClass(config);
  // An idle client losing its server emits on the pool; without a listener Node would crash the process.
  pool.on('error', () => undefined);
  let closed = false;
  return {
    dialect: 'postgres',
    async query(text: string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
      const result = await pool.query(text, [...params]);
      return (result.rows as SqlRow[]).map(normaliseRow);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
