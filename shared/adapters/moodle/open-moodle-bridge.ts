/**
 * Entry points for reading a Moodle database: from a URL (the CLI, the Lambdas) or over a client that already
 * exists (the embedded demo, the tests). Both check the schema before handing the bridge out.
 */
import { ValidationError } from '#domain/errors.js';
import type { MoodleBridge } from '#domain/moodle-bridge.js';
import { type ErrorContext, errorContextFor, errorContextForDescription, toMoodleError } from './connection-errors.js';
import { openSqlClient } from './open-sql-client.js';
import { verifyMoodleSchema } from './schema-check.js';
import { assertTablePrefix } from './sql-builder.js';
import type { SqlClient } from './sql-client.js';
import { createSqlMoodleBridge } from './sql-moodle-bridge.js';

/** How to read the Moodle database. */
export interface MoodleBridgeOptions {
  /** Moodle's `$CFG->prefix`. @default 'mdl_' */
  prefix?: string;
  /** `mdl_role.archetype` values that put an enrolled user in a course schedule's audience. @default ['student'] */
  roleArchetypes?: readonly string[];
}

/** Options for {@link openMoodleBridgeOnClient}. */
export interface ClientBridgeOptions extends MoodleBridgeOptions {
  /** Printed as the bridge's `description`; must not contain a password. */
  description: string;
  /** Close the client when the bridge closes. @default false */
  ownsClient?: boolean;
}

export const DEFAULT_TABLE_PREFIX = 'mdl_';
export const DEFAULT_ROLE_ARCHETYPES: readonly string[] = ['student'];

/**
 * Opens the database at `url` (`postgres://`, `postgresql://`, `mysql://`, `mariadb://`, `pglite://<dir>` or a
 * directory path), checks it answers and has every table and column the bridge reads.
 * @throws MoodleUnreachableError when it cannot connect; MoodleSchemaError when a table or column is wrong.
 */
export async function openMoodleBridge(url: string, options: MoodleBridgeOptions = {}): Promise<MoodleBridge> {
  const { prefix, roleArchetypes } = checkOptions(options);
  const { client, target } = await openSqlClient(url);
  try {
    return await bridgeOver(client, prefix, roleArchetypes, errorContextFor(target), true);
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
}

/** A bridge over an open client (the demo's PGlite, a test database); checks the schema like {@link openMoodleBridge}. */
export async function openMoodleBridgeOnClient(client: SqlClient, options: ClientBridgeOptions): Promise<MoodleBridge> {
  const { prefix, roleArchetypes } = checkOptions(options);
  const context = errorContextForDescription(options.description);
  return bridgeOver(client, prefix, roleArchetypes, context, options.ownsClient ?? false);
}

async function bridgeOver(
  client: SqlClient,
  prefix: string,
  roleArchetypes: readonly string[],
  errorContext: ErrorContext,
  ownsClient: boolean,
): Promise<MoodleBridge> {
  try {
    await verifyMoodleSchema(client, prefix, errorContext.description);
  } catch (error) {
    throw toMoodleError(error, errorContext, 'checking the schema');
  }
  return createSqlMoodleBridge(client, { prefix, roleArchetypes: [...roleArchetypes], errorContext, ownsClient });
}

function checkOptions(options: MoodleBridgeOptions): { prefix: string; roleArchetypes: readonly string[] } {
  const prefix = options.prefix ?? DEFAULT_TABLE_PREFIX;
  assertTablePrefix(prefix);
  const roleArchetypes = options.roleArchetypes ?? DEFAULT_ROLE_ARCHETYPES;
  if (roleArchetypes.length === 0 || roleArchetypes.some((archetype) => archetype.trim() === '')) {
    throw new ValidationError('roleArchetypes', roleArchetypes, 'needs at least one non-empty role archetype');
  }
  return { prefix, roleArchetypes };
}
