/**
 * The whole pipeline on this machine: local AWS servers, the Moodle database (the embedded demo by default), the
 * real handlers in their own sandboxes, invoked as Lambda invokes them — one scheduled event for the planner, SQS
 * batches for the workers — and every email and certificate written out under the run's folder as it is made.
 *
 * Every local server keeps its state on disk under the state folder (DynamoDB's tables, the queues and their
 * messages, the certificates, the mail SES accepted), so nothing acknowledged is lost when the process dies: the
 * next run first resumes every job that is not final (resume-interrupted-jobs.ts), then plans new ones. A second
 * run for the same moment finds its runs claimed and sends nothing twice.
 */
import { join } from 'node:path';
import type { SQSRecord } from 'aws-lambda';
import { LOCAL_REGION } from '#adapters/local-aws/start-local-aws.js';
import { makeScheduledEvent } from '#adapters/local-lambda/scheduled-event.js';
import { readPlannerSettings } from '#config/planner-settings.js';
import type { CloudJob } from '#domain/cloud-job.js';
import { parseWorkMessage } from '#domain/parse-work-message.js';
import { discardState, stateGeneration } from './discard-state.js';
import { LocalRunError } from './local-run-error.js';
import { createRunDir, statePathsFor } from './local-run-paths.js';
import { needsAnotherTick, type PlannedSchedule, type PlannerTickReport, readPlannerReport } from './planner-report.js';
import { prepareMoodle } from './prepare-moodle.js';
import { countJobs, readJobs, visibleMessages } from './read-local-state.js';
import {
  describeResume,
  findUnfinishedJobs,
  finishDrainedJobs,
  prepareResume,
  workLeft,
} from './resume-interrupted-jobs.js';
import { DEFAULT_LOCAL_SEND_RATE } from './run-local-pipeline-defaults.js';
import { runWorkers } from './run-workers.js';
import { openRunOutputs, type SavedOutputs } from './save-run-outputs.js';
import { type LocalStack, startLocalStack } from './start-local-stack.js';
import { type PipelineFunctions, startPipelineFunctions } from './start-pipeline-functions.js';
import { lockStateDir } from './state-lock.js';

export interface LocalRunOptions {
  /** Undefined: the embedded demo. */
  moodleDbUrl: string | undefined;
  prefix: string;
  outDir: string;
  /** The planner's tick (epoch seconds): the scheduled event's `time`. */
  at: number;
  /** The caller's environment, for the planner settings a person may set. */
  env: Readonly<Record<string, string | undefined>>;
  /** One line of progress (stderr in the CLI). */
  progress: (line: string) => void;
  /** The workers stop after this long with work left (resumable); 0: no limit. @default 0 */
  timeLimitSeconds?: number;
  /** Emails a second across the run (the email worker's SES rate). @default DEFAULT_LOCAL_SEND_RATE */
  sendRatePerSecond?: number;
  /** Aborted (Ctrl-C, SIGTERM): plan nothing more, take no new message, let the invocations running finish. */
  stop?: AbortSignal;
  /** Discard the target's local state first, saying what that throws away (`run --fresh`). */
  fresh?: boolean;
  /**
   * Called with the result while the local servers still run (and the state is still locked); they stop when it
   * resolves. `run --serve` serves the HTTP surface from here until Ctrl-C.
   */
  afterRun?: (result: LocalRunResult, servers: { stack: LocalStack; moodleUrl: string }) => Promise<void>;
}

