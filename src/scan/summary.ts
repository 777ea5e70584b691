// Counts shown in the report's summary and used for the tree's severity badge.
import { FINDING_KINDS, SEVERITIES, type Finding, type FindingKind, type ScanReport, type Severity } from './model';

export type SeverityCounts = Record<Severity, number>;

export interface TargetSummary {
  target: string;
  total: number;
  fixable: number;
  bySeverity: SeverityCounts;
}

export interface ReportSummary {
  total: number;
  fixable: number;
  bySeverity: SeverityCounts;
  fixableBySeverity: SeverityCounts;
  byKind: Record<FindingKind, number>;
  targets: TargetSummary[];
  /** The most severe level present, or undefined for a clean report. */
  highest?: Severity;
  /** Findings an accepted risk covers (ignore.ts): listed in the report, left out of every count above. */
  ignored: number;
}

export function emptySeverityCounts(): SeverityCounts {
  return { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 };
}

/** A vulnerability is fixable when the scanner names a fixed version (Trivy FixedVersion, Harbor fix_version). */
export function isFixable(f: Finding): boolean {
  return f.kind === 'vulnerability' && !!f.fixed && f.fixed.trim() !== '';
}

export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const c = emptySeverityCounts();
  for (const f of findings) if (!f.ignored) c[f.severity]++;
  return c;
}

export function summarize(report: Pick<ScanReport, 'findings'>): ReportSummary {
  const bySeverity = emptySeverityCounts();
  const fixableBySeverity = emptySeverityCounts();
  const byKind = Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<FindingKind, number>;
  const targets = new Map<string, TargetSummary>();
  let fixable = 0;
  let ignored = 0;
  for (const f of report.findings) {
    if (f.ignored) {
      ignored++;
      continue;
    }
    bySeverity[f.severity]++;
    byKind[f.kind]++;
    let t = targets.get(f.target);
    if (!t) targets.set(f.target, (t = { target: f.target, total: 0, fixable: 0, bySeverity: emptySeverityCounts() }));
    t.total++;
    t.bySeverity[f.severity]++;
    if (isFixable(f)) {
      fixable++;
      fixableBySeverity[f.severity]++;
      t.fixable++;
    }
  }
  const highest = SEVERITIES.find((s) => bySeverity[s] > 0);
  return {
    total: report.findings.length - ignored,
    fixable,
    bySeverity,
    fixableBySeverity,
    byKind,
    targets: [...targets.values()],
    ...(highest ? { highest } : {}),
    ignored,
  };
}
