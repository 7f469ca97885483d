/**
 * The use case against dynalite with the real stores: idempotency by event id, `occurredAt` ordering, run-now
 * requests, and cancellation of a schedule's in-progress job.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDynamoJobStore } from '#adapters/dynamodb/dynamo-job-store.js';
import { makeDynamoScheduleRunStateStore } from '#adapters/dynamodb/dynamo-schedule-run-state-store.js';
import { makeDynamoWebhookEventLedger } from '#adapters/dynamodb/webhook-event-ledger.js';
import { makeDynamoScheduleSnapshotStore } from '#adapters/dynamodb/webhook-schedule-snapshot-store.js';
import { type JobStatus, jobIdFor } from '#domain/cloud-job.js';
import type { JobStore } from '#domain/job-store.js';
import type { ScheduleRunStateStore } from '#domain/schedule-run-state.js';
import { WebhookPayloadError } from '#domain/webhook-errors.js';
import type { ScheduleEvent } from '#domain/webhook-event.js';
import type { WebhookEventLedger } from '#domain/webhook-event-ledger.js';
import { parseWebhookEvent } from '#domain/webhook-parse-event.js';
import type { ScheduleSnapshotStore } from '#domain/webhook-schedule-snapshots.js';
import { makeHandleScheduleEvent } from '#use-cases/handle-schedule-event.js';
import { plannedJob, SLOT } from '../dynamodb/fixtures.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb.js';
import { eventBody, NOW, scheduleRow } from './fixtures.js';

const RETENTION = 30 * 86_400;

let local: LocalDynamoDb;
let events: WebhookEventLedger;
let snapshots: ScheduleSnapshotStore;
let jobs: JobStore;
let runState: ScheduleRunStateStore;
let handle: ReturnType<typeof makeHandleScheduleEvent>;

beforeAll(async () => {
  local = await startLocalDynamoDb();
  events = makeDynamoWebhookEventLedger({ client: local.client, tableName: local.tables.webhookEvents });
  snapshots = makeDynamoScheduleSnapshotStore({ client: local.client, tableName: local.tables.scheduleSnapshots });
  jobs = makeDynamoJobStore({ client: local.client, tableName: local.tables.jobs });
  runState = makeDynamoScheduleRunStateStore({ client: local.client, tableName: local.tables.scheduleRuns });
  handle = makeHandleScheduleEvent({
    events,
    snapshots,
    jobs,
    runState,
    clock: () => NOW,
    retentionSeconds: RETENTION,
  });
});
afterAll(() => local.stop());

/** A parsed event for schedule `scheduleId`, as the webhook hands it over. */
function event(scheduleId: number, overrides: Record<string, unknown> = {}, row: Record<string, unknown> = {}) {
  const body = eventBody({ schedule: scheduleRow({ id: scheduleId, ...row }), ...overrides });
  return parseWebhookEvent(Buffer.from(JSON.stringify(body)));
}

/** A job for `scheduleId` in `status`, recorded as the schedule's last job. */
async function lastJobIn(scheduleId: number, status: JobStatus): Promise<string> {
  const job = plannedJob(scheduleId);
  await jobs.claimRun(job);
  if (status !== 'planning') await jobs.transition(job.jobId, 'planning', status, SLOT + 10);
  await runState.save({
    scheduleId,
    lastRunSlot: SLOT,
    nextRun: SLOT + 7 * 86_400,
    lastJobId: job.jobId,
    updatedAt: SLOT,
  });
  return job.jobId;
}

