/**
 * Applies one schedule-change event from Moodle, at most once per event id:
 * - every event saves the schedule's latest snapshot (row + templates, or a tombstone), ordered by `occurredAt`;
 * - `schedule.deleted`, or a schedule now `enabled = 0`, cancels its last job and its pending run-now jobs while
 *   they are still in progress (the workers then skip their unsent recipients), and tells Moodle each one ended;
 * - `schedule.run_now` records a run request and triggers the planner, which starts the run at once (or at its
 *   next tick, if the trigger is lost);
 * - a template with an unknown placeholder is refused (422), so a run never fails on it later.
 * An event older than the stored snapshot changes no snapshot and cancels nothing. Each effect is idempotent on its
 * own and the event id is recorded last, so a delivery that failed halfway is simply applied again on retry.
 */
import { type JobStatus, jobIdFor } from '#domain/cloud-job.js';
import { validateScheduleTemplate } from '#domain/email-template.js';
import { ValidationError } from '#domain/errors.js';
import type { JobStore } from '#domain/job-store.js';
import type { PlannerTrigger } from '#domain/planner-trigger.js';
import type { ActionType } from '#domain/schedule.js';
import type { ScheduleRunStateStore } from '#domain/schedule-run-state.js';
import { WebhookPayloadError } from '#domain/webhook-errors.js';
import { type ScheduleEvent, type ScheduleTemplate, scheduleIdOf } from '#domain/webhook-event.js';
import type { WebhookEventLedger } from '#domain/webhook-event-ledger.js';
import {
  runSlotOfRequest,
  type ScheduleSnapshot,
  type ScheduleSnapshotStore,
} from '#domain/webhook-schedule-snapshots.js';
import type { JobCallbacks } from './job-callbacks.js';

export interface HandleScheduleEventDependencies {
  events: WebhookEventLedger;
  snapshots: ScheduleSnapshotStore;
  runState: ScheduleRunStateStore;
  jobs: JobStore;
  /** Epoch seconds. */
  clock: () => number;
  /** How long an event id is remembered (and an unhandled run request kept), in seconds. */
  retentionSeconds: number;
  /** Starts the planner at once after a run request. @default none: the next tick picks the request up */
  trigger?: PlannerTrigger;
  /** Told when the trigger failed; the request is stored and the next tick runs it, so the event still succeeds. */
  onTriggerFailed?: (scheduleId: number, error: unknown) => void;
  /** Tells Moodle about each job a cancellation ended. @default no callbacks */
  callbacks?: JobCallbacks;
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
      /** The schedule's last job, when this event cancelled it. */
      cancelledJobId?: string;
      runRequested: boolean;
    };

/** Job statuses whose unsent work a cancellation stops; later ones are final or already sending nothing new. */
const CANCELLABLE: readonly JobStatus[] = ['planning', 'queued', 'running'];

export function makeHandleScheduleEvent(deps: HandleScheduleEventDependencies) {
  const { events, snapshots, runState, jobs, clock, retentionSeconds } = deps;

  return async function handleScheduleEvent(event: ScheduleEvent): Promise<ScheduleEventResult> {
    if (event.type !== 'schedule.deleted') checkTemplate(event.schedule.actionType, event.template);
    if (await events.has(event.id)) return { status: 'duplicate', eventId: event.id };
    const now = clock();
    const scheduleId = scheduleIdOf(event);

    const saved = await snapshots.save(toSnapshot(event, now));
    const applied = saved.saved;
    const stopsWork = event.type === 'schedule.deleted' || !event.schedule.enabled;
    const cancelledJobId = applied && stopsWork ? await cancelWork(scheduleId, event, now) : undefined;
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
    if (runRequested) await triggerPlanner(scheduleId, event.id);
    return {
      status: 'accepted',
      eventId: event.id,
      scheduleId,
      applied,
      ...(cancelledJobId === undefined ? {} : { cancelledJobId }),
      runRequested,
    };
  };

  /** Cancels the last job and every pending run-now job; returns the last job's id when it was cancelled. */
  async function cancelWork(scheduleId: number, event: ScheduleEvent, now: number): Promise<string | undefined> {
    const reason = event.type === 'schedule.deleted' ? 'schedule deleted in Moodle' : 'schedule disabled in Moodle';
    const lastError = `${reason} (event ${event.id})`;
    const lastJobId = (await runState.get(scheduleId))?.lastJobId;
    const runNowJobs = (await snapshots.listRunRequests(scheduleId)).map((request) =>
      jobIdFor(scheduleId, runSlotOfRequest(request)),
    );
    let cancelledLast: string | undefined;
    for (const jobId of new Set([...(lastJobId ? [lastJobId] : []), ...runNowJobs])) {
      if ((await cancelJob(jobId, now, lastError)) && jobId === lastJobId) cancelledLast = jobId;
    }
    return cancelledLast;
  }

  async function cancelJob(jobId: string, now: number, lastError: string): Promise<boolean> {
    for (const from of CANCELLABLE) {
      // Conditional on `from`: a job that moved on (or was already cancelled by a redelivery) is left alone, and
      // only the caller whose transition landed tells Moodle.
      if (await jobs.transition(jobId, from, 'cancelled', now, lastError)) {
        await deps.callbacks?.jobFinished(jobId);
        return true;
      }
    }
    return false;
  }

  async function triggerPlanner(scheduleId: number, eventId: string): Promise<void> {
    try {
      await deps.trigger?.trigger({ source: 'manireports.webhook', reason: 'run_now', scheduleId, eventId });
    } catch (error) {
      deps.onTriggerFailed?.(scheduleId, error);
    }
  }
}

/** @throws WebhookPayloadError (422) naming `schedule.subject` or `schedule.message` and the unknown placeholder. */
function checkTemplate(actionType: ActionType, template: ScheduleTemplate): void {
  try {
    validateScheduleTemplate(actionType, template);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new WebhookPayloadError('invalid_format', `schedule.${error.field}`, error.value, error.problem, {
      cause: error,
    });
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
