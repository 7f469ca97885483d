/**
 * The {@link CertificateRegistry} port on DynamoDB: one item per verification code (the table's key), never
 * expiring. A plain put: the code is derived from the job and the recipient, so a retried render writes the very
 * same item, and the last write of identical content wins harmlessly.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CertificateRecord, CertificateRegistry } from '#domain/certificate-registry.js';
import { callDynamo } from './conditional-write.js';
import { toDocumentClient } from './dynamo-client.js';

export interface DynamoCertificateRegistryOptions {
  client: DynamoDBClient;
  tableName: string;
}

export function makeDynamoCertificateRegistry(options: DynamoCertificateRegistryOptions): CertificateRegistry {
  const doc = toDocumentClient(options.client);
  const table = options.tableName;

  return {
    async register(record) {
      await callDynamo('PutItem', table, () => doc.send(new PutCommand({ TableName: table, Item: { ...record } })));
    },

    async find(verificationCode) {
      const output = await callDynamo('GetItem', table, () =>
        doc.send(new GetCommand({ TableName: table, Key: { verificationCode } })),
      );
      return output.Item === undefined ? undefined : toRecord(output.Item);
    },
  };
}

/** The item's fields, by name, so an attribute added later never leaks into a response by accident. */
function toRecord(item: Record<string, unknown>): CertificateRecord {
  return {
    verificationCode: String(item.verificationCode),
    name: String(item.name),
    course: String(item.course),
    issuedOn: String(item.issuedOn),
    issuedOnText: String(item.issuedOnText ?? item.issuedOn),
    issuedAt: Number(item.issuedAt),
    jobId: String(item.jobId),
    scheduleId: Number(item.scheduleId),
    userId: Number(item.userId),
    certificateKey: String(item.certificateKey),
  };
}
