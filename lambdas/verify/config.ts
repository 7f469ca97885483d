/** The verify function's configuration and adapters, built once per cold start: only the certificates registry. */
import { z } from 'zod';
import { makeDynamoCertificateRegistry } from '#adapters/dynamodb/dynamo-certificate-registry.js';
import { createDynamoClient } from '#adapters/dynamodb/dynamo-client.js';
import { httpUrl, parseEnvironment } from '#config/parse-environment.js';
import type { CertificateRegistry } from '#domain/certificate-registry.js';

const VERIFY_ENVIRONMENT = {
  AWS_REGION: z.string().min(1),
  /** The registry the certificate worker writes. */
  MANIREPORTS_CERTIFICATES_TABLE: z.string().min(1),
  AWS_ENDPOINT_URL_DYNAMODB: httpUrl.optional(),
};

export function loadVerifyDependencies(env: Record<string, string | undefined> = process.env): {
  registry: CertificateRegistry;
} {
  const own = parseEnvironment(VERIFY_ENVIRONMENT, env);
  const client = createDynamoClient({
    region: own.AWS_REGION,
    ...(own.AWS_ENDPOINT_URL_DYNAMODB ? { endpoint: own.AWS_ENDPOINT_URL_DYNAMODB } : {}),
  });
  return { registry: makeDynamoCertificateRegistry({ client, tableName: own.MANIREPORTS_CERTIFICATES_TABLE }) };
}
