import * as vscode from 'vscode';
import { ChildNodes, TreeNode, type TreeEnv } from '../treeNode';
import { Pager } from '../pager';
import { ErrorNode } from './errorNode';
import { LoadMoreNode } from './loadMoreNode';
import { MessageNode } from './messageNode';
import { RepositoryNode } from './repositoryNode';
import type { HubRepository } from '../../registry/index';
import { repositoryCount } from '../counts';

/** A Docker Hub namespace (user or organization); repositories from the Hub API, filtered by `name`. */
export class HubNamespaceNode extends TreeNode {
  filter: string | undefined;
  private readonly repos: Pager<HubRepository>;
  /** Repository nodes kept across redraws (their tag pages and filters survive a Load more here). */
  private readonly kids = new ChildNodes();
  constructor(env: TreeEnv, parent: TreeNode, readonly namespace: string) {
    super(env, parent, `${parent.id}/ns:${namespace}`);
    env.track(this);
    this.repos = new Pager(async (cursor, n) =>
      env.clients.hub(this.registryId).repositories(namespace, { page: cursor ? Number(cursor) : 1, pageSize: Math.min(n, 100), name: this.filter || undefined }),
    () => env.config.pageSize);
  }
  get registryId(): string { return this.parent!.registryId; }
  override reset(): void { this.repos.reset(); this.kids.clear(); }
  /** The Hub filters on the server: a new filter is a new list. */
  setFilter(text: string | undefined): void {
    this.filter = text || undefined;
    this.repos.reset();
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.namespace, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('organization');
    item.description = this.filter ? vscode.l10n.t('filter: {0}', this.filter) : undefined;
    // The Hub says how many repositories a namespace has (that this account may see) with the first page.
    const md = new vscode.MarkdownString();
    md.appendText(this.namespace);
    md.appendText(`\n\n${vscode.l10n.t('Docker Hub namespace')}`);
    if (this.repos.loaded && this.repos.total !== undefined && !this.filter) md.appendText(`\n\n${repositoryCount(this.repos.total)}`);
    item.tooltip = md;
    item.contextValue = `hubNamespace${this.filter ? ' filtered' : ''}`;
    return item;
  }
  override async getChildren(): Promise<TreeNode[]> {
    try {
      await this.repos.first();
      const nodes: TreeNode[] = this.repos.visible.map((r) => {
        const o = r as unknown as { name: string; description?: string; pull_count?: number; last_updated?: string };
        return this.kids.get(o.name, () => new RepositoryNode(this.env, this, { repository: `${this.namespace}/${o.name}`, hub: { namespace: this.namespace, name: o.name }, description: o.description, updated: o.last_updated, pulls: o.pull_count }));
      });
      if (!nodes.length) nodes.push(new MessageNode(this.env, this, vscode.l10n.t('No repositories')));
      if (this.repos.hasMore) nodes.push(new LoadMoreNode(this.env, this, this.repos.shown, this.repos.total));
      return nodes;
    } catch (err) {
      return [new ErrorNode(this.env, this, err)];
    }
  }
  async loadMore(): Promise<void> { await this.repos.more(); }
}
