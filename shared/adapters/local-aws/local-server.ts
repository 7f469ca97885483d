/**
 * One local server started in this process, and the error raised when one cannot be started or stopped.
 */
import type { AddressInfo } from 'node:net';
import { AppError } from '#domain/errors.js';

/** A server listening on loopback. */
export interface LocalServer {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  /** Closes the listener and every open connection. */
  stop(): Promise<void>;
}

/** Starts one server on 127.0.0.1 with a port the OS picks (for `extraServers`, e.g. dynalite). */
export type StartLocalServer = () => Promise<LocalServer>;

/** A local server failed to start or to stop; `server` names which. */
export class LocalServerError extends AppError {
  constructor(
    readonly server: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`local ${server} server: ${problem}`, options);
  }
}

/** The `http://host:port` of a listening `node:net` server. */
export function endpointOf(address: AddressInfo | string | null): string {
  if (address === null || typeof address === 'string') {
    throw new LocalServerError('unknown', `is not listening on a TCP port (${String(address)})`);
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
