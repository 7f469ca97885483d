/**
 * `redrive --job ID`: puts one job's dead-lettered work messages back on their work queues, after making its
 * `unsent` recipients claimable again and reopening the job (docs/pipeline-design.md, "Redrive"). Talks plain
 * DynamoDB and SQS, so it works on the deployed tables and queues (AWS runbook: docs/deploy.md) and on local
 * servers that speak the same protocols, given their endpoints and names in the environment.
 */
import { z } from 'zod';
import { makeStores } from '#adapters/pipeline-adapters.js';
import { createSqsClient } from '#adapters/sqs/sqs-client.js';
import { makeSqsDeadLetterQueues } from '#adapters/sqs/sqs-dead-letters.js';
import { httpUrl, parseEnvironment, wholeNumber } from '#config/parse-environment.js';
import { readQueueEnvironment, readStoreEnvironment } from '#config/pipeline-environment.js';
import { makeRedriveJob } from '#use-cases/redrive-job.js';
import type { CliIo } from '../cli-io.js';
import { parseFlags, requireFlag } from '../parse-flags.js';

const FLAGS = {
  job: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

/** What the redrive needs beyond the functions' table and queue variables. */
const REDRIVE_ENVIRONMENT = {
  MANIREPORTS_EMAIL_DLQ_URL: httpUrl,
  MANIREPORTS_CERTIFICATE_DLQ_URL: httpUrl,
  MANIREPORTS_CLAIM_TIMEOUT_SECONDS: wholeNumber(1).default(900),
  MANIREPORTS_WORK_MESSAGE_LIFETIME_SECONDS: wholeNumber(60).default(4 * 86_400 + 720),
  AWS_ENDPOINT_URL_SQS: httpUrl.optional(),
  AWS_REGION: z.string().min(1),
};

export async function runRedrive(args: string[], io: CliIo): Promise<void> {
  const flags = parseFlags(args, FLAGS);
  const jobId = requireFlag(flags.job, '--job');
  const stores = makeStores(readStoreEnvironment(io.env));
  const queues = readQueueEnvironment(io.env);
  const own = parseEnvironment(REDRIVE_ENVIRONMENT, io.env);
  const client = createSqsClient({
    region: own.AWS_REGION,
    ...(own.AWS_ENDPOINT_URL_SQS ? { endpoint: own.AWS_ENDPOINT_URL_SQS } : {}),
  });
  try {
    const redriveJob = makeRedriveJob({
      jobs: stores.jobs,
      ledger: stores.ledger,
      deadLetters: makeSqsDeadLetterQueues({
        client,
        queueUrls: { email: queues.MANIREPORTS_EMAIL_QUEUE_URL, certificate: queues.MANIREPORTS_CERTIFICATE_QUEUE_URL },
        deadLetterUrls: { email: own.MANIREPORTS_EMAIL_DLQ_URL, certificate: own.MANIREPORTS_CERTIFICATE_DLQ_URL },
      }),
      clock: io.now,
      settings: {
        workMessageLifetimeSeconds: own.MANIREPORTS_WORK_MESSAGE_LIFETIME_SECONDS,
        claimTimeoutSeconds: own.MANIREPORTS_CLAIM_TIMEOUT_SECONDS,
      },
    });
    const report = await redriveJob(jobId);
    if (flags.json) {
      io.out(JSON.stringify(report));
      return;
    }
    if (report.messages === 0) {
      io.out(`job ${jobId}: no dead-lettered messages; nothing redriven (status ${report.statusBefore})`);
      return;
    }
    io.out(
      `job ${jobId}: ${report.messages} message(s) redriven, ${report.recipients} recipient(s) in them, ` +
        `${report.reopened} unsent made claimable again; status ${report.statusBefore} → ${report.statusAfter}`,
    );
  } finally {
    client.destroy();
    stores.client.destroy();
  }
}
