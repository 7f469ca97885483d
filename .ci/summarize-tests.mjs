// Reads vitest's JSON report and prints tests per database (titles start with "[pglite]", "[postgres]" or
// "[mariadb]") and the plain closing line CI reads: "N passed, N failed".
import { existsSync, readFileSync } from 'node:fs';

const reportPath = process.argv[2] ?? '.local/test-results.json';
if (!existsSync(reportPath)) {
  console.log('No test report was written: the test command stopped before the tests ran.');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const perDatabase = new Map();
for (const file of report.testResults) {
  for (const test of file.assertionResults) {
    const database = /^\[(\w+)\]/.exec(test.ancestorTitles[0] ?? '')?.[1];
    if (!database) continue;
    const counts = perDatabase.get(database) ?? { passed: 0, failed: 0 };
    if (test.status === 'passed') counts.passed += 1;
    if (test.status === 'failed') counts.failed += 1;
    perDatabase.set(database, counts);
  }
}
for (const [database, counts] of perDatabase) {
  console.log(`${database}: ran ${counts.passed + counts.failed} tests (${counts.failed} of them failed)`);
}
// A suite that failed to load counts as a failure even though none of its tests ran.
const brokenFiles = report.testResults.filter(
  (file) => file.status === 'failed' && file.assertionResults.length === 0,
).length;
console.log(`${report.numPassedTests} passed, ${report.numFailedTests + brokenFiles} failed`);
