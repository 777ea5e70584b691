/**
 * Delete tag / artifact / repository. Always: a modal confirmation naming exactly what goes (including the
 * other tags that share the digest on registries that delete by digest only, and the tags of every index
 * that names the manifest, which deleting it would break), then progress, then a targeted refresh. Nothing
 * is sent as a DELETE before the user answers (the plan asks no capability probe; see src/registry/delete.ts).
 * Passing `true` as the last argument skips the modal (tests, scripted use) and confirms the plan without
 * its index tags; `'with-parents'` confirms those too.
 */
import * as vscode from 'vscode';
import { planDelete, executeDelete, tagDescriptors, tagsByDigest, INDEX_TYPES, Reference, type DeletePlan } from '../registry/index';
import type { Ctx, ImageTarget } from '../editorContext';
import { shortDigest } from '../tree/format';
import { registryHost } from '../connections/clientPool';
import { displayRef, harborParts } from './pick';
import { isCancelled, showCancelled } from './cancelled';

async function confirm(message: string, detail: string, action: string, skip: unknown): Promise<boolean> {
  if (skip === true) return true;
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
}

function list(tags: string[], max = 20): string {
  return tags.length > max ? `${tags.slice(0, max).join(', ')} … (+${tags.length - max})` : tags.join(', ');
}

export async function deleteTag(ctx: Ctx, arg?: unknown, confirmed?: unknown): Promise<boolean> {
  const t = await ctx.pickImage(arg, { title: vscode.l10n.t('Delete which tag?') });
  if (!t) return false;
  if (t.registry.kind === 'dockerhub') {
    void vscode.window.showWarningMessage(vscode.l10n.t('Deleting Docker Hub tags is not supported here; use hub.docker.com.'));
    return false;
  }
  if (!t.ref.tag) return deleteArtifact(ctx, arg, confirmed);
  const del = vscode.l10n.t('Delete');
  try {
    if (t.harbor) {
      // Harbor deletes a single tag and keeps the artifact and its other tags.
      const ok = await confirm(vscode.l10n.t('Delete tag {0}?', displayRef(t.ref)),
        vscode.l10n.t('Only the tag is removed; the artifact and its other tags stay.'), del, confirmed);
      if (!ok) return false;
      const h = t.harbor;
      await ctx.withProgress(vscode.l10n.t('Deleting {0}…', displayRef(t.ref)), (signal) =>
        ctx.clients.harbor(t.registry.id).deleteTag(h.project, h.repository, t.ref.digest ?? t.ref.tag!, t.ref.tag!, { signal }));
    } else {
      const plan = await ctx.withProgress(vscode.l10n.t('Checking what {0} shares…', displayRef(t.ref)), (signal) => planDelete(t.client, new Reference(t.ref.registry, t.ref.repository, t.ref.tag), { signal }), { location: 'window' });
      const choice = await confirmPlan(t, plan, confirmed);
      if (!choice) return false;
      await ctx.withProgress(vscode.l10n.t('Deleting {0}…', displayRef(t.ref)), (signal) => execute(t, plan, choice, signal));
    }
    ctx.tree.refreshRepository(t.registry.id, t.ref.repository);
    return true;
  } catch (err) {
    if (isCancelled(err)) showCancelled(ctx, vscode.l10n.t('Delete {0} cancelled.', displayRef(t.ref)));
    else await ctx.reportError(err, vscode.l10n.t('Delete {0} failed', displayRef(t.ref)));
    ctx.tree.refreshRepository(t.registry.id, t.ref.repository);
    return false;
  }
}

type Choice = 'plan' | 'with-parents';

/**
 * The modal for a v2 delete plan. With index parents the only way on is to delete their tags too (the plan
 * alone would break them and is refused); the answer says which. Never confirms more than it names.
 */
