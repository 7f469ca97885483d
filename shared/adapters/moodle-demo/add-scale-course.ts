/**
 * Grows the demo Moodle by one big course, generated in SQL (INSERT … SELECT generate_series) rather than row by
 * row: `learners` confirmed, mailable students with an active manual enrolment, and one weekly cloud email schedule
 * on the course. PostgreSQL dialect: PGlite or a real PostgreSQL loaded with the demo.
 */
import type { SqlClient } from '#adapters/moodle/sql-client.js';

export interface ScaleCourse {
  courseId: number;
  scheduleId: number;
  /** Learner ids are firstUserId … firstUserId + learners − 1, all eligible. */
  firstUserId: number;
  learners: number;
}

/** Ids no demo row uses (demo contexts stop at 40, enrol instances at 42, users at 1240, schedules at 10). */
export const SCALE_COURSE: ScaleCourse = { courseId: 5, scheduleId: 11, firstUserId: 100_001, learners: 20_000 };

const CONTEXT_ID = 50;
const ENROL_ID = 51;
const STUDENT_ROLE = 5;
/** Category 1's context path (see demo-site.ts): the course context sits under it. */
const CATEGORY_PATH = '/1/3';
/** 2025-01-01, like the demo's accounts and enrolments. */
const CREATED = 1_735_689_600;

/**
 * Adds the course, its context and manual enrolment instance, the learners with their enrolments and student role
 * assignments, and schedule `scheduleId`: weekly, action email, forced to the cloud, next run Monday 2026-01-12
 * 08:00 UTC.
 */
export async function addScaleCourse(client: SqlClient, course: ScaleCourse = SCALE_COURSE): Promise<void> {
  const { courseId, scheduleId, firstUserId, learners } = course;
  const lastUserId = firstUserId + learners - 1;
  const series = `generate_series(${firstUserId}, ${lastUserId}) AS g`;
  const statements = [
    `INSERT INTO mdl_course (id, category, sortorder, fullname, shortname, summary, startdate, timecreated, timemodified)
      VALUES (${courseId}, 1, ${courseId * 10_000}, 'Compliance at Scale', 'SCALE', '', ${CREATED}, ${CREATED}, ${CREATED})`,
    `INSERT INTO mdl_context (id, contextlevel, instanceid, path, depth)
      VALUES (${CONTEXT_ID}, 50, ${courseId}, '${CATEGORY_PATH}/${CONTEXT_ID}', 3)`,
    `INSERT INTO mdl_enrol (id, enrol, status, courseid, sortorder, roleid, timecreated, timemodified)
      VALUES (${ENROL_ID}, 'manual', 0, ${courseId}, 0, ${STUDENT_ROLE}, ${CREATED}, ${CREATED})`,
    `INSERT INTO mdl_user (id, auth, confirmed, mnethostid, username, firstname, lastname, email, timecreated, timemodified)
      SELECT g, 'manual', 1, 1, 'scale' || g, 'Scale', 'Learner ' || g, 'scale' || g || '@example.com',
        ${CREATED}, ${CREATED}
      FROM ${series}`,
    `INSERT INTO mdl_user_enrolments (status, enrolid, userid, timestart, timeend, timecreated, timemodified)
      SELECT 0, ${ENROL_ID}, g, ${CREATED}, 0, ${CREATED}, ${CREATED} FROM ${series}`,
    `INSERT INTO mdl_role_assignments (roleid, contextid, userid, timemodified)
      SELECT ${STUDENT_ROLE}, ${CONTEXT_ID}, g, ${CREATED} FROM ${series}`,
    `INSERT INTO mdl_manireports_schedules (id, userid, reportid, courseid, name, frequency, action_type,
        cloud_preference, enabled, lastrun, nextrun, timecreated, timemodified)
      VALUES (${scheduleId}, 2, 19, ${courseId}, 'Compliance at Scale weekly reminder', 'weekly', 'email', 'cloud', 1,
        0, 1768204800, ${CREATED}, ${CREATED})`,
    // Fresh statistics, so the planner picks index plans for the audience query over the new rows.
    'ANALYZE',
  ];
  for (const statement of statements) await client.query(statement);
}
