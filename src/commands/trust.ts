/**
 * Restricted Mode: browsing works, but commands that start a program on this machine (a builder, a pull
 * client, Trivy) ask for trust first. A workspace can also not choose those programs (config.ts).
 */
import * as vscode from 'vscode';

/** True in a trusted workspace; otherwise says why `what` is off and offers the trust editor. */
export async function requireTrust(what: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = vscode.l10n.t('Manage Workspace Trust');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Restricted Mode: {0} runs a program on this machine, so it is available once you trust this workspace.', what), manage);
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
