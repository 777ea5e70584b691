// The decision part of `regx prune`, pure so that tests can pin it: which images (digests) stay and why.
// The unit is the image, not the tag: deleting by digest removes every tag on it, so a digest goes only
// when none of its tags is kept and no kept index refers to it.

export interface PruneImage {
  digest: string;
  tags: string[];
  created?: string;          // RFC 3339 from the image config; unknown → kept
  children?: string[];       // an index's manifests (digests)
}

export interface PruneRules {
  keepLast?: number;         // the N newest images by created time
  keepDays?: number;         // anything created less than D days ago
  protect?: RegExp;          // any image with a tag that matches
  now: number;               // ms since epoch
}

export interface PruneDecision extends PruneImage {
  keep: boolean;
  reasons: string[];         // why it is kept (empty when it goes)
}

const DAY = 86_400_000;

function time(created: string | undefined): number | undefined {
  if (!created) return undefined;
  const t = Date.parse(created);
  return Number.isFinite(t) ? t : undefined;
}

/** Newest first; images of unknown age last; ties by digest for a stable order. */
function order(a: PruneImage, b: PruneImage): number {
  const ta = time(a.created);
  const tb = time(b.created);
  if (ta !== tb) {
    if (ta === undefined) return 1;
    if (tb === undefined) return -1;
    return tb - ta;
  }
  return a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0;
}

export function planPrune(images: readonly PruneImage[], rules: PruneRules): PruneDecision[] {
  const sorted = images.map((i) => ({ ...i, tags: [...i.tags].sort(), keep: false, reasons: [] as string[] })).sort(order);
  let rank = 0;
  for (const d of sorted) {
    const t = time(d.created);
    if (t === undefined) d.reasons.push('creation time unknown');
    else {
      rank++;
      if (rules.keepLast !== undefined && rank <= rules.keepLast) d.reasons.push(`newest ${rank}`);
      if (rules.keepDays !== undefined && t > rules.now - rules.keepDays * DAY) d.reasons.push(`newer than ${rules.keepDays} days`);
    }
    const hit = rules.protect ? d.tags.find((tag) => rules.protect?.test(tag)) : undefined;
    if (hit !== undefined) d.reasons.push(`protected tag ${hit}`);
  }
  // An image that a kept index refers to stays with it (and so do its own children, transitively).
  const byDigest = new Map(sorted.map((d) => [d.digest, d]));
  const keepChildren = (d: PruneDecision, seen: Set<string>): void => {
    for (const c of d.children ?? []) {
      const child = byDigest.get(c);
      if (!child || seen.has(c)) continue;
      seen.add(c);
      if (!child.reasons.some((r) => r.startsWith('part of '))) child.reasons.push(`part of ${d.digest}`);
      keepChildren(child, seen);
    }
  };
  for (const d of sorted) if (d.reasons.length > 0 && !d.reasons[0]?.startsWith('part of ')) keepChildren(d, new Set([d.digest]));
  for (const d of sorted) d.keep = d.reasons.length > 0;
  return sorted;
}
