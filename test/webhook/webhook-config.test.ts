/** The webhook's cold-start config: which secrets it accepts, and a clear refusal of a missing or weak one. */
import { describe, expect, it } from 'vitest';
import { toCreateTableInput } from '#adapters/dynamodb/create-tables.js';
import { SCHEDULE_SNAPSHOTS_TABLE, WEBHOOK_EVENTS_TABLE } from '#adapters/dynamodb/table-definitions.js';
import { ValidationError } from '#domain/errors.js';
import { loadWebhookDependencies } from '../../lambdas/webhook/config.js';
import { PREVIOUS_SECRET, SECRET } from './fixtures.js';

const BASE = {
  AWS_REGION: 'eu-west-1',
  MANIREPORTS_JOBS_TABLE: 'jobs',
  MANIREPORTS_RECIPIENTS_TABLE: 'recipients',
  MANIREPORTS_SCHEDULE_RUNS_TABLE: 'schedule-runs',
  MANIREPORTS_WEBHOOK_EVENTS_TABLE: 'webhook-events',
  MANIREPORTS_SCHEDULE_SNAPSHOTS_TABLE: 'schedule-snapshots',
  MANIREPORTS_WEBHOOK_SECRET: SECRET,
};

async function refusal(env: Record<string, string | undefined>) {
  try {
    await loadWebhookDependencies(env);
    return undefined;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { field: error.field, value: error.value };
  }
}

describe('webhook config', () => {
  it('accepts the current secret alone, or with the previous one during a rotation', async () => {
    // Act
    const alone = await loadWebhookDependencies(BASE);
    const emptyPrevious = await loadWebhookDependencies({ ...BASE, MANIREPORTS_WEBHOOK_SECRET_PREVIOUS: '' });
    const rotating = await loadWebhookDependencies({ ...BASE, MANIREPORTS_WEBHOOK_SECRET_PREVIOUS: PREVIOUS_SECRET });

    // Assert
    expect(alone.secrets).toEqual([SECRET]);
    expect(emptyPrevious.secrets).toEqual([SECRET]);
    expect(rotating.secrets).toEqual([SECRET, PREVIOUS_SECRET]);
    expect(alone.retentionSeconds).toBe(30 * 86_400);
  });

  it('names a missing or short secret without echoing it, and a missing table', async () => {
    // Act / Assert
    expect(await refusal({ ...BASE, MANIREPORTS_WEBHOOK_SECRET: undefined })).toEqual({
      field: 'MANIREPORTS_WEBHOOK_SECRET',
      value: undefined,
    });
    expect(await refusal({ ...BASE, MANIREPORTS_WEBHOOK_SECRET: 'short' })).toEqual({
      field: 'MANIREPORTS_WEBHOOK_SECRET',
      value: '(hidden)',
    });
    expect(await refusal({ ...BASE, MANIREPORTS_WEBHOOK_SECRET_PREVIOUS: 'short' })).toEqual({
      field: 'MANIREPORTS_WEBHOOK_SECRET_PREVIOUS',
      value: '(hidden)',
    });
    expect((await refusal({ ...BASE, MANIREPORTS_WEBHOOK_EVENTS_TABLE: undefined }))?.field).toBe(
      'MANIREPORTS_WEBHOOK_EVENTS_TABLE',
    );
  });

  it('defines the webhook tables by their keys and TTL attribute', () => {
    // Act
    const events = toCreateTableInput('webhook-events', WEBHOOK_EVENTS_TABLE);
    const snapshots = toCreateTableInput('schedule-snapshots', SCHEDULE_SNAPSHOTS_TABLE);

    // Assert
    expect(events.KeySchema).toEqual([{ AttributeName: 'eventId', KeyType: 'HASH' }]);
    expect(WEBHOOK_EVENTS_TABLE.timeToLiveAttribute).toBe('expiresAt');
    expect(snapshots.KeySchema).toEqual([
      { AttributeName: 'scheduleId', KeyType: 'HASH' },
      { AttributeName: 'entry', KeyType: 'RANGE' },
    ]);
    expect(snapshots.AttributeDefinitions).toEqual([
      { AttributeName: 'scheduleId', AttributeType: 'N' },
      { AttributeName: 'entry', AttributeType: 'S' },
    ]);
  });
});
