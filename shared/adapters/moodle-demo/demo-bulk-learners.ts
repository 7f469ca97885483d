/**
 * Learners 1001–1240 of course 4 "Onboarding at Scale": a deterministic crowd, big enough that `auto` schedules
 * on this course route to the cloud. Each learner's profile follows from r = (id − 1000) mod 20, so every profile
 * holds exactly 12 learners:
 *
 * | r      | profile                                                    |
 * |--------|------------------------------------------------------------|
 * | 0      | completed the course (2025-06-15)                          |
 * | 1, 2   | quiz (cm 401) completion state 1 / 2: activity complete    |
 * | 3, 8, 9| quiz state 3 / 4 / 0: not complete                          |
 * | 4      | suspended account                                          |
 * | 5, 15  | emailstop = 1                                              |
 * | 6      | enrolment ended 2024-06-30: not in the audience            |
 * | 7      | course completion row with timecompleted NULL: not complete |
 * | 11     | enrolled through the self instance instead of manual       |
 * | other  | plain learner                                              |
 *
 * Cosmetic only: every 4th learner uses French and Europe/Paris, every 10th (r = 3, 13) plain-text mail.
 */
import type { DemoPerson } from './demo-person.js';
import { CM, CONTEXT, COURSE, DEMO_TIME, ENROL, ROLE } from './demo-site.js';

export const BULK_FIRST_ID = 1001;
export const BULK_COUNT = 240;

const FIRST_NAMES = ['Ava', 'Ben', 'Cleo', 'Dev', 'Eva', 'Finn', 'Gia', 'Hari', 'Isla', 'Jude', 'Kai', 'Luz'];
const LAST_NAMES = [
  'Ahmed',
  'Brown',
  'Chen',
  'Diaz',
  'Evans',
  'Fischer',
  'Garcia',
  'Haddad',
  'Ito',
  'Jones',
  'Kowalski',
];
const QUIZ_STATE_BY_R: Readonly<Record<number, number>> = { 1: 1, 2: 2, 3: 3, 8: 4, 9: 0 };

/** The generated learners, in id order. */
export function bulkLearners(): DemoPerson[] {
  return Array.from({ length: BULK_COUNT }, (_, index) => bulkLearner(BULK_FIRST_ID + index));
}

function bulkLearner(id: number): DemoPerson {
  const n = id - 1000;
  const r = n % 20;
  const quizState = QUIZ_STATE_BY_R[r];
  return {
    id,
    username: `learner${id}`,
    firstname: FIRST_NAMES[n % FIRST_NAMES.length] ?? 'Ava',
    lastname: LAST_NAMES[(n * 7) % LAST_NAMES.length] ?? 'Ahmed',
    email: `learner${id}@example.com`,
    note: `bulk learner, profile r = ${r}`,
    account: {
      suspended: r === 4 ? 1 : 0,
      emailstop: r === 5 || r === 15 ? 1 : 0,
      lang: n % 4 === 0 ? 'fr' : 'en',
      timezone: n % 4 === 0 ? 'Europe/Paris' : '99',
      mailformat: n % 10 === 3 ? 0 : 1,
    },
    enrolments: [
      {
        enrolId: r === 11 ? ENROL.onboardingSelf : ENROL.onboardingManual,
        ...(r === 6 ? { timeend: DEMO_TIME.expired } : {}),
      },
    ],
    roles: [{ roleId: ROLE.student, contextId: CONTEXT.onboarding }],
    courseCompletions:
      r === 0
        ? [{ courseId: COURSE.onboarding, timecompleted: DEMO_TIME.completedLate }]
        : r === 7
          ? [{ courseId: COURSE.onboarding, timecompleted: null }]
          : [],
    activityStates: quizState === undefined ? [] : [{ cmId: CM.onboardingQuiz, state: quizState }],
  };
}
