/**
 * Reads a secret's string value from AWS Secrets Manager, once per cold start: the functions keep database
 * credentials and the verification secret out of their environment and templates.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AppError, ValidationError } from '#domain/errors.js';

/** The secret could not be read; `secretArn` names it (never its value). */
export class SecretReadError extends AppError {
  constructor(
    readonly secretArn: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`secret ${secretArn}: ${problem}`, options);
  }
}

export interface ReadSecretOptions {
  region?: string;
  /** A local server speaking the Secrets Manager protocol, for tests. @default the regional endpoint */
  endpoint?: string;
}

export async function readSecretString(secretArn: string, options: ReadSecretOptions = {}): Promise<string> {
  const client = new SecretsManagerClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
  try {
    const output = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (output.SecretString === undefined) throw new SecretReadError(secretArn, 'has no string value');
    return output.SecretString;
  } catch (error) {
    if (error instanceof SecretReadError) throw error;
    const reason = error instanceof Error ? error.name : 'unknown error';
    throw new SecretReadError(secretArn, `could not be read (${reason})`, { cause: error });
  } finally {
    client.destroy();
  }
}

/**
 * A secret setting given either directly in `valueVariable` (local runs, tests) or by its Secrets Manager ARN in
 * `arnVariable` (AWS, where the CDK app sets only the ARN). Exactly one must be set.
 */
export async function resolveSecretSetting(
  env: Record<string, string | undefined>,
  variables: { valueVariable: string; arnVariable: string },
): Promise<string> {
  const value = env[variables.valueVariable];
  const arn = env[variables.arnVariable];
  if (value && arn) {
    throw new ValidationError(variables.valueVariable, '(hidden)', `set it or ${variables.arnVariable}, not both`);
  }
  if (value) return value;
  if (arn) return readSecretString(arn, env.AWS_REGION ? { region: env.AWS_REGION } : {});
  throw new ValidationError(variables.valueVariable, undefined, `is required (or ${variables.arnVariable})`);
}
