/** "Change kind…" in Add Registry: the kind came from the URL (detectKind) or a probe; the user may know better. */
import * as vscode from 'vscode';
import type { RegistryKind } from '../editorContext';

/** Kinds offered by "Change kind…" (each kind adds its line). */
export const KIND_LABELS: Partial<Record<RegistryKind, string>> = {
  distribution: 'Registry v2',
  harbor: 'Harbor',
  dockerhub: 'Docker Hub',
  github: 'GitHub Container Registry',
};

export async function pickKind(current: RegistryKind): Promise<RegistryKind | undefined> {
  const kinds = Object.keys(KIND_LABELS) as RegistryKind[];
  const picked = await vscode.window.showQuickPick(kinds.map((k) => ({ label: vscode.l10n.t(KIND_LABELS[k] ?? k), description: k === current ? vscode.l10n.t('current') : undefined, registryKind: k })), {
    title: vscode.l10n.t('Registry kind'), placeHolder: vscode.l10n.t('What kind of registry is this?'), ignoreFocusOut: true,
  });
  return picked?.registryKind;
}

