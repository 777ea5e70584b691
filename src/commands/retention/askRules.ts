// Asks for retention rules (keep the last N, keep anything newer than D days, protected tag patterns), or
// offers the saved rules that match the repository (`registryExplorer.retention.rules`), and can save them.
import * as vscode from 'vscode';
import { SECTION } from '../../config';
import { savedRuleFor, validRules, type SavedRetentionRule } from '../../retention/savedRules';
import { parseTagPattern } from '../../retention/tagPatterns';

export type EnteredRules = Omit<SavedRetentionRule, 'repository'>;

export const DEFAULT_PROTECT = ['semver', 'latest', 'production'];

export function savedRules(): SavedRetentionRule[] {
  return validRules(vscode.workspace.getConfiguration(SECTION).get<unknown>('retention.rules'));
}

export function describeRules(r: EnteredRules): string {
  const parts: string[] = [];
  if (r.keepLast !== undefined) parts.push(vscode.l10n.t('keep the last {0}', r.keepLast));
  if (r.keepDays !== undefined) parts.push(vscode.l10n.t('keep anything newer than {0} days', r.keepDays));
  if (r.protect?.length) parts.push(vscode.l10n.t('protect {0}', r.protect.join(', ')));
  return parts.join('; ');
}

const countOrEmpty = (v: string): string | undefined =>
  v.trim() === '' || /^\d{1,6}$/.test(v.trim()) ? undefined : vscode.l10n.t('Enter a whole number (or leave empty).');

/** Input boxes for the rules; undefined when the user cancels. */
async function enterRules(repository: string, start?: EnteredRules): Promise<EnteredRules | undefined> {
  const last = await vscode.window.showInputBox({
    title: vscode.l10n.t('Clean up {0}: keep the last N images (by creation date)', repository),
    value: String(start?.keepLast ?? 10), validateInput: countOrEmpty, prompt: vscode.l10n.t('Empty: no count rule.'),
  });
  if (last === undefined) return undefined;
  const days = await vscode.window.showInputBox({
    title: vscode.l10n.t('Clean up {0}: also keep anything newer than D days', repository),
    value: start?.keepDays !== undefined ? String(start.keepDays) : '', validateInput: countOrEmpty, prompt: vscode.l10n.t('Empty: no age rule.'),
  });
  if (days === undefined) return undefined;
  const protect = await vscode.window.showInputBox({
    title: vscode.l10n.t('Clean up {0}: protected tags', repository),
    value: (start?.protect ?? DEFAULT_PROTECT).join(', '),
    prompt: vscode.l10n.t('Comma-separated: semver (semantic versions), literal tags, globs (release-*), /regular expressions/.'),
    validateInput: (v) => {
      for (const p of splitPatterns(v)) { try { parseTagPattern(p); } catch (e) { return (e as Error).message; } }
      return undefined;
    },
  });
  if (protect === undefined) return undefined;
  const r: EnteredRules = { protect: splitPatterns(protect) };
  if (last.trim()) r.keepLast = Number(last.trim());
  if (days.trim()) r.keepDays = Number(days.trim());
  if (r.keepLast === undefined && r.keepDays === undefined) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Give a count or an age: without either rule everything not protected would go.'));
    return undefined;
  }
  return r;
}

function splitPatterns(v: string): string[] {
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

/** Saved rules for the repository, or rules entered now (optionally saved for it). */
export async function askRules(repository: string): Promise<EnteredRules | undefined> {
  const saved = savedRuleFor(savedRules(), repository);
  if (saved) {
    const use = { label: vscode.l10n.t('Use the saved rules for {0}', saved.repository), detail: describeRules(saved), use: true };
    const edit = { label: vscode.l10n.t('Enter rules…'), use: false };
    const pick = await vscode.window.showQuickPick([use, edit], { title: vscode.l10n.t('Clean up {0}', repository) });
    if (!pick) return undefined;
    if (pick.use) return saved;
  }
  const r = await enterRules(repository, saved);
  if (!r) return undefined;
  const preview = { label: vscode.l10n.t('Preview'), save: false };
  const save = { label: vscode.l10n.t('Save for {0} and Preview', repository), save: true };
  const pick = await vscode.window.showQuickPick([preview, save], { title: describeRules(r) });
  if (!pick) return undefined;
  if (pick.save) await saveRules({ repository, ...r });
  return r;
}

/** Adds or replaces the saved rule for this exact repository pattern (user settings). */
export async function saveRules(rule: SavedRetentionRule): Promise<void> {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  const list = (cfg.get<unknown[]>('retention.rules') ?? []).filter((x) => !(x && typeof x === 'object' && (x as { repository?: unknown }).repository === rule.repository));
  await cfg.update('retention.rules', [...list, rule], vscode.ConfigurationTarget.Global);
}
