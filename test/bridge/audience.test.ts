import { beforeEach, describe, expect, it } from 'vitest';
import { openMoodleBridgeOnClient } from '#adapters/moodle/open-moodle-bridge.js';
import type { MoodleBridge } from '#domain/moodle-bridge.js';
import { testTargets, useTestDatabase } from '../support/test-databases.js';
import { adHocSchedule, asAudienceSchedule, collectAudience, idsOnly } from './audience-helpers.js';
import {
  AT_2026,
  AT_2034,
  AT_2036,
  EDGE_COURSE_CERTIFICATE,
  EXPECTED_AUDIENCES,
  EXPECTED_ELIGIBLE_COUNTS,
} from './demo-expectations.js';

const SCHEDULE_IDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

describe.each(testTargets())('[%s] moodle bridge: audiences of the demo schedules', (target) => {
  const database = useTestDatabase(target);
  let bridge: MoodleBridge;

  beforeEach(async () => {
    bridge ??= await openMoodleBridgeOnClient(database().client, { description: `${target} test database` });
  });

  const loadSchedule = async (id: number) =>
    asAudienceSchedule((await bridge.getSchedule(id)) ?? expect.fail(`schedule ${id} missing`));

  describe.each([
    ['2026-01-01', AT_2026],
    ['2034-12-31', AT_2034],
  ])('at %s', (_label, at) => {
    it.each(SCHEDULE_IDS)(
      'schedule %i reaches exactly the hand-listed users, each under its first reason',
      async (id) => {
        // Arrange
        const schedule = await loadSchedule(id);

        // Act
        const audience = await collectAudience(bridge, schedule, at);

        // Assert
        expect(idsOnly(audience)).toEqual(EXPECTED_AUDIENCES[id]);
        expect(audience.eligible).toHaveLength(EXPECTED_ELIGIBLE_COUNTS[id] ?? -1);
      },
    );
  });

  it('keeps bad addresses and emailstop for a certificate-only action', async () => {
    // Arrange
    const schedule = adHocSchedule({ courseId: 3, actionType: 'certificate' });

    // Act
    const audience = await collectAudience(bridge, schedule, AT_2026);

    // Assert
    expect(idsOnly(audience)).toEqual(EDGE_COURSE_CERTIFICATE);
  });

  it("applies course-completion suppression only to course schedules' own course", async () => {
    // Arrange: site-level schedule owned by user 62 (course 2 completed) with suppressCourseCompletion on.
    const siteLevel = adHocSchedule({ courseId: 0, userId: 62, suppressCourseCompletion: true });

    // Act
    const audience = await collectAudience(bridge, siteLevel, AT_2026);

    // Assert
    expect(idsOnly(audience)).toEqual({ eligible: [62], excluded: {} });
  });

  it('gives a site-level schedule whose owner does not exist an empty audience', async () => {
    // Arrange
    const orphan = adHocSchedule({ courseId: 0, userId: 99_999 });

    // Act
    const audience = await collectAudience(bridge, orphan, AT_2026);
    const summary = await bridge.summarizeAudience({ schedule: orphan, at: AT_2026 });

    // Assert
    expect(audience.pages).toEqual([]);
    expect(summary.eligible).toBe(0);
    expect(Object.values(summary.excluded).every((count) => count === 0)).toBe(true);
  });

  it('judges enrolment windows at the given moment: a 2035 start counts from 2036', async () => {
    // Arrange
    const schedule = await loadSchedule(4);

    // Act
    const before = await collectAudience(bridge, schedule, AT_2034);
    const after = await collectAudience(bridge, schedule, AT_2036);

    // Assert
    expect(before.eligible).not.toContain(42);
    expect(after.eligible).toContain(42);
    expect(after.eligible).toHaveLength(17);
  });

  it('widens the audience with the configured role archetypes', async () => {
    // Arrange
    const withTeachers = await openMoodleBridgeOnClient(database().client, {
      description: 'students and teachers',
      roleArchetypes: ['student', 'teacher'],
    });

    // Act
    const audience = await collectAudience(withTeachers, adHocSchedule({ courseId: 3 }), AT_2026);

    // Assert: Rosa (51, teacher) joins; Yuri (58, role without archetype) and Sam (52, no role) do not.
    expect(audience.eligible).toContain(51);
    expect(audience.eligible).not.toContain(58);
    expect(audience.eligible).not.toContain(52);
    expect(audience.eligible).toHaveLength(17);
  });

  it('returns recipients with the fields mail and certificates need', async () => {
    // Arrange
    const schedule = await loadSchedule(1);

    // Act
    const audience = await collectAudience(bridge, schedule, AT_2026);
    const recipients = audience.pages.flatMap((page) => page.recipients);

    // Assert
    expect(recipients.find((recipient) => recipient.userId === 60)).toEqual({
      userId: 60,
      email: 'amelie.fournier@example.com',
      firstName: 'Amelie',
      lastName: 'Fournier',
      lang: 'fr',
      timeZone: 'Europe/Paris',
      mailFormat: 0,
    });
    expect(recipients.find((recipient) => recipient.userId === 66)).toMatchObject({ lang: 'en', mailFormat: 1 });
  });

  it('keeps unusual but valid addresses exactly as stored', async () => {
    // Act
    const audience = await collectAudience(bridge, await loadSchedule(4), AT_2026);
    const emails = audience.pages.flatMap((page) => page.recipients).map((recipient) => recipient.email);

    // Assert
    expect(emails).toEqual(
      expect.arrayContaining([
        "o'brien+tag@example.co.uk",
        'ANNE@EXAMPLE.ORG',
        'ivan@xn--80akhbyknj4f.xn--p1ai',
        "a.b!#$%&'*+/=?^_`{|}~-@example.com",
      ]),
    );
  });
});
