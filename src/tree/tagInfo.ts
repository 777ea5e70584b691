import { INDEX_TYPES } from '../registry/mediaTypes';
/**
 * One shape for what a tag row shows, whatever the source: v2 details (lazy), a Harbor artifact
 * (from the artifact list, no per-tag request) or a Docker Hub tag. Pure: no 'vscode'.
 * Harbor/Hub objects are read field by field (swagger names) so a missing field degrades to "unknown".
 */
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
  /** Harbor's raw scan_overview entry (first report type), for the scan badges. */
  scanOverview?: Record<string, unknown>;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export const isIndexMediaType = (mt: string | undefined): boolean => !!mt && INDEX_TYPES.has(mt);

/** Harbor `Artifact` → one TagInfo per tag (or one untagged row). */
export function fromHarborArtifact(a: unknown): TagInfo[] {
  const o = obj(a) ?? {};
  const digest = str(o.digest);
  const mediaType = str(o.manifest_media_type) ?? str(o.media_type);
  const extra = obj(o.extra_attrs) ?? {};
  const refs = arr(o.references).map(obj).filter((r): r is Obj => !!r);
  const platforms: PlatformInfo[] = refs.length
    ? refs.map((r) => { const p = obj(r.platform) ?? {}; return { os: str(p.os) ?? '', architecture: str(p.architecture) ?? '', variant: str(p.variant), digest: str(r.child_digest) }; })
    : str(extra.architecture) ? [{ os: str(extra.os) ?? '', architecture: str(extra.architecture)!, variant: str(extra.variant) }] : [];
  const base: TagInfo = {
    digest, mediaType, size: num(o.size), created: str(extra.created), pushed: str(o.push_time), platforms,
    isIndex: isIndexMediaType(mediaType) || refs.length > 0, scan: harborScan(o.scan_overview),
    scanOverview: obj(Object.values(obj(o.scan_overview) ?? {})[0]),
  };
  const tags = arr(o.tags).map(obj).map((t) => str(t?.name)).filter((t): t is string => !!t);
  if (!tags.length) return [{ ...base }];
  return tags.map((tag) => ({ ...base, tag, otherTags: tags.filter((t) => t !== tag) }));
}

/** Harbor scan_overview is keyed by report MIME type; take the first summary. */
function harborScan(v: unknown): ScanSummary | undefined {
  const o = obj(v);
  if (!o) return undefined;
  const first = obj(Object.values(o)[0]);
  if (!first) return undefined;
  const sum = obj(first.summary) ?? {};
  const bySev = obj(sum.summary) ?? {};
  return {
    status: str(first.scan_status), total: num(sum.total),
    critical: num(bySev.Critical), high: num(bySev.High), medium: num(bySev.Medium), low: num(bySev.Low),
  };
}

/** Docker Hub tag → TagInfo. `images` holds one entry per platform; the tag's `digest` is the index digest. */
export function fromHubTag(t: unknown): TagInfo {
  const o = obj(t) ?? {};
  const images = arr(o.images).map(obj).filter((i): i is Obj => !!i);
  const platforms = images.map((i) => ({
    os: str(i.os) ?? '', architecture: str(i.architecture) ?? '', variant: str(i.variant), digest: str(i.digest), size: num(i.size),
  }));
  const mediaType = str(o.media_type);
  return {
    tag: str(o.name), digest: str(o.digest) ?? (images.length === 1 ? str(images[0].digest) : undefined),
    mediaType, size: num(o.full_size), pushed: str(o.tag_last_pushed) ?? str(o.last_updated), platforms,
    isIndex: isIndexMediaType(mediaType) || images.length > 1,
  };
}

/** The client's ImageDetails (v2 lazy details) → TagInfo. */
export function fromImageDetails(tag: string, d: { digest: string; mediaType: string; size: number; created?: string; platforms: { os: string; architecture: string; variant?: string }[] }): TagInfo {
  return {
    tag, digest: d.digest, mediaType: d.mediaType, size: d.size, created: d.created,
    platforms: d.platforms.map((p) => ({ os: p.os, architecture: p.architecture, variant: p.variant })),
    isIndex: isIndexMediaType(d.mediaType),
  };
}
