/**
 * Creates the demo Moodle's tables and fills them, in a few multi-row INSERTs per table, on any SQL client
 * (PostgreSQL, MySQL/MariaDB, PGlite) and under any table prefix.
 */
import { errorContextFor, toMoodleError } from '#adapters/moodle/connection-errors.js';
import { openSqlClient } from '#adapters/moodle/open-sql-client.js';
import { join, raw, renderSql, type Sql, sql, table } from '#adapters/moodle/sql-builder.js';
import type { SqlClient } from '#adapters/moodle/sql-client.js';
import { createTableStatements, dropTableStatements } from './ddl.js';
import { type DemoTable, demoDataset } from './demo-dataset.js';

/** Options for {@link loadDemoMoodle}. */
export interface LoadDemoOptions {
  /** @default 'mdl_' */
  prefix?: string;
  /** Drop the demo's tables first (only those) so the demo can be reloaded. @default false */
  replace?: boolean;
}

/** What was loaded. */
export interface DemoLoadSummary {
  /** Where, safe to print. */
  database: string;
  users: number;
  schedules: number;
}

/** Rows per INSERT: far below PostgreSQL's 65535 bound parameters and MySQL's packet limit. */
const ROWS_PER_INSERT = 500;

/** Creates the tables and inserts the demo data through `client`. Fails if the tables exist, unless `replace`. */
export async function loadDemoMoodle(
  client: SqlClient,
  options: LoadDemoOptions = {},
): Promise<Omit<DemoLoadSummary, 'database'>> {
  const prefix = options.prefix ?? 'mdl_';
  if (options.replace === true) {
    for (const statement of dropTableStatements(prefix)) await client.query(statement);
  }
  for (const statement of createTableStatements(client.dialect, prefix)) await client.query(statement);
  const dataset = demoDataset();
  for (const { table: name, rows } of dataset) {
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      const insert = renderSql(
        insertSql({ table: name, rows: rows.slice(start, start + ROWS_PER_INSERT) }),
        client.dialect,
        prefix,
      );
      await client.query(insert.text, insert.params);
    }
  }
  if (client.dialect === 'postgres') {
    // Explicit ids leave BIGSERIAL sequences at 1; move them past the data so later inserts (a test adding a
    // schedule, Moodle itself) do not collide.
    for (const { table: name } of dataset) {
      await client.query(
        `SELECT setval(pg_get_serial_sequence('${prefix}${name}', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM ${prefix}${name}), false)`,
      );
    }
  }
  const count = (name: string) => dataset.find((entry) => entry.table === name)?.rows.length ?? 0;
  return { users: count('user'), schedules: count('manireports_schedules') };
}

/**
 * Opens the database at `url` (PGlite directories are created when missing), loads the demo and closes it.
 * @throws MoodleUnreachableError when it cannot connect; MoodleDatabaseError when loading fails (e.g. tables exist).
 */
export async function loadDemoMoodleInto(url: string, options: LoadDemoOptions = {}): Promise<DemoLoadSummary> {
  const { client, target } = await openSqlClient(url, { createPglite: true });
  try {
    const counts = await loadDemoMoodle(client, options);
    return { database: target.description, ...counts };
  } catch (error) {
    throw toMoodleError(error, errorContextFor(target), 'loading the demo');
  } finally {
    await client.close();
  }
}

/** One multi-row INSERT; a column some rows lack gets DEFAULT there, so every row may stay minimal. */
function insertSql({ table: name, rows }: DemoTable): Sql {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const values = rows.map(
    (row) =>
      sql`(${join(
        columns.map((column) => (column in row ? sql`${row[column] ?? null}` : raw('DEFAULT'))),
        ', ',
      )})`,
  );
  return sql`INSERT INTO ${table(name)} (${raw(columns.join(', '))}) VALUES ${join(values, ', ')}`;
}
