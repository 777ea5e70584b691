// What the Harbor test server (harbor-server.ts) keeps for project policy, as Harbor's database would: project
// metadata (swagger ProjectMetadata) and CVE allowlists, immutability rules (ImmutableRule), labels (Label) and
// the labels on artifacts, audit log rows (AuditLog), and seeded replication policies and executions
// (ReplicationPolicy, ReplicationExecution: replication cannot run here, so tests give what Harbor would list).
import { immutableRuleFor } from '../../src/registry/immutableMatch';
import type { HarborImmutableRule } from '../../src/registry/harborPolicyTypes';

export interface AuditSeed { username: string; operation: string; resource: string; resource_type: string; op_time?: string }
export interface ReplicationSeed {
  policies: Array<Record<string, unknown> & { id: number; name: string }>;
  executions: Array<Record<string, unknown> & { id: number; policy_id: number }>;
}

const ZERO_TIME = '0001-01-01T00:00:00.000Z';

export class HarborPolicyState {
  readonly metadata = new Map<string, Record<string, string>>();
  readonly allowlists = new Map<string, { items: Array<{ cve_id: string }>; expires_at: number | null; update_time: string }>();
  systemAllowlist: { items: Array<{ cve_id: string }>; expires_at: number | null; update_time: string } = { items: [], expires_at: null, update_time: ZERO_TIME };
  readonly rules = new Map<string, Array<HarborImmutableRule & { id: number }>>();
  readonly labels: Array<{ id: number; name: string; description: string; color: string; scope: 'g' | 'p'; project_id: number; creation_time: string; update_time: string }> = [];
  /** repo@digest → label ids, in the order added. */
  readonly artifactLabels = new Map<string, number[]>();
  readonly audit: Array<{ id: number; project: string; username: string; operation: string; resource: string; resource_type: string; op_time: string }> = [];
  private nextRule = 1;
  private nextLabel = 1;
  private nextAudit = 1;

  constructor(readonly replication: ReplicationSeed = { policies: [], executions: [] }) {}

  /** Harbor writes an audit row for each push, tag, delete and copy (src/pkg/audit). */
  record(project: string, username: string, operation: string, resourceType: string, resource: string, opTime?: string): void {
    this.audit.push({ id: this.nextAudit++, project, username, operation, resource_type: resourceType, resource, op_time: opTime ?? new Date().toISOString() });
  }

  seedAudit(project: string, rows: AuditSeed[]): void {
    for (const r of rows) this.record(project, r.username, r.operation, r.resource_type, r.resource, r.op_time);
  }

  addRule(project: string, rule: HarborImmutableRule): number {
    const id = this.nextRule++;
    const list = this.rules.get(project) ?? [];
    list.push({ ...rule, id });
    this.rules.set(project, list);
    return id;
  }

  /** The rule protecting project/repository:tag (Harbor's match, src/pkg/immutable/match/rule). */
  protecting(project: string, repository: string, tag: string): HarborImmutableRule | undefined {
    return immutableRuleFor(this.rules.get(project) ?? [], repository, tag);
  }

  addLabel(l: { name: string; description?: string; color?: string; scope: 'g' | 'p'; project_id?: number }): number {
    const id = this.nextLabel++;
    const now = new Date().toISOString();
    this.labels.push({ id, name: l.name, description: l.description ?? '', color: l.color ?? '', scope: l.scope, project_id: l.scope === 'p' ? l.project_id ?? 0 : 0, creation_time: now, update_time: now });
    return id;
  }

  labelModel(id: number): Record<string, unknown> | undefined {
    return this.labels.find((l) => l.id === id);
  }

  /** The project's allowlist as swagger CVEAllowlist. */
  allowlistModel(project: string, ids: { id: number; projectId: number }): Record<string, unknown> {
    const a = this.allowlists.get(project);
    return { id: ids.id, project_id: ids.projectId, items: a?.items ?? [], ...(a?.expires_at ? { expires_at: a.expires_at } : {}), creation_time: ZERO_TIME, update_time: a?.update_time ?? ZERO_TIME };
  }
}
