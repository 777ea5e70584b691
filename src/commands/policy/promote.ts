/**
 * "Promote to Project…": the image goes to the same repository below another namespace of the same registry
 * (dev → staging → production), optionally with a new tag. The backend decides how (Harbor copies inside the
 * server; other kinds copy through the client): this command never asks the kind.
 * Programmatic use: `{ namespace, tag? }` as the second argument skips the UI.
 */
import * as vscode from 'vscode';
import { validateTag, type Reference } from '../../registry/index';
import type { Ctx } from '../../editorContext';
import { displayRef } from '../pick';
import { pickOrType } from '../pickOrType';
import { isCancelled, showCancelled } from '../cancelled';

const NAMESPACE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export async function promote(ctx: Ctx, arg?: unknown, dest?: unknown): Promise<Reference | undefined> {
  const t = await ctx.pickImage(arg, { title: vscode.l10n.t('Promote which image?') });
  if (!t) return undefined;
  const from = t.ref.repository.split('/')[0];
  const d = dest && typeof dest === 'object' ? dest as { namespace?: unknown; tag?: unknown } : {};
  let namespace = typeof d.namespace === 'string' ? d.namespace : undefined;
  if (namespace === undefined) {
    const known = t.backend.caps.hasNamespaces
      ? await ctx.withProgress(vscode.l10n.t('Listing projects…'), (signal) => t.backend.namespaces({ pageSize: 100, signal }), { location: 'window' })
        .then((p) => p.items.map((n) => n.name).filter((n) => n !== from), () => [] as string[])
      : [];
    namespace = await pickOrType(known, {
      title: vscode.l10n.t('Promote {0} to which project?', displayRef(t.ref)), placeholder: vscode.l10n.t('project, e.g. staging'),
      validate: (v) => (NAMESPACE.test(v) && v !== from ? undefined : vscode.l10n.t('A project name other than {0} (lowercase letters, digits, . _ -)', from)),
    });
  }
  if (!namespace) return undefined;
  let tag = typeof d.tag === 'string' ? d.tag || undefined : undefined;
  if (!('tag' in d)) {
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Promote {0} to {1}: new tag (optional)', displayRef(t.ref), namespace),
      prompt: vscode.l10n.t('Leave empty to keep the tags the image has'), placeHolder: t.ref.tag ?? '',
      validateInput: (v) => { if (!v) return undefined; try { validateTag(v); return undefined; } catch (e) { return (e as Error).message; } },
    });
    if (typed === undefined) return undefined;
    tag = typed || undefined;
  }
  const ns = namespace;
  try {
    const out = await ctx.withProgress(vscode.l10n.t('Promoting {0} to {1}…', displayRef(t.ref), ns), (signal) => t.backend.promote(t.ref, ns, tag, { signal }));
    ctx.tree.refreshRegistry(t.registry.id);
    void vscode.window.showInformationMessage(vscode.l10n.t('Promoted {0} to {1}.', displayRef(t.ref), displayRef(out)));
    return out;
  } catch (err) {
    if (isCancelled(err)) { showCancelled(ctx, vscode.l10n.t('Promote {0} cancelled.', displayRef(t.ref))); return undefined; }
    await ctx.reportError(err, vscode.l10n.t('Promote {0} to {1} failed', displayRef(t.ref), ns));
    return undefined;
  }
}
