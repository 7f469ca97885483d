import { AppError } from '#domain/errors.js';

/** The local run could not finish its work (a function failed, the time limit passed); the CLI exits with 1. */
export class LocalRunError extends AppError {}

/**
 * A local run that was stopped by a signal after saving its work: the CLI exits with `exitCode` (130 for SIGINT,
 * 143 for SIGTERM, as a shell reports a process those signals ended).
 */
export class LocalRunStoppedError extends LocalRunError {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
