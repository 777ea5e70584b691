/**
 * GitHub Container Registry (ghcr.io): namespaces are the signed-in user and the configured organisations;
 * packages and their versions (one manifest digest each, with its tags and dates) come from GitHub's packages REST
 * API (src/registry/github.ts), so tag rows need no manifest request. ghcr.io refuses the distribution API's
 * delete and catalog: deletes go through the API, by version, and take every tag of that version. Pull, inspect,
 * copy and retag use the shared distribution client (DistributionBackend).
 */
import { Reference, RegistryError, versionTags, type CallOptions, type GitHubClient, type GitHubOwner, type GitHubPackageVersion, type Page, type RegistryClient } from '../registry/index';
import { DistributionBackend } from './distributionBackend';
import {
  UnsupportedError, type BackendDefinition, type Capabilities, type DeleteConfirmation, type DeletePlan, type ExecuteOptions, type ListOptions,
  type NamespaceInfo, type RegistryKind, type RepositoryInfo, type TagInfo, type TagListOptions,
} from './registryBackend';

const CAPS: Capabilities = {
  hasNamespaces: true, canFilter: true, filtersOnServer: false, tagDetailsInList: true, serverTagOrders: [],
  canDelete: true, canDeleteRepository: false, canRetag: true, canPush: true, canScanServerSide: false, canSearch: false, hasPullRateLimit: false,
  needsGarbageCollection: false, // a deleted package version is GitHub's to clean up
  hasProjectPolicy: false, hasImmutability: false, hasLabels: false, hasAuditLog: false, hasReplication: false,
};

/** The user first, then the organisations (BackendDefinition.namespaces), without repeats (GitHub names ignore case). */
export function githubOwners(def: Pick<BackendDefinition, 'username' | 'namespaces'>): GitHubOwner[] {
  const out: GitHubOwner[] = [];
  const seen = new Set<string>();
  const add = (kind: GitHubOwner['kind'], name: string | undefined) => {
    const n = name?.trim();
    if (!n || seen.has(n.toLowerCase())) return;
    seen.add(n.toLowerCase());
    out.push({ kind, name: n });
  };
  add('user', def.username);
  for (const org of def.namespaces ?? []) add('org', org);
  return out;
}

/** One row per tag of each version; an untagged version is one row without a tag. */
export function fromGitHubVersion(v: GitHubPackageVersion): TagInfo[] {
  const base: TagInfo = { digest: v.name.startsWith('sha256:') ? v.name : undefined, pushed: v.updated_at || v.created_at };
  const tags = versionTags(v);
  if (!tags.length) return [base];
  return tags.map((tag) => ({ ...base, tag, otherTags: tags.filter((t) => t !== tag) }));
}

export class GitHubBackend extends DistributionBackend {
  override readonly kind: RegistryKind = 'github';
  override readonly kindLabel: string = 'GitHub Container Registry';
  override readonly caps: Capabilities = CAPS;
  constructor(client: RegistryClient, host: string, readonly github: GitHubClient, private readonly def: Pick<BackendDefinition, 'username' | 'namespaces'>) {
    super(client, host);
  }

  /** "octo/app/sub" → owner octo (the user when it is the signed-in user, else an organisation), package "app/sub". */
  private split(repository: string): { owner: GitHubOwner; name: string } {
    const i = repository.indexOf('/');
    if (i <= 0) throw new RegistryError(`${repository} is not a GitHub package path (owner/name)`, { code: 'NAME_INVALID' });
    const ownerName = repository.slice(0, i);
    const known = githubOwners(this.def).find((o) => o.name.toLowerCase() === ownerName.toLowerCase());
    return { owner: known ?? { kind: 'org', name: ownerName }, name: repository.slice(i + 1) };
  }

  override async namespaces(): Promise<Page<NamespaceInfo>> {
    return { items: githubOwners(this.def).map((o) => ({ name: o.name })) };
  }

