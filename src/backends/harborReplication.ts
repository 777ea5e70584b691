/** Harbor replication, read-only: policies with their ends and trigger, and each policy's latest executions. */
import { replicationExecutions, replicationPolicies, type CallOptions, type HarborClient, type HarborRegistryEndpoint, type Page } from '../registry/index';
import type { ReplicationExecutionInfo, ReplicationFacet, ReplicationPolicyInfo } from './policyFacets';

const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** A replication end: a remote registry's name and URL, or this Harbor (Harbor omits the local end or gives id 0). */
function endName(r: HarborRegistryEndpoint | null | undefined, local: string): string {
  if (!r || !r.id) return local;
  return [r.name, r.url ? `(${r.url})` : ''].filter(Boolean).join(' ') || `#${r.id}`;
}

export class HarborReplication implements ReplicationFacet {
  constructor(private readonly harbor: HarborClient, private readonly localName: string) {}

  async policies(opts: CallOptions & { cursor?: string; pageSize?: number } = {}): Promise<Page<ReplicationPolicyInfo>> {
    const page = await replicationPolicies(this.harbor, { cursor: opts.cursor, pageSize: opts.pageSize, signal: opts.signal });
    return {
      ...page,
      items: page.items.filter((p) => !!p && typeof p === 'object').map((p) => ({
        id: p.id, name: p.name, description: p.description || undefined, enabled: p.enabled !== false,
        source: endName(p.src_registry, this.localName),
        destination: `${endName(p.dest_registry, this.localName)}${p.dest_namespace ? ` / ${p.dest_namespace}` : ''}`,
        trigger: p.trigger?.type || 'manual', cron: p.trigger?.trigger_settings?.cron || undefined,
      })),
    };
  }

  async executions(policyId: number, opts: CallOptions & { pageSize?: number } = {}): Promise<ReplicationExecutionInfo[]> {
    const page = await replicationExecutions(this.harbor, policyId, { pageSize: opts.pageSize ?? 5, signal: opts.signal });
    return page.items.filter((e) => !!e && typeof e === 'object').map((e) => ({
      id: e.id, status: e.status || 'Unknown', trigger: e.trigger || undefined, start: e.start_time || undefined, end: e.end_time || undefined,
      statusText: e.status_text || undefined, total: n(e.total), succeeded: n(e.succeed), failed: n(e.failed), inProgress: n(e.in_progress), stopped: n(e.stopped),
    }));
  }
}
