import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../../support/wait';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTrivy, ScanError, parseTrivyReport } from '../../../src/scan/index';

const fakeTrivy = join(__dirname, '../../support/fake-trivy/trivy');
const shared = join(__dirname, '../../fixtures');

function withTmp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'regx-scan-test-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}
const read = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as { argv: string[]; env: Record<string, string>; pid: number; grandchildPid?: number };
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('runTrivy with the stand-in trivy', () => {
  test('credentials go through the environment only; a hostile ref is one argument', () =>
    withTmp(async (dir) => {
      const record = join(dir, 'record.json');
      const hostile = '--output=/tmp/pwned; rm -rf / $(id) `id` "x" 127.0.0.1:5000/a:b';
      const progress: string[] = [];
      const report = await runTrivy({
        trivyPath: fakeTrivy,
        ref: hostile,
        credentials: { username: 'scan-user', password: 's3cret-Pa55' },
        caFile: '/etc/ssl/my-ca.pem',
        insecure: true,
        serverUrl: 'http://127.0.0.1:4954',
        env: { ...process.env, FAKE_TRIVY_RECORD: record, TRIVY_PASSWORD: 'inherited-should-be-replaced' },
        onProgress: (m) => progress.push(m),
      });
      const r = read(record);
      assert.deepEqual(r.argv, ['image', '--format', 'json', '--quiet', '--server', 'http://127.0.0.1:4954', '--insecure', '--', hostile]);
      assert.ok(!r.argv.some((a) => a.includes('s3cret-Pa55') || a.includes('scan-user')), 'no credential in argv');
      assert.equal(r.env.TRIVY_USERNAME, 'scan-user');
      assert.equal(r.env.TRIVY_PASSWORD, 's3cret-Pa55');
      assert.equal(r.env.SSL_CERT_FILE, '/etc/ssl/my-ca.pem');
      const golden = parseTrivyReport(JSON.parse(readFileSync(join(shared, 'trivy/alpine-39.json.golden'), 'utf8')));
      assert.deepEqual(report, golden);
      assert.ok(progress.length >= 2);
      assert.ok(!existsSync('/tmp/pwned'));
    }));

  test('without credentials, inherited TRIVY_USERNAME/PASSWORD are removed', () =>
    withTmp(async (dir) => {
      const record = join(dir, 'record.json');
      await runTrivy({ trivyPath: fakeTrivy, ref: 'a/b:c', env: { ...process.env, FAKE_TRIVY_RECORD: record, TRIVY_USERNAME: 'x', TRIVY_PASSWORD: 'y' } });
      const r = read(record);
      assert.equal(r.env.TRIVY_USERNAME, undefined);
      assert.equal(r.env.TRIVY_PASSWORD, undefined);
      assert.deepEqual(r.argv, ['image', '--format', 'json', '--quiet', '--', 'a/b:c']);
    }));

  test('a missing trivy names the setting and how to install', async () => {
    await assert.rejects(
      runTrivy({ trivyPath: '/nonexistent/trivy', ref: 'a:b' }),
      (e: unknown) => e instanceof ScanError && e.code === 'trivy-not-found' && e.message.includes('registryExplorer.trivy.path') && /Install Trivy/.test(e.message),
    );
  });

  test('a failing trivy: error carries the stderr tail with the password redacted', () =>
    withTmp(async () => {
      await assert.rejects(
        runTrivy({
          trivyPath: fakeTrivy,
          ref: 'a:b',
          credentials: { username: 'u', password: 'hunter22' },
          env: { ...process.env, FAKE_TRIVY_EXIT: '1', FAKE_TRIVY_STDERR: 'FATAL unable to pull: auth hunter22 rejected\n' },
        }),
        (e: unknown) => e instanceof ScanError && e.code === 'trivy-failed' && /exit code 1/.test(e.message) && /unable to pull/.test(e.message) && !e.message.includes('hunter22') && !e.stderrTail!.includes('hunter22'),
      );
    }));

  test('output above the cap is refused', () =>
    assert.rejects(runTrivy({ trivyPath: fakeTrivy, ref: 'a:b', maxOutputBytes: 1000 }), (e: unknown) => e instanceof ScanError && e.code === 'output-too-large'));

  test('non-JSON output is a clear error', () =>
    withTmp(async (dir) => {
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, 'Total: 0 (UNKNOWN: 0)');
      await assert.rejects(runTrivy({ trivyPath: fakeTrivy, ref: 'a:b', env: { ...process.env, FAKE_TRIVY_REPORT: bad } }), (e: unknown) => e instanceof ScanError && e.code === 'bad-report');
    }));

  test('cancelling kills the whole process tree', () =>
    withTmp(async (dir) => {
      const record = join(dir, 'record.json');
      const ac = new AbortController();
      const run = runTrivy({ trivyPath: fakeTrivy, ref: 'a:b', signal: ac.signal, env: { ...process.env, FAKE_TRIVY_RECORD: record, FAKE_TRIVY_HANG: '1' } });
      await waitFor(() => existsSync(record), { what: 'the stand-in Trivy to record its start', timeout: 5_000 });
      const r = read(record);
      assert.ok(alive(r.pid) && alive(r.grandchildPid!), 'both running before cancel');
      ac.abort();
      await assert.rejects(run, (e: unknown) => e instanceof ScanError && e.code === 'cancelled');
      await waitFor(() => !alive(r.pid) && !alive(r.grandchildPid!), { what: 'trivy and its child to exit', timeout: 5_000 }).catch(() => undefined);
      assert.equal(alive(r.pid), false, 'trivy is gone');
      assert.equal(alive(r.grandchildPid!), false, 'its child is gone');
    }));
});
