/**
 * Turns an RDS-managed database secret (the JSON Secrets Manager keeps for an RDS instance or proxy:
 * `{ engine, host, port, username, password, dbname }`) into the URL the Moodle bridge opens.
 */
import { z } from 'zod';
import { ValidationError } from '#domain/errors.js';

const SCHEMES: Record<string, string> = {
  postgres: 'postgres',
  'aurora-postgresql': 'postgres',
  mysql: 'mysql',
  mariadb: 'mysql',
  'aurora-mysql': 'mysql',
};

const rdsSecret = z.object({
  engine: z.string().refine((engine) => engine in SCHEMES, `must be one of ${Object.keys(SCHEMES).join(', ')}`),
  host: z.string().min(1),
  port: z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]).optional(),
  username: z.string().min(1),
  password: z.string(),
  dbname: z.string().min(1),
});

/** @throws ValidationError naming the secret's bad or missing field (never echoing the password). */
export function moodleUrlFromRdsSecret(secretString: string): string {
  let json: unknown;
  try {
    json = JSON.parse(secretString);
  } catch {
    throw new ValidationError('Moodle database secret', '(hidden)', 'is not JSON');
  }
  const parsed = rdsSecret.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? 'secret');
    throw new ValidationError(`Moodle database secret field ${field}`, '(hidden)', issue?.message ?? 'is not valid');
  }
  const { engine, host, port, username, password, dbname } = parsed.data;
  const url = new URL(`${SCHEMES[engine]}://${host}`);
  url.username = encodeURIComponent(username);
  url.password = encodeURIComponent(password);
  if (port !== undefined) url.port = String(port);
  url.pathname = `/${encodeURIComponent(dbname)}`;
  return url.toString();
}
