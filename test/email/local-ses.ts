/**
 * Starts `aws-ses-v2-local` in this process on loopback with a port the OS picks, and reads back what it received.
 * It speaks the real SES v2 HTTP protocol, so the SDK client is exercised end to end.
 */
import type { AddressInfo } from 'node:net';
import sesLocal from 'aws-ses-v2-local';

/** One stored mail, as `GET /store` reports it (attachment content is base64). */
export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  attachments: { filename?: string; contentType: string; content: string; size: number }[];
}

export interface LocalSes {
  endpoint: string;
  readStore(): Promise<StoredEmail[]>;
  clearStore(): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalSes(): Promise<LocalSes> {
  // The package is CommonJS with an `exports.default`: Node's ESM loader hands over the module object, a bundler's
  // interop may hand over the function itself.
  const loaded: unknown = sesLocal;
  const start = typeof loaded === 'function' ? (loaded as typeof sesLocal.default) : sesLocal.default;
  const server = await start({ host: '127.0.0.1', port: 0 });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    async readStore() {
      const response = await fetch(`${endpoint}/store`);
      const body = (await response.json()) as { emails: StoredEmail[] };
      return body.emails;
    },
    async clearStore() {
      await fetch(`${endpoint}/clear-store`, { method: 'POST' });
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error?: Error) => (error ? reject(error) : resolve()));
      }),
  };
}
