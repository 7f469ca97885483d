/**
 * {@link MoodleBridge} over any {@link SqlClient}: the same statements for PostgreSQL, MySQL/MariaDB and PGlite,
 * one round trip per call or per page. Opening (URL parsing, schema check) lives in open-moodle-bridge.ts.
 */
import { ValidationError } from '#domain/errors.js';
import type {
  AudienceQuery,
  CourseInfo,
  MoodleBridge,
  RecipientPage,
  SiteSettings,
  StreamOptions,
} from '#domain/moodle-bridge.js';
import { MoodleDatabaseError } from '#domain/moodle-bridge.js';
import {
  type AudienceSummary,
  EXCLUSION_REASONS,
  type ExclusionReason,
  emptyExclusionCounts,
} from '#domain/recipients.js';
import type { ScheduleRecord } from '#domain/schedule.js';
import { type AudienceScope, audienceMembersSql, audienceScopeFrom, audienceScopeSql } from './audience-sql.js';
import { type ErrorContext, toMoodleError } from './connection-errors.js';
import { toRecipient, toScheduleRecord } from './row-mapping.js';
import { renderSql, type Sql, sql, table } from './sql-builder.js';
import { type SqlClient, type SqlRow, toInteger } from './sql-client.js';

/** Everything {@link createSqlMoodleBridge} needs besides the client. */
export interface SqlMoodleBridgeSettings {
  prefix: string;
  roleArchetypes: readonly string[];
  errorContext: ErrorContext;
  /** Close the client with the bridge. */
  ownsClient: boolean;
}

const DEFAULT_PAGE_SIZE = 1000;
const SCHEDULE_COLUMNS = sql`id, userid, reportid, courseid, name, frequency, custom_interval, action_type,
  cloud_preference, suppresstarget, suppress_course_completion, enabled, lastrun, nextrun, timecreated, timemodified`;

