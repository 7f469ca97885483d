/**
 * The worked examples in docs/moodle-integration.md are correct: each signature is the one its secret, timestamp and
 * signed text give, each webhook body is one the webhook accepts, and each callback carries a job exactly as
 * `toJobView` shapes it. The examples are found by their `<!-- checked: name -->` markers.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CloudJob, emptyJobCounts, FINAL_JOB_STATUSES, JOB_STATUSES, jobIdFor } from '#domain/cloud-job.js';
import { isoFromEpochSeconds, type JobView, toJobView } from '#domain/job-view.js';
import { parseWebhookEvent } from '#domain/webhook-parse-event.js';
import { REPLAY_WINDOW_SECONDS, signWebhookBody, verifyWebhookSignature } from '#domain/webhook-signature.js';

const DOC = 'docs/moodle-integration.md';
const doc = readFileSync(new URL(`../../${DOC}`, import.meta.url), 'utf8');

/** The content of the first fenced code block after `<!-- checked: name -->`, without its final newline. */
function checkedBlock(name: string): string {
  const marker = `<!-- checked: ${name} -->`;
  const at = doc.indexOf(marker);
  if (at < 0) throw new Error(`${DOC} has no ${marker}`);
  const block = /```[a-z]*\n([\s\S]*?)\n```/.exec(doc.slice(at + marker.length));
  if (block?.[1] === undefined) throw new Error(`${DOC}: no code block after ${marker}`);
  return block[1];
}

function capture(text: string, pattern: RegExp, what: string): string {
  const value = pattern.exec(text)?.[1];
  if (value === undefined) throw new Error(`${DOC}: ${what} not found by ${pattern}`);
  return value;
}

/** An HTTP request as printed: request line, headers, then (after a blank line) the body on one line. */
function parseHttpExample(name: string): { path: string; headers: Map<string, string>; body: string } {
  const [head = '', body = ''] = checkedBlock(name).split('\n\n');
  const [requestLine = '', ...headerLines] = head.split('\n');
  const headers = new Map(
    headerLines.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()] as const;
    }),
  );
  return { path: capture(requestLine, /^POST (\S+) HTTP\/1\.1$/, `${name} request line`), headers, body };
}

const secret = capture(checkedBlock('secret'), /^MANIREPORTS_WEBHOOK_SECRET=(\S+)$/, 'the example secret');

/** The CloudJob a view describes, so that `toJobView` can be asked to produce the view again. */
function cloudJobFromView(view: JobView): CloudJob {
  const epoch = (iso: string) => Date.parse(iso) / 1000;
  return {
    jobId: view.id,
    scheduleId: view.scheduleId,
    runSlot: epoch(view.runSlot),
    actionType: view.actionType,
    route: view.route,
    routeReason: view.routeReason,
    routeExplanation: view.routeExplanation,
    status: view.status,
    counts: view.counts,
    fanout: { cursorUserId: 0, complete: true, leaseOwner: '', leaseUntil: 0 },
    createdAt: epoch(view.createdAt),
    ...(view.startedAt === undefined ? {} : { startedAt: epoch(view.startedAt) }),
    ...(view.completedAt === undefined ? {} : { completedAt: epoch(view.completedAt) }),
    ...(view.lastError === undefined ? {} : { lastError: view.lastError }),
  };
}

