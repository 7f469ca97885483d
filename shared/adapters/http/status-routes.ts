/**
 * The status API: `GET /jobs`, `GET /jobs/{id}`, `GET /jobs/{id}/recipients`, `GET /schedules` (docs/openapi.json).
 * Every route first authenticates the request (bearer token or signed request line, contract in
 * shared/domain/status-api-auth.ts), then reads its query; refusals are JSON errors (401, 404, 422).
 */
import type { PlannerSettings } from '#config/planner-settings.js';
import { JOB_STATUSES, RECIPIENT_STATUSES } from '#domain/cloud-job.js';
import type { JobStore } from '#domain/job-store.js';
import { InvalidListingParameterError, PAGE_LIMIT } from '#domain/listing.js';
import type { MoodleBridge } from '#domain/moodle-bridge.js';
import type { RecipientLedger } from '#domain/recipient-ledger.js';
import type { ScheduleRunStateStore } from '#domain/schedule-run-state.js';
import { authenticateStatusRequest, type StatusApiKeys } from '#domain/status-api-auth.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '#domain/webhook-signature.js';
import { makeListSchedules } from '#use-cases/list-schedules.js';
import { makeGetJob, makeListJobRecipients, makeListJobs } from '#use-cases/read-jobs.js';
import { ResourceNotFoundError } from './http-errors.js';
import { type HttpRequest, type HttpResponse, jsonResponse } from './http-message.js';
import type { HttpRoute, PathParams } from './http-router.js';
import {
  DEFAULT_PAGE_LIMIT,
  pathWithQuery,
  readEnum,
  readInstant,
  readQuery,
  readWholeNumber,
} from './status-query.js';

export interface StatusRoutesDeps {
  jobs: JobStore;
  ledger: RecipientLedger;
  runState: ScheduleRunStateStore;
  bridge: MoodleBridge;
  settings: Pick<PlannerSettings, 'serverTimeZone'>;
  /** The bearer token (optional) and the webhook secrets, current first. */
  keys: StatusApiKeys;
  /** Epoch seconds. */
  clock: () => number;
}

/** The status API's routes, for `makeHttpRouter` (the status-api function and the local server). */
export function makeStatusRoutes(deps: StatusRoutesDeps): HttpRoute[] {
  const listJobs = makeListJobs(deps);
  const getJob = makeGetJob(deps);
  const listJobRecipients = makeListJobRecipients(deps);
  const listSchedules = makeListSchedules(deps);

  const authenticated = (
    pattern: string,
    handle: (request: HttpRequest, params: PathParams) => Promise<HttpResponse>,
  ): HttpRoute => ({
    method: 'GET',
    pattern,
    async handle(request, params) {
      authenticateStatusRequest(
        {
          authorization: request.headers.authorization,
          timestamp: request.headers[TIMESTAMP_HEADER],
          signature: request.headers[SIGNATURE_HEADER],
          method: request.method,
          pathWithQuery: pathWithQuery(request),
        },
        deps.keys,
        deps.clock,
      );
      return handle(request, params);
    },
  });

  return [
    authenticated('/jobs', async (request) => {
      const query = readQuery(request, ['scheduleId', 'status', 'from', 'to', 'limit', 'cursor']);
      const scheduleId = readWholeNumber('scheduleId', query.scheduleId, 1, Number.MAX_SAFE_INTEGER);
      const status = readEnum('status', query.status, JOB_STATUSES);
      const createdFrom = readInstant('from', query.from);
      const createdTo = readInstant('to', query.to);
      if (createdFrom !== undefined && createdTo !== undefined && createdTo < createdFrom) {
        throw new InvalidListingParameterError('to', query.to, 'must not be before from');
      }
      const page = await listJobs(
        {
          ...(scheduleId === undefined ? {} : { scheduleId }),
          ...(status === undefined ? {} : { status }),
          ...(createdFrom === undefined ? {} : { createdFrom }),
          ...(createdTo === undefined ? {} : { createdTo }),
        },
        readPage(query),
      );
      return jsonResponse(200, page);
    }),

    authenticated('/jobs/{id}', async (request, params) => {
      readQuery(request, []);
      const job = await getJob(params.id as string);
      if (job === undefined) throw new ResourceNotFoundError('id', params.id as string, 'job');
      return jsonResponse(200, job);
    }),

    authenticated('/jobs/{id}/recipients', async (request, params) => {
      const query = readQuery(request, ['status', 'limit', 'cursor']);
      const status = readEnum('status', query.status, RECIPIENT_STATUSES);
      const page = await listJobRecipients(
        params.id as string,
        status === undefined ? {} : { status },
        readPage(query),
      );
      if (page === undefined) throw new ResourceNotFoundError('id', params.id as string, 'job');
      return jsonResponse(200, page);
    }),

    authenticated('/schedules', async (request) => {
      readQuery(request, []);
      return jsonResponse(200, { schedules: await listSchedules() });
    }),
  ];
}

function readPage(query: Record<string, string | undefined>) {
  const limit = readWholeNumber('limit', query.limit, PAGE_LIMIT.min, PAGE_LIMIT.max) ?? DEFAULT_PAGE_LIMIT;
  return { limit, ...(query.cursor === undefined ? {} : { cursor: query.cursor }) };
}
