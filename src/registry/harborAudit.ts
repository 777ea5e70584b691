// A Harbor project's audit log: GET /projects/{project_name}/logs (swagger operation getLogs), filtered by `q`
// terms on username, resource, resource_type, operation and op_time (a [from~to] range), newest first.
import type { HarborClient } from './harbor';
import type { CallOptions, Page } from './types';
import type { HarborAuditLog } from './harborPolicyTypes';
import type { HarborQueryValue } from './harbor';
import { RegistryError } from './errors';

/**
 * A time as Harbor's `q` takes it: "2020-04-09 02:36:00" (quoted by buildHarborQuery; ENDPOINTS.md "Conventions").
 * A bare date is the start (from) or the end (to) of that day.
 */
export function harborQueryTime(v: string, end: boolean): string {
  const s = v.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return `${s} ${end ? '23:59:59' : '00:00:00'}`;
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(s)) return s;
  const t = /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(s) ? new Date(s) : undefined;
  if (!t || Number.isNaN(t.getTime())) throw new RegistryError(`not a date or time: ${JSON.stringify(v)} (expected YYYY-MM-DD)`, { code: 'QUERY_INVALID' });
  return t.toISOString().slice(0, 19).replace('T', ' ');
}

export interface AuditLogQuery extends CallOptions {
  page?: number;
  pageSize?: number;
  /** Parts of a name (fuzzy `=~`): the user, the resource ("proj/app:v1"). */
  user?: string;
  resource?: string;
  /** Exact operation ("create", "delete", "pull") and resource type ("artifact", "tag", …). */
  operation?: string;
  resourceType?: string;
  /** "YYYY-MM-DD" (the whole day), an ISO time, or "YYYY-MM-DD HH:MM:SS" (UTC); either end may be open. */
  from?: string;
  to?: string;
}

export function auditQueryTerms(q: AuditLogQuery): Record<string, HarborQueryValue> {
  const terms: Record<string, HarborQueryValue> = {};
  if (q.user) terms.username = { fuzzy: q.user };
  if (q.resource) terms.resource = { fuzzy: q.resource };
  if (q.operation) terms.operation = q.operation;
  if (q.resourceType) terms.resource_type = q.resourceType;
  if (q.from || q.to) terms.op_time = { range: [q.from ? harborQueryTime(q.from, false) : undefined, q.to ? harborQueryTime(q.to, true) : undefined] };
  return terms;
}

export function projectAuditLog(harbor: HarborClient, project: string, q: AuditLogQuery = {}): Promise<Page<HarborAuditLog>> {
  return harbor.list<HarborAuditLog>(`/projects/${encodeURIComponent(project)}/logs`, `the audit log of ${project}`, {
    page: q.page, pageSize: q.pageSize, q: auditQueryTerms(q), sort: '-op_time', signal: q.signal,
  });
}
