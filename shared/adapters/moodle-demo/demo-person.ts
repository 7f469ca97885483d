/**
 * One demo user with everything that decides whether a schedule reaches them — account, enrolments, roles,
 * completions — in one object, so each edge case reads as a single entry. {@link personRows} spreads people
 * into table rows.
 */
import { DEMO_TIME, type DemoRow } from './demo-site.js';

export interface DemoPerson {
  id: number;
  firstname: string;
  lastname: string;
  email: string;
  /** Why this user exists (see docs/demo-moodle.md). */
  note: string;
  /** Defaults to `firstname.lastname` in lower case. */
  username?: string;
  /** mdl_user columns that differ from a plain, confirmed, manual account. */
  account?: DemoRow;
  enrolments?: { enrolId: number; status?: number; timestart?: number; timeend?: number }[];
  roles?: { roleId: number; contextId: number }[];
  /** `timecompleted` null or 0 = a row that is not complete. */
  courseCompletions?: { courseId: number; timecompleted: number | null }[];
  /** `mdl_course_modules_completion.completionstate`: 0 incomplete, 1 complete, 2 pass, 3 fail, 4 fail (hidden). */
  activityStates?: { cmId: number; state: number }[];
}

/** Rows per table for a list of people. */
export interface PersonRows {
  user: DemoRow[];
  user_enrolments: DemoRow[];
  role_assignments: DemoRow[];
  course_completions: DemoRow[];
  course_modules_completion: DemoRow[];
}

export function personRows(people: readonly DemoPerson[]): PersonRows {
  const rows: PersonRows = {
    user: [],
    user_enrolments: [],
    role_assignments: [],
    course_completions: [],
    course_modules_completion: [],
  };
  for (const person of people) {
    rows.user.push({
      id: person.id,
      auth: 'manual',
      confirmed: 1,
      mnethostid: 1,
      username: person.username ?? `${person.firstname}.${person.lastname}`.toLowerCase(),
      firstname: person.firstname,
      lastname: person.lastname,
      email: person.email,
      timecreated: DEMO_TIME.created,
      timemodified: DEMO_TIME.created,
      ...person.account,
    });
    for (const enrolment of person.enrolments ?? []) {
      rows.user_enrolments.push({
        status: enrolment.status ?? 0,
        enrolid: enrolment.enrolId,
        userid: person.id,
        timestart: enrolment.timestart ?? DEMO_TIME.created,
        timeend: enrolment.timeend ?? 0,
        timecreated: DEMO_TIME.created,
        timemodified: DEMO_TIME.created,
      });
    }
    for (const role of person.roles ?? []) {
      rows.role_assignments.push({
        roleid: role.roleId,
        contextid: role.contextId,
        userid: person.id,
        timemodified: DEMO_TIME.created,
      });
    }
    for (const completion of person.courseCompletions ?? []) {
      rows.course_completions.push({
        userid: person.id,
        course: completion.courseId,
        timeenrolled: DEMO_TIME.created,
        timecompleted: completion.timecompleted,
      });
    }
    for (const activity of person.activityStates ?? []) {
      rows.course_modules_completion.push({
        coursemoduleid: activity.cmId,
        userid: person.id,
        completionstate: activity.state,
        timemodified: DEMO_TIME.completedEarly,
      });
    }
  }
  return rows;
}
