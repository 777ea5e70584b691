import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvCell, parseHarborReport, parseTrivyReport, toCSV, toJSON, toSARIF, type ScanReport } from '../../../src/scan/index';

const shared = join(__dirname, '../../fixtures');
const reports: [string, ScanReport][] = [
  ...readdirSync(join(shared, 'trivy')).filter((n) => n.endsWith('.json.golden')).map((n) => [n, parseTrivyReport(JSON.parse(readFileSync(join(shared, 'trivy', n), 'utf8')))] as [string, ScanReport]),
  ['harbor example', parseHarborReport(JSON.parse(readFileSync(join(shared, 'harbor/example-vulnerability-report.json'), 'utf8')))],
];

/** A small RFC 4180 reader, to check the writer's output parses back to the same cells. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += ch;
  }
  return rows;
}

describe('exporters', () => {
  test('csvCell: RFC 4180 quoting and formula neutralising', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell('=HYPERLINK("http://x")'), '"\'=HYPERLINK(""http://x"")"');
    assert.equal(csvCell('+1'), "'+1");
    assert.equal(csvCell('-2'), "'-2");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\tx'), "'\tx");
    assert.equal(csvCell(7.5), '7.5');
    assert.equal(csvCell(undefined), '');
  });

  for (const [name, report] of reports) {
    test(`${name}: CSV has a header and one row per finding, cells round-trip`, () => {
      const csv = toCSV(report);
      assert.ok(csv.endsWith('\r\n'));
      const rows = readCsv(csv);
      assert.equal(rows.length, report.findings.length + 1);
      assert.deepEqual(rows[0].slice(0, 4), ['Kind', 'ID', 'Severity', 'Target']);
      rows.slice(1).forEach((r, i) => {
        assert.equal(r.length, rows[0].length);
        assert.equal(r[1], report.findings[i].id);
        assert.equal(r[2], report.findings[i].severity);
      });
    });

    test(`${name}: SARIF 2.1.0 has a rule per id and a result per finding`, () => {
      const log = JSON.parse(toSARIF(report));
      assert.equal(log.version, '2.1.0');
      const run = log.runs[0];
      const ids = [...new Set(report.findings.map((f) => f.id))];
      assert.deepEqual(run.tool.driver.rules.map((r: { id: string }) => r.id), ids);
      assert.equal(run.results.length, report.findings.length);
      run.results.forEach((r: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }, i: number) => {
        const f = report.findings[i];
        assert.equal(r.ruleId, f.id);
        assert.equal(run.tool.driver.rules[r.ruleIndex].id, f.id);
        assert.equal(r.level, { CRITICAL: 'error', HIGH: 'error', MEDIUM: 'warning', LOW: 'note', UNKNOWN: 'note' }[f.severity]);
        assert.ok(r.locations[0].physicalLocation.artifactLocation.uri.length > 0);
        assert.doesNotMatch(r.locations[0].physicalLocation.artifactLocation.uri, / /);
      });
      for (const rule of run.tool.driver.rules) assert.match(rule.properties['security-severity'], /^\d+\.\d$/);
    });

    test(`${name}: JSON export is the model`, () => {
      assert.deepEqual(JSON.parse(toJSON(report)), report);
    });
  }

  test('SARIF rule for a repeated id carries the worst severity', () => {
    const r = parseTrivyReport({ SchemaVersion: 2, Results: [{ Target: 't', Vulnerabilities: [
      { VulnerabilityID: 'CVE-1', PkgName: 'a', InstalledVersion: '1', Severity: 'LOW' },
      { VulnerabilityID: 'CVE-1', PkgName: 'b', InstalledVersion: '1', Severity: 'CRITICAL' },
    ] }] });
    const run = JSON.parse(toSARIF(r)).runs[0];
    assert.equal(run.tool.driver.rules.length, 1);
    assert.equal(run.tool.driver.rules[0].defaultConfiguration.level, 'error');
    assert.deepEqual(run.results.map((x: { level: string }) => x.level), ['note', 'error']);
  });
});
