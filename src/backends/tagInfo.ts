/**
 * One shape for what a tag row shows, whatever the source: v2 details (lazy), a Harbor artifact (from the
 * artifact list, no per-tag request) or a Docker Hub tag. The sources are typed by their API models
 * (harbor-types.ts after the Harbor swagger, dockerhub-types.ts); fields those APIs mark optional, or that older
 * servers omit, degrade to "unknown" here instead of failing the row.
 */
import { INDEX_TYPES, type HarborArtifact, type HarborScanSummary, type HubTag, type ImageDetails } from '../registry/index';

export interface PlatformInfo { os: string; architecture: string; variant?: string; digest?: string; size?: number }

export interface ScanSummary { status?: string; critical?: number; high?: number; medium?: number; low?: number; total?: number }

export interface TagInfo {
  tag?: string;                 // undefined for an untagged Harbor artifact
  digest?: string;
  mediaType?: string;
  size?: number;
  created?: string;             // image config "created"
  pushed?: string;              // Harbor push_time / Hub tag_last_pushed
  platforms?: PlatformInfo[];
  isIndex?: boolean;
  otherTags?: string[];         // other tags of the same artifact (Harbor)
  scan?: ScanSummary;
  /** Harbor's scan_overview entry (first report type), for the scan badges. */
  scanOverview?: HarborScanSummary;
  /** Harbor accessory types of the artifact (`signature.cosign`, `sbom.harbor`, …): the "signed" mark without a request. */
  accessoryTypes?: string[];
  /** Harbor: an immutability rule of the project protects this tag (Tag.immutable). */
  immutable?: boolean;
  /** Harbor: labels on the artifact (Artifact.labels). */
  labels?: Array<{ id: number; name: string; global?: boolean }>;
}

export const isIndexMediaType = (mt: string | undefined | null): boolean => !!mt && INDEX_TYPES.has(mt);
const text = (v: string | null | undefined): string | undefined => (typeof v === 'string' && v ? v : undefined);
const count = (v: number | null | undefined): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Harbor `Artifact` → one TagInfo per tag (or one untagged row). */
export function fromHarborArtifact(a: HarborArtifact): TagInfo[] {
  if (!a || typeof a !== 'object') return [{}]; // a malformed list entry is an unknown row, not a failed list
  const mediaType = text(a.manifest_media_type) ?? text(a.media_type);
  const extra = a.extra_attrs ?? {};
  const refs = a.references ?? [];
  const platforms: PlatformInfo[] = refs.length
    ? refs.map((r) => ({ os: text(r.platform?.os) ?? '', architecture: text(r.platform?.architecture) ?? '', variant: text(r.platform?.variant), digest: text(r.child_digest) }))
    : text(extra.architecture) ? [{ os: text(extra.os) ?? '', architecture: extra.architecture!, variant: typeof extra.variant === 'string' ? extra.variant : undefined }] : [];
  const overview = firstOverview(a.scan_overview);
  const base: TagInfo = {
    digest: text(a.digest), mediaType, size: count(a.size), created: text(extra.created), pushed: text(a.push_time), platforms,
    isIndex: isIndexMediaType(mediaType) || refs.length > 0, scan: overview && harborScan(overview), scanOverview: overview,
    accessoryTypes: (a.accessories ?? []).map((x) => text(x?.type)).filter((t): t is string => !!t),
  };
  const labels = (a.labels ?? []).filter((l) => !!l && typeof l === 'object' && typeof l.name === 'string')
    .map((l) => ({ id: l.id, name: l.name, global: l.scope === 'g' }));
  if (labels.length) base.labels = labels;
  const tagModels = (a.tags ?? []).filter((t) => !!text(t?.name));
  const tags = tagModels.map((t) => t.name);
  if (!tags.length) return [{ ...base }];
  return tagModels.map((t) => ({ ...base, tag: t.name, otherTags: tags.filter((x) => x !== t.name), ...(t.immutable === true ? { immutable: true } : {}) }));
}

/** scan_overview is keyed by report MIME type (Harbor API "Artifact.scan_overview"); the first entry is shown. */
function firstOverview(o: Record<string, HarborScanSummary> | undefined): HarborScanSummary | undefined {
  const first = o && typeof o === 'object' ? Object.values(o)[0] : undefined;
  return first && typeof first === 'object' ? first : undefined;
}

function harborScan(s: HarborScanSummary): ScanSummary {
  const bySev = s.summary?.summary ?? {};
  return {
    status: text(s.scan_status), total: count(s.summary?.total),
    critical: count(bySev.Critical), high: count(bySev.High), medium: count(bySev.Medium), low: count(bySev.Low),
  };
}

/** Docker Hub tag → TagInfo. `images` holds one entry per platform; the tag's `digest` is the index digest. */
export function fromHubTag(t: HubTag & { media_type?: string }): TagInfo {
  if (!t || typeof t !== 'object') return {};
  const images = (t.images ?? []).filter((i) => !!i && typeof i === 'object');
  const platforms = images.map((i) => ({
    os: text(i.os) ?? '', architecture: text(i.architecture) ?? '', variant: text(i.variant), digest: text(i.digest), size: count(i.size),
  }));
  const mediaType = text(t.media_type);
  return {
    tag: text(t.name), digest: text(t.digest) ?? (images.length === 1 ? text(images[0].digest) : undefined),
    mediaType, size: count(t.full_size), pushed: text(t.tag_last_pushed) ?? text(t.last_updated), platforms,
    isIndex: isIndexMediaType(mediaType) || images.length > 1,
  };
}

/** The client's ImageDetails (v2 lazy details) → TagInfo. */
export function fromImageDetails(tag: string, d: Pick<ImageDetails, 'digest' | 'mediaType' | 'size' | 'created' | 'platforms'>): TagInfo {
  return {
    tag, digest: d.digest, mediaType: d.mediaType, size: d.size, created: d.created,
    platforms: d.platforms.map((p) => ({ os: p.os, architecture: p.architecture, variant: p.variant })),
    isIndex: isIndexMediaType(d.mediaType),
  };
}
