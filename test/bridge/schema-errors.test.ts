import { describe, expect, it } from 'vitest';
import { openMoodleBridgeOnClient } from '#adapters/moodle/open-moodle-bridge.js';
import { createTableStatements } from '#adapters/moodle-demo/ddl.js';
import { MoodleDatabaseError, MoodleSchemaError } from '#domain/moodle-bridge.js';
import { testTargets, useTestDatabase } from '../support/test-databases.js';

describe.each(testTargets())('[%s] moodle bridge: schema check on open', (target) => {
  const database = useTestDatabase(target);

  /** Creates the demo's tables (no rows: the check reads only information_schema) under `prefix`, then breaks them. */
  const createBroken = async (prefix: string, ...breakage: string[]): Promise<void> => {
    for (const statement of createTableStatements(database().client.dialect, prefix))
      await database().client.query(statement);
    for (const statement of breakage) await database().client.query(statement);
  };
  const open = (prefix: string) =>
    openMoodleBridgeOnClient(database().client, { prefix, description: `${target} schema test` });

  it('accepts the intact demo schema', async () => {
    // Act
    const bridge = await open('mdl_');

    // Assert
    expect(bridge.description).toBe(`${target} schema test`);
  });

  it('names a missing plugin table and suggests the plugin or the prefix', async () => {
    // Arrange
    await createBroken('nosched_', 'DROP TABLE nosched_manireports_schedules');

    // Act
    const opening = open('nosched_');

    // Assert
    await expect(opening).rejects.toBeInstanceOf(MoodleSchemaError);
    await expect(opening).rejects.toThrow(
      `Moodle database ${target} schema test: table nosched_manireports_schedules is missing ` +
        "(is the ManiReports plugin installed, and is the table prefix 'nosched_' right?)",
    );
  });

  it('names a column whose type is text where an integer is expected', async () => {
    // Arrange
    await createBroken(
      'badtype_',
      'ALTER TABLE badtype_manireports_schedules DROP COLUMN custom_interval',
      'ALTER TABLE badtype_manireports_schedules ADD COLUMN custom_interval VARCHAR(20)',
    );

    // Act
    const opening = open('badtype_');

    // Assert
    await expect(opening).rejects.toBeInstanceOf(MoodleSchemaError);
    await expect(opening).rejects.toThrow(
      target === 'mariadb'
        ? 'column badtype_manireports_schedules.custom_interval is varchar; expected an integer type'
        : 'column badtype_manireports_schedules.custom_interval is character varying; expected an integer type',
    );
  });

  it('names a missing core column', async () => {
    // Arrange
    await createBroken('nocol_', 'ALTER TABLE nocol_user DROP COLUMN emailstop');

    // Act
    const opening = open('nocol_');

    // Assert
    await expect(opening).rejects.toThrow(/: column nocol_user\.emailstop is missing$/);
  });

  it('says so when no table has the prefix at all', async () => {
    // Act
    const opening = open('wrong_');

    // Assert
    await expect(opening).rejects.toBeInstanceOf(MoodleDatabaseError);
    await expect(opening).rejects.toThrow("no Moodle tables found with prefix 'wrong_'");
  });
});
