/**
 * Write SQL once for PostgreSQL and MySQL/MariaDB: a tagged template whose interpolated values become bound
 * parameters (`$n` or `?`), whose `table('user')` becomes the prefixed table name, and whose rare dialect
 * differences are spelled out side by side with `byDialect`. Identifiers only ever come from code constants.
 */
import { ValidationError } from '#domain/errors.js';
import type { SqlDialect, SqlValue } from './sql-client.js';

type Part =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'value'; readonly value: SqlValue }
  | { readonly kind: 'table'; readonly name: string }
  | { readonly kind: 'dialect'; readonly postgres: Sql; readonly mysql: Sql }
  | { readonly kind: 'nested'; readonly sql: Sql };

/** An SQL fragment: text, bound values and table references, rendered late for one dialect and prefix. */
export class Sql {
  constructor(readonly parts: readonly Part[]) {}
}

/** A rendered statement, ready for {@link SqlClient.query}. */
export interface RenderedSql {
  text: string;
  params: SqlValue[];
}

const TABLE_NAME = /^[a-z][a-z0-9_]*$/;
const PREFIX = /^[a-z0-9_]*$/i;

/**
 * Tagged template: `sql\`SELECT … WHERE u.id = ${id}\`` binds `id`; an interpolated {@link Sql} is inlined.
 */
export function sql(strings: TemplateStringsArray, ...values: readonly (SqlValue | Sql)[]): Sql {
  const parts: Part[] = [];
  strings.forEach((text, index) => {
    if (text !== '') parts.push({ kind: 'text', text });
    if (index < values.length) {
      const value = values[index] as SqlValue | Sql;
      parts.push(value instanceof Sql ? { kind: 'nested', sql: value } : { kind: 'value', value });
    }
  });
  return new Sql(parts);
}

/** A Moodle table by its unprefixed name (`'user'` → `mdl_user`). */
export function table(name: string): Sql {
  if (!TABLE_NAME.test(name)) throw new Error(`not a Moodle table name: ${name}`);
  return new Sql([{ kind: 'table', name }]);
}

/** Fixed SQL text from code (keywords, column names). Never pass data here. */
export function raw(text: string): Sql {
  return new Sql([{ kind: 'text', text }]);
}

/** Fragments joined by a fixed separator, e.g. `join(columns, ', ')`. */
export function join(items: readonly Sql[], separator: string): Sql {
  const parts: Part[] = [];
  items.forEach((item, index) => {
    if (index > 0) parts.push({ kind: 'text', text: separator });
    parts.push({ kind: 'nested', sql: item });
  });
  return new Sql(parts);
}

/** A comma-separated list of bound values, for `IN (…)`. Must not be empty (`IN ()` is not SQL). */
export function list(values: readonly SqlValue[]): Sql {
  if (values.length === 0) throw new Error('an SQL IN list needs at least one value');
  return join(
    values.map((value) => sql`${value}`),
    ', ',
  );
}

/** Text that differs between dialects, e.g. the regular-expression operator. */
export function byDialect(choices: { postgres: Sql; mysql: Sql }): Sql {
  return new Sql([{ kind: 'dialect', ...choices }]);
}

/** Renders a fragment for one dialect and table prefix. */
export function renderSql(fragment: Sql, dialect: SqlDialect, prefix: string): RenderedSql {
  assertTablePrefix(prefix);
  const out: RenderedSql = { text: '', params: [] };
  appendParts(fragment, dialect, prefix, out);
  return out;
}

/** Moodle's `$CFG->prefix` is letters, digits and underscores; anything else could smuggle SQL into names. */
export function assertTablePrefix(prefix: string): void {
  if (!PREFIX.test(prefix)) {
    throw new ValidationError('prefix', prefix, 'a Moodle table prefix is letters, digits and underscores');
  }
}

function appendParts(fragment: Sql, dialect: SqlDialect, prefix: string, out: RenderedSql): void {
  for (const part of fragment.parts) {
    switch (part.kind) {
      case 'text':
        out.text += part.text;
        break;
      case 'value':
        out.params.push(part.value);
        out.text += dialect === 'postgres' ? `$${out.params.length}` : '?';
        break;
      case 'table':
        out.text += prefix + part.name;
        break;
      case 'dialect':
        appendParts(dialect === 'postgres' ? part.postgres : part.mysql, dialect, prefix, out);
        break;
      case 'nested':
        appendParts(part.sql, dialect, prefix, out);
        break;
    }
  }
}
