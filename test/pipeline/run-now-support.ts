/**
 * The webhook's use case wired on a test pipeline's tables, and run-now events for demo schedules: the tests play
 * Moodle posting `schedule.run_now` (parsed exactly as the webhook route parses it).
 */
import { makeDynamoWebhookEventLedger } from '#adapters/dynamodb/webhook-event-ledger.js';
import type { PlannerTrigger } from '#domain/planner-trigger.js';
import { parseWebhookEvent } from '#domain/webhook-parse-event.js';
import { type HandleScheduleEventDependencies, makeHandleScheduleEvent } from '#use-cases/handle-schedule-event.js';
import { makeJobCallbacks } from '#use-cases/job-callbacks.js';
import { eventBody, scheduleRow } from '../webhook/fixtures.js';
import type { Pipeline, PipelineServers } from './harness.js';

/** The webhook use case on `p`'s tables (callbacks into `p`'s outbox). */
export function webhookOn(
  servers: PipelineServers,
  p: Pipeline,
  clock: () => number,
  options: Pick<HandleScheduleEventDependencies, 'trigger' | 'onTriggerFailed'> = {},
) {
  return makeHandleScheduleEvent({
    events: makeDynamoWebhookEventLedger({ client: servers.dynamo.client, tableName: p.tables.webhookEvents }),
    snapshots: p.snapshots,
    runState: p.runState,
    jobs: p.jobs,
    clock,
    retentionSeconds: 30 * 86_400,
    callbacks: makeJobCallbacks({ outbox: p.outbox, jobs: p.jobs, runState: p.runState, clock }),
    ...options,
  });
}

/** A parsed event of `type` for demo schedule `scheduleId`, with `columns` over the row (templates, enabled). */
export function scheduleEvent(
  type: 'schedule.run_now' | 'schedule.updated',
  scheduleId: number,
  id: string,
  occurredAt: string,
  columns: Record<string, unknown> = {},
) {
  const body = eventBody({ id, type, occurredAt, schedule: scheduleRow({ id: scheduleId, ...columns }) });
  return parseWebhookEvent(Buffer.from(JSON.stringify(body)));
}

/** A trigger that records each call and then fails, as a Lambda invoke would when the service is down. */
export function failingTrigger(): PlannerTrigger & { calls: number } {
  const trigger = {
    calls: 0,
    async trigger() {
      trigger.calls += 1;
      throw new Error('Lambda Invoke failed: ServiceUnavailable');
    },
  };
  return trigger;
}
