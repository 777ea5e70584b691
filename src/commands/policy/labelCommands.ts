/**
 * Labels on artifacts (Harbor): add one of the project's or the global labels, remove one the artifact carries,
 * create a project label. The row's tooltip lists the artifact's labels; its contextValue says `labeled`.
 */
import * as vscode from 'vscode';
import type { Ctx, ImageTarget } from '../../editorContext';
import type { LabelFacet, LabelInfo } from '../../backends/policyFacets';
import { TagNode } from '../../tree/nodes/tagNode';
import { splitHarborRepository } from '../../registry/index';
import { displayRef } from '../pick';
import { facet, pickNamespace } from './pickNamespace';

const COLORS = (): Array<[string, string]> => [
  ['#C92100', vscode.l10n.t('red')], ['#F57600', vscode.l10n.t('orange')], ['#FFDC0B', vscode.l10n.t('yellow')], ['#48960C', vscode.l10n.t('green')],
  ['#0065AB', vscode.l10n.t('blue')], ['#8439B8', vscode.l10n.t('purple')], ['#7C7C7C', vscode.l10n.t('grey')],
];

function projectOf(t: ImageTarget): string | undefined {
  try { return splitHarborRepository(t.ref.repository).project; } catch { return undefined; }
}

/** The labels the artifact carries now: from the tree row, or from the repository's list. */
async function currentLabels(t: ImageTarget, arg: unknown, signal: AbortSignal): Promise<Array<{ id: number; name: string }>> {
  if (arg instanceof TagNode) return arg.info.labels ?? [];
  const page = await t.backend.tags(t.ref.repository, { filter: t.ref.tag, pageSize: 100, signal });
  const row = page.items.find((r) => (t.ref.tag !== undefined ? r.tag === t.ref.tag : r.digest === t.ref.digest));
  return row?.labels ?? [];
}

function labelItem(l: LabelInfo | { id: number; name: string; global?: boolean; description?: string }): vscode.QuickPickItem & { id: number; name: string } {
  return { id: l.id, name: l.name, label: `$(tag) ${l.name}`, description: l.global ? vscode.l10n.t('global') : vscode.l10n.t('project'), detail: 'description' in l ? l.description : undefined };
}

async function labelTarget(ctx: Ctx, arg: unknown, title: string): Promise<{ t: ImageTarget; f: LabelFacet; project: string } | undefined> {
  const t = await ctx.pickImage(arg, { title });
  const f = t && facet(t, t.backend.labels);
  const project = t && projectOf(t);
  return t && f && project ? { t, f, project } : undefined;
}

/** `name` (optional) picks the label by name without UI (tests, scripts). */
export async function addLabel(ctx: Ctx, arg?: unknown, name?: unknown): Promise<boolean> {
  const x = await labelTarget(ctx, arg, vscode.l10n.t('Add a label to which artifact?'));
  if (!x) return false;
  try {
    const [all, on] = await ctx.withProgress(vscode.l10n.t('Reading labels…'), (signal) => Promise.all([x.f.labels(x.project, { signal }), currentLabels(x.t, arg, signal)]), { location: 'window' });
    const free = all.filter((l) => !on.some((o) => o.id === l.id));
    let label: { id: number; name: string } | undefined = typeof name === 'string' ? free.find((l) => l.name === name) : undefined;
    if (!label) {
      if (!free.length) {
        const create = vscode.l10n.t('Create Label…');
        if (await vscode.window.showInformationMessage(vscode.l10n.t('No label of {0} is left to add.', x.project), create) === create) await createLabel(ctx, { registryId: x.t.registry.id, namespace: x.project });
        return false;
      }
      label = await vscode.window.showQuickPick(free.map(labelItem), { title: vscode.l10n.t('Add which label to {0}?', displayRef(x.t.ref)) });
    }
    if (!label) return false;
    const l = label;
    await ctx.withProgress(vscode.l10n.t('Adding label {0}…', l.name), (signal) => x.f.addLabel(x.t.ref, l.id, { signal }));
    ctx.tree.refreshRepository(x.t.registry.id, x.t.ref.repository);
    return true;
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Adding a label to {0} failed', displayRef(x.t.ref)));
    return false;
  }
}

export async function removeLabel(ctx: Ctx, arg?: unknown, name?: unknown): Promise<boolean> {
  const x = await labelTarget(ctx, arg, vscode.l10n.t('Remove a label from which artifact?'));
  if (!x) return false;
  try {
    const on = await ctx.withProgress(vscode.l10n.t('Reading labels…'), (signal) => currentLabels(x.t, arg, signal), { location: 'window' });
    if (!on.length) { void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no labels.', displayRef(x.t.ref))); return false; }
    const label = typeof name === 'string' ? on.find((l) => l.name === name)
      : await vscode.window.showQuickPick(on.map(labelItem), { title: vscode.l10n.t('Remove which label from {0}?', displayRef(x.t.ref)) });
    if (!label) return false;
    await ctx.withProgress(vscode.l10n.t('Removing label {0}…', label.name), (signal) => x.f.removeLabel(x.t.ref, label.id, { signal }));
    ctx.tree.refreshRepository(x.t.registry.id, x.t.ref.repository);
    return true;
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Removing a label from {0} failed', displayRef(x.t.ref)));
    return false;
  }
}

/** A project label; `spec` `{ name, color?, description? }` skips the UI. */
export async function createLabel(ctx: Ctx, arg?: unknown, spec?: unknown): Promise<boolean> {
  const t = await pickNamespace(ctx, arg, 'hasLabels', vscode.l10n.t('Create a label in which project?'));
  const f = t && facet(t, t.backend.labels);
  if (!t || !f) return false;
  const given = spec && typeof spec === 'object' ? spec as { name?: unknown; color?: unknown; description?: unknown } : undefined;
  const name = typeof given?.name === 'string' ? given.name : await vscode.window.showInputBox({
    title: vscode.l10n.t('New label in {0}', t.namespace), prompt: vscode.l10n.t('Label name, e.g. qa-passed'),
    validateInput: (v) => (!v.trim() || v.length > 128 || /[\u0000-\u001f\u007f]/.test(v) ? vscode.l10n.t('1 to 128 printable characters') : undefined),
  });
  if (!name) return false;
  let color = typeof given?.color === 'string' ? given.color : undefined;
  if (!given) {
    const pick = await vscode.window.showQuickPick(COLORS().map(([hex, word]) => ({ label: word, description: hex, hex })), { title: vscode.l10n.t('Color of label {0}', name) });
    if (!pick) return false;
    color = pick.hex;
  }
  try {
    await ctx.withProgress(vscode.l10n.t('Creating label {0}…', name), (signal) => f.createLabel(t.namespace, { name, color, description: typeof given?.description === 'string' ? given.description : undefined }, { signal }));
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Label {0} created in {1}', name, t.namespace), 4000);
    return true;
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Creating label {0} failed', name));
    return false;
  }
}
