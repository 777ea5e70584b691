// `npm run test:electron`: the same in-host mocha suite as scripts/host-test.mjs, launched by
// @vscode/test-electron in desktop VS Code (downloaded into .vscode-test/ on first use). Needs internet
// access to update.code.visualstudio.com and a display (or xvfb-run) — neither exists on the project's
// CI machine, where scripts/host-test.mjs (code-server) runs the suite instead. Same compile step, same
// backing servers and REGX_TESTBED file, same results file.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');

if (!process.env.REGX_ELECTRON_CHILD) {
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => undefined);
  const r = spawnSync(process.execPath, ['--import', 'tsx', ...process.argv.slice(1)], {
    stdio: 'inherit', env: { ...process.env, REGX_ELECTRON_CHILD: '1' }, cwd: root,
  });
  process.exit(r.status ?? 1);
}

const { compile, buildExtension, startBackends, cleanup, cleanups } = await import('./host-test.mjs');
const { runTests, downloadAndUnzipVSCode } = await import('@vscode/test-electron');

const artifacts = process.env.REGX_ARTIFACTS || join(root, '.test-artifacts');
mkdirSync(artifacts, { recursive: true });
const resultsFile = join(artifacts, 'host-results.json');
const version = process.env.REGX_VSCODE_VERSION || 'stable';

async function main() {
  // Download first, on its own: on machines without internet this is the step that fails, and it should say so.
  let vscodeExecutablePath;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version, timeout: 60_000 });
  } catch (e) {
    throw new Error(`could not download VS Code ${version} (${e?.message ?? e}).\n` +
      '@vscode/test-electron needs internet access to update.code.visualstudio.com. On machines without it, ' +
      'run the same suite in code-server instead: `node scripts/host-test.mjs` (part of `npm test`).');
  }
  buildExtension();
  const { outRoot } = await compile();
  const dir = mkdtempSync(join(tmpdir(), 'regx-electron-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const tb = await startBackends(dir);
  const testbedFile = join(dir, 'testbed.json');
  writeFileSync(testbedFile, JSON.stringify(tb, null, 2), { mode: 0o600 });
  rmSync(resultsFile, { force: true });
  const code = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(outRoot, 'index.js'),
    launchArgs: [tb.workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(dir, 'user-data')],
    extensionTestsEnv: { REGX_TESTBED: testbedFile, REGX_ARTIFACTS: artifacts, REGX_HOST_RESULTS: resultsFile },
  });
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  console.log(`\n[test-electron] ${results.passed} passed, ${results.failed} failed (exit ${code})`);
  return code === 0 && results.failed === 0 ? 0 : 1;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (e) {
  console.error(`\n[test-electron] FAILED: ${e?.message ?? e}`);
} finally {
  await cleanup();
}
process.exit(exitCode);
