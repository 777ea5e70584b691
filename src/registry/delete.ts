// Delete that loses nothing by surprise.
//
// Design (why it is honest and cheap):
// - Whether a registry deletes by tag (OCI distribution 1.1: DELETE /v2/<name>/manifests/<tag> removes
//   only that tag) decides what else goes. distribution-spec "Deleting tags": "If tag deletion is disabled,
//   the registry MUST respond with either a 400 Bad Request or a 405", so a 404 for an unknown tag means tag
//   deletion is there (registry 2.8 and Harbor answer 400 DIGEST_INVALID before any lookup). The answer is
//   a property of the registry, remembered per client.
// - Nothing is sent as a DELETE before the user confirms. When the answer is not known yet, the plan is the
//   by-digest one (the most that can go) and says so (`tagDeleteUnknown`); executeDelete then sends the
//   real DELETE by tag first and uses its answer: taken → only the tag went (less than confirmed, never
//   more); refused with 400/405 → the confirmed by-digest delete. The CLI, whose flags are its confirmation,
//   may ask up front with `probe` (a DELETE of a random tag that cannot exist, so nothing is deleted).
// - By digest: a manifest delete removes EVERY tag that points at that digest (siblings), and breaks every
//   index that names the digest (OCI image-spec "Image Index": `manifests` are descriptors by digest; a
//   pull of the index needs each of them). So the plan lists the siblings and the tagged indexes that name
//   the digest, directly or through untagged indexes ("referenced by the index of tag X"); the caller must
//   confirm exactly those. One listing and one HEAD per tag (8 in flight), then one GET per index digest,
//   cached by digest (a digest names fixed content, so an index's children never change).
// - executeDelete re-resolves the digest and re-reads the tags (and indexes, from the cache) right before
//   deleting and refuses if anything moved. A window between that check and the DELETE remains; the
//   registry API has no conditional delete to close it.
import type { RegistryClient } from './client';
import { deleteError, DELETE_DISABLED_MESSAGE } from './distribution';
import { deleteScope } from './scope';
import { RegistryError } from './errors';
import { INDEX_TYPES } from './mediaTypes';
import type { Reference } from './reference';
import { mapLimit } from './limiter';
import type { CallOptions, Descriptor, ManifestDescriptor } from './types';

/** A tagged index that names the digest to delete (directly or through untagged indexes). */
export interface IndexParent {
  digest: string;
  /** Every tag that points at this index, sorted: deleting the index removes them all. */
  tags: string[];
}

export interface DeletePlan {
  ref: Reference;
  digest: string;
  /** True when the registry is known to delete the tag alone; then nothing else is removed. */
  byTag: boolean;
  /**
   * True when it is not known yet whether the registry deletes by tag (no DELETE was sent to find out):
   * the plan is the by-digest one, the most that can go, and executeDelete tries the tag alone first.
   */
  tagDeleteUnknown?: boolean;
  /** Other tags that point at the digest and go with it (empty when byTag). Sorted. */
  alsoRemovesTags: string[];
  /** Tagged indexes that name the digest; deleting it would break them (empty when byTag). Outer indexes first. */
  parents: IndexParent[];
  /** Set when the registry is known to have deletes disabled (405): the delete will fail unless they are enabled. */
  deleteDisabled?: boolean;
}

export interface DeleteOptions extends CallOptions {
  /** HEAD and index GET requests in flight while reading the repository. Default 8. */
  concurrency?: number;
}

export interface PlanOptions extends DeleteOptions {
  /**
   * Ask the registry now whether it deletes by tag (a DELETE of a random tag, which deletes nothing). For
   * callers whose request is already the confirmation (the CLI's flags); a dialog must not, so that no
   * DELETE reaches the registry before the user answers.
   */
  probe?: boolean;
}

export interface ExecuteOptions extends DeleteOptions {
  /** The sibling tags the user saw and accepted: must equal plan.alsoRemovesTags. */
  confirmedTags: string[];
  /**
   * The index tags the user accepted to delete too (every tag of every plan.parents entry). Without it, a
   * plan with parents is refused (code REFERENCED_BY_INDEX): deleting the manifest would break them.
   */
  confirmedParentTags?: string[];
}

export type TagDeleteSupport = 'tag' | 'digest-only' | 'disabled';
/** The answer is the registry's, not the repository's: one probe per client. */
const support = new WeakMap<RegistryClient, Promise<TagDeleteSupport>>();
/** Answers already in hand (from a probe or from a real delete), read without sending anything. */
const known = new WeakMap<RegistryClient, TagDeleteSupport>();

/** What is known, without asking, about whether the registry deletes by tag. */
export function knownTagDelete(client: RegistryClient): TagDeleteSupport | undefined {
  return known.get(client);
}

