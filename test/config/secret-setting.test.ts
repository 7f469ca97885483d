/**
 * Secret settings from the environment or from Secrets Manager. There is no local Secrets Manager among the
 * project's servers, so a loopback HTTP server answers GetSecretValue in the service's own JSON protocol; the real
 * SDK client makes the call.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resolveSecretSetting, SecretReadError } from '#adapters/secrets/read-secret.js';
import { ValidationError } from '#domain/errors.js';

const VARIABLES = {
  valueVariable: 'MANIREPORTS_VERIFICATION_SECRET',
  arnVariable: 'MANIREPORTS_VERIFICATION_SECRET_ARN',
};
const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:verification-AbCdEf';
const MISSING_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:missing-XyZ123';

let server: Server;
const requests: { target: string | undefined; body: unknown }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const parsed = JSON.parse(body) as { SecretId: string };
      requests.push({ target: request.headers['x-amz-target'] as string | undefined, body: parsed });
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      if (parsed.SecretId === ARN) {
        response.end(
          JSON.stringify({ ARN, Name: 'verification', SecretString: 'a-secret-of-at-least-thirty-two-characters' }),
        );
        return;
      }
      response.statusCode = 400;
      response.end(
        JSON.stringify({
          __type: 'ResourceNotFoundException',
          message: "Secrets Manager can't find the specified secret.",
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', `http://127.0.0.1:${port}`);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
});

afterAll(() => {
  vi.unstubAllEnvs();
  server.close();
});

describe('resolveSecretSetting', () => {
  it('uses a value given directly without asking Secrets Manager', async () => {
    // Act
    const value = await resolveSecretSetting({ MANIREPORTS_VERIFICATION_SECRET: 'direct' }, VARIABLES);

    // Assert
    expect(value).toBe('direct');
  });

  it('reads the secret named by the ARN variable from Secrets Manager', async () => {
    // Arrange
    requests.length = 0;

    // Act
    const value = await resolveSecretSetting(
      { MANIREPORTS_VERIFICATION_SECRET_ARN: ARN, AWS_REGION: 'eu-west-1' },
      VARIABLES,
    );

    // Assert
    expect(value).toBe('a-secret-of-at-least-thirty-two-characters');
    expect(requests).toEqual([{ target: 'secretsmanager.GetSecretValue', body: { SecretId: ARN } }]);
  });

  it('names the secret, not its value, when it cannot be read', async () => {
    // Act
    const error = await resolveSecretSetting(
      { MANIREPORTS_VERIFICATION_SECRET_ARN: MISSING_ARN, AWS_REGION: 'eu-west-1' },
      VARIABLES,
    ).catch((caught: unknown) => caught);

    // Assert
    expect(error).toBeInstanceOf(SecretReadError);
    expect((error as Error).message).toBe(`secret ${MISSING_ARN}: could not be read (ResourceNotFoundException)`);
  });

  it.each([
    ['neither variable', {}, 'is required (or MANIREPORTS_VERIFICATION_SECRET_ARN)'],
    [
      'both variables',
      { MANIREPORTS_VERIFICATION_SECRET: 'x', MANIREPORTS_VERIFICATION_SECRET_ARN: ARN },
      'set it or MANIREPORTS_VERIFICATION_SECRET_ARN, not both',
    ],
  ])('refuses %s, naming the variable', async (_case, env, problem) => {
    // Act
    const error = await resolveSecretSetting(env, VARIABLES).catch((caught: unknown) => caught);

    // Assert
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('MANIREPORTS_VERIFICATION_SECRET');
    expect((error as ValidationError).problem).toBe(problem);
  });
});
