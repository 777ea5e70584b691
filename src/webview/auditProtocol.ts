// Messages between the audit log panel (host, src/webview/auditPanel.ts) and its page (src/webview-ui/audit.ts).
// Every string the page shows comes from the host already localized (AuditStrings); rows are untrusted text.

export interface AuditRow { id: number; time?: string; user?: string; operation?: string; resourceType?: string; resource?: string }

export interface AuditFilterState { operation: string; resourceType: string; user: string; resource: string; from: string; to: string }

export const EMPTY_FILTER: AuditFilterState = { operation: '', resourceType: '', user: '', resource: '', from: '', to: '' };

/** The page's words, localized by the host. `range` has {0} first, {1} last, {2} total. */
export interface AuditStrings {
  heading: string; user: string; resource: string; operation: string; anyOperation: string; resourceType: string; anyType: string;
  from: string; to: string; apply: string; clear: string; previous: string; next: string; range: string; rangeOpen: string;
  empty: string; loading: string; time: string; failed: string;
  operations: Record<string, string>;
}

/** Host → page. */
export type AuditHostMessage =
  | { type: 'init'; project: string; registry: string; strings: AuditStrings; operations: string[]; resourceTypes: string[] }
  | { type: 'page'; rows: AuditRow[]; page: number; pageSize: number; total?: number; hasNext: boolean; filter: AuditFilterState }
  | { type: 'error'; message: string };

/** Page → host. */
export type AuditPageMessage = { type: 'ready' } | { type: 'query'; page: number; filter: AuditFilterState };

const FIELDS: ReadonlyArray<keyof AuditFilterState> = ['operation', 'resourceType', 'user', 'resource', 'from', 'to'];

/** The page is untrusted too: only well-formed messages with bounded strings get through. */
export function isAuditPageMessage(v: unknown): v is AuditPageMessage {
  if (!v || typeof v !== 'object') return false;
  const m = v as { type?: unknown; page?: unknown; filter?: unknown };
  if (m.type === 'ready') return true;
  if (m.type !== 'query' || typeof m.page !== 'number' || !Number.isSafeInteger(m.page) || m.page < 1 || m.page > 100_000) return false;
  const f = m.filter as Record<string, unknown> | null | undefined;
  if (!f || typeof f !== 'object') return false;
  return FIELDS.every((k) => typeof f[k] === 'string' && (f[k] as string).length <= 256) && Object.keys(f).every((k) => (FIELDS as readonly string[]).includes(k));
}
