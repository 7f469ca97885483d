/**
 * The site's special accounts (guest 1, admin 2) and users 60–73 of course 2 "Workplace Safety" (completion
 * enabled, context /1/3/10): every course-completion and activity-completion case, combined with a few exclusions
 * to show which reason wins. Activity states are for the quiz, course module 201, unless noted.
 */
import type { DemoPerson } from './demo-person.js';
import { CM, CONTEXT, COURSE, DEMO_TIME, ENROL, ROLE, SITE_ADMIN_ID, SITE_GUEST_ID } from './demo-site.js';

const student = [{ roleId: ROLE.student, contextId: CONTEXT.safety }];
const manual = [{ enrolId: ENROL.safetyManual }];
const completed = (timecompleted: number | null) => [{ courseId: COURSE.safety, timecompleted }];
const quiz = (state: number) => [{ cmId: CM.safetyQuiz, state }];

/** A safety-course learner: active manual enrolment and student role unless `extra` replaces them. */
function learner(id: number, name: string, note: string, extra: Partial<DemoPerson> = {}): DemoPerson {
  const [firstname = name, lastname = ''] = name.split(' ');
  const email = `${firstname}.${lastname}@example.com`.toLowerCase();
  return { id, firstname, lastname, email, note, enrolments: manual, roles: student, ...extra };
}

export const SITE_PEOPLE: readonly DemoPerson[] = [
  {
    id: SITE_GUEST_ID,
    username: 'guest',
    firstname: 'Guest user',
    lastname: ' ',
    email: 'root@localhost',
    note: "the site guest (mdl_config.siteguest), also enrolled as a student in course 3: excluded as 'guest'",
    enrolments: [{ enrolId: ENROL.edgeManual }],
    roles: [{ roleId: ROLE.student, contextId: CONTEXT.edge }],
  },
  {
    id: SITE_ADMIN_ID,
    username: 'admin',
    firstname: 'Admin',
    lastname: 'User',
    email: 'admin@example.com',
    note: 'site admin: editing teacher in courses 2 and 4 (never in their audiences), owner of most schedules',
    enrolments: [{ enrolId: ENROL.safetyManual }, { enrolId: ENROL.onboardingManual }],
    roles: [
      { roleId: ROLE.editingteacher, contextId: CONTEXT.safety },
      { roleId: ROLE.editingteacher, contextId: CONTEXT.onboarding },
    ],
  },
];

export const SAFETY_COURSE_PEOPLE: readonly DemoPerson[] = [
  learner(60, 'Amelie Fournier', 'eligible: completion row with timecompleted NULL, quiz state 0', {
    account: { lang: 'fr', timezone: 'Europe/Paris', mailformat: 0 },
    courseCompletions: completed(null),
    activityStates: quiz(0),
  }),
  learner(61, 'Bruno Schmidt', 'eligible: timecompleted 0, quiz state 3 (failed is not complete)', {
    account: { lang: 'de', timezone: 'Europe/Berlin' },
    courseCompletions: completed(0),
    activityStates: quiz(3),
  }),
  learner(62, 'Chloe Martin', 'course completed 2025-03-01 and quiz state 1', {
    courseCompletions: completed(DEMO_TIME.completedEarly),
    activityStates: quiz(1),
  }),
  learner(63, 'Diego Ramos', 'quiz state 1 (complete), no course completion row', {
    account: { lang: 'es', timezone: 'America/Mexico_City' },
    activityStates: quiz(1),
  }),
  learner(64, 'Elif Yilmaz', 'quiz state 2 (complete, passed)', {
    account: { lang: 'tr', timezone: 'Europe/Istanbul' },
    activityStates: quiz(2),
  }),
  learner(65, 'Femi Adeyemi', 'eligible: quiz state 4 (failed, hidden grade) is not complete', {
    activityStates: quiz(4),
  }),
  learner(66, 'Grace Kim', 'eligible: no completion rows at all', { account: { timezone: 'Asia/Seoul' } }),
  learner(67, 'Hugo Silva', 'emailstop and course completed: emailstop for mail, course_completed otherwise', {
    account: { emailstop: 1 },
    courseCompletions: completed(DEMO_TIME.completedLate),
  }),
  learner(68, 'Ines Costa', 'invalid address and quiz state 2', {
    email: 'ines.costa@localhost',
    activityStates: quiz(2),
  }),
  learner(69, 'Jonas Berg', 'emailstop only: excluded from mail, eligible for certificates', {
    account: { emailstop: 1 },
  }),
  learner(70, 'Kofi Mensah', 'suspended account and course completed: suspended wins', {
    account: { suspended: 1 },
    courseCompletions: completed(DEMO_TIME.completedEarly),
  }),
  learner(71, 'Lena Novak', 'eligible: completed the assignment (cm 202), not the quiz', {
    activityStates: [{ cmId: CM.safetyAssignment, state: 1 }],
  }),
  learner(72, 'Mateus Souza', 'eligible: self enrolment, plain-text mail, pt_br', {
    account: { lang: 'pt_br', timezone: 'America/Sao_Paulo', mailformat: 0 },
    enrolments: [{ enrolId: ENROL.safetySelf }],
  }),
  learner(73, 'Nora Teacher', 'not in audience: non-editing teacher', {
    roles: [{ roleId: ROLE.teacher, contextId: CONTEXT.safety }],
  }),
];
