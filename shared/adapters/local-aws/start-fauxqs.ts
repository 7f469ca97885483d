/**
 * fauxqs (SQS and S3 on one port) in this process. Its own `startFauxqs` always listens on 0.0.0.0, so the app is
 * built and bound here instead, to loopback only — with fauxqs's own persistence wired in the way its `startFauxqs`
 * does it when `storage` is given: queues and messages in SQLite (`node:sqlite`), S3 objects as files, each write
 * made before the request is answered, so a crash of the process loses nothing that was acknowledged.
 */
import type { DatabaseSync } from 'node:sqlite';
import { buildApp } from 'fauxqs';
import { endpointOf, type LocalServer } from './local-server.js';

export interface FauxqsStorage {
  /** Folder of the SQLite database (`fauxqs.db`) for queues, messages and buckets. */
  dataDir: string;
  /** Folder of the S3 objects (`buckets/<bucket>/objects/<key>.data`). */
  s3Dir: string;
  /**
   * Make every message that was in flight when the last process stopped visible again at once, instead of after its
   * visibility timeout. Only for a caller that knows no consumer of the earlier process is still alive (the local
   * run holds a lock on its state folder).
   */
  releaseInFlight?: boolean;
}

/** Starts fauxqs on 127.0.0.1 with a port the OS picks; in memory unless `storage` is given. */
export async function startFauxqs(region: string, storage?: FauxqsStorage): Promise<LocalServer> {
  // Without `host`, queue URLs name the host the request came to (127.0.0.1:<port>), which resolves.
  const persistent = storage ? await persistentStores(storage) : undefined;
  const app = buildApp({ logger: false, defaultRegion: region, ...(persistent ? { stores: persistent.stores } : {}) });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    persistent?.close();
    throw error;
  }
  return {
    endpoint: endpointOf(app.server.address()),
    // The app is built with forceCloseConnections, so close() does not wait for the SDK's keep-alive sockets.
    stop: async () => {
      await app.close();
      persistent?.close();
    },
  };
}

// fauxqs exports only `buildApp`/`startFauxqs`; its stores and persistence classes are siblings of its entry point.
// These are the parts of their API used here (fauxqs 2.4).
interface Persistence {
  close(): void;
}
interface PersistentStores {
  sqsStore: { persistence?: unknown; allQueues(): { persistence?: unknown }[] };
  snsStore: { persistence?: unknown };
  s3Store: { persistence?: unknown };
}
type BuildAppStores = NonNullable<NonNullable<Parameters<typeof buildApp>[0]>['stores']>;

async function persistentStores(storage: FauxqsStorage): Promise<{ stores: BuildAppStores; close(): void }> {
  const entry = import.meta.resolve('fauxqs');
  const load = (path: string) => import(new URL(path, entry).href);
  const [{ SqsStore }, { SnsStore }, { S3Store }, { PersistenceManager }, { FileS3Persistence }] = await Promise.all([
    load('./sqs/sqsStore.js'),
    load('./sns/snsStore.js'),
    load('./s3/s3Store.js'),
    load('./persistence.js'),
    load('./s3/fileS3Persistence.js'),
  ]);
  const stores: PersistentStores = { sqsStore: new SqsStore(), snsStore: new SnsStore(), s3Store: new S3Store() };
  const sqlite = new PersistenceManager(storage.dataDir) as Persistence & {
    loadSqsAndSns(sqs: unknown, sns: unknown): void;
  };
  if (storage.releaseInFlight) releaseInFlightMessages(sqlite);
  const files = new FileS3Persistence(storage.s3Dir) as Persistence & { loadS3(s3: unknown): void };
  // Loaded before the stores get their persistence, as fauxqs does: loading must not write back.
  sqlite.loadSqsAndSns(stores.sqsStore, stores.snsStore);
  files.loadS3(stores.s3Store);
  stores.sqsStore.persistence = sqlite;
  stores.snsStore.persistence = sqlite;
  for (const queue of stores.sqsStore.allQueues()) queue.persistence = sqlite;
  stores.s3Store.persistence = files;
  return {
    stores: stores as unknown as BuildAppStores,
    close() {
      sqlite.close();
      files.close();
    },
  };
}

/** Clears the in-flight marks fauxqs keeps per message (its `sqs_messages` table), so they load as visible. */
function releaseInFlightMessages(sqlite: Persistence): void {
  const db = (sqlite as unknown as { db: DatabaseSync }).db;
  db.exec('UPDATE sqs_messages SET receipt_handle = NULL, visibility_deadline = NULL WHERE receipt_handle IS NOT NULL');
}
