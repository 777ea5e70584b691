// "Open as Scan Report" on other scanners' reports: the real outputs the tools' projects publish as golden
// snapshots (test/fixtures/scan/README.md names each source and commit), checked finding by finding against the
// raw document, read independently of the parser.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReportFile, summarize, type Finding } from '../../../src/scan/index';

const dir = join(__dirname, '../../fixtures/scan');
const read = (p: string) => readFileSync(join(dir, p), 'utf8');
type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const pick = (f: Finding) => [f.id, f.severity, f.package, f.installed, f.fixed];

describe('Grype JSON (grype -o json)', () => {
  const text = read('grype/TestJsonImgsPresenter.golden');
  const raw = JSON.parse(text) as Raw;
  const r = parseReportFile(text);

  test('every match is a finding with its id, severity, package, versions and fix', () => {
    assert.equal(r.format, 'grype');
    assert.equal(r.findings.length, raw.matches.length);
    assert.equal(r.findings.length, 2);
    raw.matches.forEach((m: Raw, i: number) => {
      const f = r.findings[i]!;
      assert.equal(f.id, m.vulnerability.id);
      assert.equal(f.package, m.artifact.name);
      assert.equal(f.installed, m.artifact.version);
      assert.equal(f.filePath, m.artifact.locations[0].path);
    });
    assert.deepEqual(r.findings.map(pick), [
      ['CVE-1999-0001', 'LOW', 'package-1', '1.1.1', '1.2.1, 2.1.3, 3.4.0'],
      ['CVE-1999-0002', 'CRITICAL', 'package-2', '2.2.2', undefined],
    ]);
    assert.deepEqual(r.findings.map((f) => f.status), ['fixed', undefined]);
    assert.deepEqual(r.findings.map((f) => f.cvss?.score), [8.2, 8.5]);
  });

  test('the header names the scanner and version from the descriptor, and the image', () => {
    assert.deepEqual(r.scanner, { name: raw.descriptor.name, version: raw.descriptor.version });
    assert.equal(r.artifact.name, 'user-input');
    assert.equal(r.artifact.digest, raw.source.target.manifestDigest);
    assert.equal(r.artifact.os, 'centos 8.0');
  });

  test('matches Grype ignored are kept, marked with the rule and reason', () => {
    const withIgnored = { ...raw, ignoredMatches: [{ ...raw.matches[1], appliedIgnoreRules: [{ vulnerability: 'CVE-1999-0002', reason: 'not reachable' }] }] };
    const g = parseReportFile(JSON.stringify(withIgnored));
    assert.equal(g.findings.length, 3);
    assert.deepEqual(g.findings[2]!.ignored, { source: 'scanner', rule: 'Grype ignore rule (CVE-1999-0002)', note: 'not reachable' });
    assert.equal(summarize(g).total, 2);
    assert.equal(summarize(g).ignored, 1);
  });
});

