/** What follows a push: the tree shows the new tag, and the notification offers Scan and Copy reference. */
import * as vscode from 'vscode';
import type { Ctx, RegistryDefinition } from '../../editorContext';
import type { PushResult } from '../../imageBuild/index';
import { scanImage } from '../scan';

export async function afterPush(ctx: Ctx, def: RegistryDefinition, repository: string, result: PushResult, interactive: boolean): Promise<void> {
  const ref = result.reference;
  ctx.tree.refreshRepository(def.id, repository);
  try {
    await vscode.commands.executeCommand('registryExplorer.goToTag', { registryId: def.id, repository }, ref.tag);
  } catch (err) {
    ctx.log.warn(`reveal of ${ref.toString()} failed: ${String(err)}`);
  }
  const digest = result.digest ? ` (${result.digest.slice(0, 19)}…)` : '';
  const msg = vscode.l10n.t('Pushed {0}{1}', ref.toString(), digest);
  const scan = vscode.l10n.t('Scan');
  const copy = vscode.l10n.t('Copy reference');
  const show = vscode.window.showInformationMessage(msg, scan, copy).then(async (choice) => {
    if (choice === copy) await vscode.env.clipboard.writeText(ref.toString());
    // With the pushed digest, so the scan result is keyed (and badged in the tree) by digest.
    if (choice === scan) await scanImage(ctx, { registryId: def.id, reference: result.digest ? `${ref.toString()}@${result.digest}` : ref.toString() });
  });
  // Programmatic runs (tests) do not wait for a click on the notification.
  if (interactive) await show;
}
