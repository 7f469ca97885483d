/**
 * Errors of the DynamoDB stores. A failed write condition is not among them: the stores turn it into the port's
 * answer (false, `existing`, `in_flight` …); these are the cases a caller cannot just carry on from.
 */
import { AppError } from '#domain/errors.js';

/** A DynamoDB call failed for a reason other than its condition (throttling, network, a missing table). */
export class DynamoStoreError extends AppError {
  constructor(
    readonly operation: string,
    readonly tableName: string,
    options?: { cause?: unknown },
  ) {
    super(`DynamoDB ${operation} on ${tableName} failed`, options);
  }
}

/** The job named in a write does not exist. */
export class JobNotFoundError extends AppError {
  constructor(
    readonly jobId: string,
    options?: { cause?: unknown },
  ) {
    super(`cloud job ${jobId} does not exist`, options);
  }
}

/** `completeFanout` was called by an invocation that no longer holds the job's fan-out lease. */
export class FanoutLeaseLostError extends AppError {
  constructor(
    readonly jobId: string,
    readonly owner: string,
    options?: { cause?: unknown },
  ) {
    super(`fan-out lease of ${jobId} is no longer held by ${owner}`, options);
  }
}

/** A stored item lacks a field or holds a value of the wrong type: written by something else, or a bug. */
export class CorruptItemError extends AppError {
  constructor(
    readonly tableName: string,
    readonly field: string,
    readonly value: unknown,
  ) {
    super(`${tableName}: field ${field} is missing or invalid (got ${JSON.stringify(value)})`);
  }
}
