// Messages between the report panel (host, src/webview/reportPanel.ts) and its page (src/webview-ui/report.ts).
// Shared by both sides; type-only imports from src/scan so the browser bundle pulls in no Node code.
import type { FindingKind, ScanReport, Severity } from '../scan/model';
import type { WebviewStrings } from './strings';

export type ExportFormat = 'json' | 'csv' | 'sarif';

/**
 * Host → page. The report travels as JSON text: the page's last hop is a structured clone, which for
 * 10,000 findings (tens of thousands of small objects) costs far more than cloning one string and
 * JSON.parse-ing it (measured by scripts/bench-webview.mjs).
 */
export type HostMessage = { type: 'report'; reportJson: string; title: string; strings?: WebviewStrings };

/** `strings`: the page's labels in the display language (webviewStrings.ts); English without. */
export function reportMessage(report: ScanReport, title: string, strings?: WebviewStrings): HostMessage {
  return { type: 'report', reportJson: JSON.stringify(report), title, ...(strings ? { strings } : {}) };
}

/** Page → host. */
export type PageMessage =
  | { type: 'ready' }
  /** Open a reference; the host opens it only when it is http(s). */
  | { type: 'openLink'; url: string }
  /**
   * Export. `shown`: the keys (Finding.key) of the findings the page's filters show, so the file holds what
   * the user sees; absent means every finding.
   */
  | { type: 'export'; format: ExportFormat; shown?: number[] };

export type SortKey = 'severity' | 'cvss' | 'package' | 'id';
export type GroupKey = 'none' | 'package' | 'target';

/** What the page keeps with acquireVsCodeApi().setState (the report itself is re-sent by the host on 'ready'). */
export interface PageState {
  severities: Severity[];
  kind: FindingKind | 'all';
  fixableOnly: boolean;
  pkg: string;
  text: string;
  sort: SortKey;
  group: GroupKey;
  collapsed: string[];
  selected?: number;
  scrollTop: number;
}

export function isPageMessage(m: unknown): m is PageMessage {
  if (typeof m !== 'object' || m === null) return false;
  const t = (m as { type?: unknown }).type;
  if (t === 'ready') return true;
  if (t === 'openLink') return typeof (m as { url?: unknown }).url === 'string';
  if (t === 'export') {
    const { format, shown } = m as { format?: unknown; shown?: unknown };
    return ['json', 'csv', 'sarif'].includes(format as string) &&
      (shown === undefined || (Array.isArray(shown) && shown.every((k) => Number.isSafeInteger(k) && (k as number) >= 0)));
  }
  return false;
}

/** Only http and https references are ever opened (report text is untrusted: no file:, command:, javascript:). */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}
