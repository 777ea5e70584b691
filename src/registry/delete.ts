// Delete that loses nothing by surprise.
//
// Design (why it is honest and cheap):
// - Whether a registry deletes by tag (OCI distribution 1.1: DELETE /v2/<name>/manifests/<tag> removes
//   only that tag) must be known BEFORE the user confirms, because it decides what else goes. We learn it
//   without deleting anything: DELETE of a random tag that cannot exist. A registry that supports tag
//   deletion answers 404 (tag unknown); registry 2.8 answers 400 DIGEST_INVALID (it only takes digests);
//   405 means deletes are disabled (or this kind of delete is unsupported). distribution-spec "Deleting tags":
//   "If tag deletion is disabled, the registry MUST respond with either a 400 Bad Request or a 405", so a
//   404 for an unknown tag means tag deletion is there (Harbor answers DIGEST_INVALID before any lookup,
//   like registry 2.8). The answer is a property of the registry, cached per client: one request at most.
// - By tag: nothing else goes, alsoRemovesTags is empty, no tag listing needed.
// - By digest: a manifest delete removes EVERY tag that points at that digest, so the plan lists them
//   (tags list + HEAD each other tag, 8 in flight) and the caller must confirm exactly that set.
// - executeDelete re-resolves the digest and re-lists the siblings right before deleting and refuses if
//   anything moved. A window between that check and the DELETE remains; the registry API has no
//   conditional delete to close it.
import type { RegistryClient } from './client';
import { deleteError, deleteScope, DELETE_DISABLED_MESSAGE } from './distribution';
import { RegistryError } from './errors';
import type { Reference } from './reference';
import { mapLimit } from './copy';
import type { CallOptions } from './types';

export interface DeletePlan {
  ref: Reference;
  digest: string;
  /** True when the registry deletes the tag alone; then nothing else is removed. */
  byTag: boolean;
  /** Other tags that point at the digest and go with it (empty when byTag). Sorted. */
  alsoRemovesTags: string[];
  /** Set when the probe answered 405: the delete will fail unless deletes are enabled. */
  deleteDisabled?: boolean;
}

export interface DeleteOptions extends CallOptions {
  /** HEAD requests in flight while looking for sibling tags. Default 8. */
  concurrency?: number;
}

export type TagDeleteSupport = 'tag' | 'digest-only' | 'disabled';
/** The answer is the registry's, not the repository's: one probe per client. */
const support = new WeakMap<RegistryClient, Promise<TagDeleteSupport>>();

/** Learns, without deleting anything, whether the registry deletes by tag (see the header comment). */
export function probeTagDelete(client: RegistryClient, repository: string, opts: CallOptions = {}): Promise<TagDeleteSupport> {
  const cached = support.get(client);
  if (cached) return cached;
  const p = (async (): Promise<TagDeleteSupport> => {
    // A random tag: it cannot exist, so even a registry that deletes by tag deletes nothing.
    const tag = `regx-probe-${(require('node:crypto') as typeof import('node:crypto')).randomBytes(12).toString('hex')}`;
    const res = await client.request({
      method: 'DELETE', path: `/v2/${repository}/manifests/${tag}`, scope: deleteScope(repository), signal: opts.signal, idempotent: true,
    });
    if (res.status === 404 || res.status === 202 || res.status === 200) return 'tag';
    if (res.status === 405) return 'disabled';
    if (res.status === 401 || res.status === 403) throw client.errorFor(res, `delete in ${client.registry}/${repository}`);
    return 'digest-only'; // 400 DIGEST_INVALID on registry 2.8, and anything else we cannot read as support
  })();
  support.set(client, p);
  p.catch(() => support.delete(client));
  return p;
}

async function resolve(client: RegistryClient, ref: Reference, opts: CallOptions): Promise<string> {
  const d = await client.headManifest(ref, { signal: opts.signal, scope: deleteScope(ref.repository) });
  if (!d) throw new RegistryError(`${ref} not found. Check the repository and tag.`, { status: 404, code: 'MANIFEST_UNKNOWN' });
  return d.digest;
}

