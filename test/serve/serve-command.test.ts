/**
 * `npm start` and `serve` end to end, each as its own process the way a person runs them: `run --serve` runs the
 * pipeline (a small moment: schedule 4's 16 certificates), prints a session webhook secret and serves; a signed
 * webhook event is accepted, a printed certificate verifies and the link in a saved `.eml` downloads its PDF; Ctrl-C (SIGINT) ends it with exit code 0. Then
 * `serve` alone, on the same state folder, verifies that same certificate from disk and stops the same way.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhookBody } from '#domain/webhook-signature.js';
import { runCli } from '../cli/run-cli.js';
import { filesUnder, runDirsIn } from '../local-run/local-run-files.js';
import { eventBody, scheduleRow } from '../webhook/fixtures.js';

const BIN = fileURLToPath(new URL('../../bin/manireports-cloud.js', import.meta.url));
/** Thursday 15 January 2026, 17:30 UTC: with a cloud threshold of 1, schedule 4 (`both`) runs in the cloud. */
const AT = '2026-01-15T17:30:00Z';
const SECRET = 'serve-test-secret-0123456789abcdef0123456789';

/** A CLI process and what it has printed so far. */
interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
}

function startCli(args: string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exited };
}

/** The base URL once the process prints it (it serves from then on). */
async function servingUrl(cli: CliProcess, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = /Serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(cli.out());
    if (found) return found[1] as string;
    if (cli.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no "Serving on" line.\nstdout:\n${cli.out()}\nstderr:\n${cli.err()}`);
}

function signedPost(url: string, secret: string, body: Record<string, unknown>): Promise<Response> {
  const raw = JSON.stringify(body);
  const timestamp = Math.floor(Date.now() / 1000);
  return fetch(`${url}/webhooks/moodle`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-manireports-timestamp': String(timestamp),
      'x-manireports-signature': signWebhookBody(secret, timestamp, raw),
    },
    body: raw,
  });
}

describe('serving the HTTP surface from the command line', () => {
  let outDir: string;
  let code: string;
  let runServe: CliProcess | undefined;
  let serve: CliProcess | undefined;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'serve-'));
  });
  afterAll(async () => {
    for (const cli of [runServe, serve]) if (cli?.child.exitCode === null) cli.child.kill('SIGKILL');
    await rm(outDir, { recursive: true, force: true });
  });

  it('`run --serve` runs the pipeline, then serves a webhook and its certificates until Ctrl-C', async () => {
    // Arrange
    runServe = startCli(['run', '--serve', '--port', '0', '--at', AT, '--out', outDir], {
      MANIREPORTS_CLOUD_THRESHOLD: '1',
      // Links instead of attachments, so the mail carries the certificate link this test clicks.
      MANIREPORTS_CERTIFICATE_DELIVERY: 'link',
    });
    const url = await servingUrl(runServe, 240_000);
    const secret = /this session's webhook secret is ([0-9a-f]{64})/.exec(runServe.out())?.[1] ?? '';
    const [runDir] = await runDirsIn(outDir);
    const certificates = await filesUnder(runDir as string, '.pdf');
    code = /user-\d+-([0-9A-Z-]+)\.pdf$/.exec(basename(certificates[0] ?? ''))?.[1] ?? '';
    const event = eventBody({ id: 'evt-serve-1', schedule: scheduleRow({ id: 4, courseid: 3, action_type: 'both' }) });
    // The certificate link of one saved .eml; it names the default port, this server listens on another.
    const texts: string[] = [];
    for (const file of await filesUnder(runDir as string, '.eml')) {
      texts.push(String((await simpleParser(await readFile(join(runDir as string, file)))).text));
    }
    const linkPattern = /http:\/\/127\.0\.0\.1:8787(\/certificates\/[0-9A-Z-]+)/;
    const withLinks = texts.filter((text) => linkPattern.test(text));
    const link = linkPattern.exec(withLinks[0] ?? '');
    const linkCode = link?.[1]?.split('/').pop() ?? '';
    const pdfOfLink = certificates.find((file) => file.endsWith(`-${linkCode}.pdf`)) ?? '';

    // Act
    const verified = await fetch(`${url}/verify/${code.toLowerCase()}`);
    const clicked = await fetch(`${url}${link?.[1] ?? '/certificates/none'}`);
    const tampered = await fetch(`${url}/certificates/${linkCode.replace(/.$/, (last) => (last === '0' ? '1' : '0'))}`);
    const accepted = await signedPost(url, secret, event);
    const replayed = await signedPost(url, secret, event);
    const forged = await signedPost(url, 'not-the-session-secret-0123456789abcdef', { ...event, id: 'evt-serve-2' });
    runServe.child.kill('SIGINT');
    const exitCode = await runServe.exited;

    // Assert
    expect(certificates).toHaveLength(16);
    // Schedule 4's 16 certificate mails carry a link; the run's other mails are reminders without one.
    expect(withLinks).toHaveLength(16);
    // Followed from the local server to the local S3: the very PDF the run saved for that code.
    expect(clicked.status).toBe(200);
    expect(clicked.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await clicked.arrayBuffer())).toEqual(await readFile(join(runDir as string, pdfOfLink)));
    expect(tampered.status).toBe(404);
    expect(verified.status).toBe(200);
    expect(await verified.json()).toMatchObject({
      status: 'valid',
      certificate: { code, course: 'Edge Cases 101', issuedOn: expect.stringMatching(/^2026-01-1[56]$/) },
    });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ status: 'accepted', eventId: 'evt-serve-1', scheduleId: 4 });
    expect(await replayed.json()).toEqual({ status: 'duplicate' });
    expect(forged.status).toBe(401);
    expect(runServe.out()).toMatch(/Done in [\d.]+ s\./);
    expect(exitCode).toBe(0);
    expect(existsSync(join(outDir, 'state', 'demo', 'run.lock'))).toBe(false);
  }, 300_000);

  it('`serve` verifies the certificates of that earlier run from the state on disk and stops on Ctrl-C', async () => {
    // Arrange
    serve = startCli(['serve', '--port', '0', '--out', outDir], { MANIREPORTS_WEBHOOK_SECRET: SECRET });
    const url = await servingUrl(serve, 120_000);

    // Act
    const verified = await fetch(`${url}/verify/${code}`, { headers: { accept: 'text/html' } });
    const unknown = await fetch(`${url}/verify/0000-0000-0000-0000`);
    const accepted = await signedPost(url, SECRET, eventBody({ id: 'evt-serve-3' }));
    serve.child.kill('SIGINT');
    const exitCode = await serve.exited;

    // Assert
    expect(verified.status).toBe(200);
    const html = await verified.text();
    expect(html).toContain('Valid certificate');
    expect(html).toContain('Edge Cases 101');
    expect(unknown.status).toBe(404);
    expect(accepted.status).toBe(200);
    expect(exitCode).toBe(0);
    expect(serve.err()).toContain('Stopping…');
  }, 180_000);
});

describe('serve refuses to start without what it needs', () => {
  it.each([
    ['no webhook secret', {}, 'MANIREPORTS_WEBHOOK_SECRET'],
    ['a short webhook secret', { MANIREPORTS_WEBHOOK_SECRET: 'short' }, 'at least 32 characters'],
    [
      'a 1-character status API token',
      { MANIREPORTS_WEBHOOK_SECRET: SECRET, MANIREPORTS_STATUS_API_TOKEN: 'x' },
      'MANIREPORTS_STATUS_API_TOKEN: must be at least 32 characters',
    ],
  ])('%s: a usage error naming the variable (exit code 2)', async (_label, env, expected) => {
    // Act
    const result = await runCli(['serve', '--port', '0'], env);

    // Assert
    expect(result.code).toBe(2);
    expect(result.err[0]).toContain(expected);
  });

  it('`run --serve` refuses a short status API token before it runs anything, as the Lambda would', async () => {
    // Act
    const result = await runCli(['run', '--serve', '--port', '0'], { MANIREPORTS_STATUS_API_TOKEN: 'x' });

    // Assert
    expect(result.code).toBe(2);
    expect(result.err[0]).toContain('MANIREPORTS_STATUS_API_TOKEN: must be at least 32 characters');
  });

  it('refuses a port out of range, and --port on run without --serve', async () => {
    // Act
    const badPort = await runCli(['serve', '--port', '70000'], { MANIREPORTS_WEBHOOK_SECRET: SECRET });
    const portWithoutServe = await runCli(['run', '--port', '8787']);

    // Assert
    expect(badPort.code).toBe(2);
    expect(badPort.err[0]).toContain('--port: "70000" is not a whole number 0 to 65535');
    expect(portWithoutServe.code).toBe(2);
    expect(portWithoutServe.err[0]).toContain('--port needs --serve');
  });
});
