/**
 * Opens the right {@link SqlClient} for a database URL and proves it answers, so that a wrong host, port,
 * password or database name surfaces at once as a {@link MoodleUnreachableError}.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MoodleUnreachableError } from '#domain/moodle-bridge.js';
import { errorContextFor, toMoodleError } from './connection-errors.js';
import { type ConnectionTarget, parseConnectionUrl } from './connection-url.js';
import { createMysqlClient } from './mysql-client.js';
import { createPgliteClient } from './pglite-client.js';
import { createPostgresClient } from './postgres-client.js';
import type { SqlClient } from './sql-client.js';

/** Options for {@link openSqlClient}. */
export interface OpenSqlClientOptions {
  /**
   * Allow PGlite to create a new, empty database when the directory holds none (loading the demo does this).
   * Off when reading Moodle, so a mistyped directory is reported rather than silently created.
   * @default false
   */
  createPglite?: boolean;
}

/** A connected client and what it is connected to. */
export interface OpenedSqlClient {
  client: SqlClient;
  target: ConnectionTarget;
}

/** Parses `url`, connects, and runs `SELECT 1`; throws {@link MoodleUnreachableError} when that fails. */
export async function openSqlClient(url: string, options: OpenSqlClientOptions = {}): Promise<OpenedSqlClient> {
  const target = parseConnectionUrl(url);
  const client = await createClient(target, options);
  try {
    await client.query('SELECT 1 AS ok');
  } catch (error) {
    await client.close().catch(() => undefined);
    const failure = toMoodleError(error, errorContextFor(target), 'connecting');
    throw failure instanceof MoodleUnreachableError
      ? failure
      : new MoodleUnreachableError(target.description, failure.problem, { cause: error });
  }
  return { client, target };
}

async function createClient(target: ConnectionTarget, options: OpenSqlClientOptions): Promise<SqlClient> {
  switch (target.driver) {
    case 'postgres':
      return createPostgresClient({ connectionString: target.connectionString });
    case 'mysql':
      return createMysqlClient(target);
    case 'pglite':
      if (target.dataDir !== undefined && options.createPglite !== true) {
        // PGlite would initialise a fresh cluster in any directory it is given; a typo must not look like Moodle.
        if (!existsSync(join(target.dataDir, 'PG_VERSION'))) {
          throw new MoodleUnreachableError(target.description, `no PGlite database in ${target.dataDir}`);
        }
      }
      try {
        return await createPgliteClient(target.dataDir);
      } catch (error) {
        const failure = toMoodleError(error, errorContextFor(target), 'starting PGlite');
        throw new MoodleUnreachableError(target.description, failure.problem, { cause: error });
      }
  }
}
