/**
 * Fresh, uniquely named databases for adapter tests, one per target listed in MANIREPORTS_TEST_DBS
 * (default `pglite,postgres,mariadb`), loaded with the demo Moodle and dropped afterwards. A listed target that
 * cannot be reached FAILS the suite with instructions; it is never skipped silently.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createMysqlClient } from '#adapters/moodle/mysql-client.js';
import { openSqlClient } from '#adapters/moodle/open-sql-client.js';
import { createPgliteClient } from '#adapters/moodle/pglite-client.js';
import { createPostgresClient } from '#adapters/moodle/postgres-client.js';
import type { SqlClient } from '#adapters/moodle/sql-client.js';
import { loadDemoMoodle } from '#adapters/moodle-demo/load-demo-moodle.js';

export const TEST_TARGETS = ['pglite', 'postgres', 'mariadb'] as const;
export type TestTarget = (typeof TEST_TARGETS)[number];

/** A fresh database holding the demo under each requested prefix. */
export interface TestDatabase {
  target: TestTarget;
  client: SqlClient;
  /** A URL that opens this database (with a dummy password for the servers); undefined for in-memory PGlite. */
  url: string | undefined;
  /** Closes the client and drops the database. */
  drop(): Promise<void>;
}

const DEFAULT_TARGETS = 'pglite,postgres,mariadb';
const POSTGRES_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const MYSQL_ADMIN_URL = 'mysql://root@127.0.0.1:3306';

/** The targets to run against, from MANIREPORTS_TEST_DBS; an unknown name is an error, not a skip. */
export function testTargets(): TestTarget[] {
  const listed = (process.env.MANIREPORTS_TEST_DBS ?? DEFAULT_TARGETS)
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = listed.filter((name) => !(TEST_TARGETS as readonly string[]).includes(name));
  if (unknown.length > 0 || listed.length === 0) {
    throw new Error(`MANIREPORTS_TEST_DBS must list some of ${TEST_TARGETS.join(', ')}; got '${listed.join(',')}'`);
  }
  return listed as TestTarget[];
}

/**
 * Registers hooks that give the enclosing `describe` a fresh demo database and drop it afterwards. A setup
 * failure (server down) is rethrown before EVERY test, so each test fails with the instructions instead of being
 * reported as skipped, which a failing beforeAll alone would do.
 */
export function useTestDatabase(target: TestTarget, prefixes?: readonly string[]): () => TestDatabase {
  let database: TestDatabase | undefined;
  let failure: unknown;
  beforeAll(async () => {
    try {
      database = await createTestDatabase(target, prefixes);
    } catch (error) {
      failure = error;
    }
  });
  beforeEach(() => {
    if (failure !== undefined) throw failure;
  });
  afterAll(async () => {
    await database?.drop();
  });
  return () => {
    if (database === undefined) throw new Error(`[${target}] the test database is not ready`);
    return database;
  };
}

/** Creates a fresh database on `target` and loads the demo under each prefix (default `mdl_`). */
export async function createTestDatabase(
  target: TestTarget,
  prefixes: readonly string[] = ['mdl_'],
): Promise<TestDatabase> {
  const database = await provision(target);
  try {
    for (const prefix of prefixes) await loadDemoMoodle(database.client, { prefix });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}

async function provision(target: TestTarget): Promise<TestDatabase> {
  if (target === 'pglite') {
    const client = await createPgliteClient();
    return { target, client, url: undefined, drop: () => client.close() };
  }
  const name = `mr_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const adminUrl =
    target === 'postgres'
      ? (process.env.MANIREPORTS_TEST_POSTGRES_URL ?? POSTGRES_ADMIN_URL)
      : (process.env.MANIREPORTS_TEST_MYSQL_URL ?? MYSQL_ADMIN_URL);
  const admin = await connectAdmin(target, adminUrl);
  try {
    await admin.query(
      target === 'postgres'
        ? `CREATE DATABASE ${name}`
        : `CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
    const url = databaseUrl(target, adminUrl, name);
    const { client } = await openSqlClient(url);
    const drop = async (): Promise<void> => {
      await client.close();
      await admin.query(
        target === 'postgres' ? `DROP DATABASE IF EXISTS ${name} WITH (FORCE)` : `DROP DATABASE IF EXISTS ${name}`,
      );
      await admin.close();
    };
    return { target, client, url, drop };
  } catch (error) {
    await admin.close();
    throw error;
  }
}

/** Connects to the server's admin database, turning "unreachable" into a failure that says what to do. */
async function connectAdmin(target: 'postgres' | 'mariadb', adminUrl: string): Promise<SqlClient> {
  const parsed = new URL(adminUrl);
  const client =
    target === 'postgres'
      ? await createPostgresClient({ connectionString: adminUrl, connectTimeoutMs: 5000, maxConnections: 1 })
      : await createMysqlClient({
          host: parsed.hostname,
          port: parsed.port === '' ? 3306 : Number(parsed.port),
          user: decodeURIComponent(parsed.username),
          password: decodeURIComponent(parsed.password),
          connectTimeoutMs: 5000,
          maxConnections: 1,
        });
  try {
    await client.query('SELECT 1');
    return client;
  } catch (error) {
    await client.close().catch(() => undefined);
    parsed.password = '';
    const how =
      target === 'postgres'
        ? 'start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` or set MANIREPORTS_TEST_POSTGRES_URL'
        : 'start it with `start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd` or set MANIREPORTS_TEST_MYSQL_URL';
    throw new Error(
      `[${target}] test database server ${parsed.toString()} is unreachable (${(error as Error).message}): ${how}, ` +
        `or remove '${target}' from MANIREPORTS_TEST_DBS (now '${process.env.MANIREPORTS_TEST_DBS ?? DEFAULT_TARGETS}')`,
      { cause: error },
    );
  }
}

/**
 * The admin URL pointed at database `name`. PostgreSQL here trusts local connections, so a dummy password is added
 * to prove the bridge never prints it; MariaDB's root would refuse a password it does not have.
 */
function databaseUrl(target: 'postgres' | 'mariadb', adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  if (target === 'postgres' && url.password === '') url.password = DUMMY_PASSWORD;
  return url.toString();
}

/** Appears in the PostgreSQL test URL; no message may contain it. */
export const DUMMY_PASSWORD = 'not-a-real-secret';
