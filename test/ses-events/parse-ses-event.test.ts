import { describe, expect, it } from 'vitest';
import { parseSesEvent } from '#domain/ses-event.js';
import { bounceRecord, complaintRecord, deliveryRecord, mailObject, ourTags } from './fixtures.js';

const NOW = 1_772_449_000;
const JOB = 'schedule-12-slot-1772442000';
const parse = (record: unknown) => parseSesEvent(JSON.stringify(record), NOW);

describe('parseSesEvent', () => {
  it('reads a permanent bounce: row from our tags, type/subtype, SES timestamp', () => {
    expect(parse(bounceRecord(ourTags(JOB, 401)))).toEqual({
      outcome: 'event',
      event: {
        kind: 'bounced',
        jobId: JOB,
        userId: 401,
        detail: 'Permanent/General',
        occurredAt: Math.floor(Date.parse('2026-03-02T09:01:02.669Z') / 1000),
        sesMessageId: 'EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000',
      },
    });
  });

  it('reads a transient bounce with its subtype', () => {
    const parsed = parse(bounceRecord(ourTags(JOB, 401), 'Transient', 'MailboxFull'));
    expect(parsed).toMatchObject({ outcome: 'event', event: { kind: 'bounced', detail: 'Transient/MailboxFull' } });
  });

  it('reads a complaint with its feedback type, or "unspecified" without a feedback report', () => {
    expect(parse(complaintRecord(ourTags(JOB, 7)))).toMatchObject({
      outcome: 'event',
      event: { kind: 'complained', userId: 7, detail: 'abuse' },
    });
    expect(parse(complaintRecord(ourTags(JOB, 7), null))).toMatchObject({
      event: { detail: 'unspecified' },
    });
  });

  it('ignores a mail without our tags (a console test send), naming the reason', () => {
    expect(parse(bounceRecord({}))).toEqual({
      outcome: 'ignored',
      reason: 'untagged',
      eventType: 'Bounce',
      sesMessageId: 'EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000',
    });
    expect(parse(bounceRecord({ jobId: [JOB], userId: ['not-a-number'] }))).toMatchObject({ reason: 'untagged' });
    expect(parse(bounceRecord({ jobId: [JOB] }))).toMatchObject({ reason: 'untagged' });
  });

  it('ignores event types it does not track, and malformed records', () => {
    expect(parse(deliveryRecord(ourTags(JOB, 1)))).toMatchObject({
      outcome: 'ignored',
      reason: 'untracked_event_type',
    });
    expect(parseSesEvent('{not json', NOW)).toEqual({ outcome: 'ignored', reason: 'malformed' });
    expect(parse({ eventType: 'Bounce', mail: mailObject(ourTags(JOB, 1)) })).toMatchObject({ reason: 'malformed' });
    expect(parse({ eventType: 'Bounce' })).toMatchObject({ reason: 'malformed' });
  });

  it('falls back to now when SES timestamp is unreadable', () => {
    const record = bounceRecord(ourTags(JOB, 401));
    record.bounce.timestamp = 'yesterday';
    expect(parse(record)).toMatchObject({ event: { occurredAt: NOW } });
  });
});
