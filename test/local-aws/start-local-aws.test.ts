import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { endpointOf, type LocalServer, LocalServerError } from '#adapters/local-aws/local-server.js';
import { type LocalAws, startLocalAws } from '#adapters/local-aws/start-local-aws.js';

/** Whether a port on loopback can be bound again, i.e. nothing listens on it any more. */
function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createNetServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

const portOf = (endpoint: string) => Number(new URL(endpoint).port);

/** Talks to each service once through the real SDK clients, with the config startLocalAws hands out. */
async function useEveryService(local: LocalAws): Promise<void> {
  const sqs = new SQSClient(local.clientConfig.sqs);
  const s3 = new S3Client(local.clientConfig.s3);
  const ses = new SESv2Client(local.clientConfig.ses);
  try {
    await sqs.send(new ListQueuesCommand({}));
    await s3.send(new ListBucketsCommand({}));
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'noreply@moodle.example',
        Destination: { ToAddresses: ['learner@example.com'] },
        Content: { Simple: { Subject: { Data: 'Hello' }, Body: { Text: { Data: 'Hi' } } } },
      }),
    );
  } finally {
    sqs.destroy();
    s3.destroy();
    ses.destroy();
  }
}

/** A small HTTP server on loopback, standing in for an extra server such as dynalite. */
async function startHttpServer(): Promise<LocalServer & { stopped: () => boolean }> {
  const server = createHttpServer((_request, response) => response.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let stopped = false;
  return {
    endpoint: endpointOf(server.address()),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        stopped = true;
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
    stopped: () => stopped,
  };
}

describe('startLocalAws', () => {
  it('starts SQS, S3 and SES on 127.0.0.1, and frees their ports on stop, twice in a row', async () => {
    for (let round = 1; round <= 2; round++) {
      // Arrange
      const envBefore = { ...process.env };

      // Act
      const local = await startLocalAws();
      await useEveryService(local);
      await local.stop();

      // Assert
      for (const endpoint of Object.values(local.endpoints)) expect(new URL(endpoint).hostname).toBe('127.0.0.1');
      expect(local.clientConfig.s3).toMatchObject({ region: 'us-east-1', forcePathStyle: true });
      expect(local.clientConfig.sqs.credentials.accessKeyId).not.toBe('');
      expect(process.env).toEqual(envBefore);
      expect(await isPortFree(portOf(local.endpoints.sqs))).toBe(true);
      expect(await isPortFree(portOf(local.endpoints.ses))).toBe(true);
    }
  });

  it('can be stopped twice', async () => {
    // Arrange
    const local = await startLocalAws();

    // Act
    await local.stop();
    const second = local.stop();

    // Assert
    await expect(second).resolves.toBeUndefined();
  });

  it('starts extra servers beside its own, reports their endpoints and stops them too', async () => {
    // Arrange
    let extra: Awaited<ReturnType<typeof startHttpServer>> | undefined;
    const startExtra = async () => {
      extra = await startHttpServer();
      return extra;
    };

    // Act
    const local = await startLocalAws({ extraServers: { dynamodb: startExtra } });
    const answer = await fetch(local.extraEndpoints.dynamodb ?? '').then((response) => response.text());
    await local.stop();

    // Assert
    expect(answer).toBe('ok');
    expect(Object.keys(local.extraEndpoints)).toEqual(['dynamodb']);
    expect(extra?.stopped()).toBe(true);
    expect(await isPortFree(portOf(local.extraEndpoints.dynamodb ?? ''))).toBe(true);
  });

  it('stops what it started and names the server when one fails to start', async () => {
    // Arrange
    let first: Awaited<ReturnType<typeof startHttpServer>> | undefined;
    const extraServers = {
      first: async () => {
        first = await startHttpServer();
        return first;
      },
      broken: async (): Promise<LocalServer> => {
        throw new Error('address in use');
      },
    };

    // Act
    const error = await startLocalAws({ extraServers }).catch((caught: unknown) => caught);

    // Assert
    expect(error).toBeInstanceOf(LocalServerError);
    expect(error).toMatchObject({ server: 'broken', cause: { message: 'address in use' } });
    expect(first?.stopped()).toBe(true);
  });
});
