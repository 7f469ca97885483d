/**
 * The demo Moodle's structure: site settings, courses, contexts, roles, enrolment instances and activities.
 * People live in demo-people-*.ts and demo-bulk-learners.ts, schedules in demo-schedules.ts; docs/demo-moodle.md
 * explains the whole data set. Every time is an absolute epoch chosen so that results are identical for any
 * evaluation moment from 2026-01-01 to 2034-12-31.
 */
import type { SqlValue } from '#adapters/moodle/sql-client.js';

/** A row for one table: column → value; a missing column takes its DDL default. */
export type DemoRow = Record<string, SqlValue>;

/** Fixed moments (UTC). */
export const DEMO_TIME = {
  /** 2024-06-30: enrolments that ended here are expired throughout 2026–2034. */
  expired: 1_719_705_600,
  /** 2025-01-01: when most accounts and enrolments start. */
  created: 1_735_689_600,
  /** 2025-03-01 and 2025-06-15: course completion times. */
  completedEarly: 1_740_787_200,
  completedLate: 1_749_945_600,
  /** 2035-01-01: an enrolment that starts here is not active before 2035. */
  future: 2_051_222_400,
  /** 2040-01-01: an enrolment end that stays ahead of 2034. */
  farEnd: 2_208_988_800,
  /** ENROL_MAX_TIMESTAMP, the XMLDB default of user_enrolments.timeend: means "no end" like 0. */
  maxTimestamp: 2_147_483_647,
} as const;

export const COURSE = { site: 1, safety: 2, edge: 3, onboarding: 4 } as const;

/** Context ids. Paths: system /1, Compliance /1/3, Practice /1/30 — so /1/3 is a string prefix, not a parent, of /1/30/31. */
export const CONTEXT = {
  system: 1,
  siteCourse: 2,
  compliance: 3,
  safety: 10,
  practice: 30,
  edge: 31,
  onboarding: 40,
} as const;

export const ROLE = {
  manager: 1,
  editingteacher: 3,
  teacher: 4,
  student: 5,
  /** Custom role with archetype `student`: counts like student. */
  learner: 9,
  /** Custom role with no archetype: never in an audience. */
  observer: 10,
} as const;

export const ENROL = {
  safetyManual: 21,
  safetySelf: 22,
  edgeManual: 31,
  edgeSelf: 32,
  /** Disabled instance (enrol.status = 1): enrolments through it are not active. */
  edgeCohortDisabled: 33,
  onboardingManual: 41,
  onboardingSelf: 42,
} as const;

/** Course module ids used as schedule suppression targets. */
export const CM = {
  safetyQuiz: 201,
  safetyAssignment: 202,
  edgePage: 301,
  onboardingQuiz: 401,
  onboardingPage: 402,
} as const;

export const SITE_GUEST_ID = 1;
export const SITE_ADMIN_ID = 2;

export const CONFIG_ROWS: DemoRow[] = [
  { name: 'timezone', value: 'Europe/London' },
  { name: 'forcetimezone', value: '99' },
  { name: 'siteguest', value: String(SITE_GUEST_ID) },
  { name: 'siteadmins', value: String(SITE_ADMIN_ID) },
  { name: 'enablecompletion', value: '1' },
  { name: 'lang', value: 'en' },
];

const course = (id: number, category: number, fullname: string, shortname: string, extra: DemoRow = {}): DemoRow => ({
  id,
  category,
  sortorder: id * 10_000,
  fullname,
  shortname,
  summary: '',
  startdate: DEMO_TIME.created,
  timecreated: DEMO_TIME.created,
  timemodified: DEMO_TIME.created,
  ...extra,
});

export const COURSE_ROWS: DemoRow[] = [
  course(COURSE.site, 0, 'ManiReports Demo Academy', 'demoacademy', { format: 'site' }),
  course(COURSE.safety, 1, 'Workplace Safety', 'SAFETY101', { enablecompletion: 1 }),
  course(COURSE.edge, 2, 'Edge Cases 101', 'EDGE101'),
  course(COURSE.onboarding, 1, 'Onboarding at Scale', 'ONBOARD', { enablecompletion: 1 }),
];

