import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import {
  LambdaInitError,
  type LambdaSandbox,
  type LambdaSandboxOptions,
  startLambdaSandbox,
} from '#adapters/local-lambda/lambda-sandbox.js';
import type { ProbeEvent } from './fixtures/probe-handler.js';

interface ProbeResult {
  coldStartId: string;
  setting?: string;
  functionName: string;
  awsRequestId: string;
  remainingMs: number;
  at: string;
}

const started: LambdaSandbox<ProbeEvent, ProbeResult>[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((sandbox) => sandbox.stop()));
});

function logSink() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

async function startProbe(overrides: Partial<LambdaSandboxOptions> = {}) {
  const log = logSink();
  const sandbox = await startLambdaSandbox<ProbeEvent, ProbeResult>({
    functionName: 'probe',
    timeoutMs: 2_000,
    region: 'us-east-1',
    handlerModule: new URL('./fixtures/probe-handler.ts', import.meta.url),
    environment: { PROBE_SETTING: 'from the function configuration' },
    log: log.stream,
    ...overrides,
  });
  started.push(sandbox);
  return { sandbox, log };
}

describe('a Lambda sandbox (a worker thread running the real handler module)', () => {
  it('runs the handler with its own environment and a Context, and returns its result as JSON', async () => {
    // Arrange
    const { sandbox, log } = await startProbe();

    // Act
    const first = await sandbox.invoke({});
    const second = await sandbox.invoke({});

    // Assert
    expect(first.status).toBe('succeeded');
    if (first.status !== 'succeeded' || second.status !== 'succeeded') return;
    expect(first.result).toMatchObject({
      setting: 'from the function configuration',
      functionName: 'probe',
      awsRequestId: first.awsRequestId,
      at: '1970-01-01T00:00:00.000Z',
    });
    expect(first.result.remainingMs).toBeGreaterThan(1_000);
    expect(first.result.remainingMs).toBeLessThanOrEqual(2_000);
    expect(second.result.coldStartId).toBe(first.result.coldStartId);
    expect(second.awsRequestId).not.toBe(first.awsRequestId);
    expect(process.env.PROBE_SETTING).toBeUndefined();
    await expect.poll(log.text).toContain('probe invoked as probe');
  });

  it('reports what the handler threw, by type and message, and keeps the sandbox', async () => {
    // Arrange
    const { sandbox } = await startProbe();
    const before = await sandbox.invoke({});

    // Act
    const failed = await sandbox.invoke({ fail: 'no such course' });
    const after = await sandbox.invoke({});

    // Assert
    expect(failed).toMatchObject({
      status: 'failed',
      error: { errorType: 'RangeError', errorMessage: 'no such course' },
    });
    expect(after.status === 'succeeded' && before.status === 'succeeded').toBe(true);
    if (after.status === 'succeeded' && before.status === 'succeeded') {
      expect(after.result.coldStartId).toBe(before.result.coldStartId);
    }
  });

  it('stops an invocation at the timeout and starts a fresh sandbox for the next one', async () => {
    // Arrange
    const { sandbox } = await startProbe({ timeoutMs: 300 });
    const before = await sandbox.invoke({});

    // Act
    const slow = await sandbox.invoke({ sleepMs: 5_000 });
    const after = await sandbox.invoke({});

    // Assert
    expect(slow.status).toBe('timed_out');
    expect(slow.durationMs).toBeLessThan(2_000);
    expect(after.status === 'succeeded' && before.status === 'succeeded').toBe(true);
    if (after.status === 'succeeded' && before.status === 'succeeded') {
      expect(after.result.coldStartId).not.toBe(before.result.coldStartId);
    }
  });

  it('refuses to start a function whose module fails to load, with its error', async () => {
    // Act
    const start = startProbe({ environment: { PROBE_FAIL_INIT: '1' } });

    // Assert
    await expect(start).rejects.toThrow(LambdaInitError);
    await expect(start).rejects.toThrow('probe failed to start: Error: PROBE_SETTING is required but not set');
  });
});