describe('SARIF 2.1.0', () => {
  test('Grype SARIF (grype -o sarif): ids without the package suffix, severity from the text, versions from help', () => {
    const text = read('grype/TestSarifPresenter_image.golden');
    const raw = JSON.parse(text) as Raw;
    const r = parseReportFile(text);
    assert.equal(r.format, 'sarif');
    assert.equal(r.findings.length, raw.runs[0].results.length);
    assert.deepEqual(r.scanner, { name: raw.runs[0].tool.driver.name, version: raw.runs[0].tool.driver.version });
    assert.equal(r.scanner.name, 'grype');
    assert.deepEqual(r.findings.map(pick), [
      ['CVE-1999-0001', 'LOW', 'package-1', '1.1.1', '1.2.1,2.1.3,3.4.0'],
      ['CVE-1999-0002', 'CRITICAL', 'package-2', '2.2.2', undefined],
    ]);
    assert.deepEqual(r.findings.map((f) => f.filePath), raw.runs[0].results.map((x: Raw) => x.locations[0].physicalLocation.artifactLocation.uri));
  });

  test('Trivy SARIF (trivy --format sarif): every result, package and versions from the message', () => {
    const text = read('trivy-sarif/alpine-310.sarif.golden');
    const raw = JSON.parse(text) as Raw;
    const r = parseReportFile(text);
    const results = raw.runs[0].results as Raw[];
    assert.equal(r.findings.length, results.length);
    assert.equal(r.scanner.name, 'Trivy Vulnerability Scanner');
    assert.equal(r.scanner.version, raw.runs[0].tool.driver.version);
    results.forEach((res, i) => {
      const f = r.findings[i]!;
      const line = (k: string) => new RegExp(`^${k}: (.*)$`, 'm').exec(res.message.text)?.[1];
      assert.equal(f.id, res.ruleId);
      assert.equal(f.severity, line('Severity'));
      assert.equal(f.package, line('Package'));
      assert.equal(f.installed, line('Installed Version'));
      assert.equal(f.fixed, line('Fixed Version'));
    });
    assert.deepEqual(summarize(r).bySeverity, { CRITICAL: 0, HIGH: 0, MEDIUM: results.filter((x) => /Severity: MEDIUM/.test(x.message.text)).length, LOW: results.filter((x) => /Severity: LOW/.test(x.message.text)).length, UNKNOWN: 0 });
  });

  test('Docker Scout shape (docker scout cves --format sarif): cvssV3_severity, purls, fixed_version (document written here: Scout publishes no sample)', () => {
    const scout = {
      version: '2.1.0',
      runs: [{
        tool: { driver: { fullName: 'Docker Scout', name: 'docker scout', version: '1.13.0', rules: [
          { id: 'CVE-2024-0001', shortDescription: { text: 'CVE-2024-0001' }, helpUri: 'https://scout.docker.com/v/CVE-2024-0001',
            properties: { cvssV3_severity: 'HIGH', purls: ['pkg:deb/debian/openssl@3.0.11-1~deb12u1?os_distro=bookworm'], fixed_version: '3.0.11-1~deb12u2', 'security-severity': '7.5' } },
          { id: 'GMS-2022-9109', shortDescription: { text: 'GMS-2022-9109: OWASP Top Ten 2017 Category A9' },
            properties: { cvssV3_severity: 'UNSPECIFIED', purl: 'pkg:maven/com.thoughtworks.xstream/xstream@1.4.5', fixed_version: 'not fixed', 'security-severity': '3.1' } },
        ] } },
        results: [
          { ruleId: 'CVE-2024-0001', ruleIndex: 0, kind: 'fail', level: 'error', message: { text: '  Vulnerability   : CVE-2024-0001' } },
          { ruleId: 'GMS-2022-9109', ruleIndex: 1, kind: 'fail', level: 'note', message: { text: 'xstream' }, suppressions: [{ kind: 'external', justification: 'VEX: not affected' }] },
        ],
      }],
    };
    const r = parseReportFile(JSON.stringify(scout));
    assert.deepEqual(r.scanner, { name: 'Docker Scout', version: '1.13.0' });
    assert.deepEqual(r.findings.map(pick), [
      ['CVE-2024-0001', 'HIGH', 'openssl', '3.0.11-1~deb12u1', '3.0.11-1~deb12u2'],
      ['GMS-2022-9109', 'LOW', 'xstream', '1.4.5', undefined],
    ]);
    assert.equal(r.findings[1]!.ignored?.note, 'VEX: not affected');
  });
});

describe('CycloneDX', () => {
  test('Grype CycloneDX (grype -o cyclonedx-json): one finding per affected component, tool from metadata.tools', () => {
    const text = read('grype/TestCycloneDxPresenterImage.golden');
    const raw = JSON.parse(text) as Raw;
    const r = parseReportFile(text);
    assert.equal(r.format, 'cyclonedx');
    const expected = (raw.vulnerabilities as Raw[]).reduce((n, v) => n + v.affects.length, 0);
    assert.equal(r.findings.length, expected);
    assert.deepEqual(r.findings.map((f) => [f.id, f.severity, f.package, f.installed]), [
      ['CVE-1999-0001', 'LOW', 'package-1', '1.1.1'],
      ['CVE-1999-0002', 'CRITICAL', 'package-2', '2.2.2'],
    ]);
    assert.deepEqual(r.scanner, { name: 'grype', version: '[not provided]', vendor: 'anchore' });
    assert.equal(r.findings[0]!.cvss?.score, 8.2);
  });

  test('a CycloneDX VEX document (Trivy test data): not_affected statements are kept as ignored, with the justification', () => {
    const r = parseReportFile(read('cyclonedx/trivy-vex-cyclonedx.json'));
    assert.deepEqual(r.findings.map((f) => [f.id, f.package, f.installed, f.ignored?.rule]), [
      ['CVE-2021-44228', 'spring-boot', '2.6.0', 'VEX: not_affected (code_not_reachable)'],
      ['CVE-2022-27943', 'libstdc++6', '12.3.0-1ubuntu1~22.04', 'VEX: not_affected'],
    ]);
    assert.equal(summarize(r).total, 0);
    assert.equal(summarize(r).ignored, 2);
  });
});

test('a JSON file of none of these kinds gets a message naming the kinds read', () => {
  assert.throws(() => parseReportFile('{"hello": 1}'), /Trivy JSON, a Harbor vulnerability report, Grype JSON, SARIF 2\.1\.0 or CycloneDX/);
  assert.throws(() => parseReportFile('{"version": "2.0.0", "runs": []}'), /SARIF|neither|not a scan report/i);
});
