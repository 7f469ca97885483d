/**
 * The one place the certificate renderer reads font bytes from. Everything else receives bytes, so a runtime
 * without a file system (Cloudflare workerd) can pass its own {@link FontFileReader}.
 *
 * A font file is named by its npm package and its path inside it. In `node_modules` it is read from there; in a
 * bundled Lambda, which has no `node_modules`, the build copies every file flat into one folder under its base
 * name (see `certificateFontCopies` in the infra) and the function passes that folder.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

/** A file of a font package. */
export interface FontFile {
  /** npm package name, e.g. `dejavu-fonts-ttf`. */
  readonly package: string;
  /** Path inside the package, e.g. `ttf/DejaVuSans.ttf`. */
  readonly path: string;
}

/** Reads font files; failures reject (and are not cached by the caller). */
export interface FontFileReader {
  read(file: FontFile): Promise<Uint8Array>;
}

/** The base name a file has in a flat font folder: unique across the packages used. */
export function flatFontFileName(file: FontFile): string {
  return file.path.endsWith('unicode.json') ? `${basename(file.package)}.unicode.json` : basename(file.path);
}

/**
 * Reads from `directory` (flat, as a bundled Lambda carries the files) when given, else from the packages in
 * `node_modules`.
 */
export function makeNodeFontFileReader(directory?: string): FontFileReader {
  const require = createRequire(import.meta.url);
  const packageDirectory = (name: string) => dirname(require.resolve(`${name}/package.json`));
  return {
    async read(file) {
      const path =
        directory === undefined
          ? join(packageDirectory(file.package), file.path)
          : join(directory, flatFontFileName(file));
      const bytes = await readFile(path);
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
  };
}
