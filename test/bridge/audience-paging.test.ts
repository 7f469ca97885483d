import { beforeEach, describe, expect, it } from 'vitest';
import { openMoodleBridgeOnClient } from '#adapters/moodle/open-moodle-bridge.js';
import { ValidationError } from '#domain/errors.js';
import type { MoodleBridge, RecipientPage } from '#domain/moodle-bridge.js';
import { EXCLUSION_REASONS } from '#domain/recipients.js';
import { testTargets, useTestDatabase } from '../support/test-databases.js';
import { asAudienceSchedule, collectAudience } from './audience-helpers.js';
import { AT_2026 } from './demo-expectations.js';

describe.each(testTargets())('[%s] moodle bridge: audience summaries and keyset paging', (target) => {
  const database = useTestDatabase(target);
  let bridge: MoodleBridge;

  beforeEach(async () => {
    bridge ??= await openMoodleBridgeOnClient(database().client, { description: `${target} test database` });
  });

  const loadSchedule = async (id: number) =>
    asAudienceSchedule((await bridge.getSchedule(id)) ?? expect.fail(`schedule ${id} missing`));

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 10])(
    'schedule %i: summarizeAudience equals the counts of the streamed audience',
    async (id) => {
      // Arrange
      const schedule = await loadSchedule(id);

      // Act
      const summary = await bridge.summarizeAudience({ schedule, at: AT_2026 });
      const streamed = await collectAudience(bridge, schedule, AT_2026);

      // Assert
      expect(summary.eligible).toBe(streamed.eligible.length);
      for (const reason of EXCLUSION_REASONS)
        expect(summary.excluded[reason]).toBe(streamed.excluded[reason]?.length ?? 0);
    },
  );

  it.each([4, 5])('schedule %i: pages of 7 give the same audience, ascending, without duplicates', async (id) => {
    // Arrange
    const schedule = await loadSchedule(id);
    const whole = await collectAudience(bridge, schedule, AT_2026, 10_000);

    // Act
    const paged = await collectAudience(bridge, schedule, AT_2026, 7);

    // Assert
    const memberIds = paged.pages.flatMap((page) =>
      [...page.recipients.map((recipient) => recipient.userId), ...page.excluded.map((user) => user.userId)].sort(
        (a, b) => a - b,
      ),
    );
    expect(memberIds).toEqual([...memberIds].sort((a, b) => a - b));
    expect(new Set(memberIds).size).toBe(memberIds.length);
    expect(paged.eligible).toEqual([...paged.eligible].sort((a, b) => a - b));
    expect(paged.pages.every((page) => page.recipients.length + page.excluded.length <= 7)).toBe(true);
    expect(paged.eligible).toEqual(whole.eligible);
    expect(paged.excluded).toEqual(whole.excluded);
    expect(whole.pages).toHaveLength(1);
  });

  it('pages the 228-member onboarding audience into 33 pages of at most 7', async () => {
    // Arrange
    const schedule = await loadSchedule(5);

    // Act
    const paged = await collectAudience(bridge, schedule, AT_2026, 7);

    // Assert: 228 = 32 × 7 + 4.
    expect(paged.pages).toHaveLength(33);
    const last = paged.pages.at(-1);
    expect((last?.recipients.length ?? 0) + (last?.excluded.length ?? 0)).toBe(4);
  });

  it('resumes after a saved lastUserId with exactly the rest of the audience', async () => {
    // Arrange: stop after the third page of 7, as a fan-out interrupted part-way would.
    const schedule = await loadSchedule(5);
    const firstPages: RecipientPage[] = [];
    for await (const page of bridge.streamAudience({ schedule, at: AT_2026 }, { pageSize: 7 })) {
      firstPages.push(page);
      if (firstPages.length === 3) break;
    }
    const cursor = firstPages.at(-1)?.lastUserId ?? expect.fail('no pages');

    // Act
    const rest: RecipientPage[] = [];
    for await (const page of bridge.streamAudience({ schedule, at: AT_2026 }, { pageSize: 7, afterUserId: cursor })) {
      rest.push(page);
    }

    // Assert: 3 + 30 pages are the 33 of the whole audience, in order, each ending at its lastUserId.
    const whole = await collectAudience(bridge, schedule, AT_2026, 7);
    expect([...firstPages, ...rest].map((page) => page.lastUserId)).toEqual(whole.pages.map((page) => page.lastUserId));
    expect(rest).toHaveLength(30);
    for (const page of rest) {
      const ids = [...page.recipients.map((r) => r.userId), ...page.excluded.map((u) => u.userId)];
      expect(Math.min(...ids)).toBeGreaterThan(cursor);
      expect(Math.max(...ids)).toBe(page.lastUserId);
    }
  });

  it('rejects a page size below 1', async () => {
    // Arrange
    const schedule = await loadSchedule(1);

    // Act
    const reading = collectAudience(bridge, schedule, AT_2026, 0);

    // Assert
    await expect(reading).rejects.toBeInstanceOf(ValidationError);
  });
});