/** Builds the bridge; the caller has already checked the schema. */
export function createSqlMoodleBridge(client: SqlClient, settings: SqlMoodleBridgeSettings): MoodleBridge {
  const run = async (query: Sql, doing: string): Promise<SqlRow[]> => {
    const rendered = renderSql(query, client.dialect, settings.prefix);
    try {
      return await client.query(rendered.text, rendered.params);
    } catch (error) {
      throw toMoodleError(error, settings.errorContext, doing);
    }
  };

  const readScope = async ({ schedule }: AudienceQuery): Promise<AudienceScope> => {
    // A site-level schedule's audience is its owner: no enrolments, contexts or roles to look up.
    if (schedule.courseId <= 0) return { enrolIds: [], contextIds: [], roleIds: [] };
    const rows = await run(
      audienceScopeSql(schedule.courseId, settings.roleArchetypes),
      `reading the enrolment methods, context and roles of course ${schedule.courseId}`,
    );
    return audienceScopeFrom(rows as { kind: unknown; id: unknown; path: unknown }[]);
  };

  return {
    description: settings.errorContext.description,

    async readSite(): Promise<SiteSettings> {
      const config = (name: string): Sql =>
        sql`(SELECT cfg.value FROM ${table('config')} cfg WHERE cfg.name = ${name})`;
      const rows = await run(
        sql`SELECT c.fullname AS fullname, c.shortname AS shortname, ${config('timezone')} AS timezone,
            ${config('forcetimezone')} AS forcetimezone, ${config('siteguest')} AS siteguest
          FROM ${table('course')} c WHERE c.category = 0 ORDER BY c.id LIMIT 1`,
        'reading the site settings',
      );
      const row = rows[0];
      if (row === undefined) {
        throw new MoodleDatabaseError(settings.errorContext.description, 'no site course (course with category 0)');
      }
      const guest = String(row.siteguest ?? '').trim();
      return {
        siteName: String(row.fullname),
        siteShortName: String(row.shortname),
        timeZone: row.timezone == null ? '99' : String(row.timezone),
        forceTimeZone: row.forcetimezone == null ? '99' : String(row.forcetimezone),
        guestUserId: /^\d+$/.test(guest) ? Number(guest) : 0,
      };
    },

    async listEnabledSchedules(): Promise<ScheduleRecord[]> {
      const rows = await run(
        sql`SELECT ${SCHEDULE_COLUMNS} FROM ${table('manireports_schedules')} WHERE enabled = 1 ORDER BY id`,
        'listing schedules',
      );
      return rows.map(toScheduleRecord);
    },

    async listAllSchedules(): Promise<ScheduleRecord[]> {
      const rows = await run(
        sql`SELECT ${SCHEDULE_COLUMNS} FROM ${table('manireports_schedules')} ORDER BY id`,
        'listing schedules',
      );
      return rows.map(toScheduleRecord);
    },

    async getSchedule(id: number): Promise<ScheduleRecord | undefined> {
      const rows = await run(
        sql`SELECT ${SCHEDULE_COLUMNS} FROM ${table('manireports_schedules')} WHERE id = ${id}`,
        `reading schedule ${id}`,
      );
      return rows[0] === undefined ? undefined : toScheduleRecord(rows[0]);
    },

    async getCourse(id: number): Promise<CourseInfo | undefined> {
      const rows = await run(
        sql`SELECT id, fullname, shortname FROM ${table('course')} WHERE id = ${id}`,
        `reading course ${id}`,
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      return { id: toInteger(row.id), fullName: String(row.fullname), shortName: String(row.shortname) };
    },

    async summarizeAudience(query: AudienceQuery): Promise<AudienceSummary> {
      assertInteger('at', query.at);
      const members = audienceMembersSql(query, await readScope(query));
      const rows = await run(
        sql`SELECT a.reason AS reason, COUNT(*) AS members FROM (${members}) a GROUP BY a.reason`,
        `summarising the audience of schedule ${query.schedule.id}`,
      );
      const summary: AudienceSummary = { eligible: 0, excluded: emptyExclusionCounts() };
      for (const row of rows) {
        const count = toInteger(row.members);
        if (row.reason == null) summary.eligible += count;
        else summary.excluded[toReason(row.reason)] += count;
      }
      return summary;
    },

    async *streamAudience(query: AudienceQuery, options: StreamOptions = {}): AsyncIterable<RecipientPage> {
      assertInteger('at', query.at);
      const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
      if (!Number.isInteger(pageSize) || pageSize < 1) {
        throw new ValidationError('pageSize', pageSize, 'must be a whole number of at least 1');
      }
      const scope = await readScope(query);
      let after = options.afterUserId ?? Number.MIN_SAFE_INTEGER;
      for (;;) {
        const rows = await run(
          sql`${audienceMembersSql(query, scope, after)} ORDER BY u.id LIMIT ${pageSize}`,
          `reading the audience of schedule ${query.schedule.id}`,
        );
        const last = rows.at(-1);
        if (last === undefined) return;
        const page: RecipientPage = { recipients: [], excluded: [], lastUserId: toInteger(last.id) };
        for (const row of rows) {
          if (row.reason == null) page.recipients.push(toRecipient(row));
          else page.excluded.push({ userId: toInteger(row.id), reason: toReason(row.reason) });
        }
        yield page;
        if (rows.length < pageSize) return;
        after = toInteger(last.id);
      }
    },

    async close(): Promise<void> {
      if (settings.ownsClient) await client.close();
    },
  };
}

function toReason(value: unknown): ExclusionReason {
  const reason = String(value);
  if (!(EXCLUSION_REASONS as readonly string[]).includes(reason)) throw new Error(`unknown reason ${reason}`);
  return reason as ExclusionReason;
}

function assertInteger(field: string, value: number): void {
  if (!Number.isSafeInteger(value)) throw new ValidationError(field, value, 'must be whole epoch seconds');
}
