/**
 * Moodle's "can this address be mailed" test (FACTS §4), as SQL that PostgreSQL and MySQL/MariaDB evaluate the same
 * way, so the whole audience can be filtered in the database.
 *
 * Moodle: `validate_email()` = PHP `filter_var($email, FILTER_VALIDATE_EMAIL)` and no `<` / `>`; then
 * `email_to_user()` also skips an empty address and one ending in `.invalid`.
 *
 * The pattern below is PHP's FILTER_VALIDATE_EMAIL rule (php-src ext/filter/logical_filters.c) restricted to
 * dot-atom addresses:
 * - local part: RFC 5322 atext (letters, digits, ``!#$%&'*+/=?^_`{|}~-``), dot-separated, no leading, trailing or
 *   doubled dot, at most 64 characters;
 * - domain: two or more dot-separated labels of letters and digits with inner hyphens, each under 64 characters,
 *   the last one starting with a letter (`xn--…` starts with one too);
 * - whole address at most 254 characters (checked with CHAR_LENGTH beside the pattern).
 *
 * DELIBERATE DIFFERENCE: PHP also accepts a quoted local part (`"john doe"@example.com`) and an IP-literal domain
 * (`user@[192.0.2.1]`). Both are treated as invalid here: Moodle sites practically never store them, SES rejects
 * many of them, and their grammar would make this one pattern unreadable in two regex dialects.
 *
 * Portability notes, all checked on PostgreSQL 15, PGlite and MariaDB 10.11:
 * - Letters are listed in both cases and the match is case-SENSITIVE on both sides (`~` on PostgreSQL, a BINARY
 *   subject on MySQL). MariaDB's REGEXP is otherwise case-insensitive under the usual `_ci` collations and would
 *   then also match Unicode case-folds (`ſ` matches `s`); binary matching works byte by byte like PHP without `/u`.
 * - PCRE's `$` also matches before a final newline (PHP adds the `D` modifier against that); the leading
 *   lookahead rejects any CR or LF so both engines agree.
 */
import { byDialect, type Sql, sql } from './sql-builder.js';

const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const LABEL = '[A-Za-z0-9]+(-+[A-Za-z0-9]+)*';
const LAST_LABEL = '[A-Za-z][A-Za-z0-9]*(-+[A-Za-z0-9]+)*';

/** The single definition of a mailable address's shape (see the file comment for what it leaves out). */
export const VALID_EMAIL_PATTERN =
  '^(?![^\\r\\n]*[\\r\\n])' + // no CR/LF anywhere
  '(?=[^@]{1,64}@)' + // local part 1–64 characters
  `${ATEXT}+([.]${ATEXT}+)*` + // dot-atom local part
  '@(?![^@]*[^.@]{64})' + // no domain label of 64+ characters
  `(${LABEL}[.])+${LAST_LABEL}$`;

/** Longest address PHP's filter accepts. */
export const MAX_EMAIL_LENGTH = 254;

/** Moodle's `email_to_user()` silently skips addresses ending like this (a reserved TLD, RFC 2606). */
const INVALID_TLD_PATTERN = '[.]invalid$';

/** True (in SQL) when `column` holds an address Moodle would refuse to mail. */
export function isUnmailableEmail(column: Sql): Sql {
  return sql`(${column} = '' OR CHAR_LENGTH(${column}) > ${MAX_EMAIL_LENGTH}
    OR NOT ${matchesCaseSensitive(column, VALID_EMAIL_PATTERN)}
    OR ${matchesCaseSensitive(column, INVALID_TLD_PATTERN)})`;
}

function matchesCaseSensitive(column: Sql, pattern: string): Sql {
  return byDialect({
    postgres: sql`(${column} ~ ${pattern})`,
    mysql: sql`(CAST(${column} AS BINARY) REGEXP ${pattern})`,
  });
}
