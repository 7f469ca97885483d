/**
 * Reads environment variables through a zod schema once, at cold start. The first bad or missing variable becomes
 * a ValidationError that names it, so a misconfigured function fails at once with a message saying what to fix.
 */
import { z } from 'zod';
import { ValidationError } from '#domain/errors.js';

export function parseEnvironment<Shape extends z.ZodRawShape>(
  shape: Shape,
  env: Record<string, string | undefined>,
): z.infer<z.ZodObject<Shape>> {
  const parsed = z.object(shape).safeParse(env);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const variable = String(issue?.path[0] ?? 'environment');
  const value = env[variable];
  // Values of variables named like secrets are never echoed back.
  const shown = /SECRET|PASSWORD|TOKEN|KEY/.test(variable) && value !== undefined ? '(hidden)' : value;
  throw new ValidationError(
    variable,
    shown,
    value === undefined ? 'is required but not set' : (issue?.message ?? 'is not valid'),
  );
}

/** A whole number ≥ `min`, written as decimal digits. */
export function wholeNumber(min: number) {
  return z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= min, `must be at least ${min}`);
}

/** An absolute http(s) URL. */
export const httpUrl = z.string().regex(/^https?:\/\/[^\s]+$/, 'must be an http:// or https:// URL');
