import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTables, toCreateTableInput } from '#adapters/dynamodb/create-tables.js';
import { toDocumentClient } from '#adapters/dynamodb/dynamo-client.js';
import { makeDynamoJobStore } from '#adapters/dynamodb/dynamo-job-store.js';
import { JOBS_BY_SCHEDULE_INDEX, JOBS_TABLE } from '#adapters/dynamodb/table-definitions.js';
import { jobIdFor } from '#domain/cloud-job.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb.js';
import { plannedJob, SLOT } from './fixtures.js';

let local: LocalDynamoDb;

beforeAll(async () => {
  local = await startLocalDynamoDb();
});
afterAll(() => local.stop());

describe('table definitions', () => {
  it('define each key attribute once, with both jobs indexes projecting keys only', () => {
    // Act
    const input = toCreateTableInput('jobs', JOBS_TABLE);

    // Assert
    expect(input).toEqual({
      TableName: 'jobs',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'jobId', AttributeType: 'S' },
        { AttributeName: 'scheduleId', AttributeType: 'N' },
        { AttributeName: 'createdAt', AttributeType: 'N' },
        { AttributeName: 'listing', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'jobId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'bySchedule',
          KeySchema: [
            { AttributeName: 'scheduleId', KeyType: 'HASH' },
            { AttributeName: 'createdAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
        {
          IndexName: 'byCreatedAt',
          KeySchema: [
            { AttributeName: 'listing', KeyType: 'HASH' },
            { AttributeName: 'createdAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    });
  });

  it('create tables the server reports ACTIVE, and leave existing ones alone on a second run', async () => {
    // Act
    await createTables(local.client, local.tables);
    const described = await local.client.send(new DescribeTableCommand({ TableName: local.tables.recipients }));

    // Assert
    expect(described.Table?.TableStatus).toBe('ACTIVE');
    expect(described.Table?.KeySchema).toEqual([
      { AttributeName: 'jobId', KeyType: 'HASH' },
      { AttributeName: 'userId', KeyType: 'RANGE' },
    ]);
  });

  it("list a schedule's jobs oldest first through the bySchedule index", async () => {
    // Arrange
    const jobs = makeDynamoJobStore({ client: local.client, tableName: local.tables.jobs });
    for (const [slot, createdAt] of [
      [SLOT + 3600, SLOT + 3605],
      [SLOT, SLOT + 5],
    ] as const) {
      await jobs.claimRun(plannedJob(601, { jobId: jobIdFor(601, slot), runSlot: slot, createdAt }));
    }
    await jobs.claimRun(plannedJob(602));

    // Act
    const output = await toDocumentClient(local.client).send(
      new QueryCommand({
        TableName: local.tables.jobs,
        IndexName: JOBS_BY_SCHEDULE_INDEX,
        KeyConditionExpression: 'scheduleId = :id',
        ExpressionAttributeValues: { ':id': 601 },
      }),
    );

    // Assert
    expect(output.Items?.map((item) => item.jobId)).toEqual([
      'schedule-601-slot-1772442000',
      'schedule-601-slot-1772445600',
    ]);
  });
});
