import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHarborReport, parseReportFile, parseTrivyReport, ScanReportError, summarize, normalizeSeverity } from '../../../src/scan/index';

const shared = join(__dirname, '../../fixtures');
const goldens = readdirSync(join(shared, 'trivy')).filter((n) => n.endsWith('.json.golden'));
type Raw = Record<string, unknown>;

/** Counts straight from the raw input, independent of the parser. */
function rawCounts(raw: Raw) {
  const c = { vulnerability: 0, misconfiguration: 0, secret: 0, license: 0 };
  const sev: Record<string, number> = {};
  for (const r of (raw.Results as Raw[] | undefined) ?? []) {
    for (const [field, kind] of [['Vulnerabilities', 'vulnerability'], ['Misconfigurations', 'misconfiguration'], ['Secrets', 'secret'], ['Licenses', 'license']] as const) {
      for (const f of (r[field] as Raw[] | undefined) ?? []) {
        c[kind]++;
        sev[f.Severity as string] = (sev[f.Severity as string] ?? 0) + 1;
      }
    }
  }
  return { c, sev };
}

describe('parseTrivyReport on every shared golden', () => {
  test('there are goldens to test', () => assert.ok(goldens.length >= 3, goldens.join()));
  for (const name of goldens) {
    test(name, () => {
      const raw = JSON.parse(readFileSync(join(shared, 'trivy', name), 'utf8')) as Raw;
      const report = parseTrivyReport(raw);
      const { c, sev } = rawCounts(raw);
      const s = summarize(report);
      assert.deepEqual(s.byKind, c);
      assert.equal(report.findings.length, c.vulnerability + c.misconfiguration + c.secret + c.license);
      for (const [k, n] of Object.entries(sev)) assert.equal(s.bySeverity[normalizeSeverity(k)], n, k);
      assert.equal(report.scanner.name, 'Trivy');
      assert.equal(report.scanner.version, 'dev');
      assert.equal(report.artifact.name, raw.ArtifactName);
      assert.equal(report.time, raw.CreatedAt);
      assert.deepEqual(report.findings.map((f) => f.key), report.findings.map((_, i) => i));
      // The model survives a JSON round trip unchanged (it is posted to the webview as JSON).
      assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
    });
  }

  test('fixtures/scan/mixed-kinds.json: every kind counted exactly', () => {
    const raw = JSON.parse(readFileSync(join(__dirname, '../../fixtures/scan/mixed-kinds.json'), 'utf8')) as Raw;
    const { c } = rawCounts(raw);
    assert.deepEqual(c, { vulnerability: 6, misconfiguration: 2, secret: 2, license: 2 });
    assert.deepEqual(summarize(parseTrivyReport(raw)).byKind, c);
    assert.equal(parseTrivyReport(raw).artifact.digest, 'sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0');
  });

  test('alpine-39: vulnerability fields', () => {
    const r = parseTrivyReport(JSON.parse(readFileSync(join(shared, 'trivy/alpine-39.json.golden'), 'utf8')));
    const f = r.findings[0];
    assert.equal(f.kind, 'vulnerability');
    assert.equal(f.id, 'CVE-2019-1549');
    assert.equal(f.package, 'libcrypto1.1');
    assert.equal(f.installed, '1.1.1b-r1');
    assert.equal(f.fixed, '1.1.1d-r0');
    assert.equal(f.status, 'fixed');
    assert.equal(f.severity, 'MEDIUM');
    assert.deepEqual(f.cvss, { score: 5.3, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N', source: 'nvd', version: '3' });
    assert.equal(f.target, 'testdata/fixtures/images/alpine-39.tar.gz (alpine 3.9.4)');
    assert.equal(f.references.length, 20);
    assert.equal(r.artifact.os, 'alpine 3.9.4');
    assert.equal(r.artifact.type, 'container_image');
    const s = summarize(r);
    assert.equal(s.fixable, r.findings.filter((x) => x.fixed).length);
    assert.equal(s.targets.length, 1);
    assert.equal(s.highest, 'CRITICAL');
  });

  test('secrets: cause lines and match', () => {
    const r = parseTrivyReport(JSON.parse(readFileSync(join(shared, 'trivy/secrets.json.golden'), 'utf8')));
    assert.deepEqual(r.findings.map((f) => [f.kind, f.id, f.severity, f.startLine, f.category]), [
      ['secret', 'aws-access-key-id', 'CRITICAL', 3, 'AWS'],
      ['secret', 'mysecret', 'HIGH', 7, 'Custom'],
    ]);
    assert.deepEqual(r.findings[0].causeLines?.find((l) => l.isCause), { number: 3, content: 'export AWS_ACCESS_KEY_ID=********************', isCause: true });
    assert.equal(r.findings[1].match, 'echo ********');
  });

  test('misconfigurations and licenses (the shapes of Trivy\'s pkg/types)', () => {
    const r = parseTrivyReport({
      SchemaVersion: 2,
      ArtifactName: 'x',
      Results: [
        { Target: 'Dockerfile', Class: 'config', Type: 'dockerfile', MisconfSummary: { Successes: 26, Failures: 1 },
          Misconfigurations: [{ Type: 'Dockerfile Security Check', ID: 'DS-0002', Title: "Image user should not be 'root'", Message: 'Specify at least 1 USER', Severity: 'HIGH', Status: 'FAIL',
            CauseMetadata: { Provider: 'Dockerfile', StartLine: 2, EndLine: 2, Code: { Lines: [{ Number: 2, Content: 'FROM x', IsCause: true }] } } }] },
        { Target: 'OS Packages', Class: 'license', Licenses: [{ Severity: 'HIGH', Category: 'restricted', PkgName: 'bash', Name: 'GPL-3.0', Confidence: 1, Link: '' }] },
        { Target: 'only-packages', Class: 'lang-pkgs', Packages: [{ Name: 'a' }] },
      ],
    });
    assert.deepEqual(r.findings.map((f) => [f.kind, f.id, f.severity, f.target]), [
      ['misconfiguration', 'DS-0002', 'HIGH', 'Dockerfile'],
      ['license', 'GPL-3.0', 'HIGH', 'OS Packages'],
    ]);
    assert.equal(r.findings[0].causeLines?.length, 1);
    assert.equal(r.findings[0].category, 'Dockerfile Security Check');
    assert.equal(r.findings[1].package, 'bash');
  });

  test('unknown fields and odd types never crash; minimal findings are kept', () => {
    const r = parseTrivyReport({ SchemaVersion: 2, Future: { x: 1 }, Results: [{ Target: 5, Weird: [], Vulnerabilities: [{}, { VulnerabilityID: 7, Severity: 'bogus', CVSS: 'x', References: [1, null, 'u'], Layer: 3 }] }] });
    assert.equal(r.findings.length, 2);
    assert.equal(r.findings[0].id, '(no id)');
    assert.equal(r.findings[1].id, '7');
    assert.equal(r.findings[1].severity, 'UNKNOWN');
    assert.deepEqual(r.findings[1].references, ['1', 'u']);
    assert.equal(r.findings[0].target, '5');
    assert.deepEqual(parseTrivyReport({ SchemaVersion: 2, ArtifactName: 'clean' }).findings, []);
  });

  test('bad input gives a clear ScanReportError', () => {
    for (const bad of [null, 42, 'not json', [], { SchemaVersion: 1 }, {}, { SchemaVersion: 2, Results: {} }, { SchemaVersion: 2, Results: [{ Vulnerabilities: [1] }] }]) {
      assert.throws(() => parseTrivyReport(bad), (e: unknown) => e instanceof ScanReportError && /^Not a Trivy JSON report: /.test(e.message), JSON.stringify(bad));
    }
    assert.throws(() => parseTrivyReport({ SchemaVersion: 2, Results: [{ Vulnerabilities: [1] }] }), /Results\[0\]\.Vulnerabilities\[0\] should be an object/);
  });
});

describe('parseHarborReport', () => {
  const raw = JSON.parse(readFileSync(join(shared, 'harbor/example-vulnerability-report.json'), 'utf8')) as Raw;
  const items = raw.vulnerabilities as Raw[];

  test('the example report: every vulnerability kept, severities and fields mapped', () => {
    const r = parseHarborReport(raw);
    assert.equal(r.format, 'harbor');
    assert.equal(r.findings.length, items.length);
    assert.ok(r.findings.every((f) => f.kind === 'vulnerability'));
    const s = summarize(r);
    const expected: Record<string, number> = {};
    for (const i of items) expected[normalizeSeverity(i.severity)] = (expected[normalizeSeverity(i.severity)] ?? 0) + 1;
    for (const [k, n] of Object.entries(expected)) assert.equal(s.bySeverity[k as 'LOW'], n);
    const f = r.findings[0];
    assert.equal(f.id, 'CVE-2019-18276');
    assert.equal(f.package, 'bash');
    assert.equal(f.installed, '5.0-6ubuntu1.1');
    assert.equal(f.severity, 'LOW');
    assert.deepEqual(f.cvss, { score: 3.2, vector: 'CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N', source: 'preferred', version: '3' });
    assert.equal(f.references.length, 5);
    assert.deepEqual(f.cwe, ['CWE-476', 'CWE-345']);
    assert.equal(f.target, 'library/ubuntu');
    assert.equal(r.artifact.digest, 'sha256:d5b40885539615b9aeb7119516427959a158386af13e00d79a7da43ad1b3fb87');
    assert.deepEqual(r.scanner, { name: 'Trivy', version: 'v0.9.1', vendor: 'Aqua Security' });
    assert.equal(r.time, '2020-08-01T18:28:49.072885592Z');
  });

  test('the additions endpoint shape (keyed by MIME type) and {}', () => {
    const wrapped = { 'application/vnd.security.vulnerability.report; version=1.1': raw };
    assert.equal(parseHarborReport(wrapped).findings.length, items.length);
    assert.equal(parseHarborReport({ 'application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0': { vulnerabilities: [] } }).findings.length, 0);
    assert.throws(() => parseHarborReport({}), /no report yet/);
    assert.throws(() => parseHarborReport('nope'), /Not a Harbor vulnerability report/);
    assert.throws(() => parseHarborReport({ vulnerabilities: 3 }), /should be an array/);
  });

  test("Harbor's severity words: Negligible → LOW, None/Unknown/other → UNKNOWN", () => {
    const r = parseHarborReport({ vulnerabilities: ['Critical', 'High', 'Medium', 'Low', 'Negligible', 'Unknown', 'None', undefined].map((severity, i) => ({ id: `C-${i}`, severity })) });
    assert.deepEqual(r.findings.map((f) => f.severity), ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'LOW', 'UNKNOWN', 'UNKNOWN', 'UNKNOWN']);
  });

  test('parseReportFile tells the two formats apart', () => {
    assert.equal(parseReportFile(JSON.stringify(raw)).format, 'harbor');
    assert.equal(parseReportFile(readFileSync(join(shared, 'trivy/npm.json.golden'), 'utf8')).format, 'trivy');
    assert.throws(() => parseReportFile('{"a":1}'), /not a scan report this view reads: Trivy JSON/);
    assert.throws(() => parseReportFile('{'), /not valid JSON/);
  });
});

describe('scan badges', () => {
  test('from a report, from a Harbor overview, clean and unfinished', async () => {
    const { storedScanFromReport, storedScanFromHarborOverview, scanBadge } = await import('../../../src/scan/index');
    const alpine = parseTrivyReport(JSON.parse(readFileSync(join(shared, 'trivy/alpine-39.json.golden'), 'utf8')));
    const s = storedScanFromReport(alpine);
    assert.deepEqual(s.counts, { CRITICAL: 2, HIGH: 0, MEDIUM: 4, LOW: 0, UNKNOWN: 0 });
    assert.equal(scanBadge(s).badge, 'C');
    assert.equal(scanBadge(s).severity, 'CRITICAL');
    assert.match(scanBadge(s).tooltip, /6 findings \(2 critical, 4 medium, 6 fixable\)/);
    const h = storedScanFromHarborOverview({ scan_status: 'Success', summary: { total: 5, fixable: 1, summary: { High: 2, Low: 2, Negligible: 1 } }, scanner: { name: 'Trivy', version: 'v0.50' } });
    assert.deepEqual(h.counts, { CRITICAL: 0, HIGH: 2, MEDIUM: 0, LOW: 3, UNKNOWN: 0 });
    assert.equal(scanBadge(h).badge, 'H');
    assert.equal(scanBadge(storedScanFromHarborOverview({ scan_status: 'Running' })).badge, '…');
    assert.equal(scanBadge(storedScanFromHarborOverview({ scan_status: 'Error' })).badge, '!');
    assert.equal(scanBadge(storedScanFromReport(parseTrivyReport({ SchemaVersion: 2, ArtifactName: 'clean' }))).badge, '✓');
    for (const b of [s, h].map(scanBadge)) assert.ok([...b.badge].length <= 2);
  });
});
