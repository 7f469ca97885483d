/**
 * The planner's own memory of each schedule: which run slot it last ran and when the next one is due. Seeded from
 * Moodle's `lastrun`/`nextrun` the first time; after that the cloud owns it, so Moodle need not be written to.
 */

/** One schedule's run state. Times are epoch seconds. */
export interface ScheduleRunState {
  scheduleId: number;
  /** The slot of the last run the planner claimed (0 when seeded from a schedule that never ran). */
  lastRunSlot: number;
  nextRun: number;
  /** The job of the last run, when the planner made one. */
  lastJobId?: string;
  updatedAt: number;
}

/**
 * Keeps {@link ScheduleRunState}. Saves are conditional so two planners racing each other cannot move a schedule's
 * state backwards (to an earlier `lastRunSlot`) or overwrite a save they did not see.
 */
export interface ScheduleRunStateStore {
  get(scheduleId: number): Promise<ScheduleRunState | undefined>;
  /**
   * Saves `state`. With `expectedLastSlot`, only while the stored `lastRunSlot` is still that value (compare and
   * set); without it, only when there is no state yet or the stored slot is not later than `state.lastRunSlot`.
   * Either way a save never moves `lastRunSlot` backwards. Returns false when the condition did not hold.
   */
  save(state: ScheduleRunState, expectedLastSlot?: number): Promise<boolean>;
}
