/**
 * The one place a DynamoDB client is built, so every module gets the same settings and a local server (dynalite)
 * can be swapped in. The stores wrap it in a document client that maps DynamoDB `N` to JS numbers.
 */
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Static credentials, for local servers only; in AWS leave them out and the SDK uses the function's role. */
export interface DynamoCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** How the DynamoDB client is set up. */
export interface DynamoClientOptions {
  /** @default the SDK's resolution (`AWS_REGION`) */
  region?: string;
  /** Endpoint override for a local server such as dynalite. @default the regional DynamoDB endpoint */
  endpoint?: string;
  /** @default the SDK's credential chain */
  credentials?: DynamoCredentials;
}

/** Creates a DynamoDB client; create it once per module (a Lambda's cold start) and share it between stores. */
export function createDynamoClient(options: DynamoClientOptions = {}): DynamoDBClient {
  return new DynamoDBClient({
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  });
}

/**
 * Wraps `client` for plain JS values. Optional fields left `undefined` are dropped rather than rejected, and numbers
 * come back as JS numbers (the unmarshaller throws on a value beyond `Number.MAX_SAFE_INTEGER` rather than
 * rounding it; every number here is an id, a counter or epoch seconds, far below that).
 */
export function toDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** True for the failure of a write's condition: the expected "someone else got there first", not a fault. */
export function isConditionFailed(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}
