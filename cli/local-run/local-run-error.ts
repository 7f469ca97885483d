import { AppError } from '#domain/errors.js';

/** The local run could not finish its work (a function failed, the time limit passed); the CLI exits with 1. */
export class LocalRunError extends AppError {}
