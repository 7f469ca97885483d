/**
 * Turns driver errors into the bridge's typed errors with one human line each. Driver messages are not trusted to
 * be free of secrets, so connection problems are described from error codes and the parsed target only.
 */
import { MoodleDatabaseError, MoodleUnreachableError } from '#domain/moodle-bridge.js';
import type { ConnectionTarget } from './connection-url.js';

/** What an error message may say about the database: never a password. */
export interface ErrorContext {
  /** The safe description, e.g. the URL without its password. */
  description: string;
  /** `host:port`, a directory, or the description when nothing better is known. */
  where: string;
  host: string;
  user: string;
  database: string;
}

/** The message context for a parsed URL. */
export function errorContextFor(target: ConnectionTarget): ErrorContext {
  if (target.driver === 'pglite') {
    const where = target.dataDir ?? 'memory';
    return { description: target.description, where, host: where, user: '', database: where };
  }
  const { description, host, port, user, database } = target;
  return { description, where: `${host}:${port}`, host, user, database };
}

/** The message context for a client handed over ready-made (demo, tests), known only by its description. */
export function errorContextForDescription(description: string): ErrorContext {
  return { description, where: description, host: description, user: '', database: description };
}

interface DriverError {
  code?: unknown;
  errors?: unknown;
  message?: unknown;
}

/** The one-line reason a connection failed, or undefined when `error` is not a connection failure. */
export function describeConnectionFailure(error: unknown, context: ErrorContext): string | undefined {
  const code = errorCode(error);
  const { where, host, user, database } = context;
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused at ${where}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `unknown host ${host}`;
    case 'ETIMEDOUT':
      return `connection timed out at ${where}`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `host unreachable at ${where}`;
    case 'ECONNRESET':
    case 'PROTOCOL_CONNECTION_LOST':
      return `connection closed by the server at ${where}`;
    case '28P01':
    case '28000':
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_HOST_NOT_PRIVILEGED':
      return `authentication failed for user '${user}' at ${where}`;
    case '3D000':
    case 'ER_BAD_DB_ERROR':
      return `database '${database}' does not exist at ${where}`;
    case 'ER_DBACCESS_DENIED_ERROR':
      return `user '${user}' may not use database '${database}' at ${where}`;
    case '53300':
    case 'ER_CON_COUNT_ERROR':
      return `too many connections at ${where}`;
    case '57P03':
      return `the server at ${where} is starting up or shutting down`;
    case 'ENOENT':
    case 'EACCES':
    case 'ENOTDIR':
      return `cannot open the database directory ${where} (${code})`;
    default:
      return /timeout/i.test(messageOf(error)) ? `connection timed out at ${where}` : undefined;
  }
}

/**
 * The typed error for any failure: {@link MoodleUnreachableError} when the database could not be reached,
 * otherwise {@link MoodleDatabaseError} with the driver's first message line (`doing` says what was attempted).
 */
export function toMoodleError(error: unknown, context: ErrorContext, doing: string): MoodleDatabaseError {
  if (error instanceof MoodleDatabaseError) return error;
  const unreachable = describeConnectionFailure(error, context);
  if (unreachable !== undefined) return new MoodleUnreachableError(context.description, unreachable, { cause: error });
  const line = messageOf(error).split('\n')[0] ?? '';
  return new MoodleDatabaseError(context.description, `${doing} failed: ${line || 'unknown error'}`, {
    cause: error,
  });
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, errors } = error as DriverError;
  if (typeof code === 'string' && code !== '') return code;
  // Node's happy-eyeballs connect (e.g. "localhost" → ::1 and 127.0.0.1) reports an AggregateError.
  if (Array.isArray(errors) && errors.length > 0) return errorCode(errors[0]);
  return undefined;
}

function messageOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && typeof (error as DriverError).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}
