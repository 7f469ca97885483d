/**
 * {@link SqlClient} over a mysql2 promise pool, for MySQL and MariaDB. BIGINT arrives as a number;
 * `supportBigNumbers` keeps values beyond 2^53 exact as strings, which `toInteger` then rejects loudly.
 */
import type { Pool } from 'mysql2/promise';
import { normaliseRow, type SqlClient, type SqlRow, type SqlValue } from './sql-client.js';

/** Options for {@link createMysqlClient}. */
export interface MysqlClientOptions {
  host: string;
  port: number;
  user: string;
  password: string;
  database?: string;
  /** @default 10000 */
  connectTimeoutMs?: number;
  /** @default 4 */
  maxConnections?: number;
}

/** Opens a pool lazily: nothing connects until the first query. */
export async function createMysqlClient(options: MysqlClientOptions): Promise<SqlClient> {
  const mysql = await import('mysql2/promise');
  const pool: Pool = mysql.default.createPool({
    host: options.host,
    port: options.port,
    user: options.user,
    password: options.password,
    ...(options.database === undefined ? {} : { database: options.database }),
    connectionLimit: options.maxConnections ?? 4,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    charset: 'utf8mb4',
    supportBigNumbers: true,
    bigNumberStrings: false,
    // Several statements per call would let one bad value run a second statement; keep it off.
    multipleStatements: false,
  });
  let closed = false;
  return {
    dialect: 'mysql',
    async query(text: string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
      const [rows] = await pool.query(text, [...params]);
      // DDL and INSERT return a result header, not rows.
      return Array.isArray(rows) ? (rows as SqlRow[]).map(normaliseRow) : [];
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
