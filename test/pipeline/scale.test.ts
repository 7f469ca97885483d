/**
 * A 20,000-recipient schedule fans out completely: every learner on the queue exactly once, in the number of pages
 * and SendMessageBatch calls the packing rules give. The workers are not run over 20,000 recipients (other tests
 * cover them); the queue is drained instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addScaleCourse, SCALE_COURSE } from '#adapters/moodle-demo/add-scale-course.js';
import { jobIdFor } from '#domain/cloud-job.js';
import { createPipeline, makeClock, type Pipeline, type PipelineServers, startPipelineServers } from './harness.js';
import { MONDAY_12_0830, SLOT_12_0800 } from './moments.js';
import { recipientIds } from './queue-helpers.js';

let servers: PipelineServers;
let pipeline: Pipeline | undefined;

beforeAll(async () => {
  servers = await startPipelineServers();
  await addScaleCourse(servers.moodle.client);
  // Only the generated schedule is enabled.
  await servers.moodle.useSchedules([]);
});

afterAll(async () => {
  pipeline?.close();
  await servers.stop();
});

const PAGE_SIZE = 1000;

describe('fan-out at scale', () => {
  it('puts all 20,000 learners on the queue exactly once, 25 per message and 10 messages per batch call', async () => {
    // Arrange
    const p = await createPipeline(servers);
    pipeline = p;
    const clock = makeClock(MONDAY_12_0830);
    let pages = 0;
    const planDueRuns = p.planner({
      owner: 'planner',
      clock,
      pageSize: PAGE_SIZE,
      onPage: () => {
        pages += 1;
      },
    });
    const { scheduleId, firstUserId, learners } = SCALE_COURSE;
    const jobId = jobIdFor(scheduleId, SLOT_12_0800);

    // Act
    const report = await planDueRuns(MONDAY_12_0830);
    const queued = await p.receive('email');

    // Assert
    expect(report.schedules).toMatchObject([{ scheduleId, outcome: 'fanned_out', jobId }]);
    // 20,000 / 1,000 per page = 20 pages; 20,000 / 25 = 800 messages; 800 / 10 = 80 calls.
    expect(pages).toBe(20);
    expect(p.batchCalls).toEqual({ calls: 80, entries: 800 });
    expect(queued).toHaveLength(800);
    expect(queued.every(({ message }) => message.recipients.length === 25)).toBe(true);
    const ids = recipientIds(queued);
    expect(ids).toHaveLength(learners);
    const distinct = new Set(ids);
    expect(distinct.size).toBe(learners);
    expect(Math.min(...distinct)).toBe(firstUserId);
    expect(Math.max(...distinct)).toBe(firstUserId + learners - 1);
    expect(await p.jobs.getJob(jobId)).toMatchObject({
      status: 'running',
      counts: { total: learners, suppressed: 0, sent: 0 },
      fanout: { complete: true, cursorUserId: firstUserId + learners - 1 },
    });
  });
});
