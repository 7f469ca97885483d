/**
 * The one place that creates the Powertools logger, metrics and tracer every function uses. Log structured keys
 * (jobId, scheduleId, userId); never an email address or a person's name.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

const serviceName = 'manireports-cloud';

/**
 * Metrics that flush only when something was recorded. Powertools warns "No application metrics to publish" on
 * every empty flush, and `logMetrics` flushes after every invocation: a worker batch or a planner tick with nothing
 * to count would write that identical line once per invocation, hundreds of times a run.
 */
export class QuietMetrics extends Metrics {
  override publishStoredMetrics(): this {
    if (this.hasStoredMetrics()) return super.publishStoredMetrics();
    // What the parent does after an empty flush, without the warning: nothing recorded leaks into the next one.
    this.clearMetrics();
    this.clearDimensions();
    this.clearMetadata();
    return this;
  }
}

export const logger = new Logger({ serviceName });
export const metrics = new QuietMetrics({ serviceName, namespace: 'ManiReportsCloud' });
export const tracer = new Tracer({ serviceName });
