/**
 * The one place an SQS client is built, so every module gets the same settings and a local server can be swapped in.
 */
import { SQSClient } from '@aws-sdk/client-sqs';

/** Static credentials, for local servers only; in AWS leave them out and the SDK uses the function's role. */
export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** How the SQS client is set up. */
export interface SqsClientOptions {
  /** @default the SDK's resolution (`AWS_REGION`) */
  region?: string;
  /**
   * Endpoint override for a local server such as fauxqs. Give it explicitly: fauxqs's queue URLs may name hosts
   * (`sqs.<region>.localhost`) that do not resolve, and the client must not follow them. @default the regional one
   */
  endpoint?: string;
  /** @default the SDK's credential chain */
  credentials?: StaticCredentials;
}

/** Creates an SQS client; create it once per module (a Lambda's cold start) and share it. */
export function createSqsClient(options: SqsClientOptions = {}): SQSClient {
  return new SQSClient({
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    // The queue URL's host is only a name for the queue: send every call to the configured endpoint.
    useQueueUrlAsEndpoint: false,
  });
}
