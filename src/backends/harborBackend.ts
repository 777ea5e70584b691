/**
 * Harbor (v2.0 API, swagger at test/fixtures/harbor/swagger.yaml): projects above repositories, artifacts with
 * their tags, sizes, platforms and scan overview in one list (no request per tag), server-side `q` filters,
 * its own tag / artifact / repository deletes and its own scanner. Pull, inspect and copy use the
 * distribution API Harbor also serves, as DistributionBackend does.
 */
import { classify, HarborPolicyApi, HarborProjects, splitHarborRepository, type Attachment, type AttachedOptions, type HarborClient, type RegistryClient, type Reference, type CallOptions, type Page } from '../registry/index';
import { DistributionBackend } from './distributionBackend';
import { fromHarborArtifact } from './tagInfo';
import { HarborProjectAdmin } from './harborProjectAdmin';
import { harborRetention } from './harborRetention';
import type { ServerRetention } from './serverRetention';
import {
  UnsupportedError, type Capabilities, type DeleteConfirmation, type DeletePlan, type ExecuteOptions, type ListOptions,
  type NamespaceInfo, type RegistryKind, type RepositoryInfo, type TagInfo, type TagListOptions,
} from './registryBackend';
import { HarborProjectPolicy } from './harborProjectPolicy';
import { HarborImmutability } from './harborImmutability';
import { HarborLabels } from './harborLabels';
import { HarborAuditLog } from './harborAuditLog';
import { HarborReplication } from './harborReplication';
import { harborPromote } from './harborPromote';
import { isPreconditionFailed } from './immutableTagError';

const CAPS: Capabilities = {
  hasNamespaces: true, canFilter: true, filtersOnServer: true, tagDetailsInList: true, serverTagOrders: ['date'],
  canDelete: true, canDeleteRepository: true, canRetag: true, canPush: true, canScanServerSide: true, canSearch: false, hasPullRateLimit: false,
  needsGarbageCollection: false, // Harbor runs its own garbage collection (System Settings, a schedule)
  hasProjectPolicy: true, hasImmutability: true, hasLabels: true, hasAuditLog: true, hasReplication: true,
  hasServerRetention: true,
  hasNamespaceQuota: true,
};

/** Projects listed for a quick pick of repositories: enough to find one, bounded (one request per project). */
const PICK_PROJECTS = 20;

export class HarborBackend extends DistributionBackend {
  override readonly kind: RegistryKind = 'harbor';
  override readonly kindLabel: string = 'Harbor';
  override readonly caps: Capabilities = CAPS;
  readonly policy: HarborProjectPolicy;
  readonly immutability: HarborImmutability;
  readonly labels: HarborLabels;
  readonly audit: HarborAuditLog;
  readonly replication: HarborReplication;
  private readonly policyApi: HarborPolicyApi;
  readonly projects: HarborProjectAdmin;
  readonly serverRetention: ServerRetention;
  constructor(client: RegistryClient, host: string, readonly harbor: HarborClient) {
    super(client, host);
    this.policyApi = new HarborPolicyApi(harbor);
    this.serverRetention = harborRetention(harbor);
    this.projects = new HarborProjectAdmin(harbor, CAPS);
    this.policy = new HarborProjectPolicy(this.policyApi);
    this.immutability = new HarborImmutability(this.policyApi);
    this.labels = new HarborLabels(this.policyApi);
    this.audit = new HarborAuditLog(harbor);
    this.replication = new HarborReplication(harbor, host);
  }

  /** Projects with their facts (role, quota, proxy upstream, the user's permissions): see HarborProjectAdmin.facts. */
  override async namespaces(opts: ListOptions = {}): Promise<Page<NamespaceInfo>> {
    const page = await this.harbor.projects({ cursor: opts.cursor, pageSize: opts.pageSize, signal: opts.signal, q: opts.filter ? { name: { fuzzy: opts.filter } } : undefined, sort: opts.byName ? 'name' : undefined });
    const facts = !opts.withFacts ? [] : await this.projects.facts(page.items, opts);
    return { ...page, items: page.items.map((p, i) => ({ name: p.name, repositoryCount: p.repo_count, public: p.metadata?.public === 'true', project: facts[i] })) };
  }