export interface LocalRunResult {
  at: number;
  timeZone: string;
  moodle: string;
  runDir: string;
  stateDir: string;
  logsDir: string;
  schedules: PlannedSchedule[];
  scheduleNames: Record<number, string>;
  /** The jobs this run resumed or its ticks claimed, as they ended. */
  jobs: CloudJob[];
  /** Unfinished jobs of earlier runs this run found, and what they had left then. */
  resumed: { jobs: number; emailsLeft: number; certificatesLeft: number };
  /** What is left when this run ends: jobs not final, their emails and certificates not yet made. */
  left: { jobs: number; emailsLeft: number; certificatesLeft: number };
  /** `drained`: every queue is empty; `time_limit` or `stopped`: work is left, and the next run resumes it. */
  ended: 'drained' | 'time_limit' | 'stopped';
  /** Every job in the local state, this run's included. */
  jobsInState: number;
  outputs: SavedOutputs;
  deadLetters: { email: number; certificate: number };
  /** False when the time limit or a stop ended the run with work left. */
  finished: boolean;
}

/**
 * Lambda requires a worker's timeout to be at most its queue's visibility timeout, so both are 30 s: one message
 * (25 recipients: ~1.2 s of rendering, ~1.8 s of sending at 14 emails/s) fits many times over even on a loaded
 * machine. A message given back comes again after 30 s; five receives (150 s) outlast the workers' 60 s claim
 * timeout, so a recipient whose invocation was killed mid-message is settled before its message could reach the DLQ.
 */
const VISIBILITY_TIMEOUT_SECONDS = 30;
const MAX_RECEIVE_COUNT = 5;
const TIMEOUTS = { plannerSeconds: 300, workerSeconds: VISIBILITY_TIMEOUT_SECONDS };
const BATCH_SIZE = 1;
/** A fan-out that stops near the planner's timeout resumes on the next tick; a local run ticks again at once. */
const MAX_PLANNER_TICKS = 10;

export async function runLocalPipeline(options: LocalRunOptions): Promise<LocalRunResult> {
  const paths = statePathsFor(options.outDir, options.moodleDbUrl, options.prefix);
  const unlock = await lockStateDir(paths.stateDir);
  try {
    if (options.fresh) await discardState(paths, options.progress);
    const generation = await stateGeneration(paths.stateDir);
    const moodle = await prepareMoodle(
      { moodleDbUrl: options.moodleDbUrl, demoMoodleDir: paths.demoMoodleDir, prefix: options.prefix },
      readPlannerSettings(options.env).roleArchetypes,
      options.progress,
    );
    const runDir = await createRunDir(options.outDir, Date.now());
    const logsDir = join(runDir, 'logs');
    options.progress(`Starting local AWS (state in ${paths.stateDir}) and the pipeline's functions…`);
    const stack = await startLocalStack({
      dynamoDir: paths.dynamoDir,
      storageDir: paths.storageDir,
      visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS,
      maxReceiveCount: MAX_RECEIVE_COUNT,
    });
    let functions: PipelineFunctions | undefined;
    try {
      const outputs = await openRunOutputs({
        runDir,
        runsDir: join(options.outDir, 'runs'),
        stateTarget: `${paths.target}/${generation}`,
        scheduleNames: moodle.scheduleNames,
        sesSpoolDir: stack.sesSpoolDir ?? '',
        s3: stack.clients.s3,
        bucket: stack.bucket,
      });
      const unfinished = await prepareResume(stack, await findUnfinishedJobs(stack), Math.floor(Date.now() / 1000));
      const resumeLine = describeResume(unfinished);
      if (resumeLine !== undefined) options.progress(resumeLine);
      // What an interrupted run made but had not copied yet.
      await outputs.saveAll();
      functions = await startPipelineFunctions(
        stack,
        {
          moodleDbUrl: moodle.url,
          prefix: options.prefix,
          callerEnv: options.env,
          sendRatePerSecond: options.sendRatePerSecond ?? DEFAULT_LOCAL_SEND_RATE,
        },
        TIMEOUTS,
        logsDir,
      );
      if (!options.stop?.aborted) options.progress('Planning the due runs (the planner fans their recipients out)…');
      const report = options.stop?.aborted ? undefined : await planTicks(functions, options.at, options.stop);
      const planned = (report?.schedules ?? []).flatMap((schedule) => (schedule.jobId ? [schedule.jobId] : []));
      const jobIds = [...new Set([...unfinished.jobs.map((job) => job.jobId), ...planned])];
      const left = workLeft(await readJobs(stack, jobIds));
      const ended = options.stop?.aborted
        ? 'stopped'
        : await runWorkers(
            stack,
            functions,
            { emails: left.emails, certificates: left.certificates },
            {
              batchSize: BATCH_SIZE,
              timeLimitMs: (options.timeLimitSeconds ?? 0) * 1000,
              ...(options.stop ? { stop: options.stop } : {}),
              progress: options.progress,
              onFinished: (kind, records) => {
                for (const [jobId, userIds] of recipientsOf(records)) {
                  outputs.saveRecipients(kind, jobId, userIds).catch((error: unknown) => {
                    options.progress(`could not copy an output yet (copied at the end): ${String(error)}`);
                  });
                }
              },
            },
          );
      // The planner's sandbox holds the Moodle database open; stopping it lets go before anything else is read.
      await functions.stop();
      functions = undefined;
      if (ended === 'drained') await finishDrainedJobs(stack, jobIds);
      const saved: SavedOutputs = await outputs.saveAll();
      const jobs = await readJobs(stack, jobIds);
      const remaining = await findUnfinishedJobs(stack);
      const remainingWork = workLeft(remaining);
      const result: LocalRunResult = {
        at: options.at,
        timeZone: report?.timeZone ?? 'UTC',
        moodle: moodle.description,
        runDir,
        stateDir: paths.stateDir,
        logsDir,
        schedules: report?.schedules ?? [],
        scheduleNames: Object.fromEntries(moodle.scheduleNames),
        jobs,
        resumed: {
          jobs: unfinished.jobs.length,
          emailsLeft: unfinished.emailsLeft,
          certificatesLeft: unfinished.certificatesLeft,
        },
        left: {
          jobs: remaining.length,
          emailsLeft: remainingWork.emails,
          certificatesLeft: remainingWork.certificates,
        },
        ended,
        jobsInState: await countJobs(stack),
        outputs: saved,
        deadLetters: {
          email: await visibleMessages(stack, stack.deadLetterUrls.email),
          certificate: await visibleMessages(stack, stack.deadLetterUrls.certificate),
        },
        finished: ended === 'drained',
      };
      if (ended === 'drained') await options.afterRun?.(result, { stack, moodleUrl: moodle.url });
      return result;
    } finally {
      await functions?.stop();
      await stack.stop();
    }
  } finally {
    await unlock();
  }
}