/** Learns, without deleting anything, whether the registry deletes by tag (see the header comment). */
export function probeTagDelete(client: RegistryClient, repository: string, opts: CallOptions = {}): Promise<TagDeleteSupport> {
  const cached = support.get(client);
  if (cached) return cached;
  const already = known.get(client);
  if (already) return Promise.resolve(already);
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
  p.then((s) => known.set(client, s), () => support.delete(client));
  return p;
}

async function resolve(client: RegistryClient, ref: Reference, opts: CallOptions): Promise<string> {
  const d = await client.headManifest(ref, { signal: opts.signal, scope: deleteScope(ref.repository) });
  if (!d) throw new RegistryError(`${ref} not found. Check the repository and tag.`, { status: 404, code: 'MANIFEST_UNKNOWN' });
  return d.digest;
}

/**
 * Every tag of the repository with the manifest it points at: one guarded listing (Link loops and endless
 * pages stop, see allTags) and one HEAD per tag, `concurrency` in flight. A tag deleted meanwhile is left
 * out; `exclude` (a tag whose digest the caller already has) is not asked for. `scope` defaults to
 * pull and delete, so one token serves the whole delete. Pages are added one name
 * at a time: registry 2.8 sends every tag in one answer, far more than a spread call can take.
 */
export async function tagDescriptors(client: RegistryClient, repo: Reference, opts: DeleteOptions & { exclude?: string; scope?: string[] } = {}): Promise<Map<string, ManifestDescriptor>> {
  const scope = opts.scope ?? deleteScope(repo.repository);
  const names = new Set<string>();
  for await (const page of client.allTags(repo.repository, { signal: opts.signal, scope })) {
    for (const t of page) if (t !== opts.exclude) names.add(t);
  }
  const out = new Map<string, ManifestDescriptor>();
  await mapLimit([...names], opts.concurrency ?? 8, async (t) => {
    const d = await client.headManifest(repo.withTag(t), { signal: opts.signal, scope });
    if (d) out.set(t, d);
  }, opts.signal);
  return out;
}

/** The tags of each digest, in the order the map gives them. */
export function tagsByDigest(tags: ReadonlyMap<string, ManifestDescriptor>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [tag, d] of tags) {
    const list = out.get(d.digest);
    if (list) list.push(tag); else out.set(d.digest, [tag]);
  }
  return out;
}

/** Every tag of the repository that points at `digest`, except `exclude`. Sorted. */
export async function tagsPointingAt(client: RegistryClient, ref: Reference, digest: string, exclude: string | undefined, opts: DeleteOptions = {}): Promise<string[]> {
  const tags = await tagDescriptors(client, ref, { ...opts, exclude });
  const hits: string[] = [];
  for (const [t, d] of tags) if (d.digest === digest) hits.push(t);
  return hits.sort();
}

/** An index's children, per client and digest; a digest names fixed content, so the answer never changes. */
const childCache = new WeakMap<RegistryClient, Map<string, Promise<Descriptor[]>>>();
const CHILD_CACHE_MAX = 4096;

/** The manifests an index names (an image: none). One GET per digest and client, cached. */
export function indexChildren(client: RegistryClient, repo: Reference, digest: string, opts: CallOptions & { scope?: string[] } = {}): Promise<Descriptor[]> {
  let cache = childCache.get(client);
  if (!cache) { cache = new Map(); childCache.set(client, cache); }
  const c = cache;
  let p = c.get(digest);
  if (!p) {
    p = client.getManifest(repo.withDigest(digest), { signal: opts.signal, scope: opts.scope ?? deleteScope(repo.repository) })
      .then((m) => (m.isIndex ? m.manifests ?? [] : []));
    c.set(digest, p);
    if (c.size > CHILD_CACHE_MAX) c.delete(c.keys().next().value as string);
  }
  const mine = p;
  return mine.catch((e: unknown) => {
    if (c.get(digest) === mine) c.delete(digest); // only answers are kept, not failures
    // Deleted since its tag was read: it names nothing any more.
    if (e instanceof RegistryError && e.status === 404) return [];
    throw e;
  });
}

/**
 * For each digest in `targets`, the tagged indexes in `tags` that name it, directly or through untagged
 * indexes (an index of indexes). One GET per index digest reached, cached. Parents come outer first: an
 * index that contains another parent is listed (and so deleted) before it.
 */
