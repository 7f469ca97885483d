import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'render-certificate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const CODE = /verification code ([0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}),/;

describe('manireports-cloud render-certificate', () => {
  it('renders one certificate with the worker renderer, a random code and its verification URL', async () => {
    // Arrange
    const out = join(dir, 'nested', 'preview.pdf');

    // Act
    const result = await runCli([
      'render-certificate',
      '--name',
      'Zoë Ångström-Łukasiewicz',
      '--course',
      'Sécurité au travail',
      '--lang',
      'fr',
      '--date',
      '2026-01-19T23:30:00Z',
      '--tz',
      'Europe/Paris',
      '--site',
      'Académie Démo',
      '--verify-url',
      'https://moodle.example.org/local/manireports/verify.php',
      '--out',
      out,
    ]);

    // Assert
    expect(result.code, result.err.join('\n')).toBe(0);
    const code = CODE.exec(result.out[0] ?? '')?.[1];
    expect(code).toBeDefined();
    expect(result.out[0]).toContain(`https://moodle.example.org/local/manireports/verify.php?code=${code}`);
    const pdf = new Uint8Array(await readFile(out));
    const text = (await extractText(pdf, { mergePages: true })).text;
    expect(text).toContain('Zoë Ångström-Łukasiewicz');
    expect(text).toContain('Sécurité au travail');
    expect(text).toContain('20 janvier 2026'); // 23:30 UTC is already the 20th in Paris
    expect(text).toContain(code);
  });

  it('draws a new code for every preview', async () => {
    // Act
    const args = ['render-certificate', '--name', 'A B', '--course', 'C', '--out', join(dir, 'again.pdf')];
    const first = await runCli(args);
    const second = await runCli(args);

    // Assert
    expect(CODE.exec(first.out[0] ?? '')?.[1]).not.toBe(CODE.exec(second.out[0] ?? '')?.[1]);
  });

  it('refuses a missing --out or a verification URL that is not http(s), as usage errors', async () => {
    // Act
    const noOut = await runCli(['render-certificate', '--name', 'A', '--course', 'C']);
    const badUrl = await runCli([
      'render-certificate',
      '--name',
      'A',
      '--course',
      'C',
      '--verify-url',
      'ftp://example.org/verify',
      '--out',
      join(dir, 'x.pdf'),
    ]);

    // Assert
    expect(noOut.code).toBe(2);
    expect(noOut.err[0]).toBe('manireports-cloud: --out is required');
    expect(badUrl.code).toBe(2);
    expect(badUrl.err[0]).toBe(
      'manireports-cloud: --verify-url: "ftp://example.org/verify" is not an absolute http(s) URL',
    );
  });
});