const context = (id: number, contextlevel: number, instanceid: number, path: string): DemoRow => ({
  id,
  contextlevel,
  instanceid,
  path,
  depth: path.split('/').length - 1,
});

/** Levels: 10 system, 40 category, 50 course. Categories: 1 Compliance, 2 Practice. */
export const CONTEXT_ROWS: DemoRow[] = [
  context(CONTEXT.system, 10, 0, '/1'),
  context(CONTEXT.siteCourse, 50, COURSE.site, '/1/2'),
  context(CONTEXT.compliance, 40, 1, '/1/3'),
  context(CONTEXT.safety, 50, COURSE.safety, '/1/3/10'),
  context(CONTEXT.practice, 40, 2, '/1/30'),
  context(CONTEXT.edge, 50, COURSE.edge, '/1/30/31'),
  context(CONTEXT.onboarding, 50, COURSE.onboarding, '/1/3/40'),
];

const role = (id: number, shortname: string, archetype: string): DemoRow => ({
  id,
  name: '',
  shortname,
  description: '',
  sortorder: id,
  archetype,
});

export const ROLE_ROWS: DemoRow[] = [
  role(ROLE.manager, 'manager', 'manager'),
  role(2, 'coursecreator', 'coursecreator'),
  role(ROLE.editingteacher, 'editingteacher', 'editingteacher'),
  role(ROLE.teacher, 'teacher', 'teacher'),
  role(ROLE.student, 'student', 'student'),
  role(6, 'guest', 'guest'),
  role(7, 'user', 'user'),
  role(8, 'frontpage', 'frontpage'),
  role(ROLE.learner, 'learner', 'student'),
  role(ROLE.observer, 'observer', ''),
];

const enrol = (id: number, plugin: string, courseid: number, status = 0): DemoRow => ({
  id,
  enrol: plugin,
  status,
  courseid,
  sortorder: id % 10,
  roleid: ROLE.student,
  timecreated: DEMO_TIME.created,
  timemodified: DEMO_TIME.created,
});

export const ENROL_ROWS: DemoRow[] = [
  enrol(ENROL.safetyManual, 'manual', COURSE.safety),
  enrol(ENROL.safetySelf, 'self', COURSE.safety),
  enrol(ENROL.edgeManual, 'manual', COURSE.edge),
  enrol(ENROL.edgeSelf, 'self', COURSE.edge),
  enrol(ENROL.edgeCohortDisabled, 'cohort', COURSE.edge, 1),
  enrol(ENROL.onboardingManual, 'manual', COURSE.onboarding),
  enrol(ENROL.onboardingSelf, 'self', COURSE.onboarding),
];

export const MODULE_ROWS: DemoRow[] = [
  { id: 1, name: 'assign' },
  { id: 2, name: 'quiz' },
  { id: 3, name: 'page' },
];

/** completion: 1 manual, 2 automatic; the quizzes need a passing grade. */
const cm = (id: number, courseId: number, module: number, completion: number, extra: DemoRow = {}): DemoRow => ({
  id,
  course: courseId,
  module,
  instance: id,
  section: 1,
  added: DEMO_TIME.created,
  completion,
  ...extra,
});

export const COURSE_MODULE_ROWS: DemoRow[] = [
  cm(CM.safetyQuiz, COURSE.safety, 2, 2, { completionpassgrade: 1, completiongradeitemnumber: 0 }),
  cm(CM.safetyAssignment, COURSE.safety, 1, 1),
  cm(CM.edgePage, COURSE.edge, 3, 1, { completionview: 1 }),
  cm(CM.onboardingQuiz, COURSE.onboarding, 2, 2, { completionpassgrade: 1, completiongradeitemnumber: 0 }),
  cm(CM.onboardingPage, COURSE.onboarding, 3, 2, { completionview: 1 }),
];
