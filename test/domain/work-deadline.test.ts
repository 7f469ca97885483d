/** The rules that make every job end, and end only when its work is certainly gone. Pure: no I/O. */
import { describe, expect, it } from 'vitest';
import { buildCallbackEvent } from '#domain/callback-event.js';
import { decideFinalStatus, emptyJobCounts } from '#domain/cloud-job.js';
import { ledgerCoversJob, workDeadline, workHops } from '#domain/work-deadline.js';
import { plannedJob, SLOT } from '../dynamodb/fixtures.js';

const LIFETIME = 4 * 86_400 + 720;

describe('workDeadline', () => {
  it('is one message lifetime per queue hop after the work was last sent', () => {
    // Arrange
    const email = plannedJob(1, { actionType: 'email', createdAt: SLOT, startedAt: SLOT + 60 });
    const both = plannedJob(2, { actionType: 'both', createdAt: SLOT, startedAt: SLOT + 60 });

    // Act / Assert: a `both` job's certificate worker sends the email message on, a second hop.
    expect(workHops('email')).toBe(1);
    expect(workHops('certificate')).toBe(1);
    expect(workDeadline(email, LIFETIME)).toBe(SLOT + 60 + LIFETIME);
    expect(workDeadline(both, LIFETIME)).toBe(SLOT + 60 + 2 * LIFETIME);
  });

  it('counts from the last redrive, and from creation for a job that never started', () => {
    const redriven = plannedJob(1, { startedAt: SLOT + 60, redrivenAt: SLOT + 9 * 86_400 });
    const unstarted = plannedJob(1, { createdAt: SLOT });
    expect(workDeadline(redriven, LIFETIME)).toBe(SLOT + 9 * 86_400 + LIFETIME);
    expect(workDeadline(unstarted, LIFETIME)).toBe(SLOT + LIFETIME);
  });
});

describe('ledgerCoversJob', () => {
  it('holds until the retention after creation, less the claim timeout', () => {
    const job = { createdAt: SLOT };
    expect(ledgerCoversJob(job, 90 * 86_400, 900, SLOT + 90 * 86_400 - 901)).toBe(true);
    expect(ledgerCoversJob(job, 90 * 86_400, 900, SLOT + 90 * 86_400 - 900)).toBe(false);
  });
});

describe('a job with unsent recipients', () => {
  it('counts them as settled and ends with failures', () => {
    const counts = { ...emptyJobCounts(), total: 10, sent: 4, unsent: 6 };
    expect(decideFinalStatus(counts, true)).toBe('completed_with_failures');
    expect(decideFinalStatus({ ...counts, unsent: 5 }, true)).toBeUndefined();
  });

  it('tells Moodle of a completion after a redrive under a new id, and of the first one under the old id', () => {
    const first = buildCallbackEvent('job.completed', plannedJob(3), undefined, SLOT);
    const second = buildCallbackEvent('job.completed', plannedJob(3, { redrives: 2 }), undefined, SLOT);
    expect(first.id).toBe(`job.completed:${plannedJob(3).jobId}`);
    expect(second.id).toBe(`job.completed:${plannedJob(3).jobId}:redrive-2`);
  });
});
