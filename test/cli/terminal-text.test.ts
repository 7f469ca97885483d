/**
 * Names from Moodle never drive the terminal: the helper shows control characters as escapes, and `plan`'s text and
 * the local run's summary use it wherever a schedule, site or learner-supplied value is printed.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#domain/errors.js';
import { emptyExclusionCounts } from '#domain/recipients.js';
import type { PlanPreview, SchedulePreview } from '#use-cases/preview-plan.js';
import { renderRunSummary } from '../../cli/local-run/render-run-summary.js';
import type { LocalRunResult } from '../../cli/local-run/run-local-pipeline.js';
import { renderPlanText } from '../../cli/render-plan.js';
import { escapeForTerminal } from '../../cli/terminal-text.js';
import { plannedJob, SLOT } from '../dynamodb/fixtures.js';

const RETITLE = 'Safety\u001b]0;owned\u0007';
const CLEAR = 'Fire drill\u001b[2J\u001b[H';

/** True when `text` holds a character a terminal would obey rather than print. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control characters is the point.
const hasControl = (text: string) => /[\u0000-\u001f\u007f-\u009f]/.test(text);

describe('escapeForTerminal', () => {
  it('shows each control character as \\xHH and leaves every other character alone', () => {
    expect(escapeForTerminal(RETITLE)).toBe('Safety\\x1b]0;owned\\x07');
    expect(escapeForTerminal(CLEAR)).toBe('Fire drill\\x1b[2J\\x1b[H');
    expect(escapeForTerminal('a\rb\nc\td\u007fe\u009bf')).toBe('a\\x0db\\x0ac\\x09d\\x7fe\\x9bf');
    expect(escapeForTerminal('Анна Кузнецова · O’Brien «x» 🎓')).toBe('Анна Кузнецова · O’Brien «x» 🎓');
  });
});

describe('what the CLI prints', () => {
  it("plan: schedule and site names, and an invalid schedule's error, are printed escaped", () => {
    // Arrange: one planned schedule and one invalid one whose bad value is echoed in its error.
    const planned = {
      kind: 'planned',
      schedule: { id: 7, name: RETITLE, courseId: 2, recurrence: { frequency: 'daily' }, actionType: 'email' },
      run: { dueSlot: SLOT, skippedSlots: 0, nextRun: SLOT + 86_400 },
      route: { route: 'cloud', explanation: 'forced to the cloud' },
      audience: { eligible: 3, excluded: emptyExclusionCounts() },
    } as unknown as SchedulePreview;
    const invalid = {
      kind: 'invalid',
      record: { id: 8, name: CLEAR },
      error: new ValidationError('name', CLEAR, `is odd: ${CLEAR}`),
    } as unknown as SchedulePreview;
    const plan: PlanPreview = {
      database: 'demo',
      site: { siteName: CLEAR, siteShortName: 's', timeZone: 'UTC', forceTimeZone: '99', guestUserId: 0 },
      timeZone: 'UTC',
      at: SLOT,
      schedules: [planned, invalid],
    };

    // Act
    const lines = renderPlanText(plan, 50);

    // Assert
    expect(lines.filter(hasControl)).toEqual([]);
    expect(lines.join('\n')).toContain('#7 "Safety\\x1b]0;owned\\x07"');
    expect(lines.join('\n')).toContain('#8 "Fire drill\\x1b[2J\\x1b[H" INVALID');
    expect(lines[1]).toContain('Site "Fire drill\\x1b[2J\\x1b[H"');
  });

  it('run summary: schedule names and invalid values are printed escaped', () => {
    // Arrange
    const result: LocalRunResult = {
      at: SLOT,
      timeZone: 'UTC',
      moodle: 'demo',
      runDir: '/tmp/run',
      stateDir: '/tmp/state',
      logsDir: '/tmp/run/logs',
      schedules: [{ scheduleId: 8, outcome: 'invalid', error: { field: 'name', problem: `is odd: ${CLEAR}` } }],
      scheduleNames: { 7: RETITLE },
      jobs: [plannedJob(7, { status: 'completed' })],
      resumed: { jobs: 0, emailsLeft: 0, certificatesLeft: 0 },
      left: { jobs: 0, emailsLeft: 0, certificatesLeft: 0 },
      ended: 'drained',
      jobsInState: 1,
      outputs: { emails: 0, certificates: 0, folders: {}, unmatchedEmails: 0 },
      deadLetters: { email: 0, certificate: 0 },
      finished: true,
    };

    // Act
    const lines = renderRunSummary(result, '/tmp');

    // Assert
    expect(lines.filter(hasControl)).toEqual([]);
    expect(lines.join('\n')).toContain('#7 Safety\\x1b]0;owned\\x07');
    expect(lines.join('\n')).toContain('(name: is odd: Fire drill\\x1b[2J\\x1b[H)');
  });
});
