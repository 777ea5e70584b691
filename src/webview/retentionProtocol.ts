// Messages between the retention preview page (src/webview-ui/retention.ts) and the extension
// (src/webview/retentionPanel.ts). Every string the page shows comes from here, localized by the extension;
// the page renders them with textContent only.

export interface RetentionStrings {
  tag: string; digest: string; created: string; decision: string; why: string;
  keep: string; delete: string; apply: string; applying: string; reportTitle: string;
  deleted: string; failed: string; kept: string; cancelled: string; nothingToDelete: string;
}

export interface RetentionRowView {
  tag: string;
  digest: string;
  created: string;
  keep: boolean;
  /** Why it stays (localized), or empty when it goes; plus the tags sharing the digest. */
  why: string;
}

export interface RetentionReportView {
  summary: string;
  deleted: string[];
  failed: Array<{ tags: string; reason: string }>;
  /** Localized follow-up lines: garbage collection, space referenced. */
  notes: string[];
  cancelled: boolean;
}

export type RetentionHostMessage =
  | { type: 'preview'; strings: RetentionStrings; title: string; summary: string; rows: RetentionRowView[]; canApply: boolean }
  | { type: 'applying' }
  | { type: 'report'; report: RetentionReportView };

export type RetentionPageMessage = { type: 'ready' } | { type: 'apply' };

export function isRetentionPageMessage(m: unknown): m is RetentionPageMessage {
  if (typeof m !== 'object' || m === null) return false;
  const t = (m as { type?: unknown }).type;
  return t === 'ready' || t === 'apply';
}
