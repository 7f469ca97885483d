/**
 * `POST /webhooks/moodle`: size, signature, then the event, in that order, so an unsigned request is refused
 * before its body is parsed and an oversized one before it is hashed. Route and method are the router's.
 */
import { MAX_WEBHOOK_BODY_BYTES, type ScheduleEvent } from '#domain/webhook-event.js';
import { parseWebhookEvent } from '#domain/webhook-parse-event.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from '#domain/webhook-signature.js';
import type { ScheduleEventResult } from '#use-cases/handle-schedule-event.js';
import { PayloadTooLargeError } from './http-errors.js';
import { jsonResponse } from './http-message.js';
import type { HttpRoute } from './http-router.js';

export const WEBHOOK_PATH = '/webhooks/moodle';

export interface WebhookRouteOptions {
  handleScheduleEvent: (event: ScheduleEvent) => Promise<ScheduleEventResult>;
  /** The current secret first, then the previous one during a rotation. */
  secrets: readonly string[];
  /** Epoch seconds. */
  clock: () => number;
  /** @default MAX_WEBHOOK_BODY_BYTES */
  maxBodyBytes?: number;
}

export function makeWebhookRoute(options: WebhookRouteOptions): HttpRoute {
  const { handleScheduleEvent, secrets, clock, maxBodyBytes = MAX_WEBHOOK_BODY_BYTES } = options;
  return {
    method: 'POST',
    pattern: WEBHOOK_PATH,
    async handle(request) {
      if (request.body.byteLength > maxBodyBytes) {
        throw new PayloadTooLargeError(request.body.byteLength, maxBodyBytes);
      }
      verifyWebhookSignature(
        {
          timestamp: request.headers[TIMESTAMP_HEADER],
          signature: request.headers[SIGNATURE_HEADER],
          rawBody: request.body,
        },
        secrets,
        clock,
      );
      const result = await handleScheduleEvent(parseWebhookEvent(request.body));
      return jsonResponse(200, result.status === 'duplicate' ? { status: 'duplicate' } : result);
    },
  };
}
