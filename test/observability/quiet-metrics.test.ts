/**
 * The functions' metrics flush only what was recorded: an invocation that counts nothing (a worker batch, a planner
 * tick with nothing due) writes no "No application metrics to publish" line, while one that counts writes its EMF
 * document as before. Runs the real Powertools `logMetrics` middleware in a middy chain.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeLambdaContext, newInvocation } from '#adapters/local-lambda/lambda-context.js';
import { metrics, QuietMetrics } from '#adapters/observability/powertools.js';

const context = (): Context =>
  makeLambdaContext(newInvocation({ functionName: 'email-worker', timeoutMs: 10_000, region: 'us-east-1' }));

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** Everything the metrics wrote during `run`: dev mode sends it through the global console (and would disable
 * publishing, unless POWERTOOLS_METRICS_DISABLED says otherwise). */
async function consoleLines(run: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
  }
  await run();
  return lines;
}

describe('QuietMetrics', () => {
  it('writes nothing for invocations that recorded nothing, however many there are', async () => {
    // Arrange
    vi.stubEnv('POWERTOOLS_DEV', 'true');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const quiet = new QuietMetrics({ serviceName: 'test', namespace: 'Test' });
    const handler = middy(async () => 'done').use(logMetrics(quiet));

    // Act
    const lines = await consoleLines(async () => {
      for (let invocation = 0; invocation < 50; invocation += 1) await handler({}, context());
    });

    // Assert
    expect(lines).toEqual([]);
  });

  it('still publishes what an invocation recorded, once, and starts the next one empty', async () => {
    // Arrange
    vi.stubEnv('POWERTOOLS_DEV', 'true');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const quiet = new QuietMetrics({ serviceName: 'test', namespace: 'Test' });
    let count = true;
    const handler = middy(async () => {
      if (count) quiet.addMetric('emails_sent', MetricUnit.Count, 3);
    }).use(logMetrics(quiet));

    // Act
    const lines = await consoleLines(async () => {
      await handler({}, context());
      count = false;
      await handler({}, context());
    });

    // Assert
    expect(lines).toHaveLength(1);
    const emf = JSON.parse(lines[0] ?? '{}');
    expect(emf._aws.CloudWatchMetrics[0].Metrics).toEqual([{ Name: 'emails_sent', Unit: 'Count' }]);
    expect(emf.emails_sent).toBe(3);
  });

  it('is what every function uses', () => {
    expect(metrics).toBeInstanceOf(QuietMetrics);
  });
});
