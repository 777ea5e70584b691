// Two scan reports compared: what a release adds, what it fixes and what stays, the question asked before
// promoting an image. Plain data in and out (the result crosses into the compare webview as JSON and is printed
// by `regx scan --diff`).
//
// A finding is identified by kind, id and package (vulnerabilities: CVE + package name, whatever version is
// installed), so an upgrade that keeps a CVE open shows as "changed" (same id and package, other installed
// version) rather than as one fixed and one new finding. Findings without a package (misconfigurations,
// secrets) are identified by their target (the file) instead. A report can list one id for one package more than
// once (two copies of a jar in two targets): such repeats count once, by their most severe entry.
import { SEVERITIES, type Finding, type ScanReport, type Severity } from './model';
import { severityRank } from './severity';
import { countBySeverity, type SeverityCounts } from './summary';

export interface DiffSide {
  name: string;
  digest?: string;
  scanner: string;
  total: number;
  bySeverity: SeverityCounts;
}

export interface ChangedFinding {
  before: Finding;
  after: Finding;
}

export interface ScanDiff {
  before: DiffSide;
  after: DiffSide;
  /** In the second report only. */
  added: Finding[];
  /** In the first report only. */
  fixed: Finding[];
  /** In both, with another installed version (the fix did not reach far enough, or a downgrade). */
  changed: ChangedFinding[];
  /** In both, same installed version. */
  unchanged: Finding[];
}

/** The identity of a finding across two reports (without the installed version). */
export function findingIdentity(f: Finding): string {
  return JSON.stringify([f.kind, f.id, f.package ?? `target:${f.target}`]);
}

function byIdentity(findings: readonly Finding[]): Map<string, Finding> {
  const m = new Map<string, Finding>();
  for (const f of findings) {
    const k = findingIdentity(f);
    const had = m.get(k);
    if (!had || severityRank(f.severity) < severityRank(had.severity)) m.set(k, f);
  }
  return m;
}

function side(r: ScanReport): DiffSide {
  return {
    name: r.artifact.name,
    ...(r.artifact.digest ? { digest: r.artifact.digest } : {}),
    scanner: [r.scanner.name, r.scanner.version].filter(Boolean).join(' '),
    total: r.findings.length,
    bySeverity: countBySeverity(r.findings),
  };
}

const worstFirst = (a: Finding, b: Finding) => severityRank(a.severity) - severityRank(b.severity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || ((a.package ?? '') < (b.package ?? '') ? -1 : (a.package ?? '') > (b.package ?? '') ? 1 : 0);

export function diffReports(before: ScanReport, after: ScanReport): ScanDiff {
  const a = byIdentity(before.findings);
  const b = byIdentity(after.findings);
  const added: Finding[] = [];
  const changed: ChangedFinding[] = [];
  const unchanged: Finding[] = [];
  for (const [k, f] of b) {
    const old = a.get(k);
    if (!old) added.push(f);
    else if ((old.installed ?? '') !== (f.installed ?? '')) changed.push({ before: old, after: f });
    else unchanged.push(f);
  }
  const fixed = [...a].filter(([k]) => !b.has(k)).map(([, f]) => f);
  added.sort(worstFirst);
  fixed.sort(worstFirst);
  unchanged.sort(worstFirst);
  changed.sort((x, y) => worstFirst(x.after, y.after));
  return { before: side(before), after: side(after), added, fixed, changed, unchanged };
}

/** New findings at `threshold` or worse (the gate before a promotion: "no new HIGH or CRITICAL"). */
export function newAtOrAbove(diff: ScanDiff, threshold: Severity): Finding[] {
  const limit = severityRank(threshold);
  return diff.added.filter((f) => severityRank(f.severity) <= limit);
}

/** "CRITICAL 1, HIGH 3, MEDIUM 0, LOW 2, UNKNOWN 0" */
export function severityLine(c: SeverityCounts): string {
  return SEVERITIES.map((s) => `${s} ${c[s]}`).join(', ');
}
