/**
 * Certificate links that keep working: a `both` job runs through the real workers against s3rver (an S3 that checks
 * signatures and presigned-URL expiry) and the local SES; the link is taken from the `.eml` SES received and
 * clicked through the local HTTP server's `GET /certificates/{code}`. Presigned URLs here live one second, so the
 * test can watch one expire — as a link signed with a Lambda's temporary credentials does — and the mail's link
 * still download the PDF afterwards. A tampered code gets 404.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCertificateRoute } from '#adapters/http/certificate-route.js';
import { makeHttpRouter } from '#adapters/http/http-router.js';
import { type NodeHttpServer, startNodeHttpServer } from '#adapters/http/node-http-server.js';
import { parseWorkMessage } from '#domain/parse-work-message.js';
import { makeOpenCertificate } from '#use-cases/open-certificate.js';
import { type LocalS3rver, startLocalS3rver } from '../support/local-s3rver.js';
import { makeClock, type Pipeline, usePipelines } from './harness.js';
import { THURSDAY_15_1730 } from './moments.js';

const pipelines = usePipelines();
let s3rver: LocalS3rver;
let server: NodeHttpServer | undefined;

beforeAll(async () => {
  s3rver = await startLocalS3rver();
});
afterAll(async () => {
  await server?.stop();
  await s3rver.stop();
});

/** Long enough to pass s3rver's whole-second expiry check with room to spare. */
const PAST_EXPIRY_MS = 2_500;
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** Runs schedule 4 (`both`, 16 recipients) through planner, certificate worker and email worker. */
async function runBothJob(p: Pipeline, linkBaseUrl: string): Promise<void> {
  await pipelines.servers().moodle.useSchedules([4]);
  const clock = makeClock(THURSDAY_15_1730);
  await p.planner({ owner: 'planner', clock, cloudThreshold: 1 })(THURSDAY_15_1730);
  const issueCertificates = p.certificateWorker({ clock });
  for (const { body } of await p.receive('certificate')) await issueCertificates(parseWorkMessage(body));
  const sendEmail = p.emailWorker({
    clock,
    delivery: 'link',
    defaultTemplates: true,
    certificateLinkBaseUrl: linkBaseUrl,
  });
  for (const { body } of await p.receive('email')) await sendEmail(parseWorkMessage(body));
}

/** The raw message SES received, as a mail client would read it. */
async function readEml(messageId: string) {
  const endpoint = pipelines.servers().aws.endpoints.ses;
  const response = await fetch(`${endpoint}/get-emlContent?messageId=${encodeURIComponent(messageId)}`);
  expect(response.status).toBe(200);
  // The `.eml` bytes, as the local run saves them (cli/local-run/save-run-outputs.ts).
  const { body } = (await response.json()) as { body: string | { type: 'Buffer'; data: number[] } };
  return simpleParser(typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.data));
}

const click = (url: string, accept = '*/*') => fetch(url, { redirect: 'manual', headers: { accept } });
const download = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) };
};

describe('certificate links in emails', () => {
  it('download the PDF after an earlier signed URL expired, and a tampered code gets 404', async () => {
    // Arrange: the API route on a real local HTTP server, signing object URLs that live one second.
    const p = await pipelines.create({ s3: s3rver.clientConfig });
    const openCertificate = makeOpenCertificate({ registry: p.registry, store: p.certificates, linkSeconds: 1 });
    server = await startNodeHttpServer({
      router: makeHttpRouter([makeCertificateRoute({ openCertificate })]),
      port: 0,
    });
    const linkBase = `${server.url}/certificates`;
    await runBothJob(p, linkBase);
    const [mail] = await p.sentMail();
    const eml = await readEml(mail?.messageId ?? '');
    const link = new RegExp(`${linkBase}/[0-9A-Z-]+`).exec(String(eml.text))?.[0] ?? '';
    const code = link.slice(linkBase.length + 1);
    const record = await p.registry.find(code);
    const stored = await p.certificates.get(record?.certificateKey ?? '');
    // What the mail used to carry: an object URL signed directly, here for one second.
    const signedDirectly = await p.certificates.linkFor(record?.certificateKey ?? '', 1);

    // Act: click, let every signed URL expire, click the same link again.
    const firstClick = await click(link);
    const firstLocation = firstClick.headers.get('location') ?? '';
    const firstDownload = await download(firstLocation);
    await sleep(PAST_EXPIRY_MS);
    const expiredDirect = await download(signedDirectly);
    const expiredFirst = await download(firstLocation);
    const secondClick = await click(link);
    const secondLocation = secondClick.headers.get('location') ?? '';
    const secondDownload = await download(secondLocation);
    const tampered = `${link.slice(0, -1)}${link.endsWith('0') ? '1' : '0'}`;
    const tamperedJson = await click(tampered);
    const tamperedPage = await click(tampered, BROWSER_ACCEPT);
    const garbage = await click(`${linkBase}/not-a-code`);

    // Assert
    expect(eml.html).toContain(`href="${link}"`);
    expect(record).toMatchObject({ verificationCode: code, scheduleId: 4 });
    expect(Buffer.from(stored.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(firstClick.status).toBe(302);
    expect(firstClick.headers.get('cache-control')).toBe('no-store');
    expect(firstLocation.startsWith(`${s3rver.endpoint}/`)).toBe(true);
    expect(firstDownload).toEqual({ status: 200, bytes: stored });
    // s3rver enforces expiry: both signed URLs are dead now …
    expect(expiredDirect.status).toBe(403);
    expect(expiredFirst.status).toBe(403);
    // … while the link in the mail signs a fresh one and still downloads the same PDF.
    expect(secondClick.status).toBe(302);
    expect(secondLocation).not.toBe(firstLocation);
    expect(secondDownload).toEqual({ status: 200, bytes: stored });
    expect(tamperedJson.status).toBe(404);
    expect(tamperedJson.headers.get('location')).toBeNull();
    expect(await tamperedJson.json()).toEqual({ status: 'unknown', code: tampered.slice(linkBase.length + 1) });
    expect(tamperedPage.status).toBe(404);
    expect(await tamperedPage.text()).toContain('Unknown certificate');
    expect(garbage.status).toBe(404);
  });
});
