import { beforeEach, describe, expect, it } from 'vitest';
import { openMoodleBridgeOnClient } from '#adapters/moodle/open-moodle-bridge.js';
import type { MoodleBridge } from '#domain/moodle-bridge.js';
import { testTargets, useTestDatabase } from '../support/test-databases.js';
import { asAudienceSchedule } from './audience-helpers.js';
import { AT_2026 } from './demo-expectations.js';

describe.each(testTargets())('[%s] moodle bridge: site settings, schedules, courses, prefix', (target) => {
  // The demo three times in one database: Moodle's default prefix, `m_`, and `bare_` to strip config rows from.
  const database = useTestDatabase(target, ['mdl_', 'm_', 'bare_']);
  let bridge: MoodleBridge;

  beforeEach(async () => {
    bridge ??= await openMoodleBridgeOnClient(database().client, { description: `${target} test database` });
  });

  it('reads the site name, time zones and guest id', async () => {
    // Act
    const site = await bridge.readSite();

    // Assert
    expect(site).toEqual({
      siteName: 'ManiReports Demo Academy',
      siteShortName: 'demoacademy',
      timeZone: 'Europe/London',
      forceTimeZone: '99',
      guestUserId: 1,
    });
  });

  it("reads Moodle's defaults when timezone, forcetimezone and siteguest are not in mdl_config", async () => {
    // Arrange: a copy of the demo under its own prefix, without those rows.
    await database().client.query("DELETE FROM bare_config WHERE name IN ('timezone', 'forcetimezone', 'siteguest')");
    const bare = await openMoodleBridgeOnClient(database().client, { prefix: 'bare_', description: 'bare config' });

    // Act
    const site = await bare.readSite();

    // Assert
    expect(site).toMatchObject({ timeZone: '99', forceTimeZone: '99', guestUserId: 0 });
  });

  it('lists enabled schedules in id order, leaving out the disabled one', async () => {
    // Act
    const schedules = await bridge.listEnabledSchedules();

    // Assert
    expect(schedules.map((schedule) => schedule.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 10]);
    expect(schedules.every((schedule) => schedule.enabled)).toBe(true);
  });

  it('lists every schedule for an admin, the disabled one included, in id order', async () => {
    // Act
    const schedules = await bridge.listAllSchedules();

    // Assert
    expect(schedules.map((schedule) => [schedule.id, schedule.enabled])).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, true],
      [5, true],
      [6, true],
      [7, true],
      [8, true],
      [9, false],
      [10, true],
    ]);
  });

  it('maps every column of a schedule row, with 0/1 as booleans', async () => {
    // Act
    const schedules = await bridge.listEnabledSchedules();

    // Assert
    expect(schedules.find((schedule) => schedule.id === 3)).toEqual({
      id: 3,
      userId: 2,
      reportId: 13,
      courseId: 2,
      name: 'Workplace Safety monthly certificates',
      frequency: 'monthly',
      customInterval: 0,
      actionType: 'certificate',
      cloudPreference: 'local',
      suppressTarget: 201,
      suppressCourseCompletion: true,
      enabled: true,
      lastRun: 0,
      nextRun: 1_769_931_000,
      timeCreated: 1_767_603_600,
      timeModified: 1_767_603_600,
    });
    expect(schedules.find((schedule) => schedule.id === 10)).toMatchObject({
      frequency: 'custom',
      customInterval: 0,
      suppressCourseCompletion: false,
      suppressTarget: 0,
    });
  });

  it('gets one schedule whether enabled or not, and undefined for an unknown id', async () => {
    // Act
    const disabled = await bridge.getSchedule(9);
    const missing = await bridge.getSchedule(999);

    // Assert
    expect(disabled).toMatchObject({ id: 9, enabled: false, lastRun: 1_767_225_600, nextRun: 1_767_312_000 });
    expect(missing).toBeUndefined();
  });

  it('gets a course by id, and undefined for an unknown id', async () => {
    // Act
    const course = await bridge.getCourse(2);
    const missing = await bridge.getCourse(99);

    // Assert
    expect(course).toEqual({ id: 2, fullName: 'Workplace Safety', shortName: 'SAFETY101' });
    expect(missing).toBeUndefined();
  });

  it('reads the same demo through the table prefix m_', async () => {
    // Arrange
    const prefixed = await openMoodleBridgeOnClient(database().client, { prefix: 'm_', description: 'prefix m_' });
    const schedule = asAudienceSchedule((await prefixed.getSchedule(5)) ?? expect.fail('schedule 5 missing'));

    // Act
    const schedules = await prefixed.listEnabledSchedules();
    const summary = await prefixed.summarizeAudience({ schedule, at: AT_2026 });

    // Assert
    expect(schedules).toEqual(await bridge.listEnabledSchedules());
    expect(summary).toEqual(await bridge.summarizeAudience({ schedule, at: AT_2026 }));
    expect(summary.eligible).toBe(180);
  });
});
