/**
 * The one place that creates the Powertools logger, metrics and tracer every function uses. Log structured keys
 * (jobId, scheduleId, userId); never an email address or a person's name.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

const serviceName = 'manireports-cloud';

export const logger = new Logger({ serviceName });
export const metrics = new Metrics({ serviceName, namespace: 'ManiReportsCloud' });
export const tracer = new Tracer({ serviceName });