  override async repositories(project: string | undefined, opts: ListOptions = {}): Promise<Page<RepositoryInfo>> {
    if (project === undefined) return super.repositories(project, opts);
    const page = await this.harbor.repositories(project, { cursor: opts.cursor, pageSize: opts.pageSize, signal: opts.signal, q: opts.filter ? { name: { fuzzy: opts.filter } } : undefined, sort: opts.byName ? 'name' : undefined });
    // Repository.name is the full "project/repo" path.
    return { ...page, items: page.items.map((r) => ({ repository: r.name, label: r.name.slice(project.length + 1), count: r.artifact_count, updated: r.update_time })) };
  }

  /** The artifact list: every tag of an artifact becomes a row; `-push_time` is the only order Harbor sorts by here. */
  override async tags(repository: string, opts: TagListOptions = {}): Promise<Page<TagInfo>> {
    const h = splitHarborRepository(repository);
    const page = await this.harbor.artifacts(h.project, h.repository, {
      cursor: opts.cursor, pageSize: opts.pageSize, signal: opts.signal,
      q: opts.filter ? { tags: { fuzzy: opts.filter } } : undefined,
      sort: opts.order === 'date' ? '-push_time' : undefined,
      withLabel: true, withImmutableStatus: true,
    });
    return { items: page.items.flatMap(fromHarborArtifact), next: page.next, total: page.total };
  }

  /** GET /projects/{name}/summary: Harbor's own accounting (each blob of the project once) and its quota. */
  async namespaceUsage(project: string, opts: CallOptions = {}): Promise<{ usedBytes: number; quotaBytes?: number }> {
    const q = (await new HarborProjects(this.harbor).summary(project, opts)).quota;
    const hard = q?.hard?.storage;
    return { usedBytes: q?.used?.storage ?? 0, quotaBytes: typeof hard === 'number' && hard >= 0 ? hard : undefined };
  }

  override async repositoryNames(opts: ListOptions = {}): Promise<string[]> {
    const projects = await this.harbor.projects({ pageSize: opts.pageSize, signal: opts.signal });
    const out: string[] = [];
    for (const p of projects.items.slice(0, PICK_PROJECTS)) {
      out.push(...(await this.harbor.repositories(p.name, { pageSize: opts.pageSize, signal: opts.signal })).items.map((r) => r.name));
    }
    return out;
  }

  /** Harbor's tag API (POST …/artifacts/{reference}/tags): no manifest is read or written. Returns the reference tagged. */
  override async retag(ref: Reference, newTag: string, opts: CallOptions = {}): Promise<string> {
    const h = splitHarborRepository(ref.repository);
    const reference = ref.digest ?? ref.tagOrDefault();
    // An existing tag under a rule cannot be moved: say so before Harbor answers 409/412.
    if ((await this.immutability.protectedAmong(ref.repository, [newTag], opts)).size
      && await this.harbor.artifact(h.project, h.repository, newTag, { signal: opts.signal, withScanOverview: false, withAccessory: false }).then(() => true, () => false)) {
      await this.immutability.assertChangeable(ref.repository, [newTag], 'overwrite', opts);
    }
    await this.harbor.createTag(h.project, h.repository, reference, newTag, opts)
      .catch(async (err: unknown) => { throw isPreconditionFailed(err) ? await this.immutability.explain412(err, ref.repository, [newTag], 'overwrite') : err; });
    return reference;
  }

