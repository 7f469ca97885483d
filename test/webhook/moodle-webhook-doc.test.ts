/** The worked example in docs/moodle-webhook.md is correct: its body is valid and its signature verifies. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWebhookEvent } from '#domain/webhook-parse-event.js';
import { signWebhookBody, verifyWebhookSignature } from '#domain/webhook-signature.js';

const doc = readFileSync(new URL('../../docs/moodle-webhook.md', import.meta.url), 'utf8');

function extract(pattern: RegExp): string {
  const value = doc.match(pattern)?.[1];
  if (value === undefined) throw new Error(`docs/moodle-webhook.md no longer contains ${pattern}`);
  return value;
}

describe('the worked example in docs/moodle-webhook.md', () => {
  it('carries the signature its secret, timestamp and body give, and a body the webhook accepts', () => {
    // Arrange
    const secret = extract(/MANIREPORTS_WEBHOOK_SECRET=(\S+?)`/);
    const timestamp = extract(/-H 'X-ManiReports-Timestamp: (\d+)'/);
    const signature = extract(/-H 'X-ManiReports-Signature: (v1=[0-9a-f]+)'/);
    const body = Buffer.from(extract(/--data-raw '([^']+)'/), 'utf8');

    // Act
    const recomputed = signWebhookBody(secret, Number(timestamp), body);
    const verify = () =>
      verifyWebhookSignature({ timestamp, signature, rawBody: body }, [secret], () => Number(timestamp));
    const event = parseWebhookEvent(body);

    // Assert
    expect(recomputed).toBe(signature);
    expect(verify).not.toThrow();
    expect(event).toMatchObject({
      type: 'schedule.updated',
      schedule: { id: 7 },
      template: { subject: 'Reminder: {coursename}' },
    });
  });
});
