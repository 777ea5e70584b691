/**
 * GitLab (gitlab.com or self-managed): groups / projects (as configured) → their registry repositories → tags, all
 * through GitLab's container registry API (src/registry/gitlab.ts); sizes and dates from the tag details endpoint
 * (the tag list carries names only, so one details request per listed tag, bounded). Tags are deleted through the
 * API (DELETE …/tags/:tag_name: the tag only). Pull, inspect, retag and copy use the registry's distribution API
 * (registry.gitlab.com, JWT realm with the same token), as DistributionBackend does.
 */
import { Reference, mapLimit, RegistryError, type GitLabClient, type GitLabRepository, type RegistryClient, type CallOptions, type Page } from '../registry/index';
import { DistributionBackend } from './distributionBackend';
import type {
  BackendDefinition, Capabilities, DeleteConfirmation, DeletePlan, ExecuteOptions, ListOptions, NamespaceInfo, RegistryKind, RepositoryInfo, TagInfo, TagListOptions,
} from './registryBackend';

const CAPS: Capabilities = {
  hasNamespaces: true, canFilter: true, filtersOnServer: false, tagDetailsInList: true, serverTagOrders: [],
  canDelete: true, canDeleteRepository: false, canRetag: true, canPush: true, canScanServerSide: false, canSearch: false, hasPullRateLimit: false,
  needsGarbageCollection: false, // the provider's API deletes; its storage is its own to reclaim
  hasProjectPolicy: false, hasImmutability: false, hasLabels: false, hasAuditLog: false, hasReplication: false,
  hasServerRetention: false, hasNamespaceQuota: false,
};
/** Tag details requested at once for one listed page. */
const DETAIL_CONCURRENCY = 8;

/** gitlab.com's registry, or a self-managed one named registry.<host> / <host>:5050 (GitLab's defaults). */
export function isGitLabUrl(host: string): boolean {
  return /^registry\.gitlab\.com$/i.test(host) || /^registry\.gitlab\./i.test(host) || /(^|\.)gitlab\.[^:]+:5050$/i.test(host);
}

interface Located { project: number; id: number }

export class GitLabBackend extends DistributionBackend {
  override readonly kind: RegistryKind = 'gitlab';
  override readonly kindLabel: string = 'GitLab';
  override readonly caps: Capabilities = CAPS;
  /** Registry path → project and repository ids (learned from listings). */
  private readonly located = new Map<string, Located>();
  /** Namespace → whether it is a group (else a project), learned on first listing. */
  private readonly isGroup = new Map<string, boolean>();

  constructor(client: RegistryClient, host: string, readonly gitlab: GitLabClient, private readonly def: Pick<BackendDefinition, 'namespaces' | 'username'>) {
    super(client, host);
  }

  /** The groups / projects to show, from the settings ("Show Namespace in Tree"); else the user's own namespace. */
  override async namespaces(): Promise<Page<NamespaceInfo>> {
    const ns = this.def.namespaces?.length ? this.def.namespaces : this.def.username ? [this.def.username] : [];
    return { items: [...new Set(ns)].map((name) => ({ name })) };
  }

  /** A group's repositories (every project below it), or a project's when the name is a project. */
  override async repositories(namespace: string | undefined, opts: ListOptions = {}): Promise<Page<RepositoryInfo>> {
    if (namespace === undefined) return { items: [] };
    const o = { cursor: opts.cursor, pageSize: opts.pageSize, signal: opts.signal };
    let page: Page<GitLabRepository>;
    if (this.isGroup.get(namespace) !== false) {
      try {
        page = await this.gitlab.groupRepositories(namespace, o);
        this.isGroup.set(namespace, true);
      } catch (e) {
        // 404: not a group (or not visible as one): try it as a project ("group/project").
        if (!(e instanceof RegistryError) || e.status !== 404 || this.isGroup.get(namespace)) throw e;
        this.isGroup.set(namespace, false);
        page = await this.gitlab.projectRepositories(namespace, o);
      }
    } else {
      page = await this.gitlab.projectRepositories(namespace, o);
    }
    return { ...page, items: page.items.map((r) => this.info(r, namespace)) };
  }

