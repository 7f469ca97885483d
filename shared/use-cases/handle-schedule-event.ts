/**
 * Applies one schedule-change event from Moodle, at most once per event id:
 * - every event saves the schedule's latest snapshot (row + templates, or a tombstone), ordered by `occurredAt`;
 * - `schedule.deleted`, or a schedule now `enabled = 0`, cancels its last job while it is still in progress (the
 *   workers then skip its unsent recipients);
 * - `schedule.run_now` records a run request for the planner (starting the run from it is a planner follow-up).
 * An event older than the stored snapshot changes no snapshot and cancels nothing. Each effect is idempotent on its
 * own and the event id is recorded last, so a delivery that failed halfway is simply applied again on retry.
 */
import type { JobStatus } from '#domain/cloud-job.js';
import type { JobStore } from '#domain/job-store.js';
import type { ScheduleRunStateStore } from '#domain/schedule-run-state.js';
import { type ScheduleEvent, scheduleIdOf } from '#domain/webhook-event.js';
import type { WebhookEventLedger } from '#domain/webhook-event-ledger.js';
import type { ScheduleSnapshot, ScheduleSnapshotStore } from '#domain/webhook-schedule-snapshots.js';

export interface HandleScheduleEventDependencies {
  events: WebhookEventLedger;
  snapshots: ScheduleSnapshotStore;
  runState: ScheduleRunStateStore;
  jobs: JobStore;
  /** Epoch seconds. */
  clock: () => number;
  /** How long an event id is remembered (and an unhandled run request kept), in seconds. */
  retentionSeconds: number;
}

/** What an event did. */
export type ScheduleEventResult =
  | { status: 'duplicate'; eventId: string }
  | {
      status: 'accepted';
      eventId: string;
      scheduleId: number;
      /** False when a newer event for the schedule was already stored (this one arrived late). */
      applied: boolean;
      /** The job cancelled, if any. */
      cancelledJobId?: string;
      runRequested: boolean;
    };

/** Job statuses whose unsent work a cancellation stops; later ones are final or already sending nothing new. */
const CANCELLABLE: readonly JobStatus[] = ['planning', 'queued', 'running'];

export function makeHandleScheduleEvent(deps: HandleScheduleEventDependencies) {
  const { events, snapshots, runState, jobs, clock, retentionSeconds } = deps;

  return async function handleScheduleEvent(event: ScheduleEvent): Promise<ScheduleEventResult> {
    if (await events.has(event.id)) return { status: 'duplicate', eventId: event.id };
    const now = clock();
    const scheduleId = scheduleIdOf(event);

    const saved = await snapshots.save(toSnapshot(event, now));
    const applied = saved.saved;
    const stopsWork = event.type === 'schedule.deleted' || !event.schedule.enabled;
    const cancelledJobId = applied && stopsWork ? await cancelLastJob(scheduleId, event, now) : undefined;
    // A late run-now for a schedule already deleted has nothing to run.
    const deletedSince = !saved.saved && saved.current.deleted;
    const runRequested =
      event.type === 'schedule.run_now' && !deletedSince
        ? await snapshots.requestRun({
            scheduleId,
            eventId: event.id,
            occurredAtMs: event.occurredAtMs,
            requestedAt: now,
            expiresAt: now + retentionSeconds,
          })
        : false;

    const outcome = [
      applied ? 'applied' : 'stale',
      cancelledJobId && `cancelled:${cancelledJobId}`,
      runRequested && 'run_requested',
    ]
      .filter(Boolean)
      .join(' ');
    const first = await events.recordOnce({
      eventId: event.id,
      type: event.type,
      scheduleId,
      occurredAtMs: event.occurredAtMs,
      receivedAt: now,
      outcome,
      expiresAt: now + retentionSeconds,
    });
    if (!first) return { status: 'duplicate', eventId: event.id };
    return {
      status: 'accepted',
      eventId: event.id,
      scheduleId,
      applied,
      ...(cancelledJobId === undefined ? {} : { cancelledJobId }),
      runRequested,
    };
  };

  async function cancelLastJob(scheduleId: number, event: ScheduleEvent, now: number): Promise<string | undefined> {
    const jobId = (await runState.get(scheduleId))?.lastJobId;
    if (jobId === undefined) return undefined;
    const reason = event.type === 'schedule.deleted' ? 'schedule deleted in Moodle' : 'schedule disabled in Moodle';
    for (const from of CANCELLABLE) {
      // Conditional on `from`: a job that moved on (or was already cancelled by a redelivery) is left alone.
      if (await jobs.transition(jobId, from, 'cancelled', now, `${reason} (event ${event.id})`)) return jobId;
    }
    return undefined;
  }
}

function toSnapshot(event: ScheduleEvent, now: number): ScheduleSnapshot {
  const common = { eventId: event.id, occurredAtMs: event.occurredAtMs, updatedAt: now };
  if (event.type === 'schedule.deleted') {
    return { ...common, scheduleId: event.scheduleId, template: {}, deleted: true };
  }
  return {
    ...common,
    scheduleId: event.schedule.id,
    schedule: event.schedule,
    template: event.template,
    deleted: false,
  };
}
