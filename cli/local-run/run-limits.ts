/**
 * The limits a person may set for a local run: the email rate and the time limit, from `--send-rate` and
 * `--time-limit` or else the environment (`MANIREPORTS_LOCAL_SEND_RATE`, `MANIREPORTS_LOCAL_TIME_LIMIT`).
 */
import { parseWholeNumber } from '../parse-flags.js';
import { DEFAULT_LOCAL_SEND_RATE } from './run-local-pipeline-defaults.js';

export interface RunLimits {
  /** Emails a second. */
  sendRatePerSecond: number;
  /** Seconds the workers may run; 0: no limit. */
  timeLimitSeconds: number;
}

export const SEND_RATE_VARIABLE = 'MANIREPORTS_LOCAL_SEND_RATE';
export const TIME_LIMIT_VARIABLE = 'MANIREPORTS_LOCAL_TIME_LIMIT';
/** Higher than any SES account's rate a local run imitates, and low enough to stay a rate. */
const MAX_SEND_RATE = 1_000;

/** @throws UsageError naming the flag or variable whose value is not a whole number in range. */
export function readRunLimits(
  flags: { 'send-rate'?: string; 'time-limit'?: string },
  env: Readonly<Record<string, string | undefined>>,
): RunLimits {
  const pick = (flag: string, flagValue: string | undefined, variable: string) =>
    flagValue !== undefined
      ? { value: flagValue, name: flag }
      : env[variable] !== undefined && env[variable] !== ''
        ? { value: env[variable] as string, name: variable }
        : undefined;
  const rate = pick('--send-rate', flags['send-rate'], SEND_RATE_VARIABLE);
  const limit = pick('--time-limit', flags['time-limit'], TIME_LIMIT_VARIABLE);
  return {
    sendRatePerSecond:
      rate === undefined ? DEFAULT_LOCAL_SEND_RATE : parseWholeNumber(rate.value, rate.name, 1, MAX_SEND_RATE),
    timeLimitSeconds: limit === undefined ? 0 : parseWholeNumber(limit.value, limit.name, 0),
  };
}