describe('handling a schedule event', () => {
  it('stores the schedule and its templates, then answers a redelivery as a duplicate', async () => {
    // Arrange
    const update = event(101, { id: 'evt-101-a' }, { subject: 'Due soon', message: 'Hello {firstname}' });

    // Act
    const first = await handle(update);
    const again = await handle(update);

    // Assert
    expect(first).toEqual({
      status: 'accepted',
      eventId: 'evt-101-a',
      scheduleId: 101,
      applied: true,
      runRequested: false,
    });
    expect(again).toEqual({ status: 'duplicate', eventId: 'evt-101-a' });
    const stored = await snapshots.get(101);
    expect(stored).toMatchObject({
      eventId: 'evt-101-a',
      deleted: false,
      template: { subject: 'Due soon', message: 'Hello {firstname}' },
    });
    expect(stored?.schedule).toMatchObject({ id: 101, recurrence: { frequency: 'weekly' }, actionType: 'email' });
  });

  it('keeps the newer snapshot when an older event arrives late', async () => {
    // Arrange
    const newer = event(102, { id: 'evt-102-new', occurredAt: '2026-03-02T08:59:00Z' }, { name: 'Newer name' });
    const older = event(102, { id: 'evt-102-old', occurredAt: '2026-03-02T08:58:59.999Z' }, { name: 'Older name' });
    await handle(newer);

    // Act
    const late = await handle(older);

    // Assert
    expect(late).toMatchObject({ status: 'accepted', applied: false });
    expect((await snapshots.get(102))?.schedule?.name).toBe('Newer name');
  });

  it('keeps the first of two events with the same occurredAt', async () => {
    // Arrange
    await handle(event(111, { id: 'evt-111-a', occurredAt: '2026-03-02T08:59:00Z' }, { name: 'First' }));

    // Act
    const tie = await handle(event(111, { id: 'evt-111-b', occurredAt: '2026-03-02T08:59:00Z' }, { name: 'Second' }));

    // Assert
    expect(tie).toMatchObject({ status: 'accepted', applied: false });
    expect((await snapshots.get(111))?.schedule?.name).toBe('First');
  });

  it('cancels the last job of a schedule disabled in Moodle, whether it is running or still planning', async () => {
    // Arrange
    const running = await lastJobIn(103, 'running');
    const planning = await lastJobIn(104, 'planning');

    // Act
    const first = await handle(event(103, { id: 'evt-103' }, { enabled: 0 }));
    const second = await handle(event(104, { id: 'evt-104' }, { enabled: 0 }));

    // Assert
    expect(first).toMatchObject({ status: 'accepted', cancelledJobId: running });
    expect(second).toMatchObject({ status: 'accepted', cancelledJobId: planning });
    const [job103, job104] = await Promise.all([jobs.getJob(running), jobs.getJob(planning)]);
    expect(job103).toMatchObject({ status: 'cancelled', completedAt: NOW });
    expect(job103?.lastError).toContain('schedule disabled in Moodle');
    expect(job104?.status).toBe('cancelled');
  });

  it('cancels on delete (id only), leaves a tombstone, and a late update does not bring the schedule back', async () => {
    // Arrange
    const jobId = await lastJobIn(105, 'running');
    const deleted = event(105, { id: 'evt-105-del', type: 'schedule.deleted', schedule: { id: 105 } });
    const lateUpdate = event(105, { id: 'evt-105-upd', occurredAt: '2026-03-02T08:00:00Z' });

    // Act
    const result = await handle(deleted);
    const late = await handle(lateUpdate);

    // Assert
    expect(result).toMatchObject({ status: 'accepted', applied: true, cancelledJobId: jobId });
    expect(late).toMatchObject({ applied: false });
    expect(await snapshots.get(105)).toMatchObject({ deleted: true, eventId: 'evt-105-del' });
    expect((await jobs.getJob(jobId))?.status).toBe('cancelled');
  });

  it('leaves a finished job alone, and a late "disable" does not cancel a schedule enabled since', async () => {
    // Arrange
    const finished = await lastJobIn(106, 'completed');
    const running = await lastJobIn(107, 'running');
    await handle(event(107, { id: 'evt-107-on', occurredAt: '2026-03-02T08:59:00Z' }, { enabled: 1 }));

    // Act
    const onFinished = await handle(event(106, { id: 'evt-106' }, { enabled: 0 }));
    const lateDisable = await handle(
      event(107, { id: 'evt-107-off', occurredAt: '2026-03-02T08:30:00Z' }, { enabled: 0 }),
    );

    // Assert
    expect(onFinished).not.toHaveProperty('cancelledJobId');
    expect((await jobs.getJob(finished))?.status).toBe('completed');
    expect(lateDisable).toMatchObject({ applied: false });
    expect((await jobs.getJob(running))?.status).toBe('running');
  });

  it('records one run request per run-now event, even when two deliveries race', async () => {
    // Arrange
    const runNow = event(108, { id: 'evt-108-run', type: 'schedule.run_now' });

    // Act
    const results = await Promise.all([handle(runNow), handle(runNow)]);

    // Assert
    expect(results.map((r) => r.status).sort()).toEqual(['accepted', 'duplicate']);
    const requests = await snapshots.listRunRequests(108);
    expect(requests).toEqual([
      {
        scheduleId: 108,
        eventId: 'evt-108-run',
        occurredAtMs: Date.parse('2026-03-02T08:59:30Z'),
        requestedAt: NOW,
        expiresAt: NOW + RETENTION,
      },
    ]);
  });

  it('records no run request for a schedule deleted since', async () => {
    // Arrange
    await handle(
      event(109, {
        id: 'evt-109-del',
        type: 'schedule.deleted',
        occurredAt: '2026-03-02T09:00:00Z',
        schedule: { id: 109 },
      }),
    );
    const lateRun: ScheduleEvent = event(109, { id: 'evt-109-run', type: 'schedule.run_now' });

    // Act
    const result = await handle(lateRun);

    // Assert
    expect(result).toMatchObject({ status: 'accepted', applied: false, runRequested: false });
    expect(await snapshots.listRunRequests(109)).toEqual([]);
  });

  it('changes nothing the second time: a redelivered disable after the job was re-run does not cancel it', async () => {
    // Arrange: the disable cancels job A; the schedule is enabled again and a new job B runs.
    const jobA = await lastJobIn(110, 'running');
    const disable = event(110, { id: 'evt-110-off', occurredAt: '2026-03-02T08:00:00Z' }, { enabled: 0 });
    await handle(disable);
    await handle(event(110, { id: 'evt-110-on', occurredAt: '2026-03-02T08:10:00Z' }, { enabled: 1 }));
    const jobB = plannedJob(110, { jobId: 'schedule-110-slot-next', status: 'running' });
    await jobs.claimRun(jobB);
    await runState.save(
      { scheduleId: 110, lastRunSlot: SLOT + 1, nextRun: SLOT + 2, lastJobId: jobB.jobId, updatedAt: SLOT },
      SLOT,
    );

    // Act
    const redelivered = await handle(disable);

    // Assert
    expect(redelivered).toEqual({ status: 'duplicate', eventId: 'evt-110-off' });
    expect((await jobs.getJob(jobA))?.status).toBe('cancelled');
    expect((await jobs.getJob(jobB.jobId))?.status).toBe('running');
    expect(await events.has('evt-110-off')).toBe(true);
  });

  it('refuses a template with an unknown placeholder before storing anything (422 at the route)', async () => {
    // Arrange
    const bad = event(131, { id: 'evt-131-a' }, { subject: 'Hello {firstname}', message: 'See {gradebook}' });

    // Act
    const result = handle(bad);

    // Assert
    await expect(result).rejects.toMatchObject({
      code: 'invalid_format',
      field: 'schedule.message',
      problem: expect.stringContaining('unknown placeholder {gradebook}'),
    });
    await expect(result).rejects.toBeInstanceOf(WebhookPayloadError);
    expect(await snapshots.get(131)).toBeUndefined();
    expect(await events.has('evt-131-a')).toBe(false);
  });

  it('cancels a pending run-now job with the last job when the schedule is disabled', async () => {
    // Arrange: the regular job runs, and a run-now request's job has started too.
    const lastJob = await lastJobIn(132, 'running');
    const runNow = event(132, { id: 'evt-132-run', type: 'schedule.run_now', occurredAt: '2026-03-02T08:50:00Z' });
    await handle(runNow);
    const runNowJob = plannedJob(132, { jobId: jobIdFor(132, Date.parse('2026-03-02T08:50:00Z') / 1000) });
    await jobs.claimRun({ ...runNowJob, status: 'running' });

    // Act
    const result = await handle(event(132, { id: 'evt-132-off', occurredAt: '2026-03-02T08:55:00Z' }, { enabled: 0 }));

    // Assert
    expect(result).toMatchObject({ status: 'accepted', cancelledJobId: lastJob });
    expect((await jobs.getJob(lastJob))?.status).toBe('cancelled');
    expect((await jobs.getJob(runNowJob.jobId))?.status).toBe('cancelled');
  });
});
