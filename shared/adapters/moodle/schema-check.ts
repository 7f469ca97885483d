/**
 * Checks, in one information_schema query, that every table and column the bridge reads exists with the right
 * type family, so a wrong prefix, a missing plugin or an odd column fails at open time with a precise message
 * instead of as an SQL error in the middle of a run.
 */
import { MoodleSchemaError } from '#domain/moodle-bridge.js';
import { byDialect, list, renderSql, sql } from './sql-builder.js';
import type { SqlClient } from './sql-client.js';

type TypeFamily = 'integer' | 'text';

/** Every column the bridge's queries touch, by unprefixed table name. Keep in step with the queries. */
export const BRIDGE_COLUMNS: Readonly<Record<string, Readonly<Record<string, TypeFamily>>>> = {
  config: { name: 'text', value: 'text' },
  course: { id: 'integer', category: 'integer', fullname: 'text', shortname: 'text' },
  context: { id: 'integer', contextlevel: 'integer', instanceid: 'integer', path: 'text' },
  role: { id: 'integer', archetype: 'text' },
  role_assignments: { roleid: 'integer', contextid: 'integer', userid: 'integer' },
  enrol: { id: 'integer', courseid: 'integer', status: 'integer' },
  user_enrolments: {
    enrolid: 'integer',
    userid: 'integer',
    status: 'integer',
    timestart: 'integer',
    timeend: 'integer',
  },
  user: {
    id: 'integer',
    auth: 'text',
    confirmed: 'integer',
    deleted: 'integer',
    suspended: 'integer',
    email: 'text',
    emailstop: 'integer',
    firstname: 'text',
    lastname: 'text',
    lang: 'text',
    timezone: 'text',
    mailformat: 'integer',
  },
  course_completions: { userid: 'integer', course: 'integer', timecompleted: 'integer' },
  course_modules_completion: { userid: 'integer', coursemoduleid: 'integer', completionstate: 'integer' },
  manireports_schedules: {
    id: 'integer',
    userid: 'integer',
    reportid: 'integer',
    courseid: 'integer',
    name: 'text',
    frequency: 'text',
    custom_interval: 'integer',
    action_type: 'text',
    cloud_preference: 'text',
    suppresstarget: 'integer',
    suppress_course_completion: 'integer',
    enabled: 'integer',
    lastrun: 'integer',
    nextrun: 'integer',
    timecreated: 'integer',
    timemodified: 'integer',
  },
};

const FAMILIES: Record<TypeFamily, ReadonlySet<string>> = {
  integer: new Set(['smallint', 'integer', 'bigint', 'tinyint', 'mediumint', 'int']),
  text: new Set(['character varying', 'character', 'text', 'varchar', 'char', 'tinytext', 'mediumtext', 'longtext']),
};

const PLUGIN_TABLE = 'manireports_schedules';

/** Throws {@link MoodleSchemaError} listing every missing table or column and every wrong type. */
export async function verifyMoodleSchema(client: SqlClient, prefix: string, database: string): Promise<void> {
  const tables = Object.keys(BRIDGE_COLUMNS);
  const query = sql`SELECT table_name AS tname, column_name AS cname, data_type AS dtype
    FROM information_schema.columns
    WHERE table_schema = ${byDialect({ postgres: sql`current_schema()`, mysql: sql`DATABASE()` })}
      AND table_name IN (${list(tables.map((name) => prefix + name))})`;
  const rendered = renderSql(query, client.dialect, prefix);
  const rows = await client.query(rendered.text, rendered.params);

  const found = new Map<string, Map<string, string>>();
  for (const row of rows) {
    const tableName = String(row.tname);
    const columns = found.get(tableName) ?? new Map<string, string>();
    columns.set(String(row.cname).toLowerCase(), String(row.dtype).toLowerCase());
    found.set(tableName, columns);
  }
  if (found.size === 0) {
    throw new MoodleSchemaError(
      database,
      `no Moodle tables found with prefix '${prefix}' (is this the Moodle database, and is the table prefix right?)`,
    );
  }
  const problems = tables.flatMap((name) => tableProblems(prefix, name, found.get(prefix + name)));
  if (problems.length > 0) throw new MoodleSchemaError(database, problems.join('; '));
}

function tableProblems(prefix: string, name: string, columns: Map<string, string> | undefined): string[] {
  const tableName = prefix + name;
  if (columns === undefined) {
    const hint = name === PLUGIN_TABLE ? 'is the ManiReports plugin installed' : 'is this a complete Moodle database';
    return [`table ${tableName} is missing (${hint}, and is the table prefix '${prefix}' right?)`];
  }
  return Object.entries(BRIDGE_COLUMNS[name] ?? {}).flatMap(([column, family]) => {
    const actual = columns.get(column);
    if (actual === undefined) return [`column ${tableName}.${column} is missing`];
    if (!FAMILIES[family].has(actual)) {
      return [
        `column ${tableName}.${column} is ${actual}; expected ${family === 'integer' ? 'an integer' : 'a text'} type`,
      ];
    }
    return [];
  });
}
