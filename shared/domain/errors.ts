/**
 * The root of every error this project raises on purpose. Edges (CLI, Lambda handlers) map subclasses to exit
 * codes, HTTP statuses or retry decisions with `instanceof`; anything else is a bug and surfaces as one.
 */
export class AppError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A value from outside (a schedule row, a CLI flag, a config variable) that breaks a rule; names the field. */
export class ValidationError extends AppError {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${field}: ${problem} (got ${JSON.stringify(value)})`, options);
  }
}
