// The environment the project's scripts give child tools (nested npm, code-server, test runners).
// Regression: `npm test` exported `npm_config_user_agent=… node/v20…` and the nested `npm install
// code-server` under Node 24 kept it, so code-server's postinstall refused to run on a fresh machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, droppedNames } from '../../../scripts/child-env.mjs';

// What npm exports into a script's environment (names as npm 11 writes them), plus what must survive.
const asUnderNpm: NodeJS.ProcessEnv = {
  ...process.env,
  npm_config_user_agent: 'npm/11.0.0 node/v0.0.1 linux x64 workspaces/false',
  npm_config_local_prefix: '/nonexistent/project',
  npm_lifecycle_event: 'test',
  npm_package_name: 'registry-explorer',
  npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
  INIT_CWD: '/nonexistent/project',
  NODE: '/usr/bin/node',
  HTTPS_PROXY: 'http://proxy.example:3128',
};

test('cleanEnv drops npm\'s per-run variables and keeps the rest', () => {
  const env = cleanEnv({ EXTRA: '1' }, asUnderNpm);
  for (const k of ['npm_config_user_agent', 'npm_config_local_prefix', 'npm_lifecycle_event', 'npm_package_name', 'npm_execpath', 'INIT_CWD', 'NODE']) {
    assert.equal(env[k], undefined, k);
  }
  assert.equal(env.PATH, process.env.PATH);
  assert.equal(env.HTTPS_PROXY, 'http://proxy.example:3128');
  assert.equal(env.EXTRA, '1');
  assert.ok(droppedNames(asUnderNpm).includes('npm_config_user_agent'));
});

test('a nested npm given cleanEnv reports its own Node and its own folder, not the parent npm\'s', () => {
  const dir = mkdtempSync(join(tmpdir(), 'regx-child-env-'));
  try {
    // A package script prints what a dependency's install script (code-server's postinstall) would read.
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', version: '0.0.0', private: true, scripts: {
      'user-agent': 'node -p process.env.npm_config_user_agent',
    } }));
    const get = (env: NodeJS.ProcessEnv, key: string): string =>
      spawnSync('npm', ['run', '--silent', key], { cwd: dir, env, encoding: 'utf8' }).stdout.trim();
    // Without cleaning, the nested npm keeps what it inherited (the failure on a fresh machine).
    assert.match(get(asUnderNpm, 'user-agent'), /node\/v0\.0\.1/);
    // Cleaned, it describes itself: the Node that runs it.
    assert.match(get(cleanEnv({}, asUnderNpm), 'user-agent'), new RegExp(`node/${process.version.replace(/\./g, '\\.')}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
