/**
 * Delete tag / artifact / repository. Always: a modal confirmation naming exactly what goes (including the
 * other tags that share the digest on registries that delete by digest only), then progress, then a
 * targeted refresh. Passing `true` as the last argument skips the modal (tests, scripted use).
 */
import * as vscode from 'vscode';
import { planDelete, executeDelete, Reference, type DeletePlan } from '../registry/index';
import type { Ctx, ImageTarget } from '../context';
import { shortDigest } from '../tree/format';
import { registryHost } from '../registries/clientPool';
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
      if (!await confirmPlan(t, plan, confirmed)) return false;
      await ctx.withProgress(vscode.l10n.t('Deleting {0}…', displayRef(t.ref)), (signal) =>
        executeDelete(t.client, plan, { confirmedTags: plan.alsoRemovesTags, signal }));
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

async function confirmPlan(t: ImageTarget, plan: DeletePlan, confirmed: unknown): Promise<boolean> {
  const others = plan.alsoRemovesTags.filter((x) => x !== t.ref.tag);
  const what = displayRef(t.ref);
  const detail = plan.byTag
    ? vscode.l10n.t('Only this tag is removed.')
    : others.length
      ? vscode.l10n.t('This registry deletes by digest ({0}): these tags are deleted too: {1}.', shortDigest(plan.digest), list(others))
      : vscode.l10n.t('The manifest {0} is deleted; no other tag points at it.', shortDigest(plan.digest));
  return confirm(vscode.l10n.t('Delete {0}?', what), detail, vscode.l10n.t('Delete'), confirmed);
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
      const plan = await planDelete(t.client, t.ref.digest ? new Reference(t.ref.registry, t.ref.repository, undefined, t.ref.digest) : t.ref);
      const full: DeletePlan = { ...plan, byTag: false };
      if (!await confirmPlan({ ...t, ref: new Reference(t.ref.registry, t.ref.repository, undefined, plan.digest) }, full, confirmed)) return false;
      await ctx.withProgress(vscode.l10n.t('Deleting {0}…', shortDigest(plan.digest)), (signal) =>
        executeDelete(t.client, full, { confirmedTags: full.alsoRemovesTags, signal }));
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
      const host = registryHost(r.registry);
      const byDigest = await ctx.withProgress(vscode.l10n.t('Listing {0}…', r.repository), async (signal, report) => {
        const tags: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await r.client.tags(r.repository, { n: 1000, cursor, signal });
          tags.push(...page.items);
          cursor = page.next;
        } while (cursor);
        const map = new Map<string, string[]>();
        let i = 0;
        for (const tag of tags) {
          report(`${++i}/${tags.length}`);
          const head = await r.client.headManifest(new Reference(host, r.repository, tag), { signal });
          if (head) map.set(head.digest, [...(map.get(head.digest) ?? []), tag]);
        }
        return map;
      });
      const tagCount = [...byDigest.values()].reduce((s, v) => s + v.length, 0);
      if (!await confirm(vscode.l10n.t('Delete repository {0}?', r.repository),
        vscode.l10n.t('{0} tags and {1} manifests are deleted: {2}. This cannot be undone.', tagCount, byDigest.size, list([...byDigest.values()].flat())), del, confirmed)) return false;
      await ctx.withProgress(vscode.l10n.t('Deleting {0}…', r.repository), async (signal, report) => {
        let i = 0;
        for (const digest of byDigest.keys()) {
          report(`${++i}/${byDigest.size}`, 100 / byDigest.size);
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
