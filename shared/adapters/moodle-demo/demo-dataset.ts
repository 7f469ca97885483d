/**
 * The whole demo Moodle as rows per table, in insertion order: the embedded demo of `npm start` and the fixture
 * every bridge test asserts on. What it contains and what each schedule yields: docs/demo-moodle.md.
 */
import { bulkLearners } from './demo-bulk-learners.js';
import { EDGE_COURSE_PEOPLE } from './demo-people-edge-course.js';
import { SAFETY_COURSE_PEOPLE, SITE_PEOPLE } from './demo-people-safety-course.js';
import { type DemoPerson, personRows } from './demo-person.js';
import { SCHEDULE_ROWS } from './demo-schedules.js';
import {
  CONFIG_ROWS,
  CONTEXT_ROWS,
  COURSE_MODULE_ROWS,
  COURSE_ROWS,
  type DemoRow,
  ENROL_ROWS,
  MODULE_ROWS,
  ROLE_ROWS,
} from './demo-site.js';

/** Rows for one (unprefixed) table. */
export interface DemoTable {
  table: string;
  rows: DemoRow[];
}

/** Every demo user: site accounts, the course 2 and course 3 cases, then the generated learners. */
export function demoPeople(): DemoPerson[] {
  return [...SITE_PEOPLE, ...EDGE_COURSE_PEOPLE, ...SAFETY_COURSE_PEOPLE, ...bulkLearners()];
}

/** The demo data set; deterministic, so two calls give equal rows. */
export function demoDataset(): DemoTable[] {
  const people = personRows(demoPeople());
  return [
    { table: 'config', rows: CONFIG_ROWS },
    { table: 'course', rows: COURSE_ROWS },
    { table: 'context', rows: CONTEXT_ROWS },
    { table: 'role', rows: ROLE_ROWS },
    { table: 'enrol', rows: ENROL_ROWS },
    { table: 'modules', rows: MODULE_ROWS },
    { table: 'course_modules', rows: COURSE_MODULE_ROWS },
    { table: 'user', rows: people.user },
    { table: 'user_enrolments', rows: people.user_enrolments },
    { table: 'role_assignments', rows: people.role_assignments },
    { table: 'course_completions', rows: people.course_completions },
    { table: 'course_modules_completion', rows: people.course_modules_completion },
    { table: 'manireports_schedules', rows: SCHEDULE_ROWS },
  ];
}
