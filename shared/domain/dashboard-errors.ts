/**
 * Why the dashboard refused a visitor. The dashboard answers every one of them with the same "link expired or
 * invalid" page (401) and no data; the code is there for tests and logs.
 */
import { AppError } from './errors.js';

/** Codes of a refused dashboard link. */
export type DashboardLinkProblem =
  | 'missing_expires'
  | 'invalid_expires'
  | 'expired'
  | 'too_long_lived'
  | 'missing_signature'
  | 'invalid_signature';

/** Codes of a refused session cookie. */
export type DashboardSessionProblem = 'missing_session' | 'malformed_session' | 'session_expired' | 'invalid_signature';

/** The visitor may not see the dashboard: neither link nor session is valid. */
export class DashboardAccessError extends AppError {
  constructor(
    readonly code: DashboardLinkProblem | DashboardSessionProblem,
    message: string,
  ) {
    super(message);
  }
}

/** The signed link from Moodle is missing, expired, valid for too long, or not signed with a known secret. */
export class DashboardLinkError extends DashboardAccessError {
  declare readonly code: DashboardLinkProblem;
}

/** The session cookie is missing, malformed, expired, or not signed with a known secret. */
export class DashboardSessionError extends DashboardAccessError {
  declare readonly code: DashboardSessionProblem;
}
