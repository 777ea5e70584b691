// Deleting an image by digest leaves cosign's `sha256-<hex>.sig` and `.att` tags naming a manifest that is gone
// (sigstore/cosign specs/SIGNATURE_SPEC.md "Tag-based discovery" has no link back that a registry would follow).
// The delete plan names them so the confirmation can offer them; they go only when confirmed, only once the image
// is really gone, and only while each tag still points where it did when the plan was made.
import type { RegistryClient } from './client';
import { COSIGN_TAG_SUFFIXES, type AttachmentKind } from './attachmentKind';
import { RegistryError } from './errors';
import { Reference } from './reference';
import { referrersTag } from './referrers';
import type { CallOptions } from './types';

export interface AttachedTag { tag: string; digest: string; kind: AttachmentKind }

/** The signature and attestation tags of `digest` in `ref`'s repository (one HEAD each). */
export async function planAttachedDelete(client: RegistryClient, ref: Reference, digest: string, opts: CallOptions = {}): Promise<AttachedTag[]> {
  const found = await Promise.all(COSIGN_TAG_SUFFIXES.filter((s) => s.kind !== 'sbom').map(async (s) => {
    const tag = `${referrersTag(digest)}.${s.suffix}`;
    const d = await client.headManifest(ref.withTag(tag), opts);
    return d ? { tag, digest: d.digest, kind: s.kind } : undefined;
  }));
  return found.filter((x): x is AttachedTag => !!x);
}

/**
 * Deletes the confirmed attachment tags of `subject` once `subject` is gone; returns the tags deleted. A tag that
 * moved since the plan is refused (nothing more than confirmed goes).
 */
export async function deleteAttached(client: RegistryClient, ref: Reference, subject: string, planned: readonly AttachedTag[], opts: CallOptions = {}): Promise<string[]> {
  if (!planned.length) return [];
  if (await client.headManifest(new Reference(ref.registry, ref.repository, undefined, subject), opts)) return []; // the image is still there (deleted by tag only)
  const deleted: string[] = [];
  for (const a of planned) {
    const now = await client.headManifest(ref.withTag(a.tag), opts);
    if (!now) continue;
    if (now.digest !== a.digest) {
      throw new RegistryError(`refusing to delete ${a.tag}: it now points at ${now.digest}, not ${a.digest} as confirmed. Plan again.`, { code: 'PLAN_STALE' });
    }
    await client.deleteManifest(ref.repository, a.digest, opts);
    deleted.push(a.tag);
  }
  return deleted;
}
