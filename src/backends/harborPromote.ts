/**
 * Promote on Harbor: one artifact copy inside the server (POST …/artifacts?from=project/repository@digest, which
 * also copies the tags the artifact carries) and, for a new tag, Harbor's tag API. No blob crosses the client.
 * Tags the copy would move at the destination are checked against its immutability rules first.
 */
import { Reference, RegistryError, splitHarborRepository, type CallOptions, type HarborClient, type HarborPolicyApi } from '../registry/index';
import type { HarborImmutability } from './harborImmutability';
import { ImmutableTagError, isPreconditionFailed } from './immutableTagError';
import { promotedReference } from './promote';

export async function harborPromote(harbor: HarborClient, api: HarborPolicyApi, immutability: HarborImmutability, ref: Reference, toNamespace: string, newTag: string | undefined, opts: CallOptions = {}): Promise<Reference> {
  const dst = promotedReference(ref, toNamespace, newTag);
  const src = splitHarborRepository(ref.repository);
  const art = await harbor.artifact(src.project, src.repository, ref.digest ?? ref.tagOrDefault(), { signal: opts.signal, withScanOverview: false, withAccessory: false });
  if (!art.digest) throw new RegistryError(`Harbor did not name the digest of ${ref.familiar()}`, { code: 'MALFORMED_RESPONSE' });
  const carried = (art.tags ?? []).map((t) => t.name).filter(Boolean);
  const tags = [...new Set([...carried, ...(newTag ? [newTag] : [])])];
  const to = splitHarborRepository(dst.repository);
  // A protected tag may be created, never moved: look up only the protected ones at the destination.
  for (const [t, rule] of await immutability.protectedAmong(dst.repository, tags, opts)) {
    const there = await harbor.artifact(to.project, to.repository, t, { signal: opts.signal, withScanOverview: false, withAccessory: false })
      .catch((e: unknown) => { if (e instanceof RegistryError && e.status === 404) return undefined; throw e; });
    if (there && there.digest !== art.digest) throw new ImmutableTagError(dst.repository, t, rule, 'overwrite');
  }
  try {
    await api.copyArtifact(to, { ...src, digest: art.digest }, opts);
    if (newTag && !carried.includes(newTag)) await harbor.createTag(to.project, to.repository, art.digest, newTag, opts);
  } catch (err) {
    if (isPreconditionFailed(err)) throw await immutability.explain412(err, dst.repository, tags, 'overwrite');
    throw err;
  }
  return new Reference(dst.registry, dst.repository, dst.tag, art.digest);
}
