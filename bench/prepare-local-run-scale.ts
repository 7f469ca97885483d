/**
 * Prepares a PostgreSQL Moodle for the 20,000-recipient local run benchmark (docs/benchmarks.md): a fresh database
 * with the demo Moodle plus the scale course (`add-scale-course.ts`), the other schedules disabled, and prints its
 * URL. Then: `/usr/bin/time -v node bin/manireports-cloud.js run --moodle-db URL --at 2026-01-12T08:30:00Z`.
 * Usage: `npx tsx bench/prepare-local-run-scale.ts [learners]` (default 20,000). Drop the database afterwards.
 */
import { openSqlClient } from '#adapters/moodle/open-sql-client.js';
import { addScaleCourse, SCALE_COURSE } from '#adapters/moodle-demo/add-scale-course.js';
import { loadDemoMoodle } from '#adapters/moodle-demo/load-demo-moodle.js';
import { createBenchDatabase } from './bench-database.js';

const learners = Number(process.argv[2] ?? SCALE_COURSE.learners);
const database = await createBenchDatabase();
const sql = await openSqlClient(database.url);
await loadDemoMoodle(sql.client);
await addScaleCourse(sql.client, { ...SCALE_COURSE, learners });
await sql.client.query(`UPDATE mdl_manireports_schedules SET enabled = 0 WHERE id <> ${SCALE_COURSE.scheduleId}`);
await sql.client.close();
process.stdout.write(`${database.url}\n`);
