// `regx scan` with the stand-in Trivy (test/support/fake-trivy: records its argv and environment, prints a real
// Trivy golden) against a real basic-auth registry: the gate's exit codes, .trivyignore, --ignore-unfixed,
// the formats and --output, credentials in Trivy's environment only, and the distinct exit for a scan that
// could not run.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type TestRegistry } from '../../support/registry';
import { pushImage } from '../../support/seed';
import { runCliInProcess, runCli } from '../../support/cli';

const fakeTrivy = join(__dirname, '../../support/fake-trivy/trivy');
const golden = join(__dirname, '../../fixtures/trivy/alpine-39.json.golden'); // 2 CRITICAL (CVE-2019-14697), 4 MEDIUM, all fixable
let reg: TestRegistry;
let dir: string;
let env: NodeJS.ProcessEnv;
let image: string;
let digest: string;
let n = 0;
const record = () => join(dir, `record-${++n}.json`);

before(async () => {
  reg = await startRegistry('basic', { password: 'scan-secret-pw' });
  digest = await pushImage(reg, 'team/app', '1.0');
  image = `${reg.registry}/team/app:1.0`;
  dir = mkdtempSync(join(tmpdir(), 'regx-cli-scan-'));
  env = { REGX_CACHE_DIR: join(dir, 'cache'), DOCKER_CONFIG: join(dir, 'no-docker-config'), REGX_TRIVY_PATH: fakeTrivy,
    REGX_USERNAME: reg.username, REGX_PASSWORD: reg.password, FAKE_TRIVY_REPORT: golden };
});
after(async () => {
  await reg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const scan = (args: string[], extra: NodeJS.ProcessEnv = {}) => runCliInProcess(['scan', image, ...args], { env: { ...env, ...extra } });

describe('the gate', () => {
  test('without a gate: the table and a summary, exit 0 whatever was found', async () => {
    const r = await scan([]);
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.trim().split('\n');
    assert.match(rows[0]!, /^ID\s+SEVERITY\s+PACKAGE\s+INSTALLED\s+FIXED\s+IGNORED$/);
    assert.equal(rows.length, 7, 'a header and the 6 findings');
    assert.match(rows[1]!, /^CVE-2019-14697\s+CRITICAL\s+musl\s+1\.1\.20-r4\s+1\.1\.20-r5$/);
    assert.match(r.stderr, /Trivy dev scanned 127\.0\.0\.1:\d+\/team\/app:1\.0: 6 findings \(2 CRITICAL, 4 MEDIUM\)/);
    assert.doesNotMatch(r.stderr, /gate/);
  });

  test('--exit-code 1 --severity HIGH,CRITICAL: exit 1 on the CRITICAL findings; HIGH alone passes; MEDIUM fails with 7', async () => {
    const fail = await scan(['--exit-code', '1', '--severity', 'HIGH,CRITICAL']);
    assert.equal(fail.code, 1, fail.stderr);
    assert.match(fail.stderr, /regx: gate failed: 2 findings at CRITICAL, HIGH \(2 CRITICAL\)\n$/);
    const pass = await scan(['--exit-code', '1', '--severity', 'high']);
    assert.equal(pass.code, 0, pass.stderr);
    assert.match(pass.stderr, /gate passed: no findings at HIGH/);
    const medium = await scan(['--exit-code', '7', '--severity', 'MEDIUM']);
    assert.equal(medium.code, 7);
  });

  test('.trivyignore (--ignorefile) marks findings ignored with the line, and the gate passes; an expired line does not count', async () => {
    const file = join(dir, 'ignore-ok');
    writeFileSync(file, '# musl: fixed by the base image update in the next release\nCVE-2019-14697 exp:2999-12-31\n\nCVE-2019-1549\n');
    const r = await scan(['--exit-code', '1', '--severity', 'CRITICAL', '--ignorefile', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /2 findings \(2 MEDIUM\), 4 ignored/);
    assert.match(r.stderr, new RegExp(`ignored CVE-2019-14697 in musl: ${file}:2 \\(until 2999-12-31\\): musl: fixed by the base image update`));
    assert.match(r.stderr, /gate passed: no findings at CRITICAL; 4 ignored/);
    const rows = r.stdout.trim().split('\n');
    assert.deepEqual(rows.slice(1).map((l) => /ignore-ok:(\d)/.exec(l)?.[1]), [undefined, undefined, '2', '2', '4', '4'], 'ignored rows come last, with their line');
    assert.match(rows[3]!, new RegExp(`^CVE-2019-14697 +CRITICAL .*${file}:2 \\(until 2999-12-31\\)`));

    const old = join(dir, 'ignore-expired');
    writeFileSync(old, 'CVE-2019-14697 exp:2020-01-01\n');
    const e = await scan(['--exit-code', '1', '--severity', 'CRITICAL', '--ignorefile', old]);
    assert.equal(e.code, 1, e.stderr);
    assert.match(e.stderr, /ignore-expired:1: the rule for CVE-2019-14697 expired on 2020-01-01; its findings count again/);
  });

  test('.trivyignore in the working directory is read by default (the CLI bundle, as CI runs it)', async () => {
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    writeFileSync(join(cwd, '.trivyignore'), 'CVE-2019-14697\n');
    const r = await runCli(['scan', image, '--exit-code', '1', '--severity', 'CRITICAL'], { env, cwd });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /ignored CVE-2019-14697 in musl: \.trivyignore:1/);
    const without = await runCli(['scan', image, '--exit-code', '1', '--severity', 'CRITICAL'], { env, cwd: dir });
    assert.equal(without.code, 1, without.stderr);
  });

  test('--ignore-unfixed: vulnerabilities without a fixed version do not count, and are listed as ignored', async () => {
    const raw = JSON.parse(readFileSync(golden, 'utf8')) as { Results: Array<{ Vulnerabilities?: Array<Record<string, unknown>> }> };
    for (const v of raw.Results.flatMap((x) => x.Vulnerabilities ?? [])) if (v.VulnerabilityID === 'CVE-2019-14697') delete v.FixedVersion;
    const unfixed = join(dir, 'unfixed.json'); // the golden with musl's fix removed, to have unfixed findings
    writeFileSync(unfixed, JSON.stringify(raw));
    const strict = await scan(['--exit-code', '1', '--severity', 'CRITICAL'], { FAKE_TRIVY_REPORT: unfixed });
    assert.equal(strict.code, 1);
    const r = await scan(['--exit-code', '1', '--severity', 'CRITICAL', '--ignore-unfixed'], { FAKE_TRIVY_REPORT: unfixed });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /ignored CVE-2019-14697 in musl: --ignore-unfixed/);
  });
});

describe('formats and output', () => {
  test('--format json --output FILE: the report model with ignored findings marked; nothing on stdout', async () => {
    const out = join(dir, 'report.json');
    const ign = join(dir, 'ign-json');
    writeFileSync(ign, 'CVE-2019-14697\n');
    const r = await scan(['--format', 'json', '--output', out, '--ignorefile', ign, '--exit-code', '1', '--severity', 'CRITICAL']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /report written to .*report\.json/);
    const j = JSON.parse(readFileSync(out, 'utf8')) as { format: string; artifact: { digest: string }; findings: Array<{ id: string; ignored?: { source: string; rule: string } }> };
    assert.equal(j.format, 'trivy');
    assert.equal(j.artifact.digest, digest);
    assert.equal(j.findings.length, 6, 'ignored findings are kept');
    assert.deepEqual(j.findings.filter((f) => f.ignored).map((f) => [f.id, f.ignored!.source, f.ignored!.rule]), [['CVE-2019-14697', 'trivyignore', `${ign}:1`], ['CVE-2019-14697', 'trivyignore', `${ign}:1`]]);
  });

  test('--format sarif to stdout: SARIF 2.1.0, ignored findings as accepted suppressions; the gate still fails', async () => {
    const ign = join(dir, 'ign-sarif');
    writeFileSync(ign, 'CVE-2019-1549\n');
    const r = await scan(['--format', 'sarif', '--ignorefile', ign, '--exit-code', '1']);
    assert.equal(r.code, 1);
    const s = JSON.parse(r.stdout) as { version: string; runs: Array<{ results: Array<{ ruleId: string; suppressions?: Array<{ status: string; justification: string }> }> }> };
    assert.equal(s.version, '2.1.0');
    assert.equal(s.runs[0]!.results.length, 6);
    const suppressed = s.runs[0]!.results.filter((x) => x.suppressions);
    assert.deepEqual(suppressed.map((x) => [x.ruleId, x.suppressions![0]!.status, x.suppressions![0]!.justification]), [['CVE-2019-1549', 'accepted', `${ign}:1`], ['CVE-2019-1549', 'accepted', `${ign}:1`]]);
  });
});

test('Trivy gets the credentials in its environment only, the image by digest, --insecure for the plain-HTTP loopback registry', async () => {
  const rec = record();
  const r = await runCliInProcess(['scan', image], { env: { ...env, FAKE_TRIVY_RECORD: rec }, verbose: true });
  assert.equal(r.code, 0, r.stderr);
  // The scheme and the Basic challenge are cached from the earlier runs: one HEAD resolves the digest, and the
  // registry's blobs are Trivy's business.
  assert.deepEqual(r.lines.map((l) => l.replace(/ \d+ms$/, '').replace(/127\.0\.0\.1:\d+/, 'HOST')), ['regx: HEAD http://HOST/v2/team/app/manifests/1.0 200']);
  const j = JSON.parse(readFileSync(rec, 'utf8')) as { argv: string[]; env: Record<string, string> };
  assert.deepEqual(j.argv, ['image', '--format', 'json', '--quiet', '--insecure', '--', `${reg.registry}/team/app@${digest}`]);
  assert.equal(j.env.TRIVY_USERNAME, reg.username);
  assert.equal(j.env.TRIVY_PASSWORD, 'scan-secret-pw');
  assert.ok(!j.argv.join(' ').includes('scan-secret-pw'));
  assert.ok(!r.stderr.includes('scan-secret-pw') && !r.stdout.includes('scan-secret-pw'));
});

describe('a scan that could not run: exit 5 and one line', () => {
  test('Trivy fails', async () => {
    const r = await scan(['--exit-code', '1'], { FAKE_TRIVY_EXIT: '2', FAKE_TRIVY_STDERR: 'FATAL image scan error: unable to initialize a scanner' });
    assert.equal(r.code, 5);
    assert.match(r.stderr, /^regx: the scan of 127\.0\.0\.1:\d+\/team\/app:1\.0 could not run: Trivy failed \(exit code 2\) .*unable to initialize a scanner\n$/);
  });
  test('Trivy is not installed', async () => {
    const r = await scan(['--exit-code', '1'], { REGX_TRIVY_PATH: join(dir, 'no-such-trivy') });
    assert.equal(r.code, 5);
    assert.match(r.stderr, /could not run: Trivy was not found/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
  test('the image does not exist', async () => {
    const r = await runCliInProcess(['scan', `${reg.registry}/team/app:nope`, '--exit-code', '1'], { env });
    assert.equal(r.code, 5);
    assert.match(r.stderr, /could not run: .*(not found|unknown)/i);
  });
});

test('usage errors: reserved exit codes, unknown severities, scanners and formats, a missing ignore file (exit 2, nothing run)', async () => {
  const rec = record();
  for (const args of [['--exit-code', '5'], ['--exit-code', '2'], ['--severity', 'HIGH,SEVERE'], ['--scanner', 'clair'], ['--format', 'xml'], ['--ignorefile', join(dir, 'missing')], ['--exit-code', '-1']]) {
    const r = await scan(args, { FAKE_TRIVY_RECORD: rec });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  assert.equal(existsSync(rec), false, 'Trivy never ran');
});
