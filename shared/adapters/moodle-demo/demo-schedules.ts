/**
 * The demo's rows of `mdl_manireports_schedules`: every frequency, action, cloud preference and suppression
 * option, a site-level schedule, a disabled one, and one enabled but invalid (custom every 0 days). The audience
 * each produces is tabulated in docs/demo-moodle.md and asserted by test/bridge.
 */
import { CM, COURSE, type DemoRow, SITE_ADMIN_ID } from './demo-site.js';

/** 2026-01-05 09:00 UTC: when every demo schedule was created. */
const CREATED = 1_767_603_600;

const schedule = (row: DemoRow): DemoRow => ({
  userid: SITE_ADMIN_ID,
  custom_interval: 0,
  suppresstarget: 0,
  suppress_course_completion: 0,
  enabled: 1,
  lastrun: 0,
  timecreated: CREATED,
  timemodified: CREATED,
  ...row,
});

export const SCHEDULE_ROWS: DemoRow[] = [
  schedule({
    id: 1,
    reportid: 11,
    courseid: COURSE.safety,
    name: 'Workplace Safety daily reminder',
    frequency: 'daily',
    action_type: 'email',
    cloud_preference: 'auto',
    suppress_course_completion: 1,
    lastrun: 1_768_118_400, // 2026-01-11 08:00
    nextrun: 1_768_204_800, // 2026-01-12 08:00
  }),
  schedule({
    id: 2,
    reportid: 12,
    courseid: COURSE.safety,
    name: 'Safety quiz weekly nudge',
    frequency: 'weekly',
    action_type: 'email',
    cloud_preference: 'cloud',
    suppresstarget: CM.safetyQuiz,
    nextrun: 1_768_204_800, // 2026-01-12 08:00 (Monday)
  }),
  schedule({
    id: 3,
    reportid: 13,
    courseid: COURSE.safety,
    name: 'Workplace Safety monthly certificates',
    frequency: 'monthly',
    action_type: 'certificate',
    cloud_preference: 'local',
    suppresstarget: CM.safetyQuiz,
    suppress_course_completion: 1,
    nextrun: 1_769_931_000, // 2026-02-01 07:30
  }),
  schedule({
    id: 4,
    reportid: 14,
    courseid: COURSE.edge,
    name: 'Edge Cases digest every 3 days',
    frequency: 'custom',
    custom_interval: 3,
    action_type: 'both',
    cloud_preference: 'auto',
    nextrun: 1_768_496_400, // 2026-01-15 17:00
  }),
  schedule({
    id: 5,
    reportid: 15,
    courseid: COURSE.onboarding,
    name: 'Onboarding weekly welcome',
    frequency: 'weekly',
    action_type: 'both',
    cloud_preference: 'auto',
    suppress_course_completion: 1,
    nextrun: 1_768_802_400, // 2026-01-19 06:00
  }),
  schedule({
    id: 6,
    reportid: 16,
    courseid: COURSE.onboarding,
    name: 'Onboarding fortnightly certificates',
    frequency: 'custom',
    custom_interval: 14,
    action_type: 'certificate',
    cloud_preference: 'cloud',
    suppresstarget: CM.onboardingQuiz,
    nextrun: 1_768_802_400, // 2026-01-19 06:00
  }),
  schedule({
    id: 7,
    reportid: 17,
    courseid: 0,
    name: 'Admin weekly site summary',
    frequency: 'weekly',
    action_type: 'email',
    cloud_preference: 'local',
    nextrun: 1_768_204_800, // 2026-01-12 08:00
  }),
  schedule({
    id: 8,
    userid: 63,
    reportid: 18,
    courseid: 0,
    name: 'My safety quiz certificate',
    frequency: 'daily',
    action_type: 'certificate',
    cloud_preference: 'cloud',
    suppresstarget: CM.safetyQuiz,
    nextrun: 1_768_204_800, // 2026-01-12 08:00
  }),
  schedule({
    id: 9,
    reportid: 11,
    courseid: COURSE.safety,
    name: 'Old safety reminder (disabled)',
    frequency: 'daily',
    action_type: 'email',
    cloud_preference: 'auto',
    enabled: 0,
    lastrun: 1_767_225_600, // 2026-01-01 00:00
    nextrun: 1_767_312_000, // 2026-01-02 00:00
  }),
  schedule({
    id: 10,
    reportid: 14,
    courseid: COURSE.edge,
    name: 'Broken custom schedule (every 0 days)',
    frequency: 'custom',
    custom_interval: 0,
    action_type: 'email',
    cloud_preference: 'auto',
    nextrun: 1_768_204_800, // 2026-01-12 08:00
  }),
];