async function confirmPlan(t: ImageTarget, plan: DeletePlan, confirmed: unknown): Promise<Choice | undefined> {
  if (confirmed === true) return 'plan';
  if (confirmed === 'with-parents') return 'with-parents';
  const others = plan.alsoRemovesTags.filter((x) => x !== t.ref.tag);
  const parentTags = plan.parents.flatMap((p) => p.tags);
  const what = displayRef(t.ref);
  const unknown = plan.tagDeleteUnknown === true;
  const lines = [plan.byTag
    ? vscode.l10n.t('Only this tag is removed.')
    : others.length
      ? unknown
        ? vscode.l10n.t('If this registry deletes by digest only (as registry 2.8 does), these tags are deleted too ({0}): {1}.', shortDigest(plan.digest), list(others))
        : vscode.l10n.t('This registry deletes by digest ({0}): these tags are deleted too: {1}.', shortDigest(plan.digest), list(others))
      : unknown
        ? vscode.l10n.t('If this registry deletes by digest only (as registry 2.8 does), the manifest {0} is deleted; no other tag points at it.', shortDigest(plan.digest))
        : vscode.l10n.t('The manifest {0} is deleted; no other tag points at it.', shortDigest(plan.digest))];
  const withIndexes = vscode.l10n.t('Delete with Index Tags');
  if (parentTags.length) {
    lines.push(vscode.l10n.t('It is referenced by the index of tag(s) {0}: deleting the manifest would break them. "{1}" deletes those indexes and their tags first; otherwise cancel.', list(parentTags), withIndexes));
  }
  const action = parentTags.length ? withIndexes : vscode.l10n.t('Delete');
  if (!await confirm(vscode.l10n.t('Delete {0}?', what), lines.join('\n\n'), action, undefined)) return undefined;
  return parentTags.length ? 'with-parents' : 'plan';
}

function execute(t: ImageTarget, plan: DeletePlan, choice: Choice, signal: AbortSignal): Promise<void> {
  return executeDelete(t.client, plan, {
    confirmedTags: plan.alsoRemovesTags,
    confirmedParentTags: choice === 'with-parents' ? plan.parents.flatMap((p) => p.tags) : undefined,
    signal,
  });
}

/** Delete the artifact (manifest by digest) with all its tags. */
export async function deleteArtifact(ctx: Ctx, arg?: unknown, confirmed?: unknown): Promise<boolean> {
  const t = await ctx.pickImage(arg, { title: vscode.l10n.t('Delete which artifact?') });
  if (!t) return false;
  if (t.registry.kind === 'dockerhub') {
    void vscode.window.showWarningMessage(vscode.l10n.t('Deleting Docker Hub images is not supported here; use hub.docker.com.'));
    return false;
  }
  try {
    if (t.harbor) {
      const h = t.harbor;
      const reference = t.ref.digest ?? t.ref.tagOrDefault();
      const art = await ctx.clients.harbor(t.registry.id).artifact(h.project, h.repository, reference);
      const tags = ((art as unknown as { tags?: { name: string }[] }).tags ?? []).map((x) => x.name);
      const digest = (art as unknown as { digest?: string }).digest ?? reference;
      const ok = await confirm(vscode.l10n.t('Delete artifact {0}@{1}?', t.ref.repository, shortDigest(digest)),
        tags.length ? vscode.l10n.t('Its tags go too: {0}.', list(tags)) : vscode.l10n.t('It has no tags.'), vscode.l10n.t('Delete'), confirmed);
      if (!ok) return false;
      await ctx.withProgress(vscode.l10n.t('Deleting {0}…', shortDigest(digest)), (signal) =>
        ctx.clients.harbor(t.registry.id).deleteArtifact(h.project, h.repository, digest, { signal }));
    } else {
      // The artifact is the manifest: plan by digest, so every tag on it (and every index naming it) is named.
      const plan = await ctx.withProgress(vscode.l10n.t('Checking what {0} shares…', displayRef(t.ref)), async (signal) => {
        const digest = t.ref.digest ?? (await t.client.headManifest(t.ref, { signal }))?.digest;
        if (!digest) throw new Error(vscode.l10n.t('{0} was not found. Refresh the tree.', displayRef(t.ref)));
        return planDelete(t.client, new Reference(t.ref.registry, t.ref.repository, undefined, digest), { signal });
      }, { location: 'window' });
      const target = { ...t, ref: plan.ref };
      const choice = await confirmPlan(target, plan, confirmed);
      if (!choice) return false;
      await ctx.withProgress(vscode.l10n.t('Deleting {0}…', shortDigest(plan.digest)), (signal) => execute(target, plan, choice, signal));
    }
    ctx.tree.refreshRepository(t.registry.id, t.ref.repository);
    return true;
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Delete failed'));
    ctx.tree.refreshRepository(t.registry.id, t.ref.repository);
    return false;
  }
}

