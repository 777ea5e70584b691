/** A Harbor project's audit log as AuditEntry pages (GET /projects/{project_name}/logs, src/registry/harborAudit.ts). */
import { projectAuditLog, type CallOptions, type HarborClient, type Page } from '../registry/index';
import type { AuditEntry, AuditFacet, AuditFilter } from './policyFacets';

const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

export class HarborAuditLog implements AuditFacet {
  constructor(private readonly harbor: HarborClient) {}

  async auditLog(project: string, q: AuditFilter & { page: number; pageSize: number }, opts: CallOptions = {}): Promise<Page<AuditEntry> & { total?: number }> {
    const page = await projectAuditLog(this.harbor, project, { ...q, signal: opts.signal });
    return {
      items: page.items.filter((e) => !!e && typeof e === 'object').map((e) => ({
        id: e.id, time: text(e.op_time), user: text(e.username), operation: text(e.operation), resourceType: text(e.resource_type), resource: text(e.resource),
      })),
      next: page.next, total: page.total,
    };
  }
}