export async function indexParents(client: RegistryClient, repo: Reference, tags: ReadonlyMap<string, ManifestDescriptor>, targets: readonly string[], opts: DeleteOptions & { scope?: string[] } = {}): Promise<Map<string, IndexParent[]>> {
  const tagsOf = new Map<string, string[]>();
  for (const [t, d] of tags) {
    if (!INDEX_TYPES.has(d.mediaType)) continue;
    const list = tagsOf.get(d.digest);
    if (list) list.push(t); else tagsOf.set(d.digest, [t]);
  }
  const result = new Map<string, IndexParent[]>(targets.map((t) => [t, []]));
  if (tagsOf.size === 0) return result;
  // Read every index reachable from a tagged one, level by level.
  const kids = new Map<string, Descriptor[]>();
  let frontier = [...tagsOf.keys()];
  while (frontier.length > 0) {
    await mapLimit(frontier, opts.concurrency ?? 8, async (d) => { kids.set(d, await indexChildren(client, repo, d, opts)); }, opts.signal);
    const next = new Set<string>();
    for (const d of frontier) for (const c of kids.get(d) ?? []) if (INDEX_TYPES.has(c.mediaType) && !kids.has(c.digest)) next.add(c.digest);
    frontier = [...next];
  }
  // Everything under each index (content addressing rules out cycles; `visiting` guards anyway).
  const under = new Map<string, Set<string>>();
  const visiting = new Set<string>();
  const collect = (d: string): Set<string> => {
    const done = under.get(d);
    if (done) return done;
    const all = new Set<string>();
    if (visiting.has(d)) return all;
    visiting.add(d);
    for (const c of kids.get(d) ?? []) {
      all.add(c.digest);
      for (const x of collect(c.digest)) all.add(x);
    }
    visiting.delete(d);
    under.set(d, all);
    return all;
  };
  // An index that contains another has strictly more under it: descending size puts outer ones first.
  const ordered = [...tagsOf.keys()].map((d) => ({ digest: d, tags: (tagsOf.get(d) ?? []).sort(), size: collect(d).size }))
    .sort((a, b) => b.size - a.size || (a.tags[0] ?? '').localeCompare(b.tags[0] ?? ''));
  for (const target of targets) {
    const list = result.get(target) ?? [];
    for (const p of ordered) if (p.digest !== target && collect(p.digest).has(target)) list.push({ digest: p.digest, tags: p.tags });
    result.set(target, list);
  }
  return result;
}

/** What deleting `digest` takes with it: the sibling tags (minus `exclude`) and the tagged indexes that name it. */
async function consequences(client: RegistryClient, ref: Reference, digest: string, exclude: string | undefined, opts: DeleteOptions): Promise<{ siblings: string[]; parents: IndexParent[] }> {
  const tags = await tagDescriptors(client, ref, { ...opts, exclude });
  const siblings: string[] = [];
  for (const [t, d] of tags) if (d.digest === digest) siblings.push(t);
  const parents = (await indexParents(client, ref, tags, [digest], opts)).get(digest) ?? [];
  return { siblings: siblings.sort(), parents };
}

/** What deleting `ref` would remove. Sends no DELETE unless `probe` asks for one (which deletes nothing). */
export async function planDelete(client: RegistryClient, ref: Reference, opts: PlanOptions = {}): Promise<DeletePlan> {
  const digest = await resolve(client, ref, opts);
  const tagRef = ref.tag !== undefined && ref.digest === undefined;
  const how = tagRef && opts.probe ? await probeTagDelete(client, ref.repository, opts) : known.get(client);
  if (tagRef && how === 'tag') return { ref, digest, byTag: true, alsoRemovesTags: [], parents: [] };
  // By digest (or not known yet): every tag on the digest goes, and every index naming it breaks.
  const { siblings, parents } = await consequences(client, ref, digest, tagRef ? ref.tag : undefined, opts);
  return {
    ref, digest, byTag: false, alsoRemovesTags: siblings, parents,
    ...(tagRef && how === undefined ? { tagDeleteUnknown: true } : {}),
    ...(how === 'disabled' ? { deleteDisabled: true } : {}),
  };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const A = new Set(a);
  const B = new Set(b);
  return A.size === B.size && [...A].every((x) => B.has(x));
}

/** "latest, stable (sha256:…); v2 (sha256:…)": how index parents are named in messages. */
export function describeParents(parents: readonly IndexParent[]): string {
  return parents.map((p) => `${p.tags.join(', ')} (${p.digest})`).join('; ');
}

function referencedError(ref: Reference, parents: readonly IndexParent[]): RegistryError {
  return new RegistryError(
    `refusing to delete ${ref}: it is referenced by the index of tag(s) ${describeParents(parents)}; deleting it would break them. Confirm deleting those index tags too, or keep it.`,
    { code: 'REFERENCED_BY_INDEX' });
}

