/**
 * Creates the tables on a local server (dynalite) from {@link TABLE_DEFINITIONS}. In AWS the CDK stack owns them.
 */
import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type KeySchemaElement,
  ResourceInUseException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { DynamoStoreError } from './dynamo-errors.js';
import {
  type DynamoTableNames,
  type KeyAttribute,
  TABLE_DEFINITIONS,
  type TableDefinition,
} from './table-definitions.js';

/**
 * Creates every table under its name in `names` and waits until each is ACTIVE; a table that already exists is
 * left as it is. No TTL is configured: dynalite has no UpdateTimeToLive, and locally nothing needs to expire.
 */
export async function createTables(client: DynamoDBClient, names: DynamoTableNames): Promise<void> {
  for (const key of Object.keys(TABLE_DEFINITIONS) as (keyof DynamoTableNames)[]) {
    const tableName = names[key];
    try {
      await client.send(new CreateTableCommand(toCreateTableInput(tableName, TABLE_DEFINITIONS[key])));
    } catch (error) {
      // Already there (a second local run against a persistent server): keep its data.
      if (!(error instanceof ResourceInUseException))
        throw new DynamoStoreError('CreateTable', tableName, { cause: error });
    }
    await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: tableName });
  }
}

/** The CreateTable request for one definition (on-demand billing). */
export function toCreateTableInput(tableName: string, definition: TableDefinition): CreateTableCommandInput {
  const indexes = definition.globalSecondaryIndexes ?? [];
  const keyAttributes = [
    definition.partitionKey,
    definition.sortKey,
    ...indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ].filter((attribute): attribute is KeyAttribute => attribute !== undefined);
  // Each attribute is defined once, however many keys it takes part in.
  const definitions = new Map(keyAttributes.map((attribute) => [attribute.name, attribute.type]));
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...definitions].map(
      ([name, type]): AttributeDefinition => ({ AttributeName: name, AttributeType: type }),
    ),
    KeySchema: toKeySchema(definition.partitionKey, definition.sortKey),
    ...(indexes.length === 0
      ? {}
      : {
          GlobalSecondaryIndexes: indexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: toKeySchema(index.partitionKey, index.sortKey),
            Projection: { ProjectionType: index.projection ?? 'ALL' },
          })),
        }),
  };
}

function toKeySchema(partitionKey: KeyAttribute, sortKey: KeyAttribute | undefined): KeySchemaElement[] {
  return [
    { AttributeName: partitionKey.name, KeyType: 'HASH' },
    ...(sortKey === undefined ? [] : [{ AttributeName: sortKey.name, KeyType: 'RANGE' as const }]),
  ];
}
