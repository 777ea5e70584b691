/**
 * Clean Up Repository…: the retention rules of `regx prune` (one planner, src/retention), a preview webview
 * listing what goes and what stays and why, then — only after Apply in the preview and a modal confirmation
 * naming the count — the deletes through the backend (every kind deletes its own way), with progress,
 * cancellation and a report (deleted, kept, failed with reasons). On registries whose space returns only
 * after garbage collection, the report says how much the deleted manifests referenced and how to collect it.
 *
 * Scripted use (tests): `(ctx, target, rules, confirmed)` — `rules` skips the questions; `confirmed === true`
 * applies right after the preview opens, without the Apply button and the modal.
 */
import * as vscode from 'vscode';
import type { Ctx, RepositoryTarget } from '../../editorContext';
import { NamespaceNode } from '../../tree/nodes/namespaceNode';
import { Reference } from '../../registry/index';
import { planBackendRepository } from '../../retention/planBackendRepository';
import { applyRetention, type RetentionResult } from '../../retention/applyRetention';
import { bytesFreed } from '../../retention/blobSizes';
import { tagRows, type RetentionDecision } from '../../retention/planRetention';
import { savedRuleFor, toRetentionRules } from '../../retention/savedRules';
import { formatSize, shortDigest } from '../../tree/format';
import { RetentionPanel } from '../../webview/retentionPanel';
import type { RetentionReportView, RetentionRowView, RetentionStrings } from '../../webview/retentionProtocol';
import { isCancelled, showCancelled } from '../cancelled';
import { askRules, savedRules, type EnteredRules } from './askRules';
import { reasonLabel } from './reasonLabel';

export interface CleanUpOutcome { plan: RetentionDecision[]; result?: RetentionResult; report?: RetentionReportView }

function strings(): RetentionStrings {
  const t = vscode.l10n.t;
  return {
    tag: t('Tag'), digest: t('Digest'), created: t('Created'), decision: t('Decision'), why: t('Why'),
    keep: t('Keep'), delete: t('Delete'), apply: t('Apply…'), applying: t('Deleting…'), reportTitle: t('Report'),
    deleted: t('Deleted'), failed: t('Failed'), kept: t('Kept'), cancelled: t('Cancelled: what was deleted before stays deleted.'),
    nothingToDelete: t('Nothing to delete: every tag is kept.'),
  };
}

/** A repository from a repository node, a namespace node (a pick of its repositories) or the palette. */
async function pickTarget(ctx: Ctx, arg: unknown): Promise<RepositoryTarget | undefined> {
  const title = vscode.l10n.t('Clean up which repository?');
  if (arg instanceof NamespaceNode) {
    const backend = ctx.backends.get(arg.registryId);
    const page = await ctx.withProgress(vscode.l10n.t('Listing {0}…', arg.namespace.name), (signal) => backend.repositories(arg.namespace.name, { signal, pageSize: 100 }), { location: 'window' });
    const pick = await vscode.window.showQuickPick(page.items.map((r) => ({ label: r.repository })), { title });
    if (!pick) return undefined;
    return ctx.pickRepository({ registryId: arg.registryId, repository: pick.label }, { title });
  }
  return ctx.pickRepository(arg, { title });
}

function rowsView(plan: readonly RetentionDecision[]): RetentionRowView[] {
  return tagRows(plan).map((r) => ({
    tag: r.tag, digest: shortDigest(r.digest), created: r.created ? r.created.slice(0, 10) : '', keep: r.keep,
    why: [
      ...r.reasons.map(reasonLabel),
      ...(r.sharedWith.length ? [vscode.l10n.t('same digest as {0}', r.sharedWith.join(', '))] : []),
      ...(r.subject && !r.keep ? [vscode.l10n.t('goes with its subject {0}', shortDigest(r.subject))] : []),
    ].join('; '),
  }));
}

/** The registry's garbage-collect command, for a registry run from the `registry` image or as the binary. */
function gcNote(host: string): string {
  const port = /:(\d+)$/.exec(host)?.[1] ?? '5000';
  return [
    vscode.l10n.t('This registry frees the space only when its garbage collector runs. On the registry host:'),
    `  docker ps --filter publish=${port}`,
    '  docker exec <container> registry garbage-collect /etc/docker/registry/config.yml --delete-untagged',
    vscode.l10n.t('or, with the registry binary (stop pushes while it runs, or set the registry read-only):'),
    '  registry garbage-collect /path/to/config.yml --delete-untagged',
  ].join('\n');
}

export async function cleanUpRepository(ctx: Ctx, arg?: unknown, rulesArg?: unknown, confirmed?: unknown): Promise<CleanUpOutcome | undefined> {
  const r = await pickTarget(ctx, arg);
  if (!r) return undefined;
  if (!r.backend.caps.canDelete) {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} is not supported on {1} registries; use its own web interface.', vscode.l10n.t('Deleting images'), r.backend.kindLabel));
    return undefined;
  }
  const entered = isRules(rulesArg) ? rulesArg : await askRules(r.repository);
  if (!entered) return undefined;
  return runRetention(ctx, r, entered, confirmed === true);
}

