/**
 * aws-ses-v2-local (SES v1 and v2) in this process. Its mail store is one per process: two instances share it.
 */
import type { Server } from 'node:http';
import sesLocal from 'aws-ses-v2-local';
import { endpointOf, type LocalServer } from './local-server.js';

/** Starts the SES server on 127.0.0.1 with a port the OS picks. Read sent mail at `GET <endpoint>/store`. */
export async function startSesLocal(): Promise<LocalServer> {
  // The package is CommonJS with `exports.default`: Node's ESM loader hands over the module object, a bundler's
  // interop may hand over the function itself.
  const loaded: unknown = sesLocal;
  const start = typeof loaded === 'function' ? (loaded as typeof sesLocal.default) : sesLocal.default;
  const server = await start({ host: '127.0.0.1', port: 0 });
  return { endpoint: endpointOf(server.address()), stop: () => closeServer(server) };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    // Keep-alive sockets from SDK clients would otherwise hold close() open until they time out.
    server.closeAllConnections();
    server.close((error) => (error ? reject(error) : resolve()));
  });
}