/** Every tag of the repository that points at `digest`, except `exclude`. */
export async function tagsPointingAt(client: RegistryClient, ref: Reference, digest: string, exclude: string | undefined, opts: DeleteOptions = {}): Promise<string[]> {
  const all: string[] = [];
  for await (const page of client.allTags(ref.repository, { signal: opts.signal, scope: deleteScope(ref.repository) })) all.push(...page);
  const others = [...new Set(all)].filter((t) => t !== exclude);
  const hits: string[] = [];
  await mapLimit(others, opts.concurrency ?? 8, async (t) => {
    const d = await client.headManifest(ref.withTag(t), { signal: opts.signal, scope: deleteScope(ref.repository) });
    if (d?.digest === digest) hits.push(t);
  }, opts.signal);
  return hits.sort();
}

/** What deleting `ref` would remove. Deletes nothing. */
export async function planDelete(client: RegistryClient, ref: Reference, opts: DeleteOptions = {}): Promise<DeletePlan> {
  const digest = await resolve(client, ref, opts);
  if (ref.tag !== undefined && ref.digest === undefined) {
    const how = await probeTagDelete(client, ref.repository, opts);
    if (how === 'tag') return { ref, digest, byTag: true, alsoRemovesTags: [] };
    const alsoRemovesTags = await tagsPointingAt(client, ref, digest, ref.tag, opts);
    return { ref, digest, byTag: false, alsoRemovesTags, ...(how === 'disabled' ? { deleteDisabled: true } : {}) };
  }
  // A digest reference: every tag on it goes.
  const alsoRemovesTags = await tagsPointingAt(client, ref, digest, undefined, opts);
  return { ref, digest, byTag: false, alsoRemovesTags };
}

function sameSet(a: string[], b: string[]): boolean {
  const A = new Set(a);
  const B = new Set(b);
  return A.size === B.size && [...A].every((x) => B.has(x));
}

/**
 * Carries out a plan. Refuses (RegistryError code PLAN_STALE) when the tag now points elsewhere or the
 * set of sibling tags differs from `confirmedTags` (what the user saw and accepted).
 */
export async function executeDelete(client: RegistryClient, plan: DeletePlan, opts: DeleteOptions & { confirmedTags: string[] } = { confirmedTags: [] }): Promise<void> {
  const ref = plan.ref;
  const confirmed = opts.confirmedTags ?? [];
  if (!sameSet(confirmed, plan.alsoRemovesTags)) {
    throw new RegistryError(`refusing to delete ${ref}: the confirmed tags (${confirmed.join(', ') || 'none'}) differ from the plan (${plan.alsoRemovesTags.join(', ') || 'none'})`, { code: 'PLAN_STALE' });
  }
  const digest = await resolve(client, ref, opts);
  if (digest !== plan.digest) {
    throw new RegistryError(`refusing to delete ${ref}: it now points at ${digest}, not ${plan.digest} as planned. Plan again.`, { code: 'PLAN_STALE' });
  }
  if (plan.byTag && ref.tag !== undefined) {
    const res = await client.request({
      method: 'DELETE', path: `/v2/${ref.repository}/manifests/${ref.tag}`, scope: deleteScope(ref.repository), signal: opts.signal, idempotent: true,
    });
    if (res.status === 202 || res.status === 200 || res.status === 204) return;
    throw deleteError(client, res, `delete of ${ref}`);
  }
  const now = await tagsPointingAt(client, ref, digest, ref.digest === undefined ? ref.tag : undefined, opts);
  if (!sameSet(now, confirmed)) {
    const added = now.filter((t) => !confirmed.includes(t));
    const gone = confirmed.filter((t) => !now.includes(t));
    throw new RegistryError(
      `refusing to delete ${ref}: the tags sharing its digest changed since the plan${added.length ? ` (new: ${added.join(', ')})` : ''}${gone.length ? ` (gone: ${gone.join(', ')})` : ''}. Plan again.`,
      { code: 'PLAN_STALE' });
  }
  await client.deleteManifest(ref.repository, digest, { signal: opts.signal });
}

export { DELETE_DISABLED_MESSAGE };