  /**
   * What the distribution API finds (referrers, cosign tags) and Harbor's accessories (GET …/accessories), which
   * also name what Harbor made itself (`sbom.harbor`) and Notation signatures. One entry per digest.
   */
  override async attachments(ref: Reference, opts: AttachedOptions = {}): Promise<Attachment[]> {
    const h = splitHarborRepository(ref.repository);
    const digest = await this.client.resolveDigest(ref, opts);
    const [found, acc] = await Promise.all([
      super.attachments(ref.withDigest(digest), opts),
      this.harbor.accessories(h.project, h.repository, digest, { signal: opts.signal, pageSize: 100 }),
    ]);
    const seen = new Set(found.map((a) => a.digest));
    for (const x of acc.items) {
      if (!x?.digest || seen.has(x.digest)) continue;
      seen.add(x.digest);
      found.push({ kind: classify(x.type), digest: x.digest, mediaType: x.type, artifactType: x.type, size: x.size, source: 'harbor', created: x.creation_time });
    }
    return found;
  }

  /**
   * Harbor deletes a tag alone (the artifact and its other tags stay), an artifact with all its tags, and a
   * repository in one call: the plan only needs to name the artifact's tags.
   */
  override async planDelete(target: { ref: Reference; artifact?: boolean } | { repository: string }, opts: CallOptions = {}): Promise<DeletePlan> {
    if ('repository' in target) return { what: 'repository', repository: target.repository };
    const { ref } = target;
    if (!target.artifact && ref.tag !== undefined) {
      // Explained before the confirmation: Harbor refuses (412) to delete a tag an immutability rule protects.
      await this.immutability.assertChangeable(ref.repository, [ref.tag], 'delete', opts);
      return { what: 'tag', ref };
    }
    const h = splitHarborRepository(ref.repository);
    const reference = ref.digest ?? ref.tagOrDefault();
    const art = await this.harbor.artifact(h.project, h.repository, reference, { signal: opts.signal });
    const tags = (art.tags ?? []).map((t) => t.name);
    await this.immutability.assertChangeable(ref.repository, tags, 'delete', opts);
    return { what: 'artifact', ref, digest: art.digest ?? reference, tags };
  }

  override async executeDelete(p: DeletePlan, confirmed: DeleteConfirmation, opts: ExecuteOptions = {}): Promise<void> {
    try {
      await this.executeHarborDelete(p, confirmed, opts);
    } catch (err) {
      // The backstop: a rule added since the plan (or a repository with protected tags) still gets the clear message.
      if (!isPreconditionFailed(err)) throw err;
      const repository = p.what === 'repository' ? p.repository : p.ref.repository;
      throw await this.immutability.explain412(err, repository, p.what === 'tag' ? [p.ref.tag!] : p.what === 'artifact' ? p.tags : [], 'delete');
    }
  }

  /** Harbor's promote: an artifact copy inside the server (src/backends/harborPromote.ts). */
  override promote(ref: Reference, toNamespace: string, newTag?: string, opts: CallOptions = {}): Promise<Reference> {
    return harborPromote(this.harbor, this.policyApi, this.immutability, ref, toNamespace, newTag, opts);
  }

  private async executeHarborDelete(p: DeletePlan, _confirmed: DeleteConfirmation, opts: ExecuteOptions): Promise<void> {
    switch (p.what) {
      case 'tag': {
        const h = splitHarborRepository(p.ref.repository);
        return this.harbor.deleteTag(h.project, h.repository, p.ref.digest ?? p.ref.tag!, p.ref.tag!, { signal: opts.signal });
      }
      case 'artifact': {
        const h = splitHarborRepository(p.ref.repository);
        return this.harbor.deleteArtifact(h.project, h.repository, p.digest, { signal: opts.signal });
      }
      case 'repository': {
        const h = splitHarborRepository(p.repository);
        return this.harbor.deleteRepository(h.project, h.repository, { signal: opts.signal });
      }
      default: throw new UnsupportedError('harbor', `delete ${p.what}`);
    }
  }
}
