/**
 * Progress of the workers, counted in recipients: a message's recipients count once, when the event source
 * deletes it (a redelivered message is not counted twice). Printed at most once a second, and only when it moved.
 */
import type { SQSRecord } from 'aws-lambda';
import { parseWorkMessage } from '#domain/parse-work-message.js';

export interface ProgressTotals {
  certificates: number;
  emails: number;
}

export interface QueueProgress {
  /** Counts the recipients of records a worker finished. */
  finished(kind: keyof ProgressTotals, records: readonly SQSRecord[]): void;
  /** What was counted so far. */
  done(): ProgressTotals;
  /** Prints the line now if it changed since the last one, whatever the time. */
  flush(): void;
}

export function makeQueueProgress(
  totals: ProgressTotals,
  write: (line: string) => void,
  clock: () => number = Date.now,
  intervalMs = 1_000,
): QueueProgress {
  const done: ProgressTotals = { certificates: 0, emails: 0 };
  let lastLine = '';
  let lastAt = Number.NEGATIVE_INFINITY;
  const line = () => {
    const parts: string[] = [];
    // A message that comes back after an interrupted run also carries recipients settled before: never past 100 %.
    if (totals.certificates > 0)
      parts.push(`certificates ${Math.min(done.certificates, totals.certificates)}/${totals.certificates}`);
    if (totals.emails > 0) parts.push(`emails ${Math.min(done.emails, totals.emails)}/${totals.emails}`);
    return parts.join(' · ');
  };
  const print = () => {
    const text = line();
    if (text === '' || text === lastLine) return;
    write(text);
    lastLine = text;
    lastAt = clock();
  };
  return {
    finished(kind, records) {
      done[kind] += records.reduce((sum, record) => sum + recipientsIn(record.body), 0);
      if (clock() - lastAt >= intervalMs) print();
    },
    done: () => ({ ...done }),
    flush: print,
  };
}

function recipientsIn(body: string): number {
  try {
    return parseWorkMessage(body).recipients.length;
  } catch {
    return 0; // A poison message has no recipients to count; the worker's log says what was wrong with it.
  }
}
