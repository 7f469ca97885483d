/**
 * Small helpers shared by the stores: attribute-name placeholders taken from the expressions themselves, and the
 * split between "the condition did not hold" (an answer) and every other failure (an error).
 */
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailed } from './dynamo-client.js';
import { DynamoStoreError } from './dynamo-errors.js';

/**
 * `ExpressionAttributeNames` for every `#name` placeholder in `expressions`, each standing for the attribute of the
 * same name. Placeholders everywhere keep reserved words (`status`) safe, and DynamoDB rejects unused names, so
 * deriving them from the expressions keeps the two in step.
 */
export function namesIn(...expressions: (string | undefined)[]): Record<string, string> {
  const names: Record<string, string> = {};
  for (const expression of expressions) {
    for (const match of expression?.matchAll(/#(\w+)/g) ?? []) {
      const name = match[1];
      if (name !== undefined) names[`#${name}`] = name;
    }
  }
  return names;
}

/** Runs a DynamoDB call, wrapping any failure in {@link DynamoStoreError}. */
export async function callDynamo<T>(operation: string, tableName: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw new DynamoStoreError(operation, tableName, { cause: error });
  }
}

/** Runs a conditional write: its output, or undefined when the condition did not hold; other failures throw. */
export async function writeIf<T>(
  operation: string,
  tableName: string,
  action: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await action();
  } catch (error) {
    if (isConditionFailed(error)) return undefined;
    throw new DynamoStoreError(operation, tableName, { cause: error });
  }
}

/** The expressions and values of one conditional UpdateItem. */
export interface ConditionalUpdate {
  update: string;
  condition: string;
  values: Record<string, unknown>;
}

/** One conditional UpdateItem: the item as it is after the change, or undefined when the condition did not hold. */
export async function updateIf(
  doc: DynamoDBDocumentClient,
  tableName: string,
  key: Record<string, unknown>,
  { update, condition, values }: ConditionalUpdate,
): Promise<Record<string, unknown> | undefined> {
  const output = await writeIf('UpdateItem', tableName, () =>
    doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: update,
        ConditionExpression: condition,
        ExpressionAttributeNames: namesIn(update, condition),
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    ),
  );
  return output === undefined ? undefined : (output.Attributes ?? {});
}
