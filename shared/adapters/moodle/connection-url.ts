/**
 * Reads a Moodle database URL into the settings one driver needs, plus a description that is safe to print.
 *
 * - `postgres://` / `postgresql://` → node-postgres (the whole URL goes to pg, so `?sslmode=…` works);
 * - `mysql://` / `mariadb://` → mysql2;
 * - `pglite://<dir>` or a plain directory path → PGlite on disk; `memory://` → PGlite in memory.
 */
import { resolve } from 'node:path';
import { MoodleDatabaseError } from '#domain/moodle-bridge.js';

export type ConnectionTarget =
  | {
      driver: 'postgres';
      connectionString: string;
      host: string;
      port: number;
      user: string;
      database: string;
      description: string;
    }
  | {
      driver: 'mysql';
      host: string;
      port: number;
      user: string;
      password: string;
      database: string;
      description: string;
    }
  /** `dataDir` undefined = in memory. */
  | { driver: 'pglite'; dataDir: string | undefined; description: string };

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
const SUPPORTED = 'postgres://, postgresql://, mysql://, mariadb://, pglite://<dir>, memory:// or a directory path';

/** Parses `url`; throws {@link MoodleDatabaseError} (without echoing any password) when it is unusable. */
export function parseConnectionUrl(url: string): ConnectionTarget {
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    return { driver: 'pglite', dataDir: resolve(url), description: `pglite://${resolve(url)}` };
  }
  if (scheme === 'pglite') {
    const dir = url.slice('pglite://'.length);
    if (dir === '') throw new MoodleDatabaseError('pglite://', `the URL names no directory (use ${SUPPORTED})`);
    return { driver: 'pglite', dataDir: resolve(dir), description: `pglite://${resolve(dir)}` };
  }
  if (scheme === 'memory') return { driver: 'pglite', dataDir: undefined, description: 'pglite (in memory)' };
  if (scheme !== 'postgres' && scheme !== 'postgresql' && scheme !== 'mysql' && scheme !== 'mariadb') {
    throw new MoodleDatabaseError(`${scheme}://…`, `unsupported kind of database URL (use ${SUPPORTED})`);
  }
  const parsed = parseUrl(url);
  const description = redactUrl(url);
  const user = decodeURIComponent(parsed.username);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost';
  if (scheme === 'postgres' || scheme === 'postgresql') {
    const port = parsed.port === '' ? 5432 : Number(parsed.port);
    return { driver: 'postgres', connectionString: url, host, port, user, database: database || user, description };
  }
  if (database === '') throw new MoodleDatabaseError(description, 'the URL names no database (add /<database>)');
  const port = parsed.port === '' ? 3306 : Number(parsed.port);
  const password = decodeURIComponent(parsed.password);
  return { driver: 'mysql', host, port, user, password, database, description };
}

/** The URL without its password (also dropping a `password=` query parameter); never throws. */
export function redactUrl(url: string): string {
  if (!SCHEME.test(url)) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '<unreadable database URL>';
  }
  parsed.password = '';
  parsed.searchParams.delete('password');
  return parsed.toString();
}

function parseUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    // The parser's message echoes the URL, password included, so it is not kept as the cause.
    throw new MoodleDatabaseError('<unreadable database URL>', `the URL cannot be parsed (use ${SUPPORTED})`);
  }
}
