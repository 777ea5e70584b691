// The CLI's connection options that reach the client: --ca-file (a file without a certificate is an error
// naming the file) and --timeout (the overall deadline of each operation).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliInProcess } from '../../support/cli';
import { tricklingServer } from '../registry/servers';
import { HELP } from '../../../src/cli/main';

test('--ca-file with no certificate in it: exit 1 and an error naming the file, before any request', { timeout: 20_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'regx-ca-'));
  try {
    const file = join(dir, 'not-a-ca.pem');
    writeFileSync(file, 'hello\n');
    const r = await runCliInProcess(['tags', 'registry.invalid/app', '--ca-file', file], { env: { REGX_CACHE_DIR: dir } });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`CA file ${file.replace(/[.\\/]/g, '\\$&')} holds no valid certificate`));
    assert.equal(r.requests, 0);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('--timeout: a server that trickles one byte at a time ends at the deadline, named with the host', { timeout: 20_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'regx-timeout-'));
  const s = await tricklingServer(20);
  try {
    const r = await runCliInProcess(['tags', `${s.host}/app`, '--timeout', '0.5'], { env: { REGX_CACHE_DIR: dir }, verbose: true });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`^regx: ${s.host.replace(/\./g, '\\.')} did not finish the request within the 500 ms deadline.*\\(regx: --timeout SECONDS\\)$`, 'm'));
    assert.equal(s.seen.length, 1, 'one request, not retried');
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--timeout needs a number; the default is documented', async () => {
  const r = await runCliInProcess(['tags', 'registry.invalid/app', '--timeout', 'soon']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--timeout needs a non-negative number/);
  assert.match(HELP, /--timeout SECONDS .*default 120/);
});
