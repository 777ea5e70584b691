// The report table's pure logic (src/webview-ui/view.ts): filter, sort, group.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseTrivyReport } from '../../../src/scan/index';
import { buildRows, defaultState, filterFindings, searchIndex } from '../../../src/webview-ui/view';
import { isPageMessage, isSafeExternalUrl } from '../../../src/webview/protocol';
import { renderReportHtml, reportCsp } from '../../../src/webview/reportHtml';

const report = parseTrivyReport({
  SchemaVersion: 2,
  Results: [
    { Target: 'img (debian 12)', Vulnerabilities: [
      { VulnerabilityID: 'CVE-3', PkgName: 'openssl', InstalledVersion: '1', FixedVersion: '2', Severity: 'HIGH', CVSS: { nvd: { V3Score: 7.5 } }, Title: 'TLS bug' },
      { VulnerabilityID: 'CVE-1', PkgName: 'zlib', InstalledVersion: '1', Severity: 'CRITICAL', CVSS: { nvd: { V3Score: 9.8 } } },
      { VulnerabilityID: 'CVE-2', PkgName: 'openssl', InstalledVersion: '1', Severity: 'LOW', Description: 'Needle in a haystack' },
    ] },
    { Target: 'Dockerfile', Misconfigurations: [{ ID: 'DS-0002', Severity: 'HIGH', Title: 'root user' }] },
  ],
});
const index = searchIndex(report.findings);
const ids = (rows: ReturnType<typeof buildRows>['rows']) => rows.map((r) => (r.type === 'group' ? `[${r.label}:${r.count}]` : r.finding.id));

describe('report view logic', () => {
  test('default: everything, by severity then CVSS then id', () => {
    assert.deepEqual(ids(buildRows(report.findings, index, defaultState()).rows), ['CVE-1', 'CVE-3', 'DS-0002', 'CVE-2']);
  });

  test('filters: severity, kind, fixable, package, words (all must match)', () => {
    const s = defaultState();
    assert.deepEqual(filterFindings(report.findings, index, { ...s, severities: ['HIGH'] }).map((f) => f.id), ['CVE-3', 'DS-0002']);
    assert.deepEqual(filterFindings(report.findings, index, { ...s, kind: 'misconfiguration' }).map((f) => f.id), ['DS-0002']);
    assert.deepEqual(filterFindings(report.findings, index, { ...s, fixableOnly: true }).map((f) => f.id), ['CVE-3']);
    assert.deepEqual(filterFindings(report.findings, index, { ...s, pkg: 'OPENS' }).map((f) => f.id), ['CVE-3', 'CVE-2']);
    assert.deepEqual(filterFindings(report.findings, index, { ...s, text: 'haystack needle' }).map((f) => f.id), ['CVE-2']);
    assert.deepEqual(filterFindings(report.findings, index, { ...s, text: 'haystack zlib' }), []);
  });

  test('sorts: cvss, package, id', () => {
    const s = defaultState();
    assert.deepEqual(ids(buildRows(report.findings, index, { ...s, sort: 'cvss' }).rows), ['CVE-1', 'CVE-3', 'DS-0002', 'CVE-2']);
    assert.deepEqual(ids(buildRows(report.findings, index, { ...s, sort: 'package' }).rows), ['CVE-3', 'CVE-2', 'CVE-1', 'DS-0002']);
    assert.deepEqual(ids(buildRows(report.findings, index, { ...s, sort: 'id' }).rows), ['CVE-1', 'CVE-2', 'CVE-3', 'DS-0002']);
  });

  test('grouping by package and target; collapsed groups hide their rows', () => {
    const s = defaultState();
    assert.deepEqual(ids(buildRows(report.findings, index, { ...s, group: 'package' }).rows), ['[zlib:1]', 'CVE-1', '[openssl:2]', 'CVE-3', 'CVE-2', '[(none):1]', 'DS-0002']);
    const byTarget = buildRows(report.findings, index, { ...s, group: 'target', collapsed: ['target:img (debian 12)'] });
    assert.deepEqual(ids(byTarget.rows), ['[img (debian 12):3]', '[Dockerfile:1]', 'DS-0002']);
    assert.equal(byTarget.matched, 4);
  });

  test('protocol guards: only well-formed messages, only http(s) links', () => {
    assert.ok(isPageMessage({ type: 'ready' }));
    assert.ok(isPageMessage({ type: 'export', format: 'sarif' }));
    assert.ok(!isPageMessage({ type: 'export', format: 'exe' }));
    assert.ok(!isPageMessage({ type: 'openLink' }));
    assert.ok(!isPageMessage('ready'));
    for (const ok of ['https://nvd.nist.gov/vuln/detail/CVE-1', 'http://example.com']) assert.ok(isSafeExternalUrl(ok), ok);
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'command:workbench.action.terminal.new', 'vscode://x', 'data:text/html,x', 'https://', 'not a url']) assert.ok(!isSafeExternalUrl(bad), bad);
  });

  test('renderReportHtml: strict CSP with the nonce, no unsafe-inline, nonce on every script', () => {
    const nonce = 'QUJDREVGR0hJSktMTU5PUFFS';
    const html = renderReportHtml({ cspSource: 'https://x.vscode-cdn.net', nonce, scriptUri: 'https://x/report.js', styleUri: 'https://x/report.css' });
    const csp = reportCsp('https://x.vscode-cdn.net', nonce);
    assert.ok(html.includes(`content="${csp}"`));
    assert.match(csp, /^default-src 'none'; script-src 'nonce-QUJDREVGR0hJSktMTU5PUFFS'; style-src https:\/\/x.vscode-cdn.net 'nonce-/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.ok(scripts.every((s) => s.includes(`nonce="${nonce}"`)));
    assert.throws(() => renderReportHtml({ cspSource: 'x', nonce: 'short', scriptUri: 'a', styleUri: 'b' }), /nonce/);
  });
});
