// `regx scan --format table`: one row per finding, columns padded to their widest cell, ignored findings last
// with the rule that covers them. Plain text (the CLI's output chokepoint escapes what a report may carry).
import { describeIgnore, severityRank, type Finding, type GateResult } from '../scan/index';

const COLUMNS: [string, (f: Finding) => string][] = [
  ['ID', (f) => f.id],
  ['SEVERITY', (f) => f.severity],
  ['PACKAGE', (f) => f.package ?? f.filePath ?? f.target],
  ['INSTALLED', (f) => f.installed ?? ''],
  ['FIXED', (f) => f.fixed ?? ''],
  ['IGNORED', (f) => (f.ignored ? describeIgnore(f.ignored) : '')],
];

export function scanTable(g: GateResult): string[] {
  const rows = [...g.report.findings].sort((a, b) => Number(!!a.ignored) - Number(!!b.ignored) || severityRank(a.severity) - severityRank(b.severity) || a.key - b.key);
  const cells = [COLUMNS.map(([h]) => h), ...rows.map((f) => COLUMNS.map(([, get]) => get(f).replace(/\s+/g, ' ')))];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd());
}
