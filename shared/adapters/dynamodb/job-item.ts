/**
 * How a {@link CloudJob} is laid out in the jobs table. Counters and fan-out fields are top-level attributes, not
 * nested maps, so every conditional write names them directly and `ADD` works on them without a parent map.
 */
import { type CloudJob, JOB_STATUSES, type JobCounts } from '#domain/cloud-job.js';
import type { RouteReason } from '#domain/route.js';
import { ACTION_TYPES } from '#domain/schedule.js';
import {
  cleanErrorText,
  type Item,
  optional,
  readBoolean,
  readNumber,
  readOneOf,
  readOptionalNumber,
  readOptionalString,
  readString,
} from './item-fields.js';
import { JOB_LISTING_ATTRIBUTE, JOB_LISTING_VALUE } from './table-definitions.js';

/** The attribute that holds each counter. */
export const COUNT_ATTRIBUTES: Readonly<Record<keyof JobCounts, string>> = {
  total: 'countTotal',
  sent: 'countSent',
  failed: 'countFailed',
  skipped: 'countSkipped',
  unconfirmed: 'countUnconfirmed',
  unsent: 'countUnsent',
  suppressed: 'countSuppressed',
  certificates: 'countCertificates',
  bounced: 'countBounced',
  complained: 'countComplained',
};

/** Attribute names of the fields the conditional writes test and set. */
export const JOB_ATTRIBUTES = {
  jobId: 'jobId',
  status: 'status',
  startedAt: 'startedAt',
  completedAt: 'completedAt',
  lastError: 'lastError',
  cursorUserId: 'fanoutCursorUserId',
  fanoutComplete: 'fanoutComplete',
  leaseOwner: 'leaseOwner',
  leaseUntil: 'leaseUntil',
  /** When a counter last moved (not part of CloudJob): lets a reconciler find jobs whose counters stalled. */
  countsUpdatedAt: 'countsUpdatedAt',
  /** Set by `redrive`: the work deadline counts from here, and `job.completed` callbacks are numbered by `redrives`. */
  redrivenAt: 'redrivenAt',
  redrives: 'redrives',
} as const;

const ROUTE_REASONS = Object.keys({
  forced_cloud: true,
  forced_local: true,
  auto_at_or_above_threshold: true,
  auto_below_threshold: true,
} satisfies Record<RouteReason, true>) as RouteReason[];

/** The item for a new job. */
export function jobToItem(job: CloudJob): Item {
  const item: Item = {
    jobId: job.jobId,
    [JOB_LISTING_ATTRIBUTE]: JOB_LISTING_VALUE,
    scheduleId: job.scheduleId,
    runSlot: job.runSlot,
    actionType: job.actionType,
    route: job.route,
    routeReason: job.routeReason,
    routeExplanation: job.routeExplanation,
    status: job.status,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    completedAt: job.completedAt,
    lastError: job.lastError === undefined ? undefined : cleanErrorText(job.lastError),
    [JOB_ATTRIBUTES.cursorUserId]: job.fanout.cursorUserId,
    [JOB_ATTRIBUTES.fanoutComplete]: job.fanout.complete,
    [JOB_ATTRIBUTES.leaseOwner]: job.fanout.leaseOwner,
    [JOB_ATTRIBUTES.leaseUntil]: job.fanout.leaseUntil,
    // The schedule's own template, copied at claim (absent for the default); never written again afterwards.
    templateSubject: job.template?.subject,
    templateMessage: job.template?.message,
  };
  for (const [field, attribute] of Object.entries(COUNT_ATTRIBUTES))
    item[attribute] = job.counts[field as keyof JobCounts];
  return item;
}

/** The job an item holds; throws CorruptItemError when a field is missing or of the wrong type. */
export function itemToJob(tableName: string, item: Item): CloudJob {
  const count = (field: keyof JobCounts) => readNumber(tableName, item, COUNT_ATTRIBUTES[field]);
  return {
    jobId: readString(tableName, item, 'jobId'),
    scheduleId: readNumber(tableName, item, 'scheduleId'),
    runSlot: readNumber(tableName, item, 'runSlot'),
    actionType: readOneOf(tableName, item, 'actionType', ACTION_TYPES),
    route: readOneOf(tableName, item, 'route', ['cloud', 'local'] as const),
    routeReason: readOneOf(tableName, item, 'routeReason', ROUTE_REASONS),
    routeExplanation: readString(tableName, item, 'routeExplanation'),
    status: readOneOf(tableName, item, JOB_ATTRIBUTES.status, JOB_STATUSES),
    counts: {
      total: count('total'),
      sent: count('sent'),
      failed: count('failed'),
      skipped: count('skipped'),
      unconfirmed: count('unconfirmed'),
      // Added with the work deadline (docs/pipeline-design.md, "Every job ends"): older items have none.
      unsent: readOptionalNumber(tableName, item, COUNT_ATTRIBUTES.unsent) ?? 0,
      suppressed: count('suppressed'),
      certificates: count('certificates'),
      // Added after the first jobs were written: an item without them has had no delivery events.
      bounced: readOptionalNumber(tableName, item, COUNT_ATTRIBUTES.bounced) ?? 0,
      complained: readOptionalNumber(tableName, item, COUNT_ATTRIBUTES.complained) ?? 0,
    },
    fanout: {
      cursorUserId: readNumber(tableName, item, JOB_ATTRIBUTES.cursorUserId),
      complete: readBoolean(tableName, item, JOB_ATTRIBUTES.fanoutComplete),
      leaseOwner: readString(tableName, item, JOB_ATTRIBUTES.leaseOwner),
      leaseUntil: readNumber(tableName, item, JOB_ATTRIBUTES.leaseUntil),
    },
    createdAt: readNumber(tableName, item, 'createdAt'),
    ...optional('startedAt', readOptionalNumber(tableName, item, JOB_ATTRIBUTES.startedAt)),
    ...optional('completedAt', readOptionalNumber(tableName, item, JOB_ATTRIBUTES.completedAt)),
    ...optional('countsUpdatedAt', readOptionalNumber(tableName, item, JOB_ATTRIBUTES.countsUpdatedAt)),
    ...optional('lastError', readOptionalString(tableName, item, JOB_ATTRIBUTES.lastError)),
    ...optional('template', readTemplate(tableName, item)),
    ...optional('redrivenAt', readOptionalNumber(tableName, item, JOB_ATTRIBUTES.redrivenAt)),
    ...optional('redrives', readOptionalNumber(tableName, item, JOB_ATTRIBUTES.redrives)),
  };
}

function readTemplate(tableName: string, item: Item): CloudJob['template'] {
  const subject = readOptionalString(tableName, item, 'templateSubject');
  const message = readOptionalString(tableName, item, 'templateMessage');
  if (subject === undefined && message === undefined) return undefined;
  return { ...optional('subject', subject), ...optional('message', message) };
}
