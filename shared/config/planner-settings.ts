/**
 * Settings the planner reads from its environment, validated once at start-up. Every variable is optional; the
 * defaults are the issue's: UTC for a Moodle whose time zone is '99', cloud from 50 eligible recipients, students only.
 */
import { z } from 'zod';
import { ValidationError } from '#domain/errors.js';

export interface PlannerSettings {
  /** The zone used when Moodle says '99' ("server default"). */
  serverTimeZone: string;
  /** `auto` schedules go to the cloud from this many eligible recipients. */
  cloudThreshold: number;
  /** `mdl_role.archetype` values that make an enrolled user part of a course schedule's audience. */
  roleArchetypes: string[];
}

const positiveInteger = z
  .string()
  .regex(/^\d+$/, 'must be a whole number')
  .transform(Number)
  .refine((n) => n >= 1, 'must be at least 1');

const archetypeList = z
  .string()
  .transform((list) => list.split(',').map((item) => item.trim()))
  .refine(
    (items) => items.every((item) => /^[a-z][a-z0-9_]*$/.test(item)),
    'must be a comma-separated list of role archetypes such as student',
  );

const plannerEnvironment = z.object({
  MANIREPORTS_SERVER_TIMEZONE: z.string().min(1).default('UTC'),
  MANIREPORTS_CLOUD_THRESHOLD: positiveInteger.default(50),
  MANIREPORTS_ROLE_ARCHETYPES: archetypeList.default(['student']),
});

/** Reads and checks the planner's variables; a bad one throws a ValidationError naming the variable. */
export function readPlannerSettings(env: Record<string, string | undefined>): PlannerSettings {
  const parsed = plannerEnvironment.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new ValidationError(variable, env[variable], issue?.message ?? 'is not valid');
  }
  return {
    serverTimeZone: parsed.data.MANIREPORTS_SERVER_TIMEZONE,
    cloudThreshold: parsed.data.MANIREPORTS_CLOUD_THRESHOLD,
    roleArchetypes: parsed.data.MANIREPORTS_ROLE_ARCHETYPES,
  };
}
