/**
 * Delete tag / artifact / repository. Always: a modal confirmation naming exactly what goes (including the
 * other tags that share the digest on registries that delete by digest only, and the tags of every index
 * that names the manifest, which deleting it would break), then progress, then a targeted refresh. Nothing
 * is sent as a DELETE before the user answers (the plan asks no capability probe; see src/registry/delete.ts).
 * Passing `true` as the last argument skips the modal (tests, scripted use) and confirms the plan without
 * its index tags; `'with-parents'` confirms those too; `'with-attachments'` the image's signature and attestation
 * tags (cosign `.sig`/`.att`) as well.
 */
import * as vscode from 'vscode';
import { tagsByDigest, type Reference } from '../registry/index';
import type { Ctx, ImageTarget } from '../editorContext';
import type { DeleteConfirmation, DeletePlan, RegistryBackend } from '../backends/registryBackend';
import { shortDigest } from '../tree/format';
import { displayRef } from './pick';
import { isCancelled, showCancelled } from './cancelled';

async function confirm(message: string, detail: string, action: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
}

function list(tags: string[], max = 20): string {
  return tags.length > max ? `${tags.slice(0, max).join(', ')} … (+${tags.length - max})` : tags.join(', ');
}

export async function deleteTag(ctx: Ctx, arg?: unknown, confirmed?: unknown): Promise<boolean> {
  const t = await ctx.pickImage(arg, { title: vscode.l10n.t('Delete which tag?') });
  if (!t) return false;
  if (!t.backend.caps.canDelete) return notSupported(t.backend, vscode.l10n.t('Deleting tags'));
  if (!t.ref.tag) return deleteArtifact(ctx, arg, confirmed);
  return deleteImage(ctx, t, { ref: t.ref }, confirmed);
}

/** Delete the artifact (manifest by digest) with all its tags. */
export async function deleteArtifact(ctx: Ctx, arg?: unknown, confirmed?: unknown): Promise<boolean> {
  const t = await ctx.pickImage(arg, { title: vscode.l10n.t('Delete which artifact?') });
  if (!t) return false;
  if (!t.backend.caps.canDelete) return notSupported(t.backend, vscode.l10n.t('Deleting images'));
  return deleteImage(ctx, t, { ref: t.ref, artifact: true }, confirmed);
}

function notSupported(backend: RegistryBackend, what: string): false {
  void vscode.window.showWarningMessage(vscode.l10n.t('{0} is not supported on {1} registries; use its own web interface.', what, backend.kindLabel));
  return false;
}

/** Plan (asks the backend once), confirm exactly what goes, execute, refresh the repository. */
async function deleteImage(ctx: Ctx, t: ImageTarget, target: { ref: Reference; artifact?: boolean }, confirmed: unknown): Promise<boolean> {
  try {
    const plan = await ctx.withProgress(vscode.l10n.t('Checking what {0} shares…', displayRef(t.ref)), (signal) => t.backend.planDelete(target, { signal }), { location: 'window' });
    const choice = await confirmPlan(plan, confirmed);
    if (!choice) return false;
    await ctx.withProgress(vscode.l10n.t('Deleting {0}…', planName(plan)), (signal) => t.backend.executeDelete(plan, choice, { signal }));
    ctx.tree.refreshRepository(t.registry.id, t.ref.repository);
    return true;
  } catch (err) {
    if (isCancelled(err)) showCancelled(ctx, vscode.l10n.t('Delete {0} cancelled.', displayRef(t.ref)));
    else await ctx.reportError(err, target.artifact ? vscode.l10n.t('Delete failed') : vscode.l10n.t('Delete {0} failed', displayRef(t.ref)));
    ctx.tree.refreshRepository(t.registry.id, t.ref.repository);
    return false;
  }
}

function planName(plan: DeletePlan): string {
  switch (plan.what) {
    case 'tag': return displayRef(plan.ref);
    case 'manifest': return plan.ref.tag !== undefined ? displayRef(plan.ref) : shortDigest(plan.plan.digest);
    case 'artifact': return shortDigest(plan.digest);
    case 'repository': return plan.repository;
  }
}

/**
 * The modal naming exactly what a plan removes. A manifest plan with index parents can only go on by deleting
 * their tags too (the plan alone would break them and is refused); the answer says which. Never confirms more
 * than it names. `true` confirms without index tags, `'with-parents'` with them (tests, scripted use).
 */
