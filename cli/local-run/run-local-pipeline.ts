/**
 * The whole pipeline on this machine: local AWS servers, the Moodle database (the embedded demo by default), the
 * real handlers in their own sandboxes, invoked as Lambda invokes them — one scheduled event for the planner, SQS
 * batches for the workers — and then every email and certificate written out under the run's folder.
 *
 * DynamoDB keeps its tables on disk under the output folder, so the planner's run state and the claimed jobs
 * survive: a second run for the same moment finds its runs claimed and sends nothing. SQS, S3 and SES live in
 * memory for one run; `afterRun` (what `run --serve` serves from) still has them.
 */
import { join } from 'node:path';
import { LOCAL_REGION } from '#adapters/local-aws/start-local-aws.js';
import { makeScheduledEvent } from '#adapters/local-lambda/scheduled-event.js';
import { readPlannerSettings } from '#config/planner-settings.js';
import type { CloudJob } from '#domain/cloud-job.js';
import { LocalRunError } from './local-run-error.js';
import { createRunDir, statePathsFor } from './local-run-paths.js';
import { needsAnotherTick, type PlannedSchedule, type PlannerTickReport, readPlannerReport } from './planner-report.js';
import { prepareMoodle } from './prepare-moodle.js';
import { countJobs, readJobs, storedEmailIds, visibleMessages } from './read-local-state.js';
import { runWorkers } from './run-workers.js';
import { type SavedOutputs, saveRunOutputs } from './save-run-outputs.js';
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
  /** @default 900 */
  timeLimitSeconds?: number;
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
  /** The jobs this run's ticks claimed or resumed, as they ended. */
  jobs: CloudJob[];
  /** Every job in the local state, this run's included. */
  jobsInState: number;
  outputs: SavedOutputs;
  deadLetters: { email: number; certificate: number };
  /** False when the time limit stopped the workers with work left. */
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
      visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS,
      maxReceiveCount: MAX_RECEIVE_COUNT,
    });
    let functions: PipelineFunctions | undefined;
    try {
      const earlierEmailIds = new Set(await storedEmailIds(stack.aws.endpoints.ses));
      functions = await startPipelineFunctions(
        stack,
        { moodleDbUrl: moodle.url, prefix: options.prefix, callerEnv: options.env },
        TIMEOUTS,
        logsDir,
      );
      const report = await planTicks(functions, options.at);
      const jobIds = [...new Set(report.schedules.flatMap((schedule) => (schedule.jobId ? [schedule.jobId] : [])))];
      const finished = await runWorkers(stack, functions, await readJobs(stack, jobIds), {
        batchSize: BATCH_SIZE,
        timeLimitMs: (options.timeLimitSeconds ?? 900) * 1000,
        progress: options.progress,
      });
      // The planner's sandbox holds the Moodle database open; stopping it lets go before anything else is read.
      await functions.stop();
      functions = undefined;
      const outputs = await saveRunOutputs({
        runDir,
        jobIds,
        scheduleNames: moodle.scheduleNames,
        sesEndpoint: stack.aws.endpoints.ses,
        earlierEmailIds,
        s3: stack.clients.s3,
        bucket: stack.bucket,
        dynamo: stack.clients.dynamo,
        recipientsTable: stack.tables.recipients,
      });
      const result: LocalRunResult = {
        at: options.at,
        timeZone: report.timeZone,
        moodle: moodle.description,
        runDir,
        stateDir: paths.stateDir,
        logsDir,
        schedules: report.schedules,
        scheduleNames: Object.fromEntries(moodle.scheduleNames),
        jobs: await readJobs(stack, jobIds),
        jobsInState: await countJobs(stack),
        outputs,
        deadLetters: {
          email: await visibleMessages(stack, stack.deadLetterUrls.email),
          certificate: await visibleMessages(stack, stack.deadLetterUrls.certificate),
        },
        finished,
      };
      await options.afterRun?.(result, { stack, moodleUrl: moodle.url });
      return result;
    } finally {
      await functions?.stop();
      await stack.stop();
    }
  } finally {
    await unlock();
  }
}

/** Invokes the planner with the scheduled event for `at`, again while a fan-out paused part-way. */
async function planTicks(functions: PipelineFunctions, at: number): Promise<PlannerTickReport> {
  for (let tick = 1; tick <= MAX_PLANNER_TICKS; tick += 1) {
    const outcome = await functions.planner.invoke(makeScheduledEvent({ time: at, region: LOCAL_REGION }));
    if (outcome.status === 'timed_out') throw new LocalRunError('the planner ran past its timeout (see its log)');
    if (outcome.status === 'failed') {
      throw new LocalRunError(`the planner failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`);
    }
    const report = readPlannerReport(outcome.result);
    if (!needsAnotherTick(report)) return report;
  }
  throw new LocalRunError(`the planner's fan-out was still unfinished after ${MAX_PLANNER_TICKS} ticks`);
}
