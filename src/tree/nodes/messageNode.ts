import * as vscode from 'vscode';
import { TreeNode, type TreeEnv } from '../treeNode';

/** A non-actionable row ("No tags", "Filtered: …"). */
export class MessageNode extends TreeNode {
  constructor(env: TreeEnv, parent: TreeNode, private readonly text: string, private readonly icon = 'info') {
    super(env, parent, `${parent.id}/~msg:${text}`);
  }
  get registryId(): string { return this.parent!.registryId; }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.text, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = 'message';
    return item;
  }
}
