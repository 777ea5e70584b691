/**
 * Tag immutability rules of a project: shown in a quick pick (choosing one offers to remove it), added from two
 * patterns, removed after a modal confirmation naming the rule. The tree's rows of the project refresh after a
 * change (their lock comes from the server's `immutable` flag).
 */
import * as vscode from 'vscode';
import type { Ctx } from '../../editorContext';
import type { ImmutabilityRule } from '../../backends/policyFacets';
import { facet, pickNamespace, type NamespaceTarget } from './pickNamespace';

/** What a doublestar pattern may hold: no control characters, at most 256 characters. */
export function validatePattern(v: string): string | undefined {
  if (!v.trim()) return vscode.l10n.t('Enter a pattern, e.g. ** or v*');
  if (v.length > 256 || /[\u0000-\u001f\u007f]/.test(v)) return vscode.l10n.t('Patterns are plain text up to 256 characters');
  return undefined;
}

function ruleText(r: ImmutabilityRule): string {
  const part = (sel: ImmutabilityRule['tags']): string => sel.map((s) => (s.exclude ? `¬${s.pattern}` : s.pattern)).join(', ');
  return vscode.l10n.t('repositories {0} · tags {1}', part(r.repositories), part(r.tags));
}

async function rulesOf(ctx: Ctx, t: NamespaceTarget): Promise<ImmutabilityRule[] | undefined> {
  const f = facet(t, t.backend.immutability);
  if (!f) return undefined;
  return ctx.withProgress(vscode.l10n.t('Reading the immutability rules of {0}…', t.namespace), (signal) => f.rules(t.namespace, { signal }), { location: 'window' });
}

export async function showImmutabilityRules(ctx: Ctx, arg?: unknown): Promise<ImmutabilityRule[] | undefined> {
  const t = await pickNamespace(ctx, arg, 'hasImmutability', vscode.l10n.t('Immutability rules of which project?'));
  if (!t) return undefined;
  try {
    const rules = await rulesOf(ctx, t);
    if (!rules) return undefined;
    const add = { label: `$(add) ${vscode.l10n.t('Add Immutability Rule…')}`, rule: undefined as ImmutabilityRule | undefined };
    const items = [
      ...rules.map((r) => ({ label: `$(lock) #${r.id}`, description: ruleText(r) + (r.disabled ? ` · ${vscode.l10n.t('disabled')}` : ''), rule: r as ImmutabilityRule | undefined })),
      add,
    ];
    const pick = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Immutability rules of {0}: {1}', t.namespace, rules.length),
      placeHolder: rules.length ? vscode.l10n.t('Tags matching a rule cannot be deleted or moved; choose one to remove it') : vscode.l10n.t('No rules: every tag can be deleted or moved'),
    });
    if (pick === add) await addImmutabilityRule(ctx, t);
    else if (pick?.rule) await removeImmutabilityRule(ctx, t, pick.rule.id);
    return rules;
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Immutability rules of {0}', t.namespace));
    return undefined;
  }
}

export async function addImmutabilityRule(ctx: Ctx, arg?: unknown, rule?: unknown): Promise<boolean> {
  const t = await pickNamespace(ctx, arg, 'hasImmutability', vscode.l10n.t('Add an immutability rule to which project?'));
  const f = t && facet(t, t.backend.immutability);
  if (!t || !f) return false;
  const given = rule && typeof rule === 'object' ? rule as { repositories?: unknown; tags?: unknown } : undefined;
  const repositories = typeof given?.repositories === 'string' ? given.repositories : await vscode.window.showInputBox({
    title: vscode.l10n.t('Immutability rule in {0} (1/2): repositories', t.namespace), value: '**',
    prompt: vscode.l10n.t('Repositories (without the project) matching this pattern: ** for all, app* …'), validateInput: validatePattern,
  });
  if (repositories === undefined) return false;
  const tags = typeof given?.tags === 'string' ? given.tags : await vscode.window.showInputBox({
    title: vscode.l10n.t('Immutability rule in {0} (2/2): tags', t.namespace), placeHolder: 'v*',
    prompt: vscode.l10n.t('Tags matching this pattern become immutable: v*, {1.0,2.0}, release-** …'), validateInput: validatePattern,
  });
  if (tags === undefined) return false;
  const bad = validatePattern(repositories) ?? validatePattern(tags);
  if (bad) { void vscode.window.showErrorMessage(bad); return false; }
  try {
    await ctx.withProgress(vscode.l10n.t('Adding an immutability rule to {0}…', t.namespace), (signal) => f.addRule(t.namespace, { repositories, tags }, { signal }));
    ctx.tree.refreshRegistry(t.registry.id);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Tags {0} of repositories {1} in {2} are now immutable', tags, repositories, t.namespace), 5000);
    return true;
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Adding an immutability rule to {0} failed', t.namespace));
    return false;
  }
}

/** `confirmed === true` skips the modal (tests, scripted use). */
export async function removeImmutabilityRule(ctx: Ctx, arg?: unknown, id?: unknown, confirmed?: unknown): Promise<boolean> {
  const t = await pickNamespace(ctx, arg, 'hasImmutability', vscode.l10n.t('Remove an immutability rule of which project?'));
  const f = t && facet(t, t.backend.immutability);
  if (!t || !f) return false;
  try {
    const rules = await rulesOf(ctx, t) ?? [];
    let rule = rules.find((r) => r.id === id);
    if (!rule) {
      const pick = await vscode.window.showQuickPick(rules.map((r) => ({ label: `#${r.id}`, description: ruleText(r), rule: r })), { title: vscode.l10n.t('Remove which immutability rule of {0}?', t.namespace) });
      rule = pick?.rule;
    }
    if (!rule) return false;
    if (confirmed !== true) {
      const remove = vscode.l10n.t('Remove Rule');
      const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Remove immutability rule #{0} of {1}?', rule.id, t.namespace),
        { modal: true, detail: vscode.l10n.t('{0}. The tags it protects can then be deleted and moved.', ruleText(rule)) }, remove);
      if (answer !== remove) return false;
    }
    const r = rule;
    await ctx.withProgress(vscode.l10n.t('Removing immutability rule #{0}…', r.id), (signal) => f.removeRule(t.namespace, r.id, { signal }));
    ctx.tree.refreshRegistry(t.registry.id);
    return true;
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Removing the immutability rule failed'));
    return false;
  }
}
