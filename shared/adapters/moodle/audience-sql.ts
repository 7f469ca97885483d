/**
 * The one SQL expression behind both `summarizeAudience` and `streamAudience`: every audience member of a schedule
 * with `reason` = the first {@link EXCLUSION_REASONS} entry that applies, or NULL when the member is eligible.
 * All filtering happens here, in one statement, so a page costs one round trip whatever the audience size.
 */
import type { AudienceQuery } from '#domain/moodle-bridge.js';
import { EXCLUSION_REASONS, type ExclusionReason } from '#domain/recipients.js';
import { sendsEmail } from '#domain/schedule.js';
import { isUnmailableEmail } from './email-validity-sql.js';
import { join, list, raw, type Sql, sql, table } from './sql-builder.js';

/** Moodle's `CONTEXT_COURSE`. */
const CONTEXT_COURSE = 50;
/** `mdl_course_modules_completion.completionstate` values that mean done: COMPLETE (1) and COMPLETE_PASS (2). */
const ACTIVITY_DONE_STATES = [1, 2];

/**
 * `SELECT u.id, u.email, u.firstname, u.lastname, u.lang, u.timezone, u.mailformat, <reason> AS reason FROM … WHERE
 * <audience>`, ending in its WHERE clause so callers can add `AND …`, ORDER BY and LIMIT, or wrap it.
 */
export function audienceMembersSql(query: AudienceQuery, roleArchetypes: readonly string[]): Sql {
  const whens = reasonConditions(query).map(([reason, condition]) => sql`WHEN ${condition} THEN ${label(reason)}`);
  return sql`SELECT u.id AS id, u.email AS email, u.firstname AS firstname, u.lastname AS lastname,
      u.lang AS lang, u.timezone AS timezone, u.mailformat AS mailformat,
      CASE ${join(whens, ' ')} ELSE NULL END AS reason
    FROM ${table('user')} u
    LEFT JOIN ${table('config')} guestcfg ON guestcfg.name = ${'siteguest'}
    WHERE (${audienceCondition(query, roleArchetypes)})`;
}

/** Conditions in EXCLUSION_REASONS order; the CASE takes the first that holds. */
function reasonConditions({ schedule }: AudienceQuery): [ExclusionReason, Sql][] {
  const conditions: [ExclusionReason, Sql][] = [
    ['deleted', sql`u.deleted <> 0`],
    // Compared as text because mdl_config.value is text and casts differ between dialects.
    ['guest', sql`guestcfg.value = CONCAT('', u.id)`],
    ['suspended', sql`u.suspended <> 0`],
    ['nologin', sql`u.auth = ${'nologin'}`],
    ['unconfirmed', sql`u.confirmed = 0`],
  ];
  if (sendsEmail(schedule.actionType)) {
    conditions.push(['invalid_email', isUnmailableEmail(sql`u.email`)], ['emailstop', sql`u.emailstop <> 0`]);
  }
  if (schedule.courseId > 0 && schedule.suppressCourseCompletion) {
    // Moodle: complete ⇔ a course_completions row with timecompleted neither NULL nor 0 (FACTS §2).
    conditions.push([
      'course_completed',
      sql`EXISTS (SELECT 1 FROM ${table('course_completions')} ccomp
        WHERE ccomp.userid = u.id AND ccomp.course = ${schedule.courseId} AND ccomp.timecompleted > 0)`,
    ]);
  }
  if (schedule.suppressTarget > 0) {
    // A missing row is "incomplete"; FAIL (3) and FAIL_HIDDEN (4) are not done (FACTS §2, strict rule).
    conditions.push([
      'activity_completed',
      sql`EXISTS (SELECT 1 FROM ${table('course_modules_completion')} cmc
        WHERE cmc.userid = u.id AND cmc.coursemoduleid = ${schedule.suppressTarget}
          AND cmc.completionstate IN (${list(ACTIVITY_DONE_STATES)}))`,
    ]);
  }
  // Keeps the CASE honest if someone reorders the pushes above.
  const order = conditions.map(([reason]) => EXCLUSION_REASONS.indexOf(reason));
  if (order.some((position, index) => index > 0 && position < (order[index - 1] ?? 0))) {
    throw new Error('exclusion reasons are out of order');
  }
  return conditions;
}

/**
 * Who is in the audience at all. Course schedules: an active enrolment exactly as get_enrolled_sql(onlyactive)
 * (FACTS §3; several enrolments count once through EXISTS) and a role of one of `roleArchetypes` in the course
 * context or a parent. Site-level schedules: the owner. Deleted users stay in, to be counted under `deleted`.
 */
function audienceCondition({ schedule, at }: AudienceQuery, roleArchetypes: readonly string[]): Sql {
  if (schedule.courseId <= 0) return sql`u.id = ${schedule.userId}`;
  return sql`EXISTS (SELECT 1 FROM ${table('user_enrolments')} ue
        JOIN ${table('enrol')} e ON e.id = ue.enrolid
        WHERE ue.userid = u.id AND e.courseid = ${schedule.courseId}
          AND ue.status = 0 AND e.status = 0
          AND ue.timestart < ${at} AND (ue.timeend = 0 OR ue.timeend > ${at}))
    AND EXISTS (SELECT 1 FROM ${table('role_assignments')} ra
        JOIN ${table('role')} r ON r.id = ra.roleid
        JOIN ${table('context')} rctx ON rctx.id = ra.contextid
        JOIN ${table('context')} cctx ON cctx.contextlevel = ${CONTEXT_COURSE} AND cctx.instanceid = ${schedule.courseId}
        WHERE ra.userid = u.id AND r.archetype IN (${list(roleArchetypes)})
          AND (rctx.path = cctx.path OR cctx.path LIKE CONCAT(rctx.path, '/%')))`;
}

/** A reason as an SQL string literal; the names are code constants of [a-z_] only. */
function label(reason: ExclusionReason): Sql {
  if (!/^[a-z_]+$/.test(reason)) throw new Error(`unexpected exclusion reason ${reason}`);
  return raw(`'${reason}'`);
}
