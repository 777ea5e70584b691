// The mocha suite runner that VS Code loads as `extensionTestsPath` inside the real extension host
// (code-server via scripts/host-test.mjs, or desktop VS Code via scripts/test-electron.mjs).
// It runs every compiled suite next to it (out/test/host/suite/**/*.test.js), prints each result, and
// writes {passed, failed, tests} to $REGX_HOST_RESULTS (default $REGX_ARTIFACTS/host-results.json),
// which scripts/test.mjs adds to the totals. Rejecting makes the workbench report a non-zero exit.
// Both mocha interfaces are bound: `suite`/`test` (tdd, VS Code's convention) and `describe`/`it` (bdd).
import Mocha from 'mocha';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface HostTestResult { title: string; state: 'passed' | 'failed'; error?: string; ms?: number }
export interface HostResults { passed: number; failed: number; tests: HostTestResult[] }

function suiteFiles(dir: string): string[] {
  const out: string[] = [];
  let names: string[] = [];
  try { names = readdirSync(dir).sort(); } catch { return out; }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...suiteFiles(p));
    else if (n.endsWith('.test.js')) out.push(p);
  }
  return out;
}

function resultsPath(): string {
  if (process.env.REGX_HOST_RESULTS) return process.env.REGX_HOST_RESULTS;
  const dir = process.env.REGX_ARTIFACTS || join(process.cwd(), '.test-artifacts');
  return join(dir, 'host-results.json');
}

export async function run(): Promise<void> {
  const grep = process.env.REGX_HOST_GREP;
  // Base reporter: counts only; the PASS/FAIL lines below are the output (console args are not printf-formatted
  // on their way to the runner, so the spec reporter's "%s" lines would be unreadable).
  const mocha = new Mocha({ color: false, timeout: 60_000, reporter: Mocha.reporters.Base, ...(grep ? { grep } : {}) });
  mocha.ui('bdd');
  mocha.ui('tdd');
  const files = suiteFiles(join(__dirname, 'suite'));
  if (files.length === 0) throw new Error(`no suite files (*.test.js) under ${join(__dirname, 'suite')}`);
  for (const f of files) mocha.addFile(f);

  const results: HostResults = { passed: 0, failed: 0, tests: [] };
  const write = (): void => {
    const file = resultsPath();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  };
  write(); // an empty result first: a crash later still leaves proof that the runner started

  await new Promise<void>((resolve, reject) => {
    let runner: Mocha.Runner;
    try {
      runner = mocha.run(() => resolve());
    } catch (e) {
      reject(e);
      return;
    }
    runner.on('pass', (t: Mocha.Test) => {
      results.passed++;
      results.tests.push({ title: t.fullTitle(), state: 'passed', ms: t.duration });
      console.log(`[host-test] PASS ${t.fullTitle()} (${t.duration ?? 0} ms)`);
      write();
    });
    // The project allows no skipped tests: a pending one (it.skip, no body) counts as a failure.
    runner.on('pending', (t: Mocha.Test) => {
      results.failed++;
      results.tests.push({ title: t.fullTitle(), state: 'failed', error: 'skipped/pending test: the project allows no skipped tests' });
      console.log(`[host-test] FAIL ${t.fullTitle()} (skipped)`);
      write();
    });
    runner.on('fail', (t: Mocha.Test | Mocha.Hook, err: Error) => {
      results.failed++;
      const error = err?.stack || String(err);
      results.tests.push({ title: t.fullTitle(), state: 'failed', error });
      console.log(`[host-test] FAIL ${t.fullTitle()}\n${error}`);
      write();
    });
  });
  write();
  console.log(`[host-test] DONE ${results.passed} passed, ${results.failed} failed`);
  if (results.failed > 0) throw new Error(`${results.failed} host test(s) failed`);
}
