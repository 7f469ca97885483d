/**
 * Renames demo Moodle users for one test (the test playing Moodle's administrator) and puts the fixture's names
 * back after each test, since the pipeline servers (and their demo Moodle) are shared by a test file.
 */
import { afterEach } from 'vitest';
import type { PipelineServers } from './harness.js';

export function useDemoUserRenames(servers: () => PipelineServers) {
  const renamed = new Map<number, { firstname: string; lastname: string }>();
  afterEach(async () => {
    const { client } = servers().moodle;
    for (const [userId, name] of renamed) {
      await client.query('UPDATE mdl_user SET firstname = $1, lastname = $2 WHERE id = $3', [
        name.firstname,
        name.lastname,
        userId,
      ]);
    }
    renamed.clear();
  });
  return async function rename(userId: number, firstname: string, lastname: string): Promise<void> {
    const { client } = servers().moodle;
    const rows = await client.query('SELECT firstname, lastname FROM mdl_user WHERE id = $1', [userId]);
    const before = rows[0] as { firstname: string; lastname: string } | undefined;
    if (before === undefined) throw new Error(`no demo user ${userId}`);
    if (!renamed.has(userId)) renamed.set(userId, before);
    await client.query('UPDATE mdl_user SET firstname = $1, lastname = $2 WHERE id = $3', [
      firstname,
      lastname,
      userId,
    ]);
  };
}
