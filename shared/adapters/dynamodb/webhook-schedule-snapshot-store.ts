/**
 * The {@link ScheduleSnapshotStore} port on DynamoDB. A snapshot is written only if it happened later than the
 * stored one (or is the same event again), so deliveries arriving out of order settle on the newest state.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Schedule, ScheduleRecord } from '#domain/schedule.js';
import { validateSchedule } from '#domain/validate-schedule.js';
import type { RunRequest, ScheduleSnapshot, ScheduleSnapshotStore } from '#domain/webhook-schedule-snapshots.js';
import { callDynamo, namesIn, writeIf } from './conditional-write.js';
import { toDocumentClient } from './dynamo-client.js';
import { CorruptItemError } from './dynamo-errors.js';
import { type Item, optional, readBoolean, readNumber, readOptionalString, readString } from './item-fields.js';
import { RUN_REQUEST_PREFIX, SNAPSHOT_ENTRY } from './table-definitions.js';

export interface DynamoScheduleSnapshotStoreOptions {
  client: DynamoDBClient;
  tableName: string;
}

export function makeDynamoScheduleSnapshotStore(options: DynamoScheduleSnapshotStoreOptions): ScheduleSnapshotStore {
  const doc = toDocumentClient(options.client);
  const table = options.tableName;

  async function get(scheduleId: number): Promise<ScheduleSnapshot | undefined> {
    const output = await callDynamo('GetItem', table, () =>
      doc.send(new GetCommand({ TableName: table, Key: { scheduleId, entry: SNAPSHOT_ENTRY }, ConsistentRead: true })),
    );
    return output.Item === undefined ? undefined : itemToSnapshot(table, output.Item);
  }

  return {
    get,

    async save(snapshot) {
      const condition = 'attribute_not_exists(#scheduleId) OR #occurredAtMs < :occurredAtMs OR #eventId = :eventId';
      const put = await writeIf('PutItem', table, () =>
        doc.send(
          new PutCommand({
            TableName: table,
            Item: snapshotToItem(snapshot),
            ConditionExpression: condition,
            ExpressionAttributeNames: namesIn(condition),
            ExpressionAttributeValues: { ':occurredAtMs': snapshot.occurredAtMs, ':eventId': snapshot.eventId },
          }),
        ),
      );
      if (put !== undefined) return { saved: true };
      const current = await get(snapshot.scheduleId);
      if (current === undefined) throw new CorruptItemError(table, 'entry', SNAPSHOT_ENTRY);
      return { saved: false, current };
    },

    async requestRun(request) {
      const condition = 'attribute_not_exists(#entry)';
      const put = await writeIf('PutItem', table, () =>
        doc.send(
          new PutCommand({
            TableName: table,
            Item: { ...request, entry: `${RUN_REQUEST_PREFIX}${request.eventId}` },
            ConditionExpression: condition,
            ExpressionAttributeNames: namesIn(condition),
          }),
        ),
      );
      return put !== undefined;
    },

    async listRunRequests(scheduleId) {
      const output = await callDynamo('Query', table, () =>
        doc.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: '#scheduleId = :scheduleId AND begins_with(#entry, :prefix)',
            ExpressionAttributeNames: { '#scheduleId': 'scheduleId', '#entry': 'entry' },
            ExpressionAttributeValues: { ':scheduleId': scheduleId, ':prefix': RUN_REQUEST_PREFIX },
            ConsistentRead: true,
          }),
        ),
      );
      return (output.Items ?? []).map((item) => itemToRunRequest(table, item)).sort(byOccurrence);
    },

    async listPendingRunRequests() {
      // A Scan, on purpose: the table holds one snapshot per schedule plus the few pending requests, so reading it
      // once a tick costs less than a Query per schedule, and it also finds requests of schedules Moodle no longer
      // returns (which the planner drops).
      const requests: RunRequest[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const output = await callDynamo('Scan', table, () =>
          doc.send(
            new ScanCommand({
              TableName: table,
              FilterExpression: 'begins_with(#entry, :prefix)',
              ExpressionAttributeNames: { '#entry': 'entry' },
              ExpressionAttributeValues: { ':prefix': RUN_REQUEST_PREFIX },
              ConsistentRead: true,
              ExclusiveStartKey: start,
            }),
          ),
        );
        requests.push(...(output.Items ?? []).map((item) => itemToRunRequest(table, item)));
        start = output.LastEvaluatedKey;
      } while (start !== undefined);
      return requests.sort(byOccurrence);
    },

    async removeRunRequest(request) {
      await callDynamo('DeleteItem', table, () =>
        doc.send(
          new DeleteCommand({
            TableName: table,
            Key: { scheduleId: request.scheduleId, entry: `${RUN_REQUEST_PREFIX}${request.eventId}` },
          }),
        ),
      );
    },
  };
}

function itemToRunRequest(table: string, item: Item): RunRequest {
  return {
    scheduleId: readNumber(table, item, 'scheduleId'),
    eventId: readString(table, item, 'eventId'),
    occurredAtMs: readNumber(table, item, 'occurredAtMs'),
    requestedAt: readNumber(table, item, 'requestedAt'),
    expiresAt: readNumber(table, item, 'expiresAt'),
  };
}

function byOccurrence(a: RunRequest, b: RunRequest): number {
  return a.occurredAtMs - b.occurredAtMs || a.scheduleId - b.scheduleId;
}

function snapshotToItem(snapshot: ScheduleSnapshot): Item {
  return {
    scheduleId: snapshot.scheduleId,
    entry: SNAPSHOT_ENTRY,
    eventId: snapshot.eventId,
    occurredAtMs: snapshot.occurredAtMs,
    deleted: snapshot.deleted,
    updatedAt: snapshot.updatedAt,
    schedule: snapshot.schedule === undefined ? undefined : toRecord(snapshot.schedule),
    templateSubject: snapshot.template.subject,
    templateMessage: snapshot.template.message,
  };
}

function itemToSnapshot(table: string, item: Item): ScheduleSnapshot {
  const record = item.schedule;
  let schedule: Schedule | undefined;
  if (record !== undefined) {
    if (record === null || typeof record !== 'object') throw new CorruptItemError(table, 'schedule', record);
    try {
      // Stored as the row's fields and checked again on the way out, so a hand-edited item cannot slip through.
      schedule = validateSchedule(record as ScheduleRecord);
    } catch (error) {
      throw new CorruptItemError(table, 'schedule', error instanceof Error ? error.message : record);
    }
  }
  return {
    scheduleId: readNumber(table, item, 'scheduleId'),
    eventId: readString(table, item, 'eventId'),
    occurredAtMs: readNumber(table, item, 'occurredAtMs'),
    ...optional('schedule', schedule),
    template: {
      ...optional('subject', readOptionalString(table, item, 'templateSubject')),
      ...optional('message', readOptionalString(table, item, 'templateMessage')),
    },
    deleted: readBoolean(table, item, 'deleted'),
    updatedAt: readNumber(table, item, 'updatedAt'),
  };
}

function toRecord(schedule: Schedule): ScheduleRecord {
  const { recurrence, ...rest } = schedule;
  return {
    ...rest,
    frequency: recurrence.frequency,
    customInterval: recurrence.frequency === 'custom' ? recurrence.everyDays : 0,
  };
}
