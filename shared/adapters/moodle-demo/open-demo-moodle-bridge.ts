/** The embedded demo Moodle: PGlite in memory, loaded with the demo data, behind the real SQL bridge. */
import { type MoodleBridgeOptions, openMoodleBridgeOnClient } from '#adapters/moodle/open-moodle-bridge.js';
import { createPgliteClient } from '#adapters/moodle/pglite-client.js';
import type { MoodleBridge } from '#domain/moodle-bridge.js';
import { loadDemoMoodle } from './load-demo-moodle.js';

/**
 * Starts an in-memory PGlite (~2.5 s), loads the demo under `options.prefix` and returns a bridge that owns the
 * instance: closing the bridge discards the database.
 */
export async function openDemoMoodleBridge(options: MoodleBridgeOptions = {}): Promise<MoodleBridge> {
  const client = await createPgliteClient();
  try {
    await loadDemoMoodle(client, options.prefix === undefined ? {} : { prefix: options.prefix });
    return await openMoodleBridgeOnClient(client, {
      ...options,
      description: 'the embedded demo Moodle (PGlite, in memory)',
      ownsClient: true,
    });
  } catch (error) {
    await client.close();
    throw error;
  }
}
