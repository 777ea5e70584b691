// The gate and the accepted risks (src/scan/gate.ts, src/scan/ignore.ts) on a real Trivy golden.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyIgnores, evaluateGate, gateLine, GateError, harborAllowlistRules, isExpired, parseSeverities, parseTrivyIgnore, parseTrivyReport, summarize, toSARIF } from '../../../src/scan/index';

const alpine = parseTrivyReport(JSON.parse(readFileSync(join(__dirname, '../../fixtures/trivy/alpine-39.json.golden'), 'utf8')));
const now = new Date('2026-11-29T12:00:00Z');

describe('.trivyignore', () => {
  test('ids, exp: dates, comments above an id as its note, blank lines reset the note, line numbers', () => {
    const rules = parseTrivyIgnore('# Accept the risk\nCVE-2018-14618\n\n# until the base image moves\n# (ticket 42)\nCVE-2019-14697 exp:2027-01-01\r\nAVD-DS-0002\n  generic-unwanted-rule  \n', 'ctx/.trivyignore');
    assert.deepEqual(rules, [
      { id: 'CVE-2018-14618', source: 'trivyignore', rule: 'ctx/.trivyignore:2', note: 'Accept the risk' },
      { id: 'CVE-2019-14697', source: 'trivyignore', rule: 'ctx/.trivyignore:6', expires: '2027-01-01', note: 'until the base image moves (ticket 42)' },
      { id: 'AVD-DS-0002', source: 'trivyignore', rule: 'ctx/.trivyignore:7' },
      { id: 'generic-unwanted-rule', source: 'trivyignore', rule: 'ctx/.trivyignore:8' },
    ]);
  });

  test('a date lasts its whole day (UTC); a malformed expiry counts as expired', () => {
    assert.equal(isExpired({ expires: '2026-11-29' }, now), false);
    assert.equal(isExpired({ expires: '2026-11-28' }, now), true);
    assert.equal(isExpired({ expires: 'soon' }, now), true);
    assert.equal(isExpired({}, now), false);
  });
});

test('Harbor allowlists: one expiry for the whole list (epoch seconds), empty ids dropped', () => {
  assert.deepEqual(harborAllowlistRules({ items: [{ cve_id: 'CVE-1' }, { cve_id: ' ' }, {}], expires_at: 1_900_000_000 }, 'Harbor CVE allowlist of project p'), [
    { id: 'CVE-1', source: 'harbor-allowlist', rule: 'Harbor CVE allowlist of project p', expires: '2030-03-17T17:46:40.000Z' },
  ]);
  assert.deepEqual(harborAllowlistRules({ items: null, expires_at: null }, 'x'), []);
  assert.deepEqual(harborAllowlistRules(undefined, 'x'), []);
});

describe('applyIgnores and the gate', () => {
  test('ignored findings stay in the report, marked; the summary leaves them out', () => {
    const { report, expired } = applyIgnores(alpine, parseTrivyIgnore('CVE-2019-14697\nCVE-2019-1551 exp:2020-01-01\n'), { now });
    assert.equal(report.findings.length, alpine.findings.length);
    assert.deepEqual(report.findings.filter((f) => f.ignored).map((f) => [f.id, f.package, f.ignored!.rule]), [['CVE-2019-14697', 'musl', '.trivyignore:1'], ['CVE-2019-14697', 'musl-utils', '.trivyignore:1']]);
    assert.deepEqual(expired.map((r) => r.id), ['CVE-2019-1551']);
    const s = summarize(report);
    assert.equal(s.total, 4);
    assert.equal(s.ignored, 2);
    assert.equal(s.bySeverity.CRITICAL, 0);
    assert.equal(alpine.findings.some((f) => f.ignored), false, 'the input report is not changed');
  });

  test('exit decision: severities, ignores, ignore-unfixed; every kind counts; the one-line verdict', () => {
    assert.equal(evaluateGate(alpine, { severities: ['HIGH', 'CRITICAL'] }, now).passed, false);
    assert.equal(evaluateGate(alpine, { severities: ['HIGH'] }, now).passed, true);
    assert.equal(evaluateGate(alpine, { severities: [] }, now).failing.length, 6, 'no severities: all five count');
    const g = evaluateGate(alpine, { severities: ['CRITICAL', 'MEDIUM'], ignores: parseTrivyIgnore('CVE-2019-1549\n') }, now);
    assert.equal(gateLine(g), 'gate failed: 4 findings at CRITICAL, MEDIUM (2 CRITICAL, 2 MEDIUM); 2 ignored');
    const unfixed = { ...alpine, findings: alpine.findings.map((f) => (f.id === 'CVE-2019-14697' ? { ...f, fixed: undefined } : f)) };
    const u = evaluateGate(unfixed, { severities: ['CRITICAL'], ignoreUnfixed: true }, now);
    assert.equal(gateLine(u), 'gate passed: no findings at CRITICAL; 2 ignored');
    assert.equal(u.report.findings.find((f) => f.id === 'CVE-2019-14697')?.ignored?.rule, '--ignore-unfixed');
    const secrets = parseTrivyReport(JSON.parse(readFileSync(join(__dirname, '../../fixtures/trivy/secrets.json.golden'), 'utf8')));
    assert.equal(evaluateGate(secrets, { severities: ['CRITICAL'] }, now).failing.map((f) => f.kind).join(), 'secret', 'secrets count like Trivy --exit-code');
  });

  test('severity lists: any case and order, checked', () => {
    assert.deepEqual(parseSeverities('high, Critical'), ['CRITICAL', 'HIGH']);
    assert.deepEqual(parseSeverities(''), []);
    assert.throws(() => parseSeverities('HIGH,SEVERE'), GateError);
  });

  test('SARIF export: ignored findings become accepted suppressions with the rule', () => {
    const { report } = applyIgnores(alpine, parseTrivyIgnore('CVE-2019-14697 exp:2999-01-01\n'), { now });
    const sarif = JSON.parse(toSARIF(report)) as { runs: Array<{ results: Array<{ suppressions?: unknown[] }> }> };
    assert.deepEqual(sarif.runs[0]!.results.filter((r) => r.suppressions).map((r) => r.suppressions), [
      [{ kind: 'external', status: 'accepted', justification: '.trivyignore:1 (until 2999-01-01)' }],
      [{ kind: 'external', status: 'accepted', justification: '.trivyignore:1 (until 2999-01-01)' }],
    ]);
  });
});
