// The retention planner shared by `regx prune` and the editor's "Clean Up Repository…": which images
// (digests) stay, which go, and why. Pure, so that tests pin every rule.
//
// The unit is the image, not the tag: deleting by digest removes every tag on it (distribution spec "Deleting
// Manifests"; Harbor's artifact delete), so a digest goes only when none of its tags is kept. A digest a kept
// index names stays with it (OCI image-spec "Image Index": deleting it would break the index). A digest with
// an immutable tag (Harbor's tag immutability rules) stays: Harbor refuses to delete it. cosign attachment tags
// (`sha256-<hex>.sig|.att|.sbom`) follow their subject: they go only when the subject goes, so retention never
// leaves an orphaned signature behind, and they never count towards "keep the last N".
import { attachmentSubject, type TagPattern } from './tagPatterns';

export interface RetentionImage {
  digest: string;
  tags: string[];
  created?: string;          // RFC 3339 from the image config; unknown → kept
  children?: string[];       // an index's manifests (digests)
  immutableTags?: string[];  // Harbor: tags marked immutable
}

export interface RetentionRules {
  keepLast?: number;         // the N newest images by created time
  keepDays?: number;         // anything created less than D days ago
  protect?: readonly TagPattern[]; // any image with a tag that matches one
  now: number;               // ms since epoch
}

/** Why an image stays (structured, so the CLI prints English and the editor localizes). */
export type RetentionReason =
  | { rule: 'newest'; rank: number }
  | { rule: 'newerThan'; days: number }
  | { rule: 'protected'; tag: string; pattern: string }
  | { rule: 'immutable'; tag: string }
  | { rule: 'unknownAge' }
  | { rule: 'childOf'; digest: string; tags: string[] }
  | { rule: 'subjectKept'; subject: string }
  | { rule: 'subjectUnknown'; subject: string };

export interface RetentionDecision extends RetentionImage {
  keep: boolean;
  reasons: RetentionReason[];   // why it is kept (empty when it goes)
  /** For a cosign attachment: the digest it is attached to. */
  subject?: string;
}

const DAY = 86_400_000;

/** English for the CLI and logs; the editor has its localized twin. */
export function reasonText(r: RetentionReason): string {
  switch (r.rule) {
    case 'newest': return `newest ${r.rank}`;
    case 'newerThan': return `newer than ${r.days} days`;
    case 'protected': return `protected tag ${r.tag}`;
    case 'immutable': return `immutable tag ${r.tag}`;
    case 'unknownAge': return 'creation time unknown';
    case 'childOf': return `part of ${r.digest}`;
    case 'subjectKept': return `attached to kept ${r.subject}`;
    case 'subjectUnknown': return `attached to ${r.subject}, not found in the repository`;
  }
}

function time(created: string | undefined): number | undefined {
  if (!created) return undefined;
  const t = Date.parse(created);
  return Number.isFinite(t) ? t : undefined;
}

/** Newest first; images of unknown age last; ties by digest for a stable order. */
function order(a: RetentionImage, b: RetentionImage): number {
  const ta = time(a.created);
  const tb = time(b.created);
  if (ta !== tb) {
    if (ta === undefined) return 1;
    if (tb === undefined) return -1;
    return tb - ta;
  }
  return a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0;
}

/** The subject of an image whose every tag is a cosign attachment tag of the same subject. */
function subjectOf(img: RetentionImage): string | undefined {
  const subjects = new Set(img.tags.map(attachmentSubject));
  const [only] = subjects;
  return subjects.size === 1 && only !== undefined ? only : undefined;
}

/**
 * Plans a repository. `extraParents` (digest → digests of indexes that name it, through untagged indexes too,
 * e.g. from src/registry/delete.ts indexParents) keeps what `children` alone cannot reach.
 */
