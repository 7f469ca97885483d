/**
 * Settings the planner reads from its environment, validated once at start-up. Every variable is optional; the
 * defaults are the issue's: UTC for a Moodle whose time zone is '99', cloud from 50 eligible recipients, students only.
 */
import { z } from 'zod';
import { parseEnvironment, wholeNumber } from './parse-environment.js';

export interface PlannerSettings {
  /** The zone used when Moodle says '99' ("server default"). */
  serverTimeZone: string;
  /** `auto` schedules go to the cloud from this many eligible recipients. */
  cloudThreshold: number;
  /** `mdl_role.archetype` values that make an enrolled user part of a course schedule's audience. */
  roleArchetypes: string[];
}

const archetypeList = z
  .string()
  .transform((list) => list.split(',').map((item) => item.trim()))
  .refine(
    (items) => items.every((item) => /^[a-z][a-z0-9_]*$/.test(item)),
    'must be a comma-separated list of role archetypes such as student',
  );

const PLANNER_SETTINGS_ENVIRONMENT = {
  MANIREPORTS_SERVER_TIMEZONE: z.string().min(1).default('UTC'),
  MANIREPORTS_CLOUD_THRESHOLD: wholeNumber(1).default(50),
  MANIREPORTS_ROLE_ARCHETYPES: archetypeList.default(['student']),
};

/** Reads and checks the planner's variables; a bad one throws a ValidationError naming the variable. */
export function readPlannerSettings(env: Record<string, string | undefined>): PlannerSettings {
  const parsed = parseEnvironment(PLANNER_SETTINGS_ENVIRONMENT, env);
  return {
    serverTimeZone: parsed.MANIREPORTS_SERVER_TIMEZONE,
    cloudThreshold: parsed.MANIREPORTS_CLOUD_THRESHOLD,
    roleArchetypes: parsed.MANIREPORTS_ROLE_ARCHETYPES,
  };
}