describe(`the worked examples in ${DOC}`, () => {
  it('uses a secret long enough for the cloud to accept', () => {
    // Arrange / Act / Assert
    expect(secret.length).toBeGreaterThanOrEqual(32);
  });

  it('signs the webhook body with the signature its secret and timestamp give, and the webhook accepts the body', () => {
    // Arrange
    const body = checkedBlock('webhook-body');
    const request = parseHttpExample('webhook-request');
    const timestamp = request.headers.get('x-manireports-timestamp') ?? '';
    const signature = request.headers.get('x-manireports-signature') ?? '';

    // Act
    const recomputed = signWebhookBody(secret, Number(timestamp), body);
    const verify = () =>
      verifyWebhookSignature({ timestamp, signature, rawBody: Buffer.from(body) }, [secret], () => Number(timestamp));
    const event = parseWebhookEvent(Buffer.from(body));

    // Assert
    expect(request.path).toBe('/webhooks/moodle');
    expect(recomputed).toBe(signature);
    expect(verify).not.toThrow();
    expect(Buffer.byteLength(body)).toBe(Number(capture(doc, /The body is these (\d+) bytes/, 'the body length')));
    expect(event).toMatchObject({ type: 'schedule.created', schedule: { id: 7 } });
    // The event is posted after the change it reports, well within the replay window.
    expect(Number(timestamp) - Date.parse(event.occurredAt) / 1000).toBeGreaterThan(0);
    expect(Number(timestamp) - Date.parse(event.occurredAt) / 1000).toBeLessThan(REPLAY_WINDOW_SECONDS);
  });

  it.each([
    ['callback-completed', 'job.completed'],
    ['callback-delegated', 'run.delegated_local'],
  ])('signs the %s callback correctly, and its job is exactly what toJobView gives', (name, type) => {
    // Arrange
    const request = parseHttpExample(name);
    const timestamp = request.headers.get('x-manireports-timestamp') ?? '';
    const signature = request.headers.get('x-manireports-signature') ?? '';
    const callback = JSON.parse(request.body) as {
      id: string;
      type: string;
      occurredAt: string;
      job: JobView;
      schedule: { id: number; nextRun: string | null };
    };

    // Act
    const recomputed = signWebhookBody(secret, Number(timestamp), request.body);
    const view = toJobView(cloudJobFromView(callback.job));

    // Assert
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(recomputed).toBe(signature);
    expect(callback.type).toBe(type);
    expect(callback.id).toBe(`${type}:${callback.job.id}`);
    expect(callback.job).toStrictEqual(view);
    expect(Object.keys(callback.job.counts).sort()).toEqual(Object.keys(emptyJobCounts()).sort());
    expect(JOB_STATUSES).toContain(callback.job.status);
    expect(callback.job.id).toBe(jobIdFor(callback.job.scheduleId, Date.parse(callback.job.runSlot) / 1000));
    expect(callback.schedule.id).toBe(callback.job.scheduleId);
    expect(isoFromEpochSeconds(Date.parse(callback.occurredAt) / 1000)).toBe(callback.occurredAt);
    // occurredAt is when the outcome was decided: the job's completion (a delegated job is final at once).
    expect(callback.occurredAt).toBe(callback.job.completedAt);
    // The callback is sent after what it reports, within the window Moodle accepts.
    expect(Number(timestamp) - Date.parse(callback.occurredAt) / 1000).toBeGreaterThanOrEqual(0);
    expect(Number(timestamp) - Date.parse(callback.occurredAt) / 1000).toBeLessThanOrEqual(REPLAY_WINDOW_SECONDS);
  });

  it('pairs each callback type with the job statuses it reports', () => {
    // Arrange
    const completed = JSON.parse(parseHttpExample('callback-completed').body) as { job: JobView };
    const delegated = JSON.parse(parseHttpExample('callback-delegated').body) as { job: JobView };

    // Act / Assert
    expect(FINAL_JOB_STATUSES).toContain(completed.job.status);
    expect(completed.job.status).not.toBe('delegated_local');
    expect(completed.job.route).toBe('cloud');
    expect(delegated.job).toMatchObject({ status: 'delegated_local', route: 'local' });
    expect(delegated.job.completedAt).toBe(delegated.job.createdAt);
  });

  it('signs the status API GET over "<timestamp>.<METHOD> <path with query>"', () => {
    // Arrange
    const message = checkedBlock('status-message');
    const request = checkedBlock('status-request');
    const url = new URL(capture(request, /curl -sS '([^']+)'/, 'the status request URL'));
    const timestamp = capture(request, /-H 'X-ManiReports-Timestamp: (\d+)'/, 'the status request timestamp');
    const signature = capture(request, /-H 'X-ManiReports-Signature: (v1=[0-9a-f]{64})'/, 'the status signature');
    const pathWithQuery = `${url.pathname}${url.search}`;

    // Act
    const recomputed = signWebhookBody(secret, Number(timestamp), `GET ${pathWithQuery}`);

    // Assert
    expect(message).toBe(`${timestamp}.GET ${pathWithQuery}`);
    expect(recomputed).toBe(signature);
  });

  it('signs the dashboard link as hex HMAC-SHA256 of "dashboard." + expires, five minutes ahead', () => {
    // Arrange
    const link = new URL(checkedBlock('dashboard-link'));
    const expires = link.searchParams.get('expires') ?? '';
    const now = Number(capture(doc, /At timestamp `(\d+)` \([^)]*\), `expires` is/, 'the dashboard example time'));

    // Act
    const recomputed = createHmac('sha256', secret).update(`dashboard.${expires}`).digest('hex');

    // Assert
    expect(link.pathname).toBe('/dashboard');
    expect([...link.searchParams.keys()]).toEqual(['expires', 'signature']);
    expect(link.searchParams.get('signature')).toBe(recomputed);
    expect(Number(expires)).toBe(now + 300);
  });
});
