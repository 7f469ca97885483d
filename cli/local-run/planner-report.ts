/**
 * Reads the planner's answer back. It crosses the Lambda boundary as JSON, so its errors arrive as plain objects;
 * this checks the shape once instead of trusting a cast.
 */
import { z } from 'zod';
import { LocalRunError } from './local-run-error.js';

const outcomeSchema = z.object({
  scheduleId: z.number().int(),
  outcome: z.enum(['invalid', 'not_due', 'delegated_local', 'fanned_out', 'fan_out_paused', 'fan_out_busy']),
  jobId: z.string().optional(),
  nextRun: z.number().optional(),
  skippedSlots: z.number().optional(),
  /** A ValidationError, as JSON keeps it: its own fields, without `message`. */
  error: z.object({ field: z.string(), problem: z.string(), value: z.unknown() }).partial().optional(),
});

const reportSchema = z.object({ at: z.number(), timeZone: z.string(), schedules: z.array(outcomeSchema) });

export type PlannedSchedule = z.infer<typeof outcomeSchema>;
export type PlannerTickReport = z.infer<typeof reportSchema>;

/** @throws LocalRunError when the planner answered with something that is not its report. */
export function readPlannerReport(payload: unknown): PlannerTickReport {
  const parsed = reportSchema.safeParse(payload);
  if (!parsed.success) {
    throw new LocalRunError(`the planner's answer is not a planner report: ${parsed.error.issues[0]?.message}`);
  }
  return parsed.data;
}

/** True when a schedule's fan-out stopped part-way and needs another tick. */
export function needsAnotherTick(report: PlannerTickReport): boolean {
  return report.schedules.some((schedule) => schedule.outcome === 'fan_out_paused');
}
