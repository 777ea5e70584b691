// `trivy image --format cyclonedx` through the stand-in Trivy: the same process rules as a scan (argument array,
// `--` before the reference, credentials in the environment only), and the golden CycloneDX document back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTrivySbom } from '../../../src/scan/runTrivy';
import { parseSbom } from '../../../src/sbom/parseSbom';

const fakeTrivy = join(__dirname, '../../support/fake-trivy/trivy');
const golden = join(__dirname, '../../fixtures/sbom/fluentd-multiple-lockfiles.cdx.json.golden');

test('runTrivySbom: --format cyclonedx, credentials by environment, the golden SBOM parsed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'regx-sbom-test-'));
  try {
    const record = join(dir, 'record.json');
    const doc = await runTrivySbom({
      trivyPath: fakeTrivy,
      ref: '127.0.0.1:5000/app@sha256:' + 'a'.repeat(64),
      credentials: { username: 'u', password: 'p4ssword' },
      env: { ...process.env, FAKE_TRIVY_RECORD: record },
    });
    const r = JSON.parse(readFileSync(record, 'utf8')) as { argv: string[]; env: Record<string, string> };
    assert.deepEqual(r.argv, ['image', '--format', 'cyclonedx', '--quiet', '--', '127.0.0.1:5000/app@sha256:' + 'a'.repeat(64)]);
    assert.equal(r.env.TRIVY_PASSWORD, 'p4ssword');
    assert.deepEqual(doc, JSON.parse(readFileSync(golden, 'utf8')));
    assert.equal(parseSbom(doc).packages.length, 161);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
