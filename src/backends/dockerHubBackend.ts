/**
 * Docker Hub: the Hub API (hub.docker.com, docker/docs content/reference/api/hub/latest.yaml) lists namespaces'
 * repositories and tags with dates, sizes and platforms (no request per tag) and searches; the registry
 * (registry-1.docker.io) serves pulls, manifests and copies through the distribution API. Deletes go through
 * hub.docker.com only, so the capability is off.
 */
import type { DockerHubClient, RegistryClient, CallOptions, Page, HubPullRateLimit } from '../registry/index';
import { DistributionBackend } from './distributionBackend';
import { fromHubTag } from './tagInfo';
import {
  UnsupportedError, type BackendDefinition, type Capabilities, type DeletePlan, type ListOptions, type NamespaceInfo,
  type RegistryKind, type RepositoryInfo, type SearchResult, type TagInfo, type TagListOptions,
} from './registryBackend';

const CAPS: Capabilities = {
  hasNamespaces: true, canFilter: false, filtersOnServer: true, tagDetailsInList: true, serverTagOrders: ['date', 'name'],
  canDelete: false, canDeleteRepository: false, canRetag: false, canPush: false, canScanServerSide: false, canSearch: true, hasPullRateLimit: true,
  needsGarbageCollection: false,
  hasProjectPolicy: false, hasImmutability: false, hasLabels: false, hasAuditLog: false, hasReplication: false,
};

/** The Hub API's largest page (page_size). */
const HUB_PAGE = 100;

/** The namespaces a Docker Hub registry shows: as configured, else the account's own and then "library". */
export function hubNamespaces(def: Pick<BackendDefinition, 'namespaces' | 'username'>): string[] {
  const ns = def.namespaces?.length ? def.namespaces : def.username ? [def.username, 'library'] : ['library'];
  return [...new Set(ns)];
}

/** "library/alpine" → namespace "library", name "alpine" (Hub repositories are exactly two segments). */
function split(repository: string): { namespace: string; name: string } {
  const i = repository.indexOf('/');
  return i > 0 ? { namespace: repository.slice(0, i), name: repository.slice(i + 1) } : { namespace: 'library', name: repository };
}

export class DockerHubBackend extends DistributionBackend {
  override readonly kind: RegistryKind = 'dockerhub';
  override readonly kindLabel: string = 'Docker Hub';
  override readonly caps: Capabilities = CAPS;
  constructor(client: RegistryClient, host: string, readonly hub: DockerHubClient, private readonly def: Pick<BackendDefinition, 'namespaces' | 'username'>) {
    super(client, host);
  }

  /** Namespaces come from the settings (the Hub has no "namespaces I may see" listing): one page, no request. */
  override async namespaces(): Promise<Page<NamespaceInfo>> {
    return { items: hubNamespaces(this.def).map((name) => ({ name })) };
  }

  override async repositories(namespace: string | undefined, opts: ListOptions = {}): Promise<Page<RepositoryInfo>> {
    const ns = namespace ?? hubNamespaces(this.def)[0];
    const page = await this.hub.repositories(ns, {
      page: opts.cursor ? Number(opts.cursor) : 1, pageSize: Math.min(opts.pageSize ?? HUB_PAGE, HUB_PAGE), name: opts.filter || undefined, signal: opts.signal,
    });
    return {
      ...page,
      items: page.items.map((r) => ({
        repository: `${ns}/${r.name}`, label: r.name, description: r.description ?? undefined, updated: r.last_updated ?? undefined, pulls: r.pull_count,
      })),
    };
  }

  override async tags(repository: string, opts: TagListOptions = {}): Promise<Page<TagInfo>> {
    const h = split(repository);
    const page = await this.hub.tags(h.namespace, h.name, {
      page: opts.cursor ? Number(opts.cursor) : 1, pageSize: Math.min(opts.pageSize ?? HUB_PAGE, HUB_PAGE), name: opts.filter || undefined,
      ordering: opts.order === 'date' ? 'last_updated' : opts.order === 'name' ? 'name' : undefined, signal: opts.signal,
    });
    return { items: page.items.map(fromHubTag), next: page.next, total: page.total };
  }

  override async repositoryNames(opts: ListOptions = {}): Promise<string[]> {
    return (await this.repositories(undefined, { pageSize: HUB_PAGE, signal: opts.signal })).items.map((r) => r.repository);
  }

  override retag(): Promise<string> { throw new UnsupportedError(this.kind, 'retag'); }
  override planDelete(): Promise<DeletePlan> { throw new UnsupportedError(this.kind, 'delete'); }
  override executeDelete(): Promise<void> { throw new UnsupportedError(this.kind, 'delete'); }

  /** Pulls left, from a manifest HEAD on the registry (a HEAD is not a pull). */
  override pullRateLimit(opts: CallOptions = {}): Promise<HubPullRateLimit | undefined> {
    return this.hub.rateLimit(undefined, opts);
  }

  override search(query: string, opts: ListOptions = {}): Promise<Page<SearchResult>> {
    return hubSearch(this.hub, query, opts);
  }
}

/** Docker Hub search (GET /v2/search/repositories), also without an account (see BackendPool.anonymousSearch). */
export async function hubSearch(hub: DockerHubClient, query: string, opts: ListOptions = {}): Promise<Page<SearchResult>> {
  const page = await hub.search(query, { signal: opts.signal, cursor: opts.cursor, pageSize: opts.pageSize });
  return {
    ...page,
    items: page.items.map((r) => ({ name: r.repo_name, description: r.short_description, stars: r.star_count, official: r.is_official, pulls: r.pull_count })),
  };
}
