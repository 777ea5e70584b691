// Carries out a confirmed retention plan through the backend (planDelete/executeDelete), so every kind
// deletes its own way. Each digest is planned again right before its delete: if its tags changed since the
// preview (a tag pushed meanwhile), it is skipped and reported, never deleted.
import { Reference, RegistryError, isAbort, type CallOptions } from '../registry/index';
import type { RegistryBackend } from '../backends/registryBackend';
import type { RetentionDecision } from './planRetention';

export interface RetentionFailure { digest: string; tags: string[]; reason: string }
export interface RetentionResult {
  deleted: Array<{ digest: string; tags: string[] }>;
  kept: number;
  failed: RetentionFailure[];
  cancelled: boolean;
}

export interface ApplyOptions extends CallOptions {
  onProgress?: (done: number, total: number, current: { digest: string; tags: string[] }) => void;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && new Set([...a, ...b]).size === a.length;

/**
 * Delete order: attachments first (a failure later never leaves a signature without its subject), then
 * indexes before what they name (a failure never leaves a tagged index naming a missing manifest).
 */
export function deleteOrder(plan: readonly RetentionDecision[]): RetentionDecision[] {
  const doomed = plan.filter((d) => !d.keep);
  const ids = new Set(doomed.map((d) => d.digest));
  const depth = new Map<string, number>();
  const parentsOf = new Map<string, string[]>();
  for (const d of doomed) for (const c of d.children ?? []) if (ids.has(c)) parentsOf.set(c, [...(parentsOf.get(c) ?? []), d.digest]);
  const depthOf = (digest: string, seen: Set<string>): number => {
    const known = depth.get(digest);
    if (known !== undefined) return known;
    if (seen.has(digest)) return 0;
    seen.add(digest);
    const v = Math.max(0, ...(parentsOf.get(digest) ?? []).map((p) => depthOf(p, seen) + 1));
    depth.set(digest, v);
    return v;
  };
  const rank = (d: RetentionDecision) => (d.subject ? -1 : depthOf(d.digest, new Set()));
  return doomed.sort((a, b) => rank(a) - rank(b));
}

export async function applyRetention(backend: RegistryBackend, repository: string, plan: readonly RetentionDecision[], opts: ApplyOptions = {}): Promise<RetentionResult> {
  const order = deleteOrder(plan);
  const result: RetentionResult = { deleted: [], kept: plan.length - order.length, failed: [], cancelled: false };
  let done = 0;
  for (const d of order) {
    if (opts.signal?.aborted) { result.cancelled = true; break; }
    opts.onProgress?.(done, order.length, d);
    try {
      const p = await backend.planDelete({ ref: new Reference(backend.host, repository, undefined, d.digest), artifact: true }, { signal: opts.signal });
      const tagsNow = p.what === 'manifest' ? p.plan.alsoRemovesTags : p.what === 'artifact' ? p.tags : [];
      if (!sameSet(tagsNow, d.tags)) {
        result.failed.push({ digest: d.digest, tags: d.tags, reason: `its tags changed since the preview (now: ${tagsNow.join(', ') || 'none'}); not deleted` });
        continue;
      }
      if (p.what === 'manifest' && p.plan.parents.length > 0) {
        result.failed.push({ digest: d.digest, tags: d.tags, reason: `the index of tag(s) ${p.plan.parents.flatMap((x) => x.tags).join(', ')} names it; not deleted` });
        continue;
      }
      await backend.executeDelete(p, {}, { signal: opts.signal });
      result.deleted.push({ digest: d.digest, tags: d.tags });
    } catch (e) {
      if (isAbort(e) || opts.signal?.aborted) { result.cancelled = true; break; }
      if (e instanceof RegistryError && e.status === 404) { result.deleted.push({ digest: d.digest, tags: d.tags }); continue; } // already gone
      result.failed.push({ digest: d.digest, tags: d.tags, reason: e instanceof Error ? e.message : String(e) });
    }
    done++;
  }
  opts.onProgress?.(done, order.length, { digest: '', tags: [] });
  return result;
}
