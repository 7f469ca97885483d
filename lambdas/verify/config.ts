/**
 * The verify function's configuration and adapters, built once per cold start: the certificates registry, and the
 * certificate bucket it signs short-lived download URLs for (`GET /certificates/{code}`).
 */
import { z } from 'zod';
import { makeDynamoCertificateRegistry } from '#adapters/dynamodb/dynamo-certificate-registry.js';
import { createDynamoClient } from '#adapters/dynamodb/dynamo-client.js';
import { makeCertificateStore } from '#adapters/pipeline-adapters.js';
import { httpUrl, parseEnvironment } from '#config/parse-environment.js';
import { readBucketEnvironment } from '#config/pipeline-environment.js';
import type { CertificateRegistry } from '#domain/certificate-registry.js';
import type { CertificateStore } from '#domain/certificate-store.js';

const VERIFY_ENVIRONMENT = {
  AWS_REGION: z.string().min(1),
  /** The registry the certificate worker writes. */
  MANIREPORTS_CERTIFICATES_TABLE: z.string().min(1),
  AWS_ENDPOINT_URL_DYNAMODB: httpUrl.optional(),
};

export function loadVerifyDependencies(env: Record<string, string | undefined> = process.env): {
  registry: CertificateRegistry;
  store: CertificateStore;
} {
  const own = parseEnvironment(VERIFY_ENVIRONMENT, env);
  const client = createDynamoClient({
    region: own.AWS_REGION,
    ...(own.AWS_ENDPOINT_URL_DYNAMODB ? { endpoint: own.AWS_ENDPOINT_URL_DYNAMODB } : {}),
  });
  return {
    registry: makeDynamoCertificateRegistry({ client, tableName: own.MANIREPORTS_CERTIFICATES_TABLE }),
    // Signing only (GetObject on the bucket's objects): the function never reads a PDF itself.
    store: makeCertificateStore(readBucketEnvironment(env)),
  };
}