  override async repositories(namespace: string | undefined, opts: ListOptions = {}): Promise<Page<RepositoryInfo>> {
    const owner = namespace === undefined ? githubOwners(this.def)[0] : this.split(`${namespace}/x`).owner;
    if (!owner) throw new RegistryError('Set the GitHub user name of this registry (Edit Registry) to list its packages.', { code: 'UNSUPPORTED' });
    const page = await this.github.packages(owner, { cursor: opts.cursor, pageSize: opts.pageSize, signal: opts.signal });
    return {
      next: page.next,
      // ghcr.io paths are lower case (docs.github.com "Working with the Container registry").
      items: page.items.map((p) => ({ repository: `${owner.name}/${p.name}`.toLowerCase(), label: p.name, count: p.version_count, updated: p.updated_at })),
    };
  }

  override async tags(repository: string, opts: TagListOptions = {}): Promise<Page<TagInfo>> {
    const { owner, name } = this.split(repository);
    const page = await this.github.versions(owner, name, { cursor: opts.cursor, pageSize: opts.pageSize, signal: opts.signal });
    return { items: page.items.flatMap(fromGitHubVersion), next: page.next };
  }

  override async repositoryNames(opts: ListOptions = {}): Promise<string[]> {
    const names: string[] = [];
    for (const owner of githubOwners(this.def)) {
      const page = await this.github.packages(owner, { pageSize: opts.pageSize ?? 100, signal: opts.signal }).catch(() => undefined);
      for (const p of page?.items ?? []) names.push(`${owner.name}/${p.name}`.toLowerCase());
    }
    return names;
  }

  /** The version holding `digest` (or, without a digest, the tag), from the version list. */
  private async findVersion(repository: string, match: { digest?: string; tag?: string }, opts: CallOptions): Promise<GitHubPackageVersion | undefined> {
    const { owner, name } = this.split(repository);
    let cursor: string | undefined;
    do {
      const page = await this.github.versions(owner, name, { cursor, pageSize: 100, signal: opts.signal });
      const hit = page.items.find((v) => (match.digest ? v.name === match.digest : versionTags(v).includes(match.tag ?? '')));
      if (hit) return hit;
      cursor = page.next;
    } while (cursor);
    return undefined;
  }

  /**
   * ghcr.io deletes versions, not tags: deleting a tag deletes its version, and the plan names every tag on it
   * (the confirmation lists them). Repositories (packages) are not deleted from here.
   */
  override async planDelete(target: { ref: Reference; artifact?: boolean } | { repository: string }, opts: CallOptions = {}): Promise<DeletePlan> {
    if ('repository' in target) throw new UnsupportedError(this.kind, 'delete repository');
    const { ref } = target;
    const v = await this.findVersion(ref.repository, { digest: ref.digest, tag: ref.tag }, opts);
    if (!v) throw new RegistryError(`${ref.familiar()} was not found on GitHub. Refresh the tree.`, { status: 404, code: 'MANIFEST_UNKNOWN' });
    return { what: 'artifact', ref, digest: v.name, tags: versionTags(v) };
  }

  override async executeDelete(p: DeletePlan, _confirmed: DeleteConfirmation, opts: ExecuteOptions = {}): Promise<void> {
    if (p.what !== 'artifact') throw new UnsupportedError(this.kind, `delete ${p.what}`);
    // Right before deleting: the version must still hold exactly the confirmed tags.
    const v = await this.findVersion(p.ref.repository, { digest: p.digest }, opts);
    if (!v) throw new RegistryError(`${p.ref.repository}@${p.digest} is already gone. Refresh the tree.`, { status: 404, code: 'MANIFEST_UNKNOWN' });
    const now = versionTags(v).sort();
    const before = [...p.tags].sort();
    if (now.join(',') !== before.join(',')) {
      throw new RegistryError(`the tags of ${p.ref.repository}@${p.digest} changed since the plan (now: ${now.join(', ') || 'none'}); nothing was deleted. Try again.`, { code: 'PLAN_STALE' });
    }
    const { owner, name } = this.split(p.ref.repository);
    await this.github.deleteVersion(owner, name, v.id, { signal: opts.signal });
  }
}
