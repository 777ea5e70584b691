// A Harbor project's audit log: GET /projects/{project_name}/logs (swagger operation getLogs), filtered by `q`
// terms on username, resource, resource_type, operation and op_time (a [from~to] range), newest first.
import type { HarborClient } from './harbor';
import type { CallOptions, Page } from './types';
import type { HarborAuditLog } from './harborPolicyTypes';
import type { HarborQueryValue } from './harbor';

export interface AuditLogQuery extends CallOptions {
  page?: number;
  pageSize?: number;
  /** Parts of a name (fuzzy `=~`): the user, the resource ("proj/app:v1"). */
  user?: string;
  resource?: string;
  /** Exact operation ("create", "delete", "pull") and resource type ("artifact", "tag", …). */
  operation?: string;
  resourceType?: string;
  /** ISO times or "YYYY-MM-DD HH:MM:SS"; either end may be open. */
  from?: string;
  to?: string;
}

export function auditQueryTerms(q: AuditLogQuery): Record<string, HarborQueryValue> {
  const terms: Record<string, HarborQueryValue> = {};
  if (q.user) terms.username = { fuzzy: q.user };
  if (q.resource) terms.resource = { fuzzy: q.resource };
  if (q.operation) terms.operation = q.operation;
  if (q.resourceType) terms.resource_type = q.resourceType;
  if (q.from || q.to) terms.op_time = { range: [q.from || undefined, q.to || undefined] };
  return terms;
}

export function projectAuditLog(harbor: HarborClient, project: string, q: AuditLogQuery = {}): Promise<Page<HarborAuditLog>> {
  return harbor.list<HarborAuditLog>(`/projects/${encodeURIComponent(project)}/logs`, `the audit log of ${project}`, {
    page: q.page, pageSize: q.pageSize, q: auditQueryTerms(q), sort: '-op_time', signal: q.signal,
  });
}
