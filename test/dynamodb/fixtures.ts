/**
 * Jobs for the DynamoDB tests, and a raw read of an item to see exactly what was stored (types included).
 */
import { type AttributeValue, type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { type CloudJob, emptyJobCounts, jobIdFor } from '#domain/cloud-job.js';

/** 2026-03-02T09:00:00Z, a slot the tests plan around. */
export const SLOT = 1_772_442_000;

/** A freshly planned cloud job for `scheduleId` at {@link SLOT}, with no lease and nothing fanned out. */
export function plannedJob(scheduleId: number, overrides: Partial<CloudJob> = {}): CloudJob {
  return {
    jobId: jobIdFor(scheduleId, SLOT),
    scheduleId,
    runSlot: SLOT,
    actionType: 'email',
    route: 'cloud',
    routeReason: 'auto_at_or_above_threshold',
    routeExplanation: 'auto: 73 eligible recipients ≥ threshold 50',
    status: 'planning',
    counts: emptyJobCounts(),
    fanout: { cursorUserId: 0, complete: false, leaseOwner: '', leaseUntil: 0 },
    createdAt: SLOT + 5,
    ...overrides,
  };
}

/** The item as DynamoDB holds it, in its wire form (`{ N: '12' }`, `{ S: 'x' }`). */
export async function readRawItem(
  client: DynamoDBClient,
  tableName: string,
  key: Record<string, AttributeValue>,
): Promise<Record<string, AttributeValue> | undefined> {
  const output = await client.send(new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return output.Item;
}
