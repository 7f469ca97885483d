/**
 * The port that keeps what Moodle last told the cloud about each schedule (its row, its email templates, whether
 * it was deleted) and the run-now requests it sent. Saves are ordered by the event's `occurredAt`, so an event that
 * arrives late never overwrites a newer one. The planner copies a schedule's templates into each job it claims, and
 * starts a run for each request (docs/pipeline-design.md, "Run now").
 */
import type { Schedule } from './schedule.js';
import type { ScheduleTemplate } from './webhook-event.js';

/** The latest known state of one schedule. */
export interface ScheduleSnapshot {
  scheduleId: number;
  /** The event that set this state, and when it happened in Moodle (epoch milliseconds). */
  eventId: string;
  occurredAtMs: number;
  /** Absent once deleted (a tombstone: it keeps later-arriving older events from bringing the schedule back). */
  schedule?: Schedule;
  template: ScheduleTemplate;
  deleted: boolean;
  /** Epoch seconds. */
  updatedAt: number;
}

export type SaveSnapshotResult = { saved: true } | { saved: false; current: ScheduleSnapshot };

/** A `schedule.run_now` request, kept until the planner starts the run. */
export interface RunRequest {
  scheduleId: number;
  eventId: string;
  occurredAtMs: number;
  /** Epoch seconds. */
  requestedAt: number;
  /** Epoch seconds after which an unhandled request is dropped. */
  expiresAt: number;
}

export interface ScheduleSnapshotStore {
  get(scheduleId: number): Promise<ScheduleSnapshot | undefined>;
  /**
   * Saves `snapshot` when there is none yet, when the stored one happened earlier, or when it was set by the same
   * event (a redelivery rewrites the same state). Otherwise returns the stored, newer one.
   */
  save(snapshot: ScheduleSnapshot): Promise<SaveSnapshotResult>;
  /** Records a run request once per event id; false when that event's request is already there. */
  requestRun(request: RunRequest): Promise<boolean>;
  /** The schedule's pending run requests, oldest first. */
  listRunRequests(scheduleId: number): Promise<RunRequest[]>;
  /** Every schedule's pending run requests, oldest first (the planner's tick reads them all at once). */
  listPendingRunRequests(): Promise<RunRequest[]>;
  /** Removes a handled (or dropped) request; removing one already gone is not an error. */
  removeRunRequest(request: Pick<RunRequest, 'scheduleId' | 'eventId'>): Promise<void>;
}

/**
 * The run slot of a run-now request: when Moodle asked (`occurredAt`, whole seconds). A redelivery of the event
 * carries the same `occurredAt`, so a request stored again after a half-failed delivery maps to the same job id
 * (`jobIdFor(scheduleId, slot)`) and the run is still claimed once.
 */
export function runSlotOfRequest(request: Pick<RunRequest, 'occurredAtMs'>): number {
  return Math.floor(request.occurredAtMs / 1000);
}
