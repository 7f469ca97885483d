/**
 * The demo's tables as DDL for PostgreSQL (PGlite included) and MySQL/MariaDB, following Moodle's XMLDB → SQL
 * rules (FACTS "XMLDB → physical column rules"): the same names, types, defaults, NOT NULLs and indexes that a
 * real Moodle 4.5 site has, under any table prefix.
 */
import { assertTablePrefix } from '#adapters/moodle/sql-builder.js';
import type { SqlDialect } from '#adapters/moodle/sql-client.js';
import { CORE_TABLES } from './core-tables.js';
import { COURSE_TABLES } from './course-tables.js';
import { type ColumnSpec, type ColumnType, parseColumn, parseIndex, type TableSpec } from './table-spec.js';

/** Every table the demo creates, in creation order. */
export const DEMO_TABLES: readonly TableSpec[] = [...CORE_TABLES, ...COURSE_TABLES];

const MYSQL_TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci ROW_FORMAT=DYNAMIC';

/** CREATE TABLE and CREATE INDEX statements (no trailing semicolons), one array entry per statement. */
export function createTableStatements(dialect: SqlDialect, prefix: string): string[] {
  assertTablePrefix(prefix);
  return DEMO_TABLES.flatMap((spec) => tableStatements(spec, dialect, prefix));
}

/** DROP TABLE IF EXISTS for every demo table, for reloading the demo over itself. */
export function dropTableStatements(prefix: string): string[] {
  assertTablePrefix(prefix);
  return DEMO_TABLES.map((spec) => `DROP TABLE IF EXISTS ${prefix}${spec.name}`);
}

function tableStatements(spec: TableSpec, dialect: SqlDialect, prefix: string): string[] {
  const quote = dialect === 'mysql' ? (name: string) => `\`${name}\`` : (name: string) => name;
  const tableName = quote(prefix + spec.name);
  const columns = spec.columns.map(
    (text) => `    ${quote(parseColumn(text).name)} ${columnSql(parseColumn(text), dialect)},`,
  );
  const primaryKey =
    dialect === 'mysql'
      ? `PRIMARY KEY (\`id\`)\n) ${MYSQL_TABLE_OPTIONS}`
      : `CONSTRAINT ${prefix}${spec.abbreviation}_id_pk PRIMARY KEY (id)\n)`;
  const create = `CREATE TABLE ${tableName} (\n${columns.join('\n')}\n${primaryKey}`;
  const indexes = spec.indexes.map((text) => {
    const index = parseIndex(text);
    const name = `${prefix}${spec.abbreviation}_${index.suffix}`;
    return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${name} ON ${tableName} (${index.columns.map(quote).join(', ')})`;
  });
  return [create, ...indexes];
}

function columnSql(column: ColumnSpec, dialect: SqlDialect): string {
  if (column.type.kind === 'seq') return dialect === 'mysql' ? 'BIGINT(10) NOT NULL auto_increment' : 'BIGSERIAL';
  // XMLDB gives every NOT NULL char column without a default the default '' (default_for_char).
  const defaultValue = column.defaultValue ?? (column.type.kind === 'char' && column.notNull ? '' : undefined);
  return [
    physicalType(column.type, dialect),
    column.notNull ? 'NOT NULL' : '',
    defaultValue === undefined ? '' : `DEFAULT ${defaultLiteral(column.type, defaultValue)}`,
  ]
    .filter((part) => part !== '')
    .join(' ');
}

function physicalType(type: Exclude<ColumnType, { kind: 'seq' }>, dialect: SqlDialect): string {
  switch (type.kind) {
    case 'char':
      return `VARCHAR(${type.length})`;
    case 'text':
      return dialect === 'mysql' ? 'LONGTEXT' : 'TEXT';
    case 'number':
      return `NUMERIC(${type.length},${type.decimals})`;
    case 'int':
      if (dialect === 'postgres') return type.length > 9 ? 'BIGINT' : type.length >= 5 ? 'INTEGER' : 'SMALLINT';
      if (type.length > 9) return `BIGINT(${type.length})`;
      if (type.length >= 7) return `INT(${type.length})`;
      if (type.length >= 5) return `MEDIUMINT(${type.length})`;
      return type.length >= 3 ? `SMALLINT(${type.length})` : `TINYINT(${type.length})`;
  }
}

function defaultLiteral(type: ColumnType, value: string): string {
  if (type.kind === 'int' || type.kind === 'number') {
    if (!/^-?\d+(\.\d+)?$/.test(value)) throw new Error(`numeric default expected, got ${value}`);
    return value;
  }
  return `'${value.replaceAll("'", "''")}'`;
}
