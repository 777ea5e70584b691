// The scan comparison on real Trivy goldens: Alpine 3.9 → 3.10 (musl's CVE fixed, OpenSSL's CVEs kept with a
// newer installed version) and a report against its own HIGH,CRITICAL subset.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrivyReport, type Finding, type ScanReport } from '../../../src/scan/index';
import { diffReports, findingIdentity, newAtOrAbove, severityLine } from '../../../src/scan/diff';

const fixtures = join(__dirname, '../../fixtures');
const load = (p: string): ScanReport => parseTrivyReport(JSON.parse(readFileSync(join(fixtures, p), 'utf8')));
const alpine39 = load('trivy/alpine-39.json.golden');
const alpine310 = load('scandiff/alpine-310.json.golden');
const highCritical = load('scandiff/alpine-39-high-critical.json.golden');
const ids = (fs: Finding[]) => fs.map((f) => `${f.id} ${f.package} ${f.installed}`);

describe('diffReports', () => {
  test('alpine 3.9 → 3.10: musl fixed, OpenSSL changed, nothing new', () => {
    const d = diffReports(alpine39, alpine310);
    assert.deepEqual(ids(d.fixed), ['CVE-2019-14697 musl 1.1.20-r4', 'CVE-2019-14697 musl-utils 1.1.20-r4']);
    assert.deepEqual(d.added, []);
    assert.deepEqual(d.unchanged, []);
    assert.deepEqual(
      d.changed.map((c) => `${c.after.id} ${c.after.package} ${c.before.installed} → ${c.after.installed}`),
      [
        'CVE-2019-1549 libcrypto1.1 1.1.1b-r1 → 1.1.1c-r0',
        'CVE-2019-1549 libssl1.1 1.1.1b-r1 → 1.1.1c-r0',
        'CVE-2019-1551 libcrypto1.1 1.1.1b-r1 → 1.1.1c-r0',
        'CVE-2019-1551 libssl1.1 1.1.1b-r1 → 1.1.1c-r0',
      ],
    );
    assert.deepEqual(d.before.bySeverity, { CRITICAL: 2, HIGH: 0, MEDIUM: 4, LOW: 0, UNKNOWN: 0 });
    assert.deepEqual(d.after.bySeverity, { CRITICAL: 0, HIGH: 0, MEDIUM: 4, LOW: 0, UNKNOWN: 0 });
    assert.equal(d.before.total, 6);
    assert.equal(d.after.total, 4);
    assert.equal(d.before.name, alpine39.artifact.name);
    assert.match(d.after.scanner, /^Trivy/);
    assert.deepEqual(newAtOrAbove(d, 'LOW'), []);
  });

  test('the other way round: the musl findings are new and CRITICAL', () => {
    const d = diffReports(alpine310, alpine39);
    assert.deepEqual(ids(d.added), ['CVE-2019-14697 musl 1.1.20-r4', 'CVE-2019-14697 musl-utils 1.1.20-r4']);
    assert.deepEqual(d.fixed, []);
    assert.equal(d.changed.length, 4);
    assert.equal(newAtOrAbove(d, 'CRITICAL').length, 2);
    assert.equal(newAtOrAbove(d, 'HIGH').length, 2);
  });

  test('a report against its HIGH,CRITICAL subset: the MEDIUM ones are new, the CRITICAL ones unchanged', () => {
    const d = diffReports(highCritical, alpine39);
    assert.deepEqual(ids(d.unchanged), ['CVE-2019-14697 musl 1.1.20-r4', 'CVE-2019-14697 musl-utils 1.1.20-r4']);
    assert.deepEqual(ids(d.added), ['CVE-2019-1549 libcrypto1.1 1.1.1b-r1', 'CVE-2019-1549 libssl1.1 1.1.1b-r1', 'CVE-2019-1551 libcrypto1.1 1.1.1b-r1', 'CVE-2019-1551 libssl1.1 1.1.1b-r1']);
    assert.deepEqual(d.changed, []);
    assert.deepEqual(newAtOrAbove(d, 'HIGH'), []);
    assert.equal(newAtOrAbove(d, 'MEDIUM').length, 4);
  });

  test('a report against itself: everything unchanged', () => {
    const d = diffReports(alpine39, alpine39);
    assert.equal(d.unchanged.length, 6);
    assert.equal(d.added.length + d.fixed.length + d.changed.length, 0);
  });

  test('repeats of one id and package count once, by the most severe; packageless findings are told apart by target', () => {
    const f = (key: number, o: Partial<Finding>): Finding => ({ key, kind: 'vulnerability', id: 'CVE-1', severity: 'LOW', target: 't', references: [], package: 'p', installed: '1', ...o });
    const a: ScanReport = { format: 'trivy', artifact: { name: 'a' }, scanner: { name: 'Trivy', version: '1' }, findings: [f(0, {}), f(1, { severity: 'HIGH', target: 'u' })] };
    const b: ScanReport = { ...a, artifact: { name: 'b' }, findings: [f(0, { kind: 'secret', id: 'aws', package: undefined, target: 'x.env' }), f(1, { kind: 'secret', id: 'aws', package: undefined, target: 'y.env' })] };
    const d = diffReports(a, b);
    assert.equal(d.fixed.length, 1);
    assert.equal(d.fixed[0].severity, 'HIGH');
    assert.equal(d.added.length, 2);
    assert.notEqual(findingIdentity(b.findings[0]), findingIdentity(b.findings[1]));
    assert.equal(severityLine(d.before.bySeverity), 'CRITICAL 0, HIGH 1, MEDIUM 0, LOW 1, UNKNOWN 0');
  });
});