export function planRetention(images: readonly RetentionImage[], rules: RetentionRules, extraParents?: ReadonlyMap<string, readonly string[]>): RetentionDecision[] {
  const sorted: RetentionDecision[] = images.map((i) => ({ ...i, tags: [...i.tags].sort(), keep: false, reasons: [] as RetentionReason[], subject: subjectOf(i) })).sort(order);
  let rank = 0;
  for (const d of sorted) {
    if (d.subject) continue; // decided by its subject below
    const t = time(d.created);
    if (t === undefined) d.reasons.push({ rule: 'unknownAge' });
    else {
      rank++;
      if (rules.keepLast !== undefined && rank <= rules.keepLast) d.reasons.push({ rule: 'newest', rank });
      if (rules.keepDays !== undefined && t > rules.now - rules.keepDays * DAY) d.reasons.push({ rule: 'newerThan', days: rules.keepDays });
    }
    for (const tag of d.tags) {
      const p = rules.protect?.find((x) => x.test(tag));
      if (p) { d.reasons.push({ rule: 'protected', tag, pattern: p.source }); break; }
    }
    const imm = d.immutableTags?.find((t) => d.tags.includes(t));
    if (imm !== undefined) d.reasons.push({ rule: 'immutable', tag: imm });
  }
  // An image that a kept index refers to stays with it (and so do its own children, transitively).
  const byDigest = new Map(sorted.map((d) => [d.digest, d]));
  const keepChildren = (d: RetentionDecision, seen: Set<string>): void => {
    for (const c of d.children ?? []) {
      const child = byDigest.get(c);
      if (!child || seen.has(c)) continue;
      seen.add(c);
      if (!child.reasons.some((r) => r.rule === 'childOf')) child.reasons.push({ rule: 'childOf', digest: d.digest, tags: d.tags });
      keepChildren(child, seen);
    }
  };
  for (const d of sorted) if (d.reasons.some((r) => r.rule !== 'childOf')) keepChildren(d, new Set([d.digest]));
  for (const d of sorted) {
    if (d.reasons.length > 0 || d.subject) continue;
    const parent = extraParents?.get(d.digest)?.map((p) => byDigest.get(p)).find((p) => p && p.reasons.length > 0);
    if (parent) d.reasons.push({ rule: 'childOf', digest: parent.digest, tags: parent.tags });
  }
  // Attachments follow their subject: kept when it is kept (as an image or inside a kept index), gone when it
  // goes, kept when it is nowhere to be seen (nothing retention does would orphan it).
  const keptDigests = new Set<string>();
  const knownDigests = new Set<string>();
  for (const d of sorted) {
    if (d.subject) continue;
    knownDigests.add(d.digest);
    for (const c of d.children ?? []) knownDigests.add(c);
    if (d.reasons.length > 0) { keptDigests.add(d.digest); for (const c of d.children ?? []) keptDigests.add(c); }
  }
  for (const d of sorted) {
    if (!d.subject) continue;
    if (keptDigests.has(d.subject)) d.reasons.push({ rule: 'subjectKept', subject: d.subject });
    else if (!knownDigests.has(d.subject)) d.reasons.push({ rule: 'subjectUnknown', subject: d.subject });
  }
  for (const d of sorted) d.keep = d.reasons.length > 0;
  return sorted;
}

/** One row per tag, for previews: the image's decision plus the other tags on the same digest. */
export interface RetentionTagRow {
  tag: string;
  digest: string;
  created?: string;
  keep: boolean;
  reasons: RetentionReason[];
  sharedWith: string[];
  immutable: boolean;
  subject?: string;
}

export function tagRows(plan: readonly RetentionDecision[]): RetentionTagRow[] {
  return plan.flatMap((d) => d.tags.map((tag) => ({
    tag, digest: d.digest, created: d.created, keep: d.keep, reasons: d.reasons,
    sharedWith: d.tags.filter((t) => t !== tag), immutable: !!d.immutableTags?.includes(tag), subject: d.subject,
  })));
}
