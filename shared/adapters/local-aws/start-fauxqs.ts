/**
 * fauxqs (SQS and S3 on one port) in this process. Its own `startFauxqs` always listens on 0.0.0.0, so the app is
 * built and bound here instead, to loopback only.
 */
import { buildApp } from 'fauxqs';
import { endpointOf, type LocalServer } from './local-server.js';

/** Starts fauxqs on 127.0.0.1 with a port the OS picks; state is in memory and gone when it stops. */
export async function startFauxqs(region: string): Promise<LocalServer> {
  // Without `host`, queue URLs name the host the request came to (127.0.0.1:<port>), which resolves.
  const app = buildApp({ logger: false, defaultRegion: region });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    endpoint: endpointOf(app.server.address()),
    // The app is built with forceCloseConnections, so close() does not wait for the SDK's keep-alive sockets.
    stop: () => app.close(),
  };
}