async function confirmPlan(plan: DeletePlan, confirmed: unknown): Promise<DeleteConfirmation | undefined> {
  if (confirmed === true) return {};
  if (confirmed === 'with-parents') return { withParents: true };
  if (confirmed === 'with-attachments') return { withAttachments: true };
  const del = vscode.l10n.t('Delete');
  switch (plan.what) {
    case 'tag':
      return await confirm(vscode.l10n.t('Delete tag {0}?', displayRef(plan.ref)),
        vscode.l10n.t('Only the tag is removed; the artifact and its other tags stay.'), del) ? {} : undefined;
    case 'artifact':
      return await confirm(vscode.l10n.t('Delete artifact {0}@{1}?', plan.ref.repository, shortDigest(plan.digest)),
        plan.tags.length ? vscode.l10n.t('Its tags go too: {0}.', list(plan.tags)) : vscode.l10n.t('It has no tags.'), del) ? {} : undefined;
    case 'repository': {
      const delRepo = vscode.l10n.t('Delete Repository');
      if (!plan.tags) {
        return await confirm(vscode.l10n.t('Delete repository {0} with all its artifacts?', plan.repository), vscode.l10n.t('This cannot be undone.'), delRepo) ? {} : undefined;
      }
      const byDigest = tagsByDigest(plan.tags);
      return await confirm(vscode.l10n.t('Delete repository {0}?', plan.repository),
        vscode.l10n.t('{0} tags and {1} manifests are deleted: {2}. This cannot be undone.', plan.tags.size, byDigest.size, list([...byDigest.values()].flat())), delRepo) ? {} : undefined;
    }
    case 'manifest': {
      const p = plan.plan;
      const others = p.alsoRemovesTags.filter((x) => x !== plan.ref.tag);
      const parentTags = p.parents.flatMap((x) => x.tags);
      const unknown = p.tagDeleteUnknown === true;
      const lines = [p.byTag
        ? vscode.l10n.t('Only this tag is removed.')
        : others.length
          ? unknown
            ? vscode.l10n.t('If this registry deletes by digest only (as registry 2.8 does), these tags are deleted too ({0}): {1}.', shortDigest(p.digest), list(others))
            : vscode.l10n.t('This registry deletes by digest ({0}): these tags are deleted too: {1}.', shortDigest(p.digest), list(others))
          : unknown
            ? vscode.l10n.t('If this registry deletes by digest only (as registry 2.8 does), the manifest {0} is deleted; no other tag points at it.', shortDigest(p.digest))
            : vscode.l10n.t('The manifest {0} is deleted; no other tag points at it.', shortDigest(p.digest))];
      const withIndexes = vscode.l10n.t('Delete with Index Tags');
      if (parentTags.length) {
        lines.push(vscode.l10n.t('It is referenced by the index of tag(s) {0}: deleting the manifest would break them. "{1}" deletes those indexes and their tags first; otherwise cancel.', list(parentTags), withIndexes));
      }
      const attached = plan.attachments ?? [];
      const main = parentTags.length ? withIndexes : del;
      if (!attached.length) {
        if (!await confirm(vscode.l10n.t('Delete {0}?', displayRef(plan.ref)), lines.join('\n\n'), main)) return undefined;
        return { withParents: parentTags.length > 0 };
      }
      // cosign's .sig/.att tags name the digest: once it is gone they are orphans. They go only when chosen.
      const withSigs = parentTags.length ? vscode.l10n.t('Delete with Index Tags and Signatures') : vscode.l10n.t('Delete with Signatures');
      lines.push(vscode.l10n.t('Signatures and attestations attached to it: {0}. "{1}" deletes them too once the image is gone; "{2}" leaves them.', list(attached.map((a) => a.tag)), withSigs, main));
      const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Delete {0}?', displayRef(plan.ref)), { modal: true, detail: lines.join('\n\n') }, withSigs, main);
      if (answer !== withSigs && answer !== main) return undefined;
      return { withParents: parentTags.length > 0, withAttachments: answer === withSigs };
    }
  }
}

/**
 * Delete a repository. Harbor: one API call. v2 has no repository delete: every manifest is deleted by digest
 * (indexes first); the (empty) name stays in the catalog until garbage collection (distribution 2.8 behaviour).
 */
export async function deleteRepository(ctx: Ctx, arg?: unknown, confirmed?: unknown): Promise<boolean> {
  const r = await ctx.pickRepository(arg, { title: vscode.l10n.t('Delete which repository?') });
  if (!r) return false;
  if (!r.backend.caps.canDeleteRepository) return notSupported(r.backend, vscode.l10n.t('Deleting repositories'));
  try {
    const plan = await ctx.withProgress(vscode.l10n.t('Listing {0}…', r.repository), (signal) => r.backend.planDelete({ repository: r.repository }, { signal }));
    const choice = await confirmPlan(plan, confirmed);
    if (!choice) return false;
    await ctx.withProgress(vscode.l10n.t('Deleting {0}…', r.repository), (signal, report) =>
      r.backend.executeDelete(plan, choice, { signal, onProgress: (done, total) => report(`${done}/${total}`, 100 / total) }));
    ctx.tree.refreshRegistry(r.registry.id);
    return true;
  } catch (err) {
    // Manifests are deleted one by one: those deleted before the cancel stay deleted (the refresh shows it).
    if (isCancelled(err)) showCancelled(ctx, vscode.l10n.t('Delete repository {0} cancelled; what was deleted before stays deleted.', r.repository));
    else await ctx.reportError(err, vscode.l10n.t('Delete repository {0} failed', r.repository));
    ctx.tree.refreshRegistry(r.registry.id);
    return false;
  }
}
