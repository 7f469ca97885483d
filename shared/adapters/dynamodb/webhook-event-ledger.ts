/** The {@link WebhookEventLedger} port on DynamoDB: one item per event id, written with a conditional put. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { WebhookEventLedger } from '#domain/webhook-event-ledger.js';
import { callDynamo, namesIn, writeIf } from './conditional-write.js';
import { toDocumentClient } from './dynamo-client.js';

export interface DynamoWebhookEventLedgerOptions {
  client: DynamoDBClient;
  tableName: string;
}

export function makeDynamoWebhookEventLedger(options: DynamoWebhookEventLedgerOptions): WebhookEventLedger {
  const doc = toDocumentClient(options.client);
  const table = options.tableName;

  return {
    async has(eventId) {
      const output = await callDynamo('GetItem', table, () =>
        doc.send(
          new GetCommand({
            TableName: table,
            Key: { eventId },
            ConsistentRead: true,
            ProjectionExpression: '#eventId',
            ExpressionAttributeNames: { '#eventId': 'eventId' },
          }),
        ),
      );
      return output.Item !== undefined;
    },

    async recordOnce(record) {
      const condition = 'attribute_not_exists(#eventId)';
      const put = await writeIf('PutItem', table, () =>
        doc.send(
          new PutCommand({
            TableName: table,
            Item: { ...record },
            ConditionExpression: condition,
            ExpressionAttributeNames: namesIn(condition),
          }),
        ),
      );
      return put !== undefined;
    },
  };
}
