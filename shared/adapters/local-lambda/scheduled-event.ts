/**
 * The event EventBridge hands a function on a schedule rule, for a local invocation of the planner.
 */
import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { LOCAL_ACCOUNT_ID } from './lambda-context.js';

/** Which rule fired, and when. */
export interface ScheduledEventOptions {
  /** Epoch seconds: the moment the rule fired (the tick being planned). */
  time: number;
  region: string;
  /** @default 'manireports-planner-tick' */
  ruleName?: string;
  /** @default LOCAL_ACCOUNT_ID */
  accountId?: string;
}

/**
 * A `Scheduled Event` as EventBridge sends it: `time` in whole seconds (`2026-01-19T08:30:00Z`), the rule's ARN in
 * `resources`, an empty `detail`.
 */
export function makeScheduledEvent(options: ScheduledEventOptions): ScheduledEvent {
  const accountId = options.accountId ?? LOCAL_ACCOUNT_ID;
  const ruleName = options.ruleName ?? 'manireports-planner-tick';
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: accountId,
    time: new Date(Math.floor(options.time) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: options.region,
    resources: [`arn:aws:events:${options.region}:${accountId}:rule/${ruleName}`],
    detail: {},
  };
}
