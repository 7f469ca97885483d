/**
 * The workers' part of a local run: an event source per queue, like Lambda's SQS event source mappings, drained
 * side by side while the progress line counts the recipients they finish.
 */

import type { SQSRecord } from 'aws-lambda';
import { LOCAL_REGION } from '#adapters/local-aws/start-local-aws.js';
import { makeSqsEventSource, type PollReport } from '#adapters/local-lambda/sqs-event-source.js';
import type { CloudJob } from '#domain/cloud-job.js';
import { type DrainEnd, drainWorkQueues } from './drain-work-queues.js';
import { makeQueueProgress, type ProgressTotals } from './queue-progress.js';
import type { LocalStack } from './start-local-stack.js';
import type { PipelineFunctions, WorkerSandbox } from './start-pipeline-functions.js';

export interface WorkerSettings {
  /** Messages per invocation. */
  batchSize: number;
  /** 0: no limit. */
  timeLimitMs: number;
  stop?: AbortSignal;
  progress: (line: string) => void;
  /** Told of the messages a worker finished (their recipients' outputs exist). */
  onFinished?: (kind: keyof ProgressTotals, records: readonly SQSRecord[]) => void;
}

/** Runs the workers until both queues are empty, the time limit passes or `stop` is aborted. */
export async function runWorkers(
  stack: LocalStack,
  functions: PipelineFunctions,
  totals: ProgressTotals,
  settings: WorkerSettings,
): Promise<DrainEnd> {
  const progress = makeQueueProgress(totals, settings.progress);
  const sourceFor = async (kind: keyof ProgressTotals, queueUrl: string, fn: WorkerSandbox) => ({
    kind,
    queueUrl,
    source: await makeSqsEventSource({
      client: stack.clients.sqs,
      queueUrl,
      region: LOCAL_REGION,
      function: fn,
      batchSize: settings.batchSize,
    }),
  });
  const sources = [
    await sourceFor('certificates', stack.queueUrls.certificate, functions.certificateWorker),
    await sourceFor('emails', stack.queueUrls.email, functions.emailWorker),
  ];
  const finished = await drainWorkQueues({
    sqs: stack.clients.sqs,
    sources,
    timeLimitMs: settings.timeLimitMs,
    ...(settings.stop ? { stop: settings.stop } : {}),
    onPoll: (kind, report) => {
      progress.finished(kind, report.deleted);
      if (report.deleted.length > 0) settings.onFinished?.(kind, report.deleted);
      const problem = describeProblem(kind, report);
      if (problem !== undefined) settings.progress(problem);
    },
  });
  progress.flush();
  return finished;
}

/** What the cloud jobs will produce: certificates for `certificate` and `both`, emails for `email` and `both`. */
export function expectedRecipients(jobs: readonly CloudJob[]): ProgressTotals {
  const cloud = jobs.filter((job) => job.route === 'cloud');
  const sum = (actions: readonly string[]) =>
    cloud.filter((job) => actions.includes(job.actionType)).reduce((total, job) => total + job.counts.total, 0);
  return { certificates: sum(['certificate', 'both']), emails: sum(['email', 'both']) };
}

function describeProblem(kind: keyof ProgressTotals, report: PollReport): string | undefined {
  const worker = kind === 'emails' ? 'email worker' : 'certificate worker';
  const outcome = report.outcome;
  if (outcome !== undefined && outcome.status !== 'succeeded') {
    const why =
      outcome.status === 'failed' ? `failed (${outcome.error.errorType}: ${outcome.error.errorMessage})` : 'timed out';
    return `${worker}: an invocation ${why}; ${report.failed.length} message(s) go back to the queue`;
  }
  if (report.failed.length > 0) return `${worker}: ${report.failed.length} message(s) not finished, retried soon`;
  return undefined;
}
