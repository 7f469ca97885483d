/**
 * The certificate benchmark's command line: bad flags and bad inputs files are refused before anything runs, with
 * the flag, the entry and the field named. (The benchmark itself is not a test: it times, and it needs PHP.)
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BenchUsageError, parseCertificateBenchArgs } from '../../bench/certificates/command.js';
import { DEFAULT_INPUTS_FILE, detectScript, loadBenchInputs } from '../../bench/certificates/inputs.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certificate-bench-args-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function inputsFile(name: string, content: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, content);
  return file;
}

const refusal = (args: string[]) =>
  parseCertificateBenchArgs(args).then(
    () => 'accepted',
    (error: unknown) => (error instanceof BenchUsageError ? error.message : `not a usage error: ${error}`),
  );

describe('bench certificates arguments', () => {
  it('takes --json, --inputs and --count, defaulting to 100 renders of the default inputs', async () => {
    // Arrange
    const file = await inputsFile('ok.json', '[{"recipientName":"Ada","courseName":"C","lang":"en","extra":1}]');

    // Act
    const defaults = await parseCertificateBenchArgs([]);
    const given = await parseCertificateBenchArgs(['--json', '--inputs', file, '--count', '7']);

    // Assert
    expect(defaults).toEqual({ json: false, inputsFile: DEFAULT_INPUTS_FILE, count: 100 });
    expect(given).toEqual({ json: true, inputsFile: file, count: 7 });
  });

  it('refuses a bad count, an unknown flag and a positional argument', async () => {
    expect(await refusal(['--count', '0'])).toBe('--count: must be a whole number from 1 to 100000 (got "0")');
    expect(await refusal(['--count', '2.5'])).toBe('--count: must be a whole number from 1 to 100000 (got "2.5")');
    expect(await refusal(['--count', 'lots'])).toContain('(got "lots")');
    expect(await refusal(['--frob'])).toContain("'--frob'");
    expect(await refusal(['extra'])).toContain("'extra'");
  });

  it('names the file, the entry and the field of a bad inputs file', async () => {
    // Arrange
    const missing = join(dir, 'nope.json');
    const notJson = await inputsFile('not.json', '[{');
    const notArray = await inputsFile('object.json', '{"recipientName":"A"}');
    const noCourse = await inputsFile(
      'no-course.json',
      '[{"recipientName":"A","courseName":"B","lang":"en"},{"recipientName":"A","lang":"en"}]',
    );
    const blankName = await inputsFile('blank.json', '[{"recipientName":"  ","courseName":"B","lang":"en"}]');
    const badScript = await inputsFile(
      'script.json',
      '[{"recipientName":"A","courseName":"B","lang":"en","script":"Latin!"}]',
    );

    // Act + Assert
    expect(await refusal(['--inputs', missing])).toBe(`--inputs ${missing}: cannot be read (ENOENT)`);
    expect(await refusal(['--inputs', notJson])).toMatch(new RegExp(`^--inputs ${notJson}: is not JSON \\(`));
    expect(await refusal(['--inputs', notArray])).toBe(
      `--inputs ${notArray}: must be a non-empty JSON array of { recipientName, courseName, lang }`,
    );
    expect(await refusal(['--inputs', noCourse])).toBe(`--inputs ${noCourse}: [1].courseName: is missing`);
    expect(await refusal(['--inputs', blankName])).toBe(
      `--inputs ${blankName}: [0].recipientName: must be a non-blank string`,
    );
    expect(await refusal(['--inputs', badScript])).toBe(
      `--inputs ${badScript}: [0].script: must be lower-case letters, digits and underscores`,
    );
  });

  it('labels names by script, and the default inputs cover every script the issue lists', async () => {
    // Act
    const labels = (await loadBenchInputs()).map((input) => input.script);

    // Assert
    expect(detectScript('Zoë Ångström')).toBe('latin');
    expect(detectScript('محمد Smith')).toBe('mixed');
    expect(detectScript('佐藤 はなこ')).toBe('japanese');
    expect(detectScript('陳大文')).toBe('chinese');
    expect(detectScript('김민준')).toBe('korean');
    expect(detectScript('דָּוִד כֹּהֵן')).toBe('hebrew');
    expect(detectScript('ᏣᎳᎩ')).toBe('other');
    expect(new Set(labels)).toEqual(
      new Set([
        'latin',
        'vietnamese',
        'greek',
        'cyrillic',
        'arabic',
        'persian',
        'urdu',
        'hebrew',
        'chinese_simplified',
        'chinese_traditional',
        'japanese',
        'korean',
        'devanagari',
        'bengali',
        'tamil',
        'thai',
        'armenian',
        'georgian',
        'ethiopic',
        'mixed',
      ]),
    );
  });
});
