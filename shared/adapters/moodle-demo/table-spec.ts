/**
 * A Moodle table described the way XMLDB describes it, compactly enough to read against install.xml:
 * one column per string, `<name> <type> [notnull] [default <value>]`, with types `seq` (the id), `int(n)`,
 * `char(n)`, `text` and `number(l,d)`; one index per string, `<name suffix>: <col>, <col>` (`_uix` = unique).
 */
export interface TableSpec {
  /** Unprefixed, e.g. `user`. */
  name: string;
  /** Moodle's abbreviation used in index names, e.g. `courmodu` (`mdl_courmodu_id_pk`). */
  abbreviation: string;
  columns: readonly string[];
  indexes: readonly string[];
}

export type ColumnType =
  | { kind: 'seq' }
  | { kind: 'int' | 'char'; length: number }
  | { kind: 'text' }
  | { kind: 'number'; length: number; decimals: number };

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  notNull: boolean;
  /** The XMLDB DEFAULT as written (unquoted); undefined = no DEFAULT attribute. */
  defaultValue: string | undefined;
}

export interface IndexSpec {
  /** Suffix after `<prefix><abbreviation>_`, e.g. `mneuse_uix`. */
  suffix: string;
  unique: boolean;
  columns: string[];
}

const COLUMN = /^(\w+) (seq|text|int\((\d+)\)|char\((\d+)\)|number\((\d+),(\d+)\))( notnull)?(?: default (.*))?$/;
const INDEX = /^(\w+): (\w+(?:, \w+)*)$/;

/** Parses one column string; throws on a typo so a bad spec fails at load, not in the database. */
export function parseColumn(text: string): ColumnSpec {
  const match = COLUMN.exec(text);
  if (match === null) throw new Error(`bad column spec: ${text}`);
  const [, name = '', typeText = '', intLength, charLength, numLength, numDecimals, notNull, defaultText] = match;
  const type: ColumnType =
    typeText === 'seq' || typeText === 'text'
      ? { kind: typeText }
      : intLength !== undefined
        ? { kind: 'int', length: Number(intLength) }
        : charLength !== undefined
          ? { kind: 'char', length: Number(charLength) }
          : { kind: 'number', length: Number(numLength), decimals: Number(numDecimals) };
  const defaultValue = defaultText === "''" ? '' : defaultText;
  return { name, type, notNull: notNull !== undefined || type.kind === 'seq', defaultValue };
}

/** Parses one index string. */
export function parseIndex(text: string): IndexSpec {
  const match = INDEX.exec(text);
  if (match === null) throw new Error(`bad index spec: ${text}`);
  const [, suffix = '', columns = ''] = match;
  return { suffix, unique: suffix.endsWith('_uix'), columns: columns.split(', ') };
}
