/**
 * The demo Moodle on an in-memory PGlite behind the real SQL bridge, plus the one knob the pipeline tests turn: which
 * schedules are enabled, and with which action and cloud preference. The bridge itself stays read-only; these
 * writes are the test playing Moodle's administrator between runs.
 */
import { openMoodleBridgeOnClient } from '#adapters/moodle/open-moodle-bridge.js';
import { createPgliteClient } from '#adapters/moodle/pglite-client.js';
import type { SqlClient } from '#adapters/moodle/sql-client.js';
import { SCHEDULE_ROWS } from '#adapters/moodle-demo/demo-schedules.js';
import { loadDemoMoodle } from '#adapters/moodle-demo/load-demo-moodle.js';
import type { MoodleBridge } from '#domain/moodle-bridge.js';
import type { ActionType, CloudPreference } from '#domain/schedule.js';

/** A change to one demo schedule for a test. */
export interface ScheduleOverride {
  actionType?: ActionType;
  cloudPreference?: CloudPreference;
}

export interface DemoMoodle {
  /** The database, for a fixture's own SQL (e.g. generating a big course). */
  client: SqlClient;
  bridge: MoodleBridge;
  /**
   * Enables exactly `enabled` (every other schedule is disabled) and restores every demo schedule's action and cloud
   * preference before applying `overrides`, so each test starts from the fixture as documented.
   */
  useSchedules(enabled: readonly number[], overrides?: Readonly<Record<number, ScheduleOverride>>): Promise<void>;
  close(): Promise<void>;
}

/** Starts PGlite (~2.5 s), loads the demo and opens the bridge on it. */
export async function openDemoMoodle(): Promise<DemoMoodle> {
  const client = await createPgliteClient();
  await loadDemoMoodle(client);
  const bridge = await openMoodleBridgeOnClient(client, { description: 'pipeline test Moodle (PGlite)' });
  return {
    client,
    bridge,
    async useSchedules(enabled, overrides = {}) {
      for (const row of SCHEDULE_ROWS) {
        const id = Number(row.id);
        const override = overrides[id] ?? {};
        await client.query(
          'UPDATE mdl_manireports_schedules SET enabled = $1, action_type = $2, cloud_preference = $3 WHERE id = $4',
          [
            enabled.includes(id) ? 1 : 0,
            override.actionType ?? String(row.action_type),
            override.cloudPreference ?? String(row.cloud_preference),
            id,
          ],
        );
      }
    },
    async close() {
      await bridge.close();
      await client.close();
    },
  };
}
