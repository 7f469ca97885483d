/**
 * `npm run bench [-- MODE …]`. Without a mode: the full report (full-report.ts). Modes:
 * `certificates` and `certificates-vs-tcpdf` (certificates/command.ts; the JSON contract of issue #9).
 */
import {
  BenchUsageError,
  CERTIFICATE_BENCH_USAGE,
  runCertificateBench,
  runCertificateVsTcpdf,
} from './certificates/command.js';

const [mode, ...args] = process.argv.slice(2);
try {
  if (mode === undefined) await import('./full-report.js');
  else if (mode === 'certificates') await runCertificateBench(args);
  else if (mode === 'certificates-vs-tcpdf') await runCertificateVsTcpdf(args);
  else
    throw new BenchUsageError(
      `unknown mode ${JSON.stringify(mode)} (certificates, certificates-vs-tcpdf, or none for the full report)`,
    );
} catch (error) {
  if (!(error instanceof BenchUsageError)) throw error;
  process.stderr.write(`bench: ${error.message}\n${CERTIFICATE_BENCH_USAGE}\n`);
  process.exitCode = 2;
}
