import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { certificateBundledFiles } from '../../infra/constructs/certificate-font-files.js';
import { copyCommands, PROJECT_ROOT } from '../../infra/constructs/pipeline-function.js';

describe('the certificate worker bundle', () => {
  const files = certificateBundledFiles(PROJECT_ROOT, 'fonts');

  it('carries the template faces, HarfBuzz, and every Noto slice at both weights, all of which exist', () => {
    // Assert
    const targets = files.map((file) => file.to);
    expect(targets).toContain('harfbuzz.wasm');
    expect(targets).toContain('fonts/DejaVuSerif-Bold.ttf');
    expect(targets).toContain('fonts/noto-sans-arabic-arabic-700-normal.woff');
    expect(targets).toContain('fonts/noto-sans-arabic-arabic-400-normal.woff');
    expect(targets).toContain('fonts/noto-sans-sc.unicode.json');
    expect(targets.filter((target) => /noto-sans-sc-\d+-700-normal\.woff$/.test(target)).length).toBeGreaterThan(90);
    expect(new Set(targets).size).toBe(targets.length);
    for (const file of files) {
      expect(existsSync(join(PROJECT_ROOT, file.from)), file.from).toBe(true);
    }
  });

  it('stays far below Lambda’s 250 MB unzipped limit', () => {
    // Act
    const bytes = files.reduce((sum, file) => sum + statSync(join(PROJECT_ROOT, file.from)).size, 0);

    // Assert
    expect(bytes).toBeLessThan(60 * 1024 * 1024);
  });

  it('copies them with one cp per source folder, not one per file', () => {
    // Act
    const commands = copyCommands(files, '/in', '/out');

    // Assert
    expect(commands.length).toBeLessThan(files.length / 4);
    expect(commands).toContain('mkdir -p "/out/fonts"');
    expect(commands.some((command) => command.includes('"/in/node_modules/harfbuzzjs/dist/harfbuzz.wasm"'))).toBe(true);
  });
});
