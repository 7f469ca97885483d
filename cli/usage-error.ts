import { AppError } from '#domain/errors.js';

/** The command line itself is wrong: the CLI prints the message and the usage, and exits with 2. */
export class UsageError extends AppError {}