/** Runs the saved rules that match a repository again. */
export async function runSavedRetention(ctx: Ctx, arg?: unknown, confirmed?: unknown): Promise<CleanUpOutcome | undefined> {
  const r = await pickTarget(ctx, arg);
  if (!r) return undefined;
  const saved = savedRuleFor(savedRules(), r.repository);
  if (!saved) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No saved retention rules match {0}. Use "Clean Up Repository…" and choose "Save for {0} and Preview".', r.repository));
    return undefined;
  }
  return runRetention(ctx, r, saved, confirmed === true);
}

function isRules(v: unknown): v is EnteredRules {
  if (!v || typeof v !== 'object') return false;
  const o = v as EnteredRules;
  return (o.keepLast === undefined || Number.isInteger(o.keepLast)) && (o.keepDays === undefined || Number.isInteger(o.keepDays))
    && (o.keepLast !== undefined || o.keepDays !== undefined) && (o.protect === undefined || Array.isArray(o.protect));
}

async function runRetention(ctx: Ctx, r: RepositoryTarget, entered: EnteredRules, scripted: boolean): Promise<CleanUpOutcome | undefined> {
  let plan: RetentionDecision[];
  try {
    const rules = toRetentionRules(entered, Date.now());
    plan = (await ctx.withProgress(vscode.l10n.t('Reading {0}…', r.repository), (signal) => planBackendRepository(r.backend, r.repository, rules, { signal, concurrency: ctx.config.detailConcurrency }))).plan;
  } catch (err) {
    if (isCancelled(err)) showCancelled(ctx, vscode.l10n.t('Clean up {0} cancelled; nothing was deleted.', r.repository));
    else await ctx.reportError(err, vscode.l10n.t('Clean up {0} failed', r.repository));
    return undefined;
  }
  const doomed = plan.filter((d) => !d.keep);
  const doomedTags = doomed.reduce((n, d) => n + d.tags.length, 0);
  const allTags = plan.reduce((n, d) => n + d.tags.length, 0);
  const panel = RetentionPanel.open(ctx.extension, {
    type: 'preview', strings: strings(), title: vscode.l10n.t('Clean up {0}', r.repository),
    summary: vscode.l10n.t('{0} of {1} tags ({2} images) go; {3} tags stay. Nothing is deleted until you apply.', doomedTags, allTags, doomed.length, allTags - doomedTags),
    rows: rowsView(plan), canApply: doomed.length > 0,
  });
  if (!scripted) {
    // Apply in the page, then the modal naming the count; cancelling the modal leaves the preview open.
    const go = await new Promise<boolean>((resolve) => {
      const close = panel.onClose(() => { sub.dispose(); close.dispose(); resolve(false); });
      const sub = panel.onApply(async () => {
        const del = vscode.l10n.t('Delete {0} Tags', doomedTags);
        const answer = await vscode.window.showWarningMessage(
          vscode.l10n.t('Delete {0} tags ({1} images) from {2}?', doomedTags, doomed.length, r.repository),
          { modal: true, detail: vscode.l10n.t('Every tag on a deleted image goes with it. This cannot be undone.') }, del);
        if (answer === del) { sub.dispose(); close.dispose(); resolve(true); }
      });
    });
    if (!go) return { plan };
  }
  panel.setApplying(true);
  const repo = new Reference(r.backend.host, r.repository);
  let freed: { bytes: number; blobs: number } | undefined;
  let result: RetentionResult;
  try {
    result = await ctx.withProgress(vscode.l10n.t('Cleaning up {0}…', r.repository), async (signal, report) => {
      if (r.backend.caps.needsGarbageCollection) {
        // Before the deletes (after them the manifests are gone): what only the doomed manifests reference.
        freed = await bytesFreed(r.client, repo, doomed.map((d) => d.digest), plan.filter((d) => d.keep).map((d) => d.digest), { signal }).catch(() => undefined);
      }
      return applyRetention(r.backend, r.repository, plan, {
        signal,
        onProgress: (done, total, current) => report(current.tags.length ? `${done + 1}/${total} ${current.tags.join(', ')}` : `${done}/${total}`, total ? 100 / total : undefined),
      });
    });
  } catch (err) {
    panel.setApplying(false);
    await ctx.reportError(err, vscode.l10n.t('Clean up {0} failed', r.repository));
    ctx.tree.refreshRepository(r.registry.id, r.repository);
    return { plan };
  }
  const notes: string[] = [];
  if (r.backend.caps.needsGarbageCollection && result.deleted.length) {
    if (freed) notes.push(vscode.l10n.t('The deleted manifests referenced {0} in {1} blobs that no kept manifest uses.', formatSize(freed.bytes), freed.blobs));
    notes.push(gcNote(r.backend.host));
  }
  const report: RetentionReportView = {
    summary: vscode.l10n.t('Deleted {0} images ({1} tags); kept {2} images; {3} failed.', result.deleted.length, result.deleted.reduce((n, d) => n + d.tags.length, 0), result.kept, result.failed.length),
    deleted: result.deleted.map((d) => d.tags.join(', ') || shortDigest(d.digest)),
    failed: result.failed.map((f) => ({ tags: f.tags.join(', ') || shortDigest(f.digest), reason: f.reason })),
    notes, cancelled: result.cancelled,
  };
  panel.showReport(report);
  ctx.log.info(`clean up ${r.repository}: deleted ${result.deleted.length}, failed ${result.failed.length}${result.cancelled ? ', cancelled' : ''}`);
  ctx.tree.refreshRepository(r.registry.id, r.repository);
  return { plan, result, report };
}
