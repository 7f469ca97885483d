/** The certificate worker's configuration and adapters, built once per cold start. */
import { z } from 'zod';
import { makePdfCertificateRenderer } from '#adapters/certificate/pdf-certificate-renderer.js';
import { makeDynamoCertificateRegistry } from '#adapters/dynamodb/dynamo-certificate-registry.js';
import {
  makeCertificateStore,
  makeJobCallbacksFromEnvironment,
  makeStores,
  makeWorkQueue,
} from '#adapters/pipeline-adapters.js';
import { resolveSecretSetting } from '#adapters/secrets/read-secret.js';
import { httpUrl, parseEnvironment, wholeNumber } from '#config/parse-environment.js';
import { readBucketEnvironment, readQueueEnvironment, readStoreEnvironment } from '#config/pipeline-environment.js';
import { ValidationError } from '#domain/errors.js';
import { MIN_SECRET_LENGTH } from '#domain/verification-code.js';
import type { IssueCertificatesDeps } from '#use-cases/issue-certificates.js';

const CERTIFICATE_WORKER_ENVIRONMENT = {
  /** The public verification page (`https://<api>/verify`); each certificate's QR code points to it with `?code=`. */
  MANIREPORTS_VERIFY_BASE_URL: httpUrl,
  /** The registry of issued certificates that `GET /verify/{code}` reads. */
  MANIREPORTS_CERTIFICATES_TABLE: z.string().min(1),
  /** Derives verification codes; changing it changes every future code. */
  MANIREPORTS_VERIFICATION_SECRET: z
    .string()
    .min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`),
  MANIREPORTS_CLAIM_TIMEOUT_SECONDS: wholeNumber(60).default(900),
  /** Where the bundled fonts are (the Lambda bundle copies them); unset: the `dejavu-fonts-ttf` package. */
  MANIREPORTS_FONT_DIR: z.string().min(1).optional(),
};

export async function loadCertificateWorkerDependencies(
  env: Record<string, string | undefined> = process.env,
): Promise<IssueCertificatesDeps> {
  const own = parseEnvironment(CERTIFICATE_WORKER_ENVIRONMENT, env);
  // Derives verification codes (changing it changes every future code): given directly, or by its Secrets Manager ARN.
  const verificationSecret = await resolveSecretSetting(env, {
    valueVariable: 'MANIREPORTS_VERIFICATION_SECRET',
    arnVariable: 'MANIREPORTS_VERIFICATION_SECRET_ARN',
  });
  if (verificationSecret.length < MIN_SECRET_LENGTH) {
    throw new ValidationError(
      'MANIREPORTS_VERIFICATION_SECRET',
      '(hidden)',
      `must be at least ${MIN_SECRET_LENGTH} characters`,
    );
  }
  const { jobs, ledger, runState, client } = makeStores(readStoreEnvironment(env));
  const clock = () => Math.floor(Date.now() / 1000);
  return {
    renderer: makePdfCertificateRenderer(own.MANIREPORTS_FONT_DIR ? { fontDirectory: own.MANIREPORTS_FONT_DIR } : {}),
    store: makeCertificateStore(readBucketEnvironment(env)),
    registry: makeDynamoCertificateRegistry({ client, tableName: own.MANIREPORTS_CERTIFICATES_TABLE }),
    ledger,
    jobs,
    queue: makeWorkQueue(readQueueEnvironment(env)),
    clock,
    callbacks: makeJobCallbacksFromEnvironment(env, { jobs, runState }, clock),
    settings: {
      verificationSecret,
      verificationBaseUrl: own.MANIREPORTS_VERIFY_BASE_URL,
      claimTimeoutSeconds: own.MANIREPORTS_CLAIM_TIMEOUT_SECONDS,
    },
  };
}
