/**
 * The {@link ScheduleRunStateStore} port on DynamoDB: one item per schedule, saved with a condition so that a
 * planner holding an old read cannot move the schedule back to an earlier run slot.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ScheduleRunState, ScheduleRunStateStore } from '#domain/schedule-run-state.js';
import { callDynamo, namesIn, writeIf } from './conditional-write.js';
import { toDocumentClient } from './dynamo-client.js';
import { optional, readNumber, readOptionalString } from './item-fields.js';

/** Where the run states live. */
export interface DynamoScheduleRunStateStoreOptions {
  /** Shared client from {@link createDynamoClient}. */
  client: DynamoDBClient;
  tableName: string;
}

/** Creates a {@link ScheduleRunStateStore} on the schedule runs table. */
export function makeDynamoScheduleRunStateStore(options: DynamoScheduleRunStateStoreOptions): ScheduleRunStateStore {
  const doc = toDocumentClient(options.client);
  const table = options.tableName;

  return {
    async get(scheduleId) {
      const output = await callDynamo('GetItem', table, () =>
        doc.send(new GetCommand({ TableName: table, Key: { scheduleId }, ConsistentRead: true })),
      );
      const item = output.Item;
      if (item === undefined) return undefined;
      return {
        scheduleId: readNumber(table, item, 'scheduleId'),
        lastRunSlot: readNumber(table, item, 'lastRunSlot'),
        nextRun: readNumber(table, item, 'nextRun'),
        ...optional('lastJobId', readOptionalString(table, item, 'lastJobId')),
        updatedAt: readNumber(table, item, 'updatedAt'),
      };
    },

    async save(state: ScheduleRunState, expectedLastSlot?: number) {
      // Compare-and-set on the slot the caller read; without one, a first save or any save that does not go back.
      // Both also refuse to go back, so a caller's own mistake cannot rewind a schedule either.
      const condition =
        expectedLastSlot === undefined
          ? 'attribute_not_exists(#scheduleId) OR #lastRunSlot <= :slot'
          : '#lastRunSlot = :expected AND #lastRunSlot <= :slot';
      const put = await writeIf('PutItem', table, () =>
        doc.send(
          new PutCommand({
            TableName: table,
            Item: {
              scheduleId: state.scheduleId,
              lastRunSlot: state.lastRunSlot,
              nextRun: state.nextRun,
              lastJobId: state.lastJobId,
              updatedAt: state.updatedAt,
            },
            ConditionExpression: condition,
            ExpressionAttributeNames: namesIn(condition),
            ExpressionAttributeValues: {
              ':slot': state.lastRunSlot,
              ...(expectedLastSlot === undefined ? {} : { ':expected': expectedLastSlot }),
            },
          }),
        ),
      );
      return put !== undefined;
    },
  };
}
