/**
 * Local AWS for the local run (`npm start`) and the tests: fauxqs for SQS and S3, aws-ses-v2-local for SES, and any
 * extra servers (DynamoDB's dynalite) the caller adds, all in this process and bound to 127.0.0.1 only, so nothing
 * on the network can reach them.
 */
import { join } from 'node:path';
import { type LocalServer, LocalServerError, type StartLocalServer } from './local-server.js';
import { startFauxqs } from './start-fauxqs.js';
import { startSesLocal } from './start-ses-local.js';

/** The region every local client uses; local servers accept any, but clients must agree on one. */
export const LOCAL_REGION = 'us-east-1';

/** Dummy credentials: the local servers check no signatures, but the SDK refuses to sign without some. */
export const LOCAL_CREDENTIALS = Object.freeze({ accessKeyId: 'local', secretAccessKey: 'local' });

/** What an AWS SDK client needs to talk to one local server; spread it into the client's config. */
export interface LocalClientConfig {
  region: string;
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export interface LocalAwsOptions {
  /**
   * More servers to start beside the built-in ones, by name; their endpoints appear in `extraEndpoints` under the
   * same name. E.g. `{ dynamodb: startDynalite }`.
   */
  extraServers?: Readonly<Record<string, StartLocalServer>>;
  /**
   * Keep queues, objects and sent mail on disk under this folder (`sqs/` SQLite, `s3/` files, `ses/` one file per
   * mail), each written before the request is answered, so that a crash of the process loses nothing acknowledged.
   * Undefined: everything in memory.
   */
  storageDir?: string;
  /** With `storageDir`: messages in flight when the last process died are visible again at once. */
  releaseInFlight?: boolean;
}

/** Where `storageDir` keeps local SES's mail (see ses-mail-spool.ts). */
export function sesSpoolDir(storageDir: string): string {
  return join(storageDir, 'ses');
}

export interface LocalAws {
  endpoints: { sqs: string; s3: string; ses: string };
  /** The endpoint of each of `options.extraServers`. */
  extraEndpoints: Readonly<Record<string, string>>;
  /**
   * Client config per service. S3's has `forcePathStyle`: the virtual-host form `bucket.127.0.0.1` does not resolve.
   * The credentials are passed here, never through `process.env`, so starting local AWS changes nothing global.
   */
  clientConfig: {
    sqs: LocalClientConfig;
    s3: LocalClientConfig & { forcePathStyle: true };
    ses: LocalClientConfig;
  };
  /** Stops every server; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts the local servers, each on a port the OS picks. If one fails to start, the ones already started are
 * stopped before the error is thrown.
 *
 * @throws LocalServerError naming the server that failed to start (the original error as `cause`).
 */
export async function startLocalAws(options: LocalAwsOptions = {}): Promise<LocalAws> {
  const { storageDir, releaseInFlight = false } = options;
  const started: { name: string; server: LocalServer }[] = [];
  const starters: [string, StartLocalServer][] = [
    [
      'fauxqs',
      () =>
        startFauxqs(
          LOCAL_REGION,
          storageDir === undefined
            ? undefined
            : { dataDir: join(storageDir, 'sqs'), s3Dir: join(storageDir, 's3'), releaseInFlight },
        ),
    ],
    ['ses', () => startSesLocal(storageDir === undefined ? {} : { spoolDir: sesSpoolDir(storageDir) })],
    ...Object.entries(options.extraServers ?? {}),
  ];
  for (const [name, start] of starters) {
    try {
      started.push({ name, server: await start() });
    } catch (error) {
      await stopAll(started).catch(() => undefined); // The start failure is the error worth reporting.
      throw new LocalServerError(name, 'could not start', { cause: error });
    }
  }
  const endpointFor = (name: string): string => started.find((entry) => entry.name === name)?.server.endpoint ?? '';
  const configFor = (endpoint: string): LocalClientConfig => ({
    region: LOCAL_REGION,
    endpoint,
    credentials: { ...LOCAL_CREDENTIALS },
  });
  const fauxqs = endpointFor('fauxqs');
  const ses = endpointFor('ses');
  let stopping: Promise<void> | undefined;
  return {
    endpoints: { sqs: fauxqs, s3: fauxqs, ses },
    extraEndpoints: Object.fromEntries(started.slice(2).map(({ name, server }) => [name, server.endpoint])),
    clientConfig: {
      sqs: configFor(fauxqs),
      s3: { ...configFor(fauxqs), forcePathStyle: true },
      ses: configFor(ses),
    },
    stop() {
      stopping ??= stopAll(started);
      return stopping;
    },
  };
}

/** Stops every server, even when one fails to stop, then reports the first failure. */
async function stopAll(started: readonly { name: string; server: LocalServer }[]): Promise<void> {
  const results = await Promise.allSettled(started.map(({ server }) => server.stop()));
  const index = results.findIndex((result) => result.status === 'rejected');
  const failure = results[index];
  if (failure?.status === 'rejected') {
    throw new LocalServerError(started[index]?.name ?? 'unknown', 'could not stop', { cause: failure.reason });
  }
}