/** Job id → the user ids of these work messages' recipients. */
function recipientsOf(records: readonly SQSRecord[]): Map<string, number[]> {
  const byJob = new Map<string, number[]>();
  for (const record of records) {
    try {
      const message = parseWorkMessage(record.body);
      byJob.set(message.jobId, [...(byJob.get(message.jobId) ?? []), ...message.recipients.map((r) => r.userId)]);
    } catch {
      // A poison message has no recipients; the worker's log says what was wrong with it.
    }
  }
  return byJob;
}

/** Invokes the planner with the scheduled event for `at`, again while a fan-out paused part-way. */
async function planTicks(functions: PipelineFunctions, at: number, stop?: AbortSignal): Promise<PlannerTickReport> {
  for (let tick = 1; tick <= MAX_PLANNER_TICKS; tick += 1) {
    const outcome = await functions.planner.invoke(makeScheduledEvent({ time: at, region: LOCAL_REGION }));
    if (outcome.status === 'timed_out') throw new LocalRunError('the planner ran past its timeout (see its log)');
    if (outcome.status === 'failed') {
      throw new LocalRunError(`the planner failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`);
    }
    const report = readPlannerReport(outcome.result);
    // Stopped: the fan-out is saved page by page and resumes on the next run.
    if (!needsAnotherTick(report) || stop?.aborted) return report;
  }
  throw new LocalRunError(`the planner's fan-out was still unfinished after ${MAX_PLANNER_TICKS} ticks`);
}
