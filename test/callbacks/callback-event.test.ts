/**
 * The callback body and the planner trigger's payload, pure: the id is stable per (type, job), times are ISO-8601
 * UTC, and the planner tells a webhook trigger from EventBridge's scheduled event.
 */
import { describe, expect, it } from 'vitest';
import { makeLambdaPlannerTrigger } from '#adapters/lambda/lambda-planner-trigger.js';
import { buildCallbackEvent, callbackIdFor } from '#domain/callback-event.js';
import { isPlannerTriggerPayload } from '#domain/planner-trigger.js';
import { plannedJob, SLOT } from '../dynamodb/fixtures.js';

describe('callback events', () => {
  it('carries the job view, a stable id and the next run, or null when none is known', () => {
    // Arrange
    const job = { ...plannedJob(4), status: 'delegated_local' as const, route: 'local' as const };

    // Act
    const withNext = buildCallbackEvent('run.delegated_local', job, SLOT + 86_400, SLOT + 30);
    const withoutNext = buildCallbackEvent('run.delegated_local', job, undefined, SLOT + 30);

    // Assert
    expect(withNext).toEqual({
      id: callbackIdFor('run.delegated_local', job.jobId),
      type: 'run.delegated_local',
      occurredAt: '2026-03-02T09:00:30Z',
      job: expect.objectContaining({ id: job.jobId, status: 'delegated_local', runSlot: '2026-03-02T09:00:00Z' }),
      schedule: { id: 4, nextRun: '2026-03-03T09:00:00Z' },
    });
    expect(withNext.id).toBe(`run.delegated_local:${job.jobId}`);
    expect(withoutNext.schedule).toEqual({ id: 4, nextRun: null });
  });
});

describe('the planner trigger', () => {
  it('invokes the planner asynchronously with a payload the planner recognises', async () => {
    // Arrange: the invoke itself is AWS's; the payload is what matters here (an in-memory stand-in records it).
    const invoked: { functionName: string; payload: string }[] = [];
    const trigger = makeLambdaPlannerTrigger({
      functionName: 'manireports-planner',
      invokeAsync: async (functionName, payload) => {
        invoked.push({ functionName, payload });
      },
    });

    // Act
    await trigger.trigger({ source: 'manireports.webhook', reason: 'run_now', scheduleId: 7, eventId: 'evt-1' });

    // Assert
    expect(invoked.map((call) => call.functionName)).toEqual(['manireports-planner']);
    expect(isPlannerTriggerPayload(JSON.parse(invoked[0]?.payload ?? 'null'))).toBe(true);
    expect(isPlannerTriggerPayload({ time: '2026-03-02T09:00:00Z', 'detail-type': 'Scheduled Event' })).toBe(false);
  });
});
