/** The one quick pick over known values that also accepts a typed value not in the list (optionally validated). */
import * as vscode from 'vscode';

export interface PickOrTypeOptions {
  title: string;
  placeholder: string;
  /** An error message for a typed value, or undefined when it is fine; an invalid value keeps the pick open. */
  validate?: (v: string) => string | undefined;
  /** How a typed value not in the list is described (default "(typed)"). */
  typedLabel?: string;
}

export function pickOrType(items: readonly (string | vscode.QuickPickItem)[], opts: PickOrTypeOptions): Promise<string | undefined> {
  const base: vscode.QuickPickItem[] = items.map((i) => (typeof i === 'string' ? { label: i } : i));
  const qp = vscode.window.createQuickPick();
  qp.title = opts.title;
  qp.placeholder = opts.placeholder;
  qp.items = base;
  return new Promise<string | undefined>((resolve) => {
    let done = false;
    const finish = (v: string | undefined) => { if (!done) { done = true; resolve(v); qp.dispose(); } };
    qp.onDidChangeValue((v) => {
      const err = v && opts.validate ? opts.validate(v) : undefined;
      qp.items = v && !base.some((i) => i.label === v)
        ? [{ label: v, description: err ? `⚠ ${err}` : opts.typedLabel ?? vscode.l10n.t('(typed)') }, ...base] : base;
    });
    qp.onDidAccept(() => {
      const v = qp.selectedItems[0]?.label ?? (qp.value || undefined);
      if (v && opts.validate?.(v)) return; // stay open on an invalid value
      finish(v);
    });
    qp.onDidHide(() => finish(undefined));
    qp.show();
  });
}
