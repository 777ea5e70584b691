/**
 * Quay (quay.io or self-hosted): namespaces (as configured, else the user's / robot's own) → repositories → tags
 * with digest, size and dates in one list (Quay API /api/v1, src/registry/quay.ts; no request per tag). Tags are
 * deleted through the API (deleteFullTag: the tag only). Pull, inspect, retag and copy use Quay's distribution
 * API (quay.io/v2), as DistributionBackend does.
 */
import { Reference, type QuayClient, type QuayTag, type RegistryClient, type CallOptions, type Page } from '../registry/index';
import { DistributionBackend } from './distributionBackend';
import type {
  BackendDefinition, Capabilities, DeleteConfirmation, DeletePlan, ExecuteOptions, ListOptions, NamespaceInfo, RegistryKind, RepositoryInfo, TagInfo, TagListOptions,
} from './registryBackend';

const CAPS: Capabilities = {
  hasNamespaces: true, canFilter: true, filtersOnServer: false, tagDetailsInList: true, serverTagOrders: ['date'],
  canDelete: true, canDeleteRepository: false, canRetag: true, canPush: true, canScanServerSide: false, canSearch: false, hasPullRateLimit: false,
  needsGarbageCollection: false, // the provider's API deletes; its storage is its own to reclaim
  hasProjectPolicy: false, hasImmutability: false, hasLabels: false, hasAuditLog: false, hasReplication: false,
  hasServerRetention: false, hasNamespaceQuota: false,
};

/** quay.io, or a self-hosted Quay named quay.<domain> (Red Hat Quay's usual host name). */
export function isQuayUrl(host: string): boolean {
  return /^quay\.io$/i.test(host) || /^quay\./i.test(host);
}

/** A robot account "org+robot" belongs to namespace "org". */
export function quayOwnNamespace(username: string | undefined): string | undefined {
  return username ? username.split('+')[0] || undefined : undefined;
}

/** Quay tag → TagInfo; start_ts is seconds since the epoch (tag.py _tag_dict). */
export function fromQuayTag(t: QuayTag): TagInfo {
  if (!t || typeof t !== 'object') return {};
  const pushed = typeof t.start_ts === 'number' && Number.isFinite(t.start_ts) ? new Date(t.start_ts * 1000).toISOString() : undefined;
  return {
    tag: typeof t.name === 'string' ? t.name : undefined,
    digest: typeof t.manifest_digest === 'string' && t.manifest_digest ? t.manifest_digest : undefined,
    size: typeof t.size === 'number' && Number.isFinite(t.size) ? t.size : undefined,
    pushed, isIndex: t.is_manifest_list === true,
  };
}

export class QuayBackend extends DistributionBackend {
  override readonly kind: RegistryKind = 'quay';
  override readonly kindLabel: string = 'Quay';
  override readonly caps: Capabilities = CAPS;
  constructor(client: RegistryClient, host: string, readonly quay: QuayClient, private readonly def: Pick<BackendDefinition, 'namespaces' | 'username'>) {
    super(client, host);
  }

  override async namespaces(): Promise<Page<NamespaceInfo>> {
    const own = quayOwnNamespace(this.def.username);
    const ns = this.def.namespaces?.length ? this.def.namespaces : own ? [own] : [];
    return { items: [...new Set(ns)].map((name) => ({ name })) };
  }

  override async repositories(namespace: string | undefined, opts: ListOptions = {}): Promise<Page<RepositoryInfo>> {
    if (namespace === undefined) return { items: [] };
    const page = await this.quay.repositories(namespace, { cursor: opts.cursor, signal: opts.signal });
    return {
      ...page,
      items: page.items.map((r) => ({
        repository: `${r.namespace}/${r.name}`, label: r.name, description: r.description ?? undefined,
        updated: typeof r.last_modified === 'number' ? new Date(r.last_modified * 1000).toISOString() : undefined,
      })),
    };
  }

  /** Active tags, newest first (Quay lists by lifetime start). */
  override async tags(repository: string, opts: TagListOptions = {}): Promise<Page<TagInfo>> {
    const page = await this.quay.tags(repository, { cursor: opts.cursor, pageSize: opts.pageSize, signal: opts.signal });
    return { items: page.items.map(fromQuayTag), next: page.next };
  }

  override async repositoryNames(opts: ListOptions = {}): Promise<string[]> {
    const out: string[] = [];
    for (const ns of (await this.namespaces()).items) out.push(...(await this.repositories(ns.name, { signal: opts.signal })).items.map((r) => r.repository));
    return out;
  }

  override async planDelete(target: { ref: Reference; artifact?: boolean } | { repository: string }, opts: CallOptions = {}): Promise<DeletePlan> {
    if (!('repository' in target) && !target.artifact && target.ref.tag !== undefined) {
      return { what: 'tag', ref: new Reference(target.ref.registry, target.ref.repository, target.ref.tag) };
    }
    return super.planDelete(target, opts);
  }

  override async executeDelete(p: DeletePlan, confirmed: DeleteConfirmation, opts: ExecuteOptions = {}): Promise<void> {
    if (p.what !== 'tag') return super.executeDelete(p, confirmed, opts);
    await this.quay.deleteTag(p.ref.repository, p.ref.tag!, { signal: opts.signal });
  }
}
