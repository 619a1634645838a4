// `npm test`: build, then the unit suite (vitest) and the end-to-end suite (Playwright).
// Both suites always run; the last line sums them: "N passed, N failed[, N skipped]".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const UNIT_REPORT = 'test-results/unit.json';
const E2E_REPORT = 'test-results/e2e.json';

/** Runs a command with inherited stdio; true if it exited 0. */
function run(label, command, args, env = {}) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.error) console.error(`${label} could not start: ${result.error.message}`);
  return result.status === 0;
}

/** The parsed report, or undefined (and a message) if the runner wrote none. */
function readReport(label, path) {
  if (!existsSync(path)) return console.error(`${label} wrote no report at ${path}`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    return console.error(`${label} report ${path} is not JSON: ${err.message}`);
  }
}

mkdirSync('test-results', { recursive: true });
for (const path of [UNIT_REPORT, E2E_REPORT]) rmSync(path, { force: true });

const built = run('build', 'npm', ['run', 'build']);
if (!built) console.error('build failed; running the suites anyway');
const unitOk = run('unit', 'node_modules/.bin/vitest', [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${UNIT_REPORT}`,
]);
const e2eOk = run('e2e', 'node_modules/.bin/playwright', ['test'], { E2E_JSON_REPORT: E2E_REPORT });

// vitest writes a Jest-style report; Playwright's json reporter has `stats`.
const unit = readReport('vitest', UNIT_REPORT);
const e2e = readReport('playwright', E2E_REPORT);
const passed = (unit?.numPassedTests ?? 0) + (e2e?.stats.expected ?? 0) + (e2e?.stats.flaky ?? 0);
const failed = (unit?.numFailedTests ?? 0) + (e2e?.stats.unexpected ?? 0);
const skipped = (unit?.numPendingTests ?? 0) + (unit?.numTodoTests ?? 0) + (e2e?.stats.skipped ?? 0);

const problems = [
  !built && 'the build failed',
  !unit && 'vitest crashed',
  !e2e && 'playwright crashed',
  unit &&
    !unitOk &&
    !unit.numFailedTests &&
    `vitest exited non-zero (${unit.numFailedTestSuites ?? 0} test files failed to run)`,
  e2e && !e2eOk && !e2e.stats.unexpected && 'playwright exited non-zero',
  ...(e2e?.errors ?? []).map((err) => `playwright: ${err.message?.split('\n')[0]}`),
  passed + failed === 0 && 'no tests ran',
].filter(Boolean);
if (problems.length) console.error(`\n${problems.join('\n')}`);

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed || problems.length ? 1 : 0);