const parentKeys = (parents: readonly IndexParent[]) => parents.flatMap((p) => p.tags.map((t) => `${t}@${p.digest}`));

/**
 * Carries out a plan. Refuses (RegistryError code PLAN_STALE) when the tag now points elsewhere, or the
 * sibling tags or the index tags naming the digest differ from what was confirmed; refuses (code
 * REFERENCED_BY_INDEX) when indexes name the digest and their tags were not confirmed. Confirmed index
 * parents are deleted first, outer ones first, so no tagged index ever names a missing manifest.
 */
export async function executeDelete(client: RegistryClient, plan: DeletePlan, opts: ExecuteOptions = { confirmedTags: [] }): Promise<void> {
  const ref = plan.ref;
  const confirmed = opts.confirmedTags ?? [];
  const planParents = plan.parents ?? [];
  const parentTags = planParents.flatMap((p) => p.tags);
  if (!sameSet(confirmed, plan.alsoRemovesTags)) {
    throw new RegistryError(`refusing to delete ${ref}: the confirmed tags (${confirmed.join(', ') || 'none'}) differ from the plan (${plan.alsoRemovesTags.join(', ') || 'none'})`, { code: 'PLAN_STALE' });
  }
  const confirmedParents = opts.confirmedParentTags;
  if (confirmedParents !== undefined && !sameSet(confirmedParents, parentTags)) {
    throw new RegistryError(`refusing to delete ${ref}: the confirmed index tags (${confirmedParents.join(', ') || 'none'}) differ from the plan (${parentTags.join(', ') || 'none'})`, { code: 'PLAN_STALE' });
  }
  const parentsAllowed = confirmedParents !== undefined || parentTags.length === 0;
  // Known to delete by digest: refuse before sending anything.
  if (!parentsAllowed && !plan.tagDeleteUnknown) throw referencedError(ref, planParents);
  const digest = await resolve(client, ref, opts);
  if (digest !== plan.digest) {
    throw new RegistryError(`refusing to delete ${ref}: it now points at ${digest}, not ${plan.digest} as planned. Plan again.`, { code: 'PLAN_STALE' });
  }
  if ((plan.byTag || plan.tagDeleteUnknown) && ref.tag !== undefined && ref.digest === undefined) {
    // The real delete by tag; when support was unknown its answer is the probe's answer (header comment).
    const res = await client.request({
      method: 'DELETE', path: `/v2/${ref.repository}/manifests/${ref.tag}`, scope: deleteScope(ref.repository), signal: opts.signal, idempotent: true,
    });
    if (res.status === 202 || res.status === 200 || res.status === 204) {
      known.set(client, 'tag');
      return;
    }
    if (plan.byTag || (res.status !== 400 && res.status !== 405)) throw deleteError(client, res, `delete of ${ref}`);
    // 400 (DIGEST_INVALID on registry 2.8) or 405: tag deletion is not there; the confirmed by-digest delete follows.
    if (res.status === 400) known.set(client, 'digest-only');
    if (!parentsAllowed) throw referencedError(ref, planParents);
  }
  const now = await consequences(client, ref, digest, ref.digest === undefined ? ref.tag : undefined, opts);
  if (!sameSet(now.siblings, confirmed)) {
    // Sets: a digest may carry tens of thousands of tags.
    const was = new Set(confirmed);
    const is = new Set(now.siblings);
    const added = now.siblings.filter((t) => !was.has(t));
    const gone = confirmed.filter((t) => !is.has(t));
    throw new RegistryError(
      `refusing to delete ${ref}: the tags sharing its digest changed since the plan${added.length ? ` (new: ${added.join(', ')})` : ''}${gone.length ? ` (gone: ${gone.join(', ')})` : ''}. Plan again.`,
      { code: 'PLAN_STALE' });
  }
  const wanted = new Set(parentKeys(planParents));
  const found = parentKeys(now.parents);
  if (!sameSet(found, [...wanted])) {
    const added = now.parents.filter((p) => p.tags.some((t) => !wanted.has(`${t}@${p.digest}`)));
    throw new RegistryError(
      `refusing to delete ${ref}: the indexes that name it changed since the plan${added.length ? ` (now: ${describeParents(added)})` : ''}. Plan again.`,
      { code: 'PLAN_STALE' });
  }
  for (const p of now.parents) {
    try {
      await client.deleteManifest(ref.repository, p.digest, { signal: opts.signal });
    } catch (e) {
      if (!(e instanceof RegistryError && e.status === 404)) throw e; // already gone is what we wanted
    }
  }
  await client.deleteManifest(ref.repository, digest, { signal: opts.signal });
}

export { DELETE_DISABLED_MESSAGE };
