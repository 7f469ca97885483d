/**
 * Moments the pipeline tests tick at, and the demo slots due then, from the schedule rows in
 * shared/adapters/moodle-demo/demo-schedules.ts (site zone Europe/London, which is UTC in January and February).
 */

/** Monday 2026-01-12 08:30 UTC: weekly schedules 2 and 7 are due for their 08:00 slot. */
export const MONDAY_12_0830 = 1_768_206_600;
/** 2026-01-12 08:00 UTC. */
export const SLOT_12_0800 = 1_768_204_800;

/** Thursday 2026-01-15 17:30 UTC: schedule 4 (every 3 days from 15 Jan 17:00) is due for its first slot. */
export const THURSDAY_15_1730 = 1_768_498_200;
/** 2026-01-15 17:00 UTC. */
export const SLOT_15_1700 = 1_768_496_400;

/**
 * Monday 2026-01-19 06:30 UTC: schedules 5 and 6 (anchored at 06:00 that day) are due; so are 1 and 8 (daily 08:00,
 * for 18 Jan), 2 and 7 (weekly 08:00, for 12 Jan: 19 Jan 08:00 is still ahead) and 4 (every 3 days, for 18 Jan 17:00).
 */
export const MONDAY_19_0630 = 1_768_804_200;
/** 2026-01-19 06:00 UTC. */
export const SLOT_19_0600 = 1_768_802_400;
/** 2026-01-18 08:00 UTC. */
export const SLOT_18_0800 = 1_768_723_200;
/** 2026-01-18 17:00 UTC. */
export const SLOT_18_1700 = 1_768_755_600;

/** Sunday 2026-02-01 08:00 UTC: monthly schedule 3 (anchored 1 Feb 07:30) is due. */
export const FEBRUARY_1_0800 = 1_769_932_800;
/** 2026-02-01 07:30 UTC. */
export const SLOT_FEB_1_0730 = 1_769_931_000;
