// `regx scan --diff`: report files and an image scanned by the stand-in Trivy, table and JSON output, the
// --fail-on gate's exit codes, and usage errors.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliInProcess } from '../../support/cli';

const fixtures = join(__dirname, '../../fixtures');
const a39 = join(fixtures, 'trivy/alpine-39.json.golden');
const a310 = join(fixtures, 'scandiff/alpine-310.json.golden');
const fakeTrivy = join(__dirname, '../../support/fake-trivy/trivy');

describe('regx scan --diff', () => {
  test('two report files, table: fixed and changed findings, exit 0', async () => {
    const r = await runCliInProcess(['scan', '--diff', a39, a310]);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout.split('\n');
    assert.match(out[0], /^before: .*\(6 findings: CRITICAL 2, HIGH 0, MEDIUM 4, LOW 0, UNKNOWN 0\)$/);
    assert.match(out[1], /^after: .*\(4 findings: CRITICAL 0, HIGH 0, MEDIUM 4, LOW 0, UNKNOWN 0\)$/);
    assert.equal(out[2], 'new: 0');
    assert.equal(out[3], 'fixed: 2');
    assert.equal(out[4], '  -\tCRITICAL\tCVE-2019-14697\tmusl\t1.1.20-r4\t1.1.20-r5');
    assert.equal(out[6], 'changed version: 4');
    assert.equal(out[7], '  ~\tMEDIUM\tCVE-2019-1549\tlibcrypto1.1\t1.1.1b-r1 -> 1.1.1c-r0\t1.1.1d-r0');
    assert.equal(out[11], 'unchanged: 0');
  });

  test('an image scanned by Trivy against a file, JSON; --fail-on HIGH exits 1 on the new CRITICAL findings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regx-diff-'));
    try {
      const record = join(dir, 'rec.json');
      const env = { REGX_TRIVY_PATH: fakeTrivy, FAKE_TRIVY_RECORD: record, REGX_USERNAME: 'ci', REGX_PASSWORD: 'p4ss-word' };
      const r = await runCliInProcess(['scan', '--diff', a310, '127.0.0.1:5000/team/app:2.0', '--format', 'json', '--fail-on', 'high'], { env });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /2 new finding\(s\) at HIGH or above/);
      assert.doesNotMatch(r.stderr + r.stdout, /p4ss-word/);
      const d = JSON.parse(r.stdout) as { new: { id: string; package: string }[]; fixed: unknown[]; changed: unknown[] };
      assert.deepEqual(d.new.map((f) => `${f.id} ${f.package}`), ['CVE-2019-14697 musl', 'CVE-2019-14697 musl-utils']);
      assert.equal(d.changed.length, 4);
      const rec = JSON.parse(readFileSync(record, 'utf8')) as { argv: string[]; env: Record<string, string> };
      assert.deepEqual(rec.argv, ['image', '--format', 'json', '--quiet', '--', '127.0.0.1:5000/team/app:2.0']);
      assert.equal(rec.env.TRIVY_PASSWORD, 'p4ss-word');
      // The same comparison with a CRITICAL-only gate the other way round passes.
      const ok = await runCliInProcess(['scan', '--diff', a39, a310, '--fail-on', 'CRITICAL']);
      assert.equal(ok.code, 0, ok.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('usage errors exit 2', async () => {
    assert.equal((await runCliInProcess(['scan', a39, a310])).code, 2);
    assert.equal((await runCliInProcess(['scan', '--diff', a39])).code, 2);
    assert.equal((await runCliInProcess(['scan', '--diff', a39, a310, '--fail-on', 'SEVERE'])).code, 2);
    assert.equal((await runCliInProcess(['scan', '--diff', a39, a310, '--format', 'sarif'])).code, 2);
    const bad = await runCliInProcess(['scan', '--diff', a39, 'UPPER/Case:$(id)']);
    assert.equal(bad.code, 2, bad.stderr);
  });
});