  private info(r: GitLabRepository, namespace: string): RepositoryInfo {
    this.located.set(r.path, { project: r.project_id, id: r.id });
    const label = r.path.startsWith(`${namespace}/`) ? r.path.slice(namespace.length + 1) : r.path === namespace ? (r.name || r.path) : r.path;
    return { repository: r.path, label, count: typeof r.tags_count === 'number' ? r.tags_count : undefined };
  }

  /** Where a registry path lives: from a listing, else asked of its candidate projects (longest path first). */
  private async locate(repository: string, opts: CallOptions): Promise<Located> {
    const hit = this.located.get(repository);
    if (hit) return hit;
    const parts = repository.split('/');
    for (let n = parts.length; n >= 2; n--) {
      const project = parts.slice(0, n).join('/');
      try {
        const page = await this.gitlab.projectRepositories(project, { pageSize: 100, signal: opts.signal });
        page.items.forEach((r) => this.info(r, project));
        const found = this.located.get(repository);
        if (found) return found;
      } catch (e) {
        if (!(e instanceof RegistryError) || e.status !== 404) throw e;
      }
    }
    throw new RegistryError(`${repository} is not a registry repository of a GitLab project this token can see. Refresh the tree.`, { status: 404, code: 'NAME_UNKNOWN' });
  }

  /** A page of tag names, then each tag's details (digest, total_size, created_at), at most 8 at a time. */
  override async tags(repository: string, opts: TagListOptions = {}): Promise<Page<TagInfo>> {
    const at = await this.locate(repository, opts);
    const page = await this.gitlab.tags(at.project, at.id, { cursor: opts.cursor, pageSize: opts.pageSize, signal: opts.signal });
    const items: TagInfo[] = page.items.map((t) => ({ tag: t.name }));
    await mapLimit(items.map((row, i) => ({ row, i })), DETAIL_CONCURRENCY, async ({ row }) => {
      const d = await this.gitlab.tag(at.project, at.id, row.tag!, { signal: opts.signal });
      row.digest = typeof d.digest === 'string' && d.digest ? d.digest : undefined;
      row.size = typeof d.total_size === 'number' ? d.total_size : undefined;
      row.created = typeof d.created_at === 'string' && d.created_at ? d.created_at : undefined;
    }, opts.signal);
    return { items, next: page.next, total: page.total };
  }

  override async repositoryNames(opts: ListOptions = {}): Promise<string[]> {
    const out: string[] = [];
    for (const ns of (await this.namespaces()).items) out.push(...(await this.repositories(ns.name, { pageSize: opts.pageSize, signal: opts.signal })).items.map((r) => r.repository));
    return out;
  }

  /** A tag alone goes through GitLab's API; a digest (every tag on it) through the registry, as on v2. */
  override async planDelete(target: { ref: Reference; artifact?: boolean } | { repository: string }, opts: CallOptions = {}): Promise<DeletePlan> {
    if (!('repository' in target) && !target.artifact && target.ref.tag !== undefined) {
      await this.locate(target.ref.repository, opts);
      return { what: 'tag', ref: new Reference(target.ref.registry, target.ref.repository, target.ref.tag) };
    }
    return super.planDelete(target, opts);
  }

  override async executeDelete(p: DeletePlan, confirmed: DeleteConfirmation, opts: ExecuteOptions = {}): Promise<void> {
    if (p.what !== 'tag') return super.executeDelete(p, confirmed, opts);
    const at = await this.locate(p.ref.repository, opts);
    await this.gitlab.deleteTag(at.project, at.id, p.ref.tag!, { signal: opts.signal });
  }
}
