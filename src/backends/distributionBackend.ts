/**
 * A registry that speaks only the OCI distribution spec (CNCF distribution v2, zot, …): one catalog, tags as
 * names (details lazily, per shown row), deletes by manifest through src/registry/delete.ts.
 */
import {
  Reference, RegistryError, retag, copyImage, planDelete, executeDelete, tagDescriptors, tagsByDigest, INDEX_TYPES,
  listAttached, planAttachedDelete, deleteAttached, type AttachedTag, type DeletePlan as ManifestDeletePlan, type RegistryClient, type CallOptions, type Page, type HubPullRateLimit, type Attachment, type AttachedOptions,
} from '../registry/index';
import {
  UnsupportedError, type Capabilities, type DeleteConfirmation, type DeletePlan, type ExecuteOptions, type ListOptions,
  type NamespaceInfo, type RegistryBackend, type RegistryKind, type RepositoryInfo, type SearchResult, type TagInfo, type TagListOptions,
} from './registryBackend';
import { promotedReference } from './promote';

const CAPS: Capabilities = {
  hasNamespaces: false, canFilter: true, filtersOnServer: false, tagDetailsInList: false, serverTagOrders: [],
  canDelete: true, canDeleteRepository: true, canRetag: true, canPush: true, canScanServerSide: false, canSearch: false, hasPullRateLimit: false,
  needsGarbageCollection: true,
  hasProjectPolicy: false, hasImmutability: false, hasLabels: false, hasAuditLog: false, hasReplication: false,
  hasServerRetention: false,
  hasNamespaceQuota: false,
};

export class DistributionBackend implements RegistryBackend {
  readonly kind: RegistryKind = 'distribution';
  readonly kindLabel: string = 'Registry v2';
  readonly caps: Capabilities = CAPS;
  constructor(readonly client: RegistryClient, readonly host: string) {}

  async namespaces(): Promise<Page<NamespaceInfo>> { return { items: [] }; }

  /** The catalog (distribution spec "Listing Repositories"); a filter is applied by the caller to loaded names. */
  async repositories(_namespace: string | undefined, opts: ListOptions = {}): Promise<Page<RepositoryInfo>> {
    const page = await this.client.catalog({ n: opts.pageSize, cursor: opts.cursor, signal: opts.signal });
    return { ...page, items: page.items.map((r) => ({ repository: r, label: r })) };
  }

  /** Names only ("Listing Tags"): a row's digest and dates need a manifest request, made lazily by the tree. */
  async tags(repository: string, opts: TagListOptions = {}): Promise<Page<TagInfo>> {
    const page = await this.client.tags(repository, { n: opts.pageSize, cursor: opts.cursor, signal: opts.signal });
    return { items: page.items.map((tag): TagInfo => ({ tag })), next: page.next, total: page.next ? undefined : page.items.length };
  }

  async repositoryNames(opts: ListOptions = {}): Promise<string[]> {
    return (await this.client.catalog({ n: opts.pageSize, signal: opts.signal })).items;
  }

  /** One manifest GET and one PUT of the same bytes (src/registry/copy.ts retag). */
  retag(ref: Reference, newTag: string, opts: CallOptions = {}): Promise<string> {
    return retag(this.client, ref, newTag, opts);
  }

  copy(ref: Reference, target: RegistryBackend, dst: Reference, opts: Parameters<RegistryBackend['copy']>[3] = {}): Promise<string> {
    return copyImage({ client: this.client, ref }, { client: target.client, ref: dst }, opts);
  }

