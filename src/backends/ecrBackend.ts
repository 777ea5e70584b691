/**
 * Amazon ECR: repositories and images through the AWS SDK (src/registry/ecr.ts), images with their tags, size and
 * push time in one list (DescribeImages; no request per tag), deletes through BatchDeleteImage, and ECR's own scan
 * findings (DescribeImageScanFindings) as a ScanReport. ECR has no v2 catalog for us to rely on and rejects the v2
 * manifest delete without the right IAM; pull, inspect, retag and copy use its distribution API with the
 * GetAuthorizationToken login, as DistributionBackend does.
 */
import { Reference, RegistryError, type EcrClient, type EcrImageDetail, type RegistryClient, type CallOptions, type Page } from '../registry/index';
import { parseEcrFindings } from '../scan/parseEcrFindings';
import type { ScanReport } from '../scan/model';
import { isIndexMediaType } from './tagInfo';
import { DistributionBackend } from './distributionBackend';
import type {
  Capabilities, DeleteConfirmation, DeletePlan, ExecuteOptions, ListOptions, RegistryKind, RepositoryInfo, TagInfo, TagListOptions,
} from './registryBackend';

const CAPS: Capabilities = {
  hasNamespaces: false, canFilter: true, filtersOnServer: false, tagDetailsInList: true, serverTagOrders: [],
  canDelete: true, canDeleteRepository: false, canRetag: true, canPush: true, canScanServerSide: true, canSearch: false, hasPullRateLimit: false,
  needsGarbageCollection: false, // the provider's API deletes; its storage is its own to reclaim
  hasProjectPolicy: false, hasImmutability: false, hasLabels: false, hasAuditLog: false, hasReplication: false,
  hasServerRetention: false, hasNamespaceQuota: false,
};

export { parseEcrHost } from '../registry/ecr';

/** One ECR image → a row per tag (or one untagged row), as Harbor artifacts are shown. */
export function fromEcrImage(i: EcrImageDetail): TagInfo[] {
  const mediaType = i.imageManifestMediaType || undefined;
  const base: TagInfo = {
    digest: i.imageDigest || undefined, mediaType, size: typeof i.imageSizeInBytes === 'number' ? i.imageSizeInBytes : undefined,
    pushed: i.imagePushedAt instanceof Date ? i.imagePushedAt.toISOString() : undefined, isIndex: isIndexMediaType(mediaType),
  };
  const c = i.imageScanFindingsSummary?.findingSeverityCounts;
  if (c) base.scan = { status: i.imageScanStatus?.status, critical: c.CRITICAL ?? 0, high: c.HIGH ?? 0, medium: c.MEDIUM ?? 0, low: c.LOW ?? 0 };
  const tags = i.imageTags ?? [];
  return tags.length ? tags.map((tag) => ({ ...base, tag, otherTags: tags.filter((t) => t !== tag) })) : [base];
}

export class EcrBackend extends DistributionBackend {
  override readonly kind: RegistryKind = 'ecr';
  override readonly kindLabel: string = 'Amazon ECR';
  override readonly caps: Capabilities = CAPS;
  constructor(client: RegistryClient, host: string, readonly ecr: EcrClient) { super(client, host); }

  override async repositories(_namespace: string | undefined, opts: ListOptions = {}): Promise<Page<RepositoryInfo>> {
    const page = await this.ecr.repositories({ cursor: opts.cursor, pageSize: opts.pageSize, signal: opts.signal });
    return {
      next: page.next,
      items: page.items.filter((r) => r.repositoryName).map((r) => ({ repository: r.repositoryName!, label: r.repositoryName!, updated: r.createdAt?.toISOString() })),
    };
  }

  override async tags(repository: string, opts: TagListOptions = {}): Promise<Page<TagInfo>> {
    const page = await this.ecr.images(repository, { cursor: opts.cursor, pageSize: opts.pageSize, signal: opts.signal });
    return { items: page.items.flatMap(fromEcrImage), next: page.next };
  }

  override async repositoryNames(opts: ListOptions = {}): Promise<string[]> {
    return (await this.repositories(undefined, { pageSize: opts.pageSize, signal: opts.signal })).items.map((r) => r.repository);
  }

  private async image(ref: Reference, opts: CallOptions): Promise<EcrImageDetail> {
    const id = ref.digest ? { imageDigest: ref.digest } : { imageTag: ref.tagOrDefault() };
    const found = (await this.ecr.images(ref.repository, { imageIds: [id], signal: opts.signal })).items[0];
    if (!found?.imageDigest) throw new RegistryError(`${ref.familiar()} was not found. Refresh the tree.`, { status: 404, code: 'MANIFEST_UNKNOWN' });
    return found;
  }

  /**
   * ECR removes an image with its last tag (BatchDeleteImage by tag): a tag that is its image's only one is planned
   * as that image, so the confirmation says the image goes. Repositories are not deleted here (DeleteRepository).
   */
  override async planDelete(target: { ref: Reference; artifact?: boolean } | { repository: string }, opts: CallOptions = {}): Promise<DeletePlan> {
    if ('repository' in target) throw new RegistryError('Deleting an ECR repository is not supported here: use the AWS console or `aws ecr delete-repository`.', { code: 'UNSUPPORTED' });
    const { ref } = target;
    const img = await this.image(ref, opts);
    const tags = img.imageTags ?? [];
    if (!target.artifact && ref.tag !== undefined && !ref.digest && tags.length > 1) return { what: 'tag', ref: new Reference(ref.registry, ref.repository, ref.tag) };
    return { what: 'artifact', ref, digest: img.imageDigest!, tags };
  }

  override async executeDelete(p: DeletePlan, _confirmed: DeleteConfirmation, opts: ExecuteOptions = {}): Promise<void> {
    if (p.what === 'tag') return this.ecr.deleteImages(p.ref.repository, [{ imageTag: p.ref.tag! }], { signal: opts.signal });
    if (p.what !== 'artifact') throw new RegistryError(`delete ${p.what} is not supported on ECR`, { code: 'UNSUPPORTED' });
    // Right before deleting: refuse when the image's tags changed since the confirmation (one tag more would go too).
    const now = (await this.ecr.images(p.ref.repository, { imageIds: [{ imageDigest: p.digest }], signal: opts.signal })).items[0];
    const was = [...p.tags].sort().join(','); const is = [...(now?.imageTags ?? [])].sort().join(',');
    if (!now || was !== is) throw new RegistryError(`the tags of ${p.digest.slice(0, 19)}… changed since the plan (${is || 'none'}); nothing was deleted. Try again.`, { code: 'PLAN_STALE' });
    return this.ecr.deleteImages(p.ref.repository, [{ imageDigest: p.digest }], { signal: opts.signal });
  }

  /** ECR's own scan findings of the image (basic or enhanced scanning); the scan itself runs on push or on schedule. */
  async serverScanReport(ref: Reference, opts: CallOptions = {}): Promise<ScanReport> {
    const id = ref.digest ? { imageDigest: ref.digest } : { imageTag: ref.tagOrDefault() };
    const r = await this.ecr.scanFindings(ref.repository, id, opts);
    return parseEcrFindings({ imageScanFindings: r.findings.findings?.length || r.findings.enhancedFindings?.length || r.findings.imageScanCompletedAt ? r.findings : undefined, imageScanStatus: r.status },
      { repository: ref.repository, tag: ref.tag, digest: ref.digest ?? undefined });
  }
}
