/**
 * The local run's summary as text: one row per job with its route, status and counters, what was not due or
 * invalid, and where the files are.
 */
import { relative } from 'node:path';
import type { CloudJob } from '#domain/cloud-job.js';
import { formatInstant } from '../format-time.js';
import { escapeForTerminal as shown } from '../terminal-text.js';
import type { PlannedSchedule } from './planner-report.js';
import type { LocalRunResult } from './run-local-pipeline.js';

const COLUMNS = ['total', 'sent', 'failed', 'skipped', 'unconfirmed', 'certificates'] as const;

/** Lines for stdout; paths relative to `cwd` when they are inside it. */
export function renderRunSummary(result: LocalRunResult, cwd: string): string[] {
  const show = (path: string) => (relative(cwd, path).startsWith('..') ? path : relative(cwd, path) || '.');
  const lines = [
    `Local run at ${formatInstant(result.at, result.timeZone)} (${result.timeZone}) on ${shown(result.moodle)}`,
  ];
  if (result.resumed.jobs > 0) {
    lines.push(`Resumed ${result.resumed.jobs} interrupted job(s) of earlier runs; they are in the table below.`);
  }
  if (result.jobs.length === 0) {
    lines.push(
      `Nothing was due: no run was claimed and nothing was sent. The local state holds ${result.jobsInState} job(s)` +
        ` from earlier runs (${show(result.stateDir)}).`,
    );
  } else {
    lines.push('', ...jobTable(result.jobs, result.scheduleNames));
  }
  const notes: string[] = [];
  const notDue = result.schedules.filter((schedule) => schedule.outcome === 'not_due');
  if (notDue.length > 0) {
    const next = notDue.map((s) => `#${s.scheduleId} (next ${formatInstant(s.nextRun ?? 0, result.timeZone)})`);
    notes.push(`Not due: ${next.join(', ')}.`);
  }
  for (const schedule of result.schedules.filter((s) => s.outcome === 'invalid')) {
    notes.push(`Invalid, skipped: #${schedule.scheduleId} ${describeError(schedule)}.`);
  }
  if (notes.length > 0) lines.push('', ...notes);
  lines.push('', ...whereToLook(result, show));
  return lines;
}

function jobTable(jobs: readonly CloudJob[], names: Readonly<Record<number, string>>): string[] {
  const rows = jobs.map((job) => [
    `#${job.scheduleId} ${shown(truncate(names[job.scheduleId] ?? '', 40))}`,
    `${job.route} (${job.routeReason})`,
    job.status,
    ...COLUMNS.map((column) => String(job.counts[column])),
  ]);
  const header = ['schedule', 'route (reason)', 'status', ...COLUMNS];
  const widths = header.map((title, index) => Math.max(title.length, ...rows.map((row) => row[index]?.length ?? 0)));
  const format = (row: readonly string[]) =>
    row
      .map((cell, index) => (index < 3 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0)))
      .join('  ')
      .trimEnd();
  const totals = COLUMNS.map((column) => String(jobs.reduce((sum, job) => sum + job.counts[column], 0)));
  return [format(header), ...rows.map(format), format(['all jobs', '', '', ...totals])];
}

function whereToLook(result: LocalRunResult, show: (path: string) => string): string[] {
  const { outputs } = result;
  const lines = [
    `${outputs.emails} email(s) saved as .eml and ${outputs.certificates} certificate(s) as .pdf under ${show(result.runDir)}/`,
  ];
  for (const folder of Object.values(outputs.folders).sort()) lines.push(`  ${shown(folder)}/`);
  if (outputs.unmatchedEmails > 0) {
    lines.push(`  unmatched-emails/ (${outputs.unmatchedEmails} email(s) no recipient row names)`);
  }
  lines.push(`Function logs: ${show(result.logsDir)}/; summary.json beside them.`);
  const dead = result.deadLetters.email + result.deadLetters.certificate;
  if (dead > 0) lines.push(`Dead-letter queues hold ${dead} message(s): see the workers' logs.`);
  if (!result.finished) {
    const why = result.ended === 'time_limit' ? 'The time limit stopped the workers' : 'The run was stopped';
    const { jobs, emailsLeft, certificatesLeft } = result.left;
    lines.push(
      `${why} with ${jobs} job(s) unfinished (${emailsLeft} emails, ${certificatesLeft} certificates to go):` +
        ' nothing is lost; the next run resumes them first.',
    );
  }
  return lines;
}

function describeError(schedule: PlannedSchedule): string {
  const error = schedule.error;
  if (error?.field === undefined) return '';
  return shown(`(${error.field}: ${error.problem ?? 'invalid'})`);
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
