import * as vscode from 'vscode';
import { TreeNode, type TreeEnv } from '../treeNode';

export interface Pageable extends TreeNode {
  loadMore(): Promise<void>;
}

/** "Load more": fetches (or reveals) the next page and refreshes only its parent. */
export class LoadMoreNode extends TreeNode {
  constructor(env: TreeEnv, readonly owner: Pageable, private readonly shown: number, private readonly total?: number) {
    super(env, owner, `${owner.id}/~more`);
  }
  get registryId(): string { return this.owner.registryId; }
  getTreeItem(): vscode.TreeItem {
    const label = this.total !== undefined
      ? vscode.l10n.t('Load more… ({0} of {1} shown)', this.shown, this.total)
      : vscode.l10n.t('Load more… ({0} shown)', this.shown);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('more');
    item.contextValue = 'loadMore';
    item.command = { command: 'registryExplorer.loadMore', title: vscode.l10n.t('Load More'), arguments: [this] };
    return item;
  }
}
