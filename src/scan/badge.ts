// What the tree remembers about a scan (per manifest digest) and the badge it shows. Pure: the VS Code
// FileDecorationProvider in src/tree/scanDecorations.ts stores these and turns them into decorations.
import { SEVERITIES, type ReportFormat, type ScanReport, type Severity } from './model';
import { normalizeSeverity } from './severity';
import { emptySeverityCounts, summarize, type SeverityCounts } from './summary';

export interface StoredScan {
  /** 'trivy' or 'harbor' for a full report we fetched; 'harbor-overview' for Harbor's own summary in the artifact list. */
  source: ReportFormat | 'harbor-overview';
  counts: SeverityCounts;
  total: number;
  fixable?: number;
  scanner?: string;
  /** When the scan ran (report time), else when we stored it. RFC 3339. */
  time: string;
  /** Harbor scan_status for overviews that are not finished (Pending, Running, Error, …). */
  status?: string;
}

export function storedScanFromReport(report: ScanReport, now = new Date()): StoredScan {
  const s = summarize(report);
  return {
    source: report.format,
    counts: s.bySeverity,
    total: s.total,
    fixable: s.fixable,
    scanner: `${report.scanner.name} ${report.scanner.version}`,
    time: report.time ?? now.toISOString(),
  };
}

/** Harbor's NativeReportSummary (Harbor API v2.0 swagger, definition NativeReportSummary; `with_scan_overview=true`): `summary.summary` counts keyed Critical, High, … */
export function storedScanFromHarborOverview(o: { scan_status?: string; end_time?: string; scanner?: { name?: string; version?: string }; summary?: { total?: number; fixable?: number; summary?: Record<string, number | undefined> } }, now = new Date()): StoredScan {
  const counts = emptySeverityCounts();
  for (const [k, n] of Object.entries(o.summary?.summary ?? {})) if (typeof n === 'number') counts[normalizeSeverity(k)] += n;
  const total = typeof o.summary?.total === 'number' ? o.summary.total : SEVERITIES.reduce((t, s) => t + counts[s], 0);
  return {
    source: 'harbor-overview',
    counts,
    total,
    ...(typeof o.summary?.fixable === 'number' ? { fixable: o.summary.fixable } : {}),
    ...(o.scanner?.name ? { scanner: `${o.scanner.name} ${o.scanner.version ?? ''}`.trim() } : {}),
    time: o.end_time ?? now.toISOString(),
    ...(o.scan_status && o.scan_status !== 'Success' ? { status: o.scan_status } : {}),
  };
}

export interface Badge {
  /** At most 2 characters (VS Code FileDecoration.badge). */
  badge: string;
  tooltip: string;
  /** The worst severity present; undefined for a clean result or an unfinished scan. */
  severity?: Severity;
}

const LETTER: Record<Severity, string> = { CRITICAL: 'C', HIGH: 'H', MEDIUM: 'M', LOW: 'L', UNKNOWN: '?' };

/** "C" for the worst severity present ("✓" when clean, "…" while Harbor still scans, "!" on a failed scan). */
export function scanBadge(s: StoredScan): Badge {
  const by = SEVERITIES.filter((k) => s.counts[k] > 0).map((k) => `${s.counts[k]} ${k.toLowerCase()}`);
  const who = s.scanner ? `${s.scanner}` : s.source === 'trivy' ? 'Trivy' : 'Harbor';
  if (s.status && ['Pending', 'Running', 'Scheduled'].includes(s.status)) return { badge: '…', tooltip: `${who}: scan ${s.status.toLowerCase()}` };
  if (s.status && ['Error', 'Stopped'].includes(s.status)) return { badge: '!', tooltip: `${who}: scan ${s.status.toLowerCase()}` };
  const worst = SEVERITIES.find((k) => s.counts[k] > 0);
  if (!worst) return { badge: '✓', tooltip: `${who}: no vulnerabilities found (${s.time.slice(0, 10)})` };
  const fix = s.fixable !== undefined ? `, ${s.fixable} fixable` : '';
  return { badge: LETTER[worst], tooltip: `${who}: ${s.total} findings (${by.join(', ')}${fix}), ${s.time.slice(0, 10)}`, severity: worst };
}
