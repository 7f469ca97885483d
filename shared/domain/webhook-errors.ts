/**
 * Why a webhook request was refused. Each error carries a stable `code` the Moodle plugin can act on and, where
 * one field is at fault, the field (a dotted JSON path such as `schedule.frequency`, or a header name). The HTTP
 * status is decided at the edge (shared/adapters/http/error-response.ts), by class.
 */
import { AppError, ValidationError } from './errors.js';

/** Codes of a body that parsed as JSON but breaks the schema or a schedule rule (422). */
export type WebhookPayloadProblem =
  | 'missing_field'
  | 'wrong_type'
  | 'unknown_field'
  | 'unknown_event_type'
  | 'unknown_enum_value'
  | 'out_of_range'
  | 'invalid_format';

/** A well-formed JSON body whose content breaks the event schema or a schedule rule. */
export class WebhookPayloadError extends ValidationError {
  constructor(
    readonly code: WebhookPayloadProblem,
    field: string,
    value: unknown,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(field, value, problem, options);
    // The value is echoed back to the sender, so a long one is cut; a missing one is not "(got undefined)".
    this.message = value === undefined ? `${field}: ${problem}` : `${field}: ${problem} (got ${preview(value)})`;
  }
}

const MAX_PREVIEW = 80;

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= MAX_PREVIEW ? text : `${text.slice(0, MAX_PREVIEW - 1)}…`;
}

/** A body that is not JSON (or not UTF-8) at all. */
export class MalformedWebhookBodyError extends AppError {
  readonly code = 'malformed_json';
}

/** Codes of a request whose signature cannot be trusted (401). */
export type WebhookSignatureProblem =
  | 'missing_timestamp'
  | 'invalid_timestamp'
  | 'stale_timestamp'
  | 'missing_signature'
  | 'unsupported_signature_scheme'
  | 'invalid_signature';

/** The request is not provably from Moodle: a missing, stale or wrong signature. `field` is the header at fault. */
export class WebhookSignatureError extends AppError {
  constructor(
    readonly code: WebhookSignatureProblem,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
