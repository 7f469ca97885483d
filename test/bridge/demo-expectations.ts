/**
 * What the demo Moodle must yield, written BY HAND from the fixture (shared/adapters/moodle-demo, explained in
 * docs/demo-moodle.md) — never computed by re-running the audience rules. Valid for any moment from 2026-01-01
 * to 2034-12-31.
 */
import type { ExclusionReason } from '#domain/recipients.js';

/** 2026-01-01T00:00:00Z and 2034-12-31T23:59:59Z: both ends of the window the demo is stable in. */
export const AT_2026 = 1_767_225_600;
export const AT_2034 = 2_051_222_399;
/** 2036-01-01T00:00:00Z: user 42's enrolment (starting 2035-01-01) is active. */
export const AT_2036 = 2_082_758_400;

export interface ExpectedAudience {
  /** Eligible user ids, ascending. */
  eligible: number[];
  /** Excluded user ids per reason, ascending; reasons not listed have nobody. */
  excluded: Partial<Record<ExclusionReason, number[]>>;
}

/** Course 3 under an email action (schedules 4 and 10). */
const EDGE_COURSE_EMAIL: ExpectedAudience = {
  eligible: [10, 22, 23, 28, 30, 36, 39, 44, 45, 46, 47, 48, 50, 53, 55, 57],
  excluded: {
    deleted: [11],
    guest: [1],
    suspended: [12],
    nologin: [13],
    unconfirmed: [14],
    invalid_email: [15, 16, 17, 18, 19, 20, 21, 25, 26, 27, 29, 31, 32, 33, 34, 35, 37, 38, 59],
    emailstop: [24],
  },
};

/** Course 3 under a certificate action: bad addresses and emailstop no longer matter. */
export const EDGE_COURSE_CERTIFICATE: ExpectedAudience = {
  eligible: [
    10, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 44, 45, 46,
    47, 48, 50, 53, 55, 57, 59,
  ],
  excluded: { deleted: [11], guest: [1], suspended: [12], nologin: [13], unconfirmed: [14] },
};

/** Course 4 bulk learners, by profile (see demo-bulk-learners.ts). */
export const BULK = {
  /** r = 6: enrolment expired, not in any audience. */
  expired: [1006, 1026, 1046, 1066, 1086, 1106, 1126, 1146, 1166, 1186, 1206, 1226],
  suspended: [1004, 1024, 1044, 1064, 1084, 1104, 1124, 1144, 1164, 1184, 1204, 1224],
  emailstop: [
    1005, 1015, 1025, 1035, 1045, 1055, 1065, 1075, 1085, 1095, 1105, 1115, 1125, 1135, 1145, 1155, 1165, 1175, 1185,
    1195, 1205, 1215, 1225, 1235,
  ],
  courseCompleted: [1020, 1040, 1060, 1080, 1100, 1120, 1140, 1160, 1180, 1200, 1220, 1240],
  quizCompleted: [
    1001, 1002, 1021, 1022, 1041, 1042, 1061, 1062, 1081, 1082, 1101, 1102, 1121, 1122, 1141, 1142, 1161, 1162, 1181,
    1182, 1201, 1202, 1221, 1222,
  ],
} as const;

/** Ids 1001–1240 minus the listed ones: the complement of hand-written lists, not a rule. */
export function bulkExcept(...lists: readonly (readonly number[])[]): number[] {
  const left = new Set(lists.flat());
  return Array.from({ length: 240 }, (_, index) => 1001 + index).filter((id) => !left.has(id));
}

/** Per schedule id (9 is disabled: its audience is still computable, as a plain email schedule on course 2). */
export const EXPECTED_AUDIENCES: Readonly<Record<number, ExpectedAudience>> = {
  1: {
    eligible: [60, 61, 63, 64, 65, 66, 71, 72],
    excluded: { suspended: [70], invalid_email: [68], emailstop: [67, 69], course_completed: [62] },
  },
  2: {
    eligible: [60, 61, 65, 66, 71, 72],
    excluded: { suspended: [70], invalid_email: [68], emailstop: [67, 69], activity_completed: [62, 63, 64] },
  },
  3: {
    eligible: [60, 61, 65, 66, 69, 71, 72],
    excluded: { suspended: [70], course_completed: [62, 67], activity_completed: [63, 64, 68] },
  },
  4: EDGE_COURSE_EMAIL,
  5: {
    eligible: bulkExcept(BULK.expired, BULK.suspended, BULK.emailstop, BULK.courseCompleted),
    excluded: {
      suspended: [...BULK.suspended],
      emailstop: [...BULK.emailstop],
      course_completed: [...BULK.courseCompleted],
    },
  },
  6: {
    eligible: bulkExcept(BULK.expired, BULK.suspended, BULK.quizCompleted),
    excluded: { suspended: [...BULK.suspended], activity_completed: [...BULK.quizCompleted] },
  },
  7: { eligible: [2], excluded: {} },
  8: { eligible: [], excluded: { activity_completed: [63] } },
  9: {
    eligible: [60, 61, 62, 63, 64, 65, 66, 71, 72],
    excluded: { suspended: [70], invalid_email: [68], emailstop: [67, 69] },
  },
  10: EDGE_COURSE_EMAIL,
};

/** The documented totals, as a cross-check of the lists above. */
export const EXPECTED_ELIGIBLE_COUNTS: Readonly<Record<number, number>> = {
  1: 8,
  2: 6,
  3: 7,
  4: 16,
  5: 180,
  6: 192,
  7: 1,
  8: 0,
  9: 9,
  10: 16,
};
