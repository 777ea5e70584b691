// The CLI's connection options that reach the client: --ca-file (a file without a certificate is an error
// naming the file) and --timeout (the overall deadline of each operation).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliInProcess } from '../../support/cli';

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
