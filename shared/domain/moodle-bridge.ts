/**
 * The port through which everything reads Moodle: read-only, one SQL round trip per call or per page.
 * Adapters: `#adapters/moodle/*` (PostgreSQL, MySQL/MariaDB, PGlite).
 */
import { AppError } from './errors.js';
import type { AudienceSummary, ExcludedUser, Recipient } from './recipients.js';
import type { Schedule, ScheduleRecord } from './schedule.js';

/** Site-wide settings read from `mdl_config` and the site course. Missing config rows read as Moodle's defaults. */
export interface SiteSettings {
  /** Full name of the site course (`mdl_course` with `category = 0`). */
  siteName: string;
  siteShortName: string;
  /** `mdl_config.timezone`; `'99'` = the server's default. */
  timeZone: string;
  /** `mdl_config.forcetimezone`; `'99'` = not forced. */
  forceTimeZone: string;
  /** `mdl_config.siteguest`; 0 when the site has none. */
  guestUserId: number;
}

export interface CourseInfo {
  id: number;
  fullName: string;
  shortName: string;
}

/** The parts of a schedule that decide its audience. */
export type AudienceSchedule = Pick<
  Schedule,
  'id' | 'courseId' | 'userId' | 'actionType' | 'suppressTarget' | 'suppressCourseCompletion'
>;

export interface AudienceQuery {
  schedule: AudienceSchedule;
  /** Epoch seconds: enrolment windows are judged at this moment. */
  at: number;
}

/** One page of a streamed audience, in ascending user id. */
export interface RecipientPage {
  recipients: Recipient[];
  excluded: ExcludedUser[];
  /** The highest user id in this page, eligible or not: where the next page (or a resumed stream) starts after. */
  lastUserId: number;
}

export interface StreamOptions {
  /** Audience members (eligible or not) per page. @default 1000 */
  pageSize?: number;
  /** Resume after this user id (a saved `lastUserId`). @default start from the first user */
  afterUserId?: number;
}

export interface MoodleBridge {
  /** Where this bridge reads from, safe to print: never contains a password. */
  readonly description: string;
  readSite(): Promise<SiteSettings>;
  /** Every schedule with `enabled = 1`, in id order. */
  listEnabledSchedules(): Promise<ScheduleRecord[]>;
  /** Every schedule, enabled or not, in id order (what an admin's list shows). */
  listAllSchedules(): Promise<ScheduleRecord[]>;
  /** One schedule, enabled or not; undefined when there is no such id. */
  getSchedule(id: number): Promise<ScheduleRecord | undefined>;
  getCourse(id: number): Promise<CourseInfo | undefined>;
  /** Eligible count and exclusion counts by reason, computed in one query. */
  summarizeAudience(query: AudienceQuery): Promise<AudienceSummary>;
  /** The audience in keyset-paginated pages; memory stays flat whatever its size. */
  streamAudience(query: AudienceQuery, options?: StreamOptions): AsyncIterable<RecipientPage>;
  close(): Promise<void>;
}

/** The Moodle database could not be used; `database` is the safe description of which one. */
export class MoodleDatabaseError extends AppError {
  constructor(
    readonly database: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`Moodle database ${database}: ${problem}`, options);
  }
}

/** Connecting failed (refused, unknown host, bad credentials, no such database). */
export class MoodleUnreachableError extends MoodleDatabaseError {}

/** A table or column the bridge needs is missing or has the wrong type. */
export class MoodleSchemaError extends MoodleDatabaseError {}