/**
 * Delete a repository. Harbor: one API call. v2 has no repository delete: every manifest is deleted by
 * digest; the (empty) name stays in the catalog until garbage collection (distribution 2.8 behaviour).
 */
export async function deleteRepository(ctx: Ctx, arg?: unknown, confirmed?: unknown): Promise<boolean> {
  const r = await ctx.pickRepository(arg, { title: vscode.l10n.t('Delete which repository?') });
  if (!r) return false;
  if (r.registry.kind === 'dockerhub') {
    void vscode.window.showWarningMessage(vscode.l10n.t('Deleting Docker Hub repositories is not supported here; use hub.docker.com.'));
    return false;
  }
  const del = vscode.l10n.t('Delete Repository');
  try {
    const h = harborParts(r.registry, r.repository);
    if (h) {
      if (!await confirm(vscode.l10n.t('Delete repository {0} with all its artifacts?', r.repository), vscode.l10n.t('This cannot be undone.'), del, confirmed)) return false;
      await ctx.withProgress(vscode.l10n.t('Deleting {0}…', r.repository), (signal) => ctx.clients.harbor(r.registry.id).deleteRepository(h.project, h.repository, { signal }));
    } else {
      // The client's guarded listing (a Link loop or endless pages stop) and the delete planner's bounded
      // HEADs (8 in flight), the same as regx prune and rm use.
      const repo = new Reference(registryHost(r.registry), r.repository);
      const before = await ctx.withProgress(vscode.l10n.t('Listing {0}…', r.repository), (signal) => tagDescriptors(r.client, repo, { signal }));
      const byDigest = tagsByDigest(before);
      if (!await confirm(vscode.l10n.t('Delete repository {0}?', r.repository),
        vscode.l10n.t('{0} tags and {1} manifests are deleted: {2}. This cannot be undone.', before.size, byDigest.size, list([...byDigest.values()].flat())), del, confirmed)) return false;
      await ctx.withProgress(vscode.l10n.t('Deleting {0}…', r.repository), async (signal, report) => {
        // Right before deleting: refuse if a tag was added, removed or moved since the confirmation.
        const now = await tagDescriptors(r.client, repo, { signal });
        const changed = [...new Set([...before.keys(), ...now.keys()])].filter((tag) => before.get(tag)?.digest !== now.get(tag)?.digest).sort();
        if (changed.length) throw new Error(vscode.l10n.t('The tags of {0} changed since you confirmed ({1}); nothing was deleted. Try again.', r.repository, list(changed)));
        // Indexes first, so that a failure part-way never leaves a tagged index naming a deleted manifest.
        const index = new Set([...before.values()].filter((d) => INDEX_TYPES.has(d.mediaType)).map((d) => d.digest));
        const order = [...byDigest.keys()].sort((a, b) => Number(!index.has(a)) - Number(!index.has(b)));
        let i = 0;
        for (const digest of order) {
          report(`${++i}/${order.length}`, 100 / order.length);
          await r.client.deleteManifest(r.repository, digest, { signal });
        }
      });
    }
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

