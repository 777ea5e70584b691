import * as vscode from 'vscode';
import { TreeNode, type TreeEnv } from '../treeNode';
import { classifyError, errorMessage } from '../../connections/classifyError';

/**
 * Whether a failed catalog listing means "this registry does not list its repositories to you" rather than a
 * fault: ghcr.io, GitLab for non-admins, ECR and GAR refuse GET /v2/_catalog with 401/403/404, some registries
 * answer UNSUPPORTED (distribution spec "Listing Repositories" is optional for a registry to serve).
 */
export function catalogRefused(err: unknown): boolean {
  const kind = classifyError(err);
  return kind === 'unauthorized' || kind === 'forbidden' || kind === 'notFound' || kind === 'unsupported';
}

/** In place of an error row: says the catalog is not available and offers "Add Repository…" (click). */
export class CatalogRefusedNode extends TreeNode {
  constructor(env: TreeEnv, parent: TreeNode, private readonly pinnedCount: number, private readonly error?: unknown) {
    super(env, parent, `${parent.id}/~catalogRefused`);
  }
  get registryId(): string { return this.parent!.registryId; }
  getTreeItem(): vscode.TreeItem {
    const text = this.pinnedCount
      ? vscode.l10n.t('The registry does not list its other repositories: Add Repository…')
      : vscode.l10n.t('The registry does not list its repositories: Add Repository…');
    const item = new vscode.TreeItem(text, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('add');
    // The registry's answer stays visible: a 401 may also mean wrong credentials (then Edit Registry or Reconnect).
    const md = new vscode.MarkdownString();
    md.appendText(vscode.l10n.t('GET /v2/_catalog was refused. Type the name of a repository you know; it is remembered for this registry.'));
    if (this.error !== undefined) md.appendText(`\n\n${errorMessage(this.error)}`);
    item.tooltip = md;
    item.contextValue = 'message catalogRefused';
    item.command = { command: 'registryExplorer.addRepository', title: vscode.l10n.t('Add Repository…'), arguments: [this.parent] };
    return item;
  }
}
