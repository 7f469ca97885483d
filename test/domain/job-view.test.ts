import { describe, expect, it } from 'vitest';
import { type CloudJob, emptyJobCounts } from '#domain/cloud-job.js';
import { isoFromEpochSeconds, toJobView } from '#domain/job-view.js';

const job: CloudJob = {
  jobId: 'schedule-12-slot-1772442000',
  scheduleId: 12,
  runSlot: 1_772_442_000,
  actionType: 'both',
  route: 'cloud',
  routeReason: 'forced_cloud',
  routeExplanation: 'cloud preference is "cloud"',
  status: 'running',
  counts: { ...emptyJobCounts(), total: 40, sent: 12 },
  fanout: { cursorUserId: 900, complete: true, leaseOwner: 'planner-a', leaseUntil: 1_772_442_300 },
  createdAt: 1_772_442_005,
  startedAt: 1_772_442_010,
};

describe('job view', () => {
  it('shows ids, route, counters and ISO times, and leaves out the fan-out bookkeeping', () => {
    // Act
    const view = toJobView(job);

    // Assert
    expect(view).toEqual({
      id: 'schedule-12-slot-1772442000',
      scheduleId: 12,
      runSlot: '2026-03-02T09:00:00Z',
      actionType: 'both',
      route: 'cloud',
      routeReason: 'forced_cloud',
      routeExplanation: 'cloud preference is "cloud"',
      status: 'running',
      counts: { ...emptyJobCounts(), total: 40, sent: 12 },
      createdAt: '2026-03-02T09:00:05Z',
      startedAt: '2026-03-02T09:00:10Z',
    });
  });

  it('keeps a completion time and the last error when the job has them', () => {
    const view = toJobView({ ...job, status: 'failed', completedAt: 1_772_445_600, lastError: 'fan-out failed' });

    expect(view).toMatchObject({ completedAt: '2026-03-02T10:00:00Z', lastError: 'fan-out failed' });
  });

  it('writes whole seconds without milliseconds', () => {
    expect(isoFromEpochSeconds(0)).toBe('1970-01-01T00:00:00Z');
  });
});
