/**
 * `manireports-cloud redrive --job ID` as an operator runs it: the tables and queues from the environment, the
 * local servers' endpoints in AWS_ENDPOINT_URL_*, the real SQS API. The dead letter is made by fauxqs's own redrive
 * policy (a message received `maxReceiveCount` times without being deleted).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jobIdFor } from '#domain/cloud-job.js';
import { FIXED_NOW, runCli } from '../cli/run-cli.js';
import { makeClock, type Pipeline, usePipelines } from './harness.js';
import { SLOT_12_0800 } from './moments.js';
import { deadLetter, visibleIn } from './queue-helpers.js';

const pipelines = usePipelines();
const JOB_ID = jobIdFor(2, SLOT_12_0800);

function redriveEnvironment(p: Pipeline): Record<string, string> {
  const servers = pipelines.servers();
  return {
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_DYNAMODB: servers.dynamo.endpoint,
    AWS_ENDPOINT_URL_SQS: servers.aws.endpoints.sqs,
    MANIREPORTS_JOBS_TABLE: p.tables.jobs,
    MANIREPORTS_RECIPIENTS_TABLE: p.tables.recipients,
    MANIREPORTS_SCHEDULE_RUNS_TABLE: p.tables.scheduleRuns,
    MANIREPORTS_EMAIL_QUEUE_URL: p.queueUrls.email,
    MANIREPORTS_CERTIFICATE_QUEUE_URL: p.queueUrls.certificate,
    MANIREPORTS_EMAIL_DLQ_URL: p.deadLetterUrls.email,
    MANIREPORTS_CERTIFICATE_DLQ_URL: p.deadLetterUrls.certificate,
  };
}

describe('redrive --job', () => {
  // The SDK's credential chain reads the process environment (as for an operator's shell), not the CLI's `env`.
  beforeEach(() => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('puts a running job’s dead letter back on its queue; the workers then mail everyone once', async () => {
    // Arrange: schedule 2's one message (six recipients) is dead-lettered before any worker got it.
    const p = await pipelines.create();
    await pipelines.servers().moodle.useSchedules([2]);
    const clock = makeClock(FIXED_NOW);
    await p.planner({ owner: 'planner', clock })(FIXED_NOW);
    const [queued] = await p.receive('email');
    if (queued === undefined) throw new Error('expected a message');
    await deadLetter(p.sqs, p.queueUrls.email, p.deadLetterUrls.email, queued.body);

    // Act
    const result = await runCli(['redrive', '--job', JOB_ID], redriveEnvironment(p));
    const redriven = await p.receive('email');
    for (const { message } of redriven) await p.emailWorker({ clock })(message);
    const json = await runCli(['redrive', '--job', JOB_ID, '--json'], redriveEnvironment(p));

    // Assert
    expect(result).toEqual({
      code: 0,
      out: [
        `job ${JOB_ID}: 1 message(s) redriven, 6 recipient(s) in them, 0 unsent made claimable again; ` +
          'status running → running',
      ],
      err: [],
    });
    expect(await visibleIn(p.sqs, p.deadLetterUrls.email)).toBe(0);
    expect(redriven.map(({ body }) => body)).toEqual([queued.body]);
    expect(await p.sentMail()).toHaveLength(6);
    expect(await p.jobs.getJob(JOB_ID)).toMatchObject({ status: 'completed', redrivenAt: FIXED_NOW });
    const [callback] = (await p.receiveCallbacks()).filter((event) => event.type === 'job.completed');
    expect(callback?.id).toBe(`job.completed:${JOB_ID}`);
    expect(JSON.parse(json.out[0] ?? '')).toEqual({
      jobId: JOB_ID,
      statusBefore: 'completed',
      statusAfter: 'completed',
      messages: 0,
      recipients: 0,
      reopened: 0,
    });
  });

  it('names what is missing: the --job flag (exit 2), a variable (exit 1), an unknown job (exit 1)', async () => {
    // Arrange
    const p = await pipelines.create();
    const env = redriveEnvironment(p);
    const { MANIREPORTS_EMAIL_DLQ_URL: _dlq, ...withoutDlq } = env;

    // Act
    const noFlag = await runCli(['redrive'], env);
    const noVariable = await runCli(['redrive', '--job', JOB_ID], withoutDlq);
    const unknown = await runCli(['redrive', '--job', 'schedule-9-slot-1'], env);

    // Assert
    expect(noFlag.code).toBe(2);
    expect(noFlag.err[0]).toMatch(/--job is required/);
    expect(noVariable.code).toBe(1);
    expect(noVariable.err.join('\n')).toMatch(/MANIREPORTS_EMAIL_DLQ_URL/);
    expect(unknown).toMatchObject({ code: 1, err: ['manireports-cloud redrive: job schedule-9-slot-1: no such job'] });
  });
});