  /**
   * Tag: planned as the manifest it points at (registry 2.8 deletes by digest only; executeDelete tries the
   * tag alone first where that is unknown). Artifact: the digest with every tag on it. Repository: v2 has no
   * repository delete, so every manifest goes; the (empty) name stays in the catalog until garbage collection.
   */
  async planDelete(target: { ref: Reference; artifact?: boolean } | { repository: string }, opts: CallOptions = {}): Promise<DeletePlan> {
    if ('repository' in target) {
      const tags = await tagDescriptors(this.client, new Reference(this.host, target.repository), opts);
      return { what: 'repository', repository: target.repository, tags };
    }
    const { ref } = target;
    if (!target.artifact && ref.tag !== undefined) {
      const plan = await planDelete(this.client, new Reference(ref.registry, ref.repository, ref.tag), opts);
      return { what: 'manifest', ref, plan, attachments: await this.attachedTags(plan, opts) };
    }
    const digest = ref.digest ?? (await this.client.headManifest(ref, opts))?.digest;
    if (!digest) throw new RegistryError(`${ref.familiar()} was not found. Refresh the tree.`, { status: 404, code: 'MANIFEST_UNKNOWN' });
    const plan = await planDelete(this.client, new Reference(ref.registry, ref.repository, undefined, digest), opts);
    return { what: 'manifest', ref: plan.ref, plan, attachments: await this.attachedTags(plan, opts) };
  }

  /** Signature and attestation tags that a by-digest delete would leave behind (none when only the tag goes). */
  private async attachedTags(plan: ManifestDeletePlan, opts: CallOptions): Promise<AttachedTag[]> {
    return plan.byTag ? [] : planAttachedDelete(this.client, plan.ref, plan.digest, opts);
  }

  async executeDelete(p: DeletePlan, confirmed: DeleteConfirmation, opts: ExecuteOptions = {}): Promise<void> {
    if (p.what === 'manifest') {
      await executeDelete(this.client, p.plan, {
        confirmedTags: p.plan.alsoRemovesTags,
        confirmedParentTags: confirmed.withParents ? p.plan.parents.flatMap((x) => x.tags) : undefined,
        signal: opts.signal,
      });
      if (confirmed.withAttachments && p.attachments?.length) await deleteAttached(this.client, p.plan.ref, p.plan.digest, p.attachments, { signal: opts.signal });
      return;
    }
    if (p.what !== 'repository' || !p.tags) throw new UnsupportedError(this.kind, `delete ${p.what}`);
    const before = p.tags;
    // Right before deleting: refuse if a tag was added, removed or moved since the confirmation.
    const now = await tagDescriptors(this.client, new Reference(this.host, p.repository), opts);
    const changed = [...new Set([...before.keys(), ...now.keys()])].filter((tag) => before.get(tag)?.digest !== now.get(tag)?.digest).sort();
    if (changed.length) {
      throw new RegistryError(`the tags of ${p.repository} changed since the plan (${changed.join(', ')}); nothing was deleted. Try again.`, { code: 'PLAN_STALE' });
    }
    // Indexes first, so that a failure part-way never leaves a tagged index naming a deleted manifest.
    const index = new Set([...before.values()].filter((d) => INDEX_TYPES.has(d.mediaType)).map((d) => d.digest));
    const order = [...tagsByDigest(before).keys()].sort((a, b) => Number(!index.has(a)) - Number(!index.has(b)));
    let i = 0;
    for (const digest of order) {
      opts.onProgress?.(++i, order.length);
      await this.client.deleteManifest(p.repository, digest, { signal: opts.signal });
    }
  }

  /** Promote by the client's copy (blobs mount or stream, manifest last) into the other namespace. */
  async promote(ref: Reference, toNamespace: string, newTag?: string, opts: CallOptions = {}): Promise<Reference> {
    const dst = promotedReference(ref, toNamespace, newTag);
    const digest = await this.copy(ref, this, dst, opts);
    return new Reference(dst.registry, dst.repository, dst.tag, digest.startsWith('sha256:') ? digest : dst.digest);
  }

  async pullRateLimit(): Promise<HubPullRateLimit | undefined> { return undefined; }

  /** The referrers API (or its tag schema) and cosign's tags, over the distribution API every kind serves. */
  attachments(ref: Reference, opts: AttachedOptions = {}): Promise<Attachment[]> {
    return listAttached(this.client, ref, opts);
  }
  search(_query: string, _opts?: ListOptions): Promise<Page<SearchResult>> { throw new UnsupportedError(this.kind, 'search'); }
}
