/**
 * Starts a planner run out of turn, so a `schedule.run_now` request starts at once instead of at the next tick.
 * Best effort by design: the request is already stored, and the next tick picks it up if the trigger is lost.
 */

/** The payload the planner receives when triggered (besides EventBridge's scheduled event). */
export interface PlannerTriggerPayload {
  source: 'manireports.webhook';
  reason: 'run_now';
  scheduleId: number;
  eventId: string;
}

export interface PlannerTrigger {
  /** Asks for a planner run now; resolves once the request is handed over, not when the run ends. */
  trigger(payload: PlannerTriggerPayload): Promise<void>;
}

/** The trigger when no planner function is configured: the next tick picks the request up. */
export const NULL_PLANNER_TRIGGER: PlannerTrigger = Object.freeze({ trigger: async () => undefined });

/** True for a {@link PlannerTriggerPayload} (the planner also receives EventBridge's scheduled events). */
export function isPlannerTriggerPayload(event: unknown): event is PlannerTriggerPayload {
  if (event === null || typeof event !== 'object') return false;
  const candidate = event as Partial<PlannerTriggerPayload>;
  return candidate.source === 'manireports.webhook' && typeof candidate.scheduleId === 'number';
}
