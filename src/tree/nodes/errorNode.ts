import * as vscode from 'vscode';
import { TreeNode, type TreeEnv } from '../treeNode';
import { classifyError, errorMessage, type FailureKind } from '../../connections/classifyError';

/**
 * A failed load shown in place of the children: message + Retry (click) and, for authentication
 * failures, an inline Reconnect. Never a pop-up from getChildren (STYLE.md).
 */
export class ErrorNode extends TreeNode {
  readonly kind: FailureKind;
  readonly message: string;
  constructor(env: TreeEnv, parent: TreeNode, readonly error: unknown) {
    super(env, parent, `${parent.id}/~error`);
    this.kind = classifyError(error);
    this.message = errorMessage(error);
    env.log.warn(`${parent.id}: ${this.message}`);
  }
  get registryId(): string { return this.parent!.registryId; }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.message.split('\n')[0], vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    item.tooltip = new vscode.MarkdownString().appendText(this.message).appendMarkdown(`\n\n${vscode.l10n.t('Click to retry.')}`);
    const auth = this.kind === 'unauthorized' || this.kind === 'forbidden';
    item.contextValue = auth ? 'error error-auth' : this.kind === 'tls' ? 'error error-tls' : 'error';
    item.command = { command: 'registryExplorer.retry', title: vscode.l10n.t('Retry'), arguments: [this] };
    return item;
  }
}
