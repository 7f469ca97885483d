/**
 * Runs one measured process pinned to one core (`taskset -c 0`, from util-linux), so ours and TCPDF get the same
 * single CPU however many the machine has: Node's garbage-collector and compiler threads share that core with the
 * renders, as they would in a one-vCPU Lambda. Without `taskset` it runs unpinned and says so on stderr.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bundleRenderer } from './bundle-renderer.js';
import type { CertificateBenchJson } from './summarize.js';

const RENDER_LOOP = fileURLToPath(new URL('./render-loop.ts', import.meta.url));
export const TCPDF_SCRIPT = fileURLToPath(new URL('../tcpdf/certificate.php', import.meta.url));

let pinning: boolean | undefined;
function canPin(): boolean {
  pinning ??= spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  if (!pinning) process.stderr.write('bench: taskset not found (apt-get install util-linux): running unpinned\n');
  return pinning;
}

/** Our renderer, bundled as the Lambda is, in a fresh Node process. */
export async function runOursPinned(inputsFile: string, count: number): Promise<CertificateBenchJson> {
  const bundle = await bundleRenderer();
  const args = ['--import', 'tsx', RENDER_LOOP, '--inputs', inputsFile, '--count', String(count), '--bundle', bundle];
  return runPinned(process.execPath, args);
}

/** TCPDF in a fresh PHP process with opcache on, as Moodle runs it. */
export function runTcpdfPinned(inputsFile: string, count: number): Promise<CertificateBenchJson> {
  return runPinned('php', [
    '-d',
    'opcache.enable_cli=1',
    TCPDF_SCRIPT,
    '--inputs',
    inputsFile,
    '--count',
    String(count),
  ]);
}

function runPinned(command: string, args: string[]): Promise<CertificateBenchJson> {
  const [file, argv] = canPin() ? ['taskset', ['-c', '0', command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.on('error', (error) => reject(new Error(`bench: could not start ${command}: ${error.message}`)));
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`bench: ${command} exited with ${code}`));
      try {
        resolve(JSON.parse(last) as CertificateBenchJson);
      } catch {
        reject(new Error(`bench: ${command} did not end with a JSON line (got ${JSON.stringify(last.slice(0, 200))})`));
      }
    });
  });
}
