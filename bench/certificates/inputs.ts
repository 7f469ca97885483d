/**
 * The certificate benchmark's inputs: a JSON array of `{ recipientName, courseName, lang }` (other fields optional),
 * rendered in order and cycled to reach the count. Without `--inputs`, default-inputs.json: names and course names in
 * every script issue #9 lists. The TCPDF script (bench/tcpdf/certificate.php) reads the same files and labels each
 * input with the same script, so the two `by_script` tables line up.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const DEFAULT_INPUTS_FILE = fileURLToPath(new URL('./default-inputs.json', import.meta.url));

const text = z.string().refine((value) => value.trim() !== '', 'must be a non-blank string');

const InputSchema = z.looseObject({
  recipientName: text,
  courseName: text,
  lang: text,
  siteName: text.optional(),
  /** IANA zone. @default 'UTC' */
  timeZone: text.optional(),
  /** Epoch seconds. @default 2026-12-04T00:00:00Z plus one day per input */
  issuedAt: z.number().int().nonnegative().optional(),
  /** The `by_script` key; detected from the recipient's name when absent (see {@link detectScript}). */
  script: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'must be lower-case letters, digits and underscores')
    .optional(),
});

export type BenchInput = z.infer<typeof InputSchema> & { script: string };

/** A bad `--inputs` file: says which file, which entry and field, and what was wrong. */
export class BenchInputError extends Error {}

/** Reads and checks an inputs file; every input comes back with its `script` label. */
export async function loadBenchInputs(file: string = DEFAULT_INPUTS_FILE): Promise<BenchInput[]> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    throw new BenchInputError(`--inputs ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new BenchInputError(`--inputs ${file}: is not JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new BenchInputError(
      `--inputs ${file}: must be a non-empty JSON array of { recipientName, courseName, lang }`,
    );
  }
  return parsed.map((entry, index) => {
    const result = InputSchema.safeParse(entry);
    if (!result.success) {
      const issue = result.error.issues[0];
      const field = issue?.path.join('.') || '(the entry)';
      const problem = issue?.code === 'invalid_type' && issue.input === undefined ? 'is missing' : issue?.message;
      throw new BenchInputError(`--inputs ${file}: [${index}].${field}: ${problem}`);
    }
    return { ...result.data, script: result.data.script ?? detectScript(result.data.recipientName) };
  });
}

/** Scripts told apart, by their Unicode Script property; the TCPDF script keeps the same list and order. */
const SCRIPTS = [
  'Latin',
  'Greek',
  'Cyrillic',
  'Armenian',
  'Georgian',
  'Hebrew',
  'Arabic',
  'Ethiopic',
  'Devanagari',
  'Bengali',
  'Tamil',
  'Thai',
  'Hangul',
  'Hiragana',
  'Katakana',
  'Han',
] as const;
const PATTERNS = SCRIPTS.map((name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')] as const);
const RIGHT_TO_LEFT = new Set(['Hebrew', 'Arabic']);

/**
 * The `by_script` label of a name without one: `mixed` when it holds right-to-left and left-to-right letters,
 * `japanese` with any kana, `korean` with Hangul, `chinese` with Han, else its one script in lower case
 * (`other` for a script not listed, `common` for no letters).
 */
export function detectScript(name: string): string {
  const found = new Set<string>();
  for (const character of name) {
    const match = PATTERNS.find(([, pattern]) => pattern.test(character));
    if (match) found.add(match[0]);
    else if (/\p{L}/u.test(character)) found.add('Other');
  }
  const rtl = [...found].some((script) => RIGHT_TO_LEFT.has(script));
  const ltr = [...found].some((script) => !RIGHT_TO_LEFT.has(script));
  if (rtl && ltr) return 'mixed';
  if (found.has('Hiragana') || found.has('Katakana')) return 'japanese';
  if (found.has('Hangul')) return 'korean';
  if (found.has('Han')) return 'chinese';
  const [first] = found;
  return first === undefined ? 'common' : first.toLowerCase();
}
