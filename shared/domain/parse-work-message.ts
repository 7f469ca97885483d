/**
 * Reads a queue message body back into a {@link WorkMessage}. A worker calls this first for every record, so a
 * poison message (bad JSON, a missing field, a newer version) surfaces as one {@link ValidationError} that the
 * worker can report for that record alone, instead of an exception that fails the whole batch.
 */
import { z } from 'zod';
import { isVerificationCode } from './certificate.js';
import { ValidationError } from './errors.js';
import { ACTION_TYPES } from './schedule.js';
import { WORK_MESSAGE_VERSION, type WorkMessage } from './work-message.js';

const id = z.number().int().positive();

const recipientSchema = z.object({
  userId: id,
  email: z.string().min(1),
  firstName: z.string(),
  lastName: z.string(),
  lang: z.string().min(1),
  timeZone: z.string().min(1),
  mailFormat: z.union([z.literal(0), z.literal(1)]),
});

const certificateSchema = z.object({
  userId: id,
  key: z.string().min(1),
  verificationCode: z.string().refine(isVerificationCode, 'is not a verification code'),
});

const courseSchema = z.object({ id, fullName: z.string(), shortName: z.string() });

// z.object strips keys it does not know: a field added by a newer planner does not poison an older worker; a change
// that older workers cannot read must bump WORK_MESSAGE_VERSION instead.
const workMessageSchema = z.object({
  version: z.literal(WORK_MESSAGE_VERSION),
  kind: z.enum(['email', 'certificate']),
  jobId: z.string().min(1),
  scheduleId: id,
  scheduleName: z.string(),
  runSlot: z.number().int().nonnegative(),
  actionType: z.enum(ACTION_TYPES),
  course: courseSchema.nullable(),
  siteName: z.string(),
  siteTimeZone: z.string().min(1),
  recipients: z.array(recipientSchema).min(1),
  certificates: z.array(certificateSchema).optional(),
});

/** Fields whose values are personal data: an error names them but never carries their value into a log. */
const PERSONAL_FIELDS = new Set(['email', 'firstName', 'lastName']);

/**
 * Parses and checks one message body.
 *
 * @param body The SQS message body, as the planner's {@link WorkQueue} adapter wrote it (JSON).
 * @throws ValidationError naming the first bad field as a path (`body` when it is not JSON, `recipients.3.userId`,
 *   `version` for a message from a newer planner). Values of personal fields are replaced by `[redacted]`.
 */
export function parseWorkMessage(body: string): WorkMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    // The body itself may hold addresses: name its size, not its content.
    throw new ValidationError('body', `${body.length} characters`, 'is not JSON', { cause: error });
  }
  const result = workMessageSchema.safeParse(json);
  if (result.success) {
    // zod types an absent optional field as `| undefined`; WorkMessage leaves it out instead.
    const { certificates, ...rest } = result.data;
    const message: WorkMessage = certificates === undefined ? rest : { ...rest, certificates };
    return message;
  }
  const issue = result.error.issues[0];
  const path = issue?.path ?? [];
  const field = path.length === 0 ? 'body' : path.map(String).join('.');
  const last = path.at(-1);
  const value = typeof last === 'string' && PERSONAL_FIELDS.has(last) ? '[redacted]' : valueAt(json, path);
  throw new ValidationError(field, value, issue?.message ?? 'is not a work message', { cause: result.error });
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  // Only scalars: a whole recipient object would carry an address into the error message.
  return value !== null && typeof value === 'object' ? (Array.isArray(value) ? '[array]' : '[object]') : value;
}
