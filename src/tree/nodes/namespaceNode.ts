import * as vscode from 'vscode';
import { ChildNodes, TreeNode, type TreeEnv } from '../treeNode';
import { Pager } from '../pager';
import { ErrorNode } from './errorNode';
import { LoadMoreNode } from './loadMoreNode';
import { MessageNode } from './messageNode';
import { RepositoryNode } from './repositoryNode';
import { repositoryCount } from '../counts';
import { matchesFilter } from '../format';
import { capabilityWords, type NamespaceInfo, type RepositoryInfo } from '../../backends/registryBackend';

/**
 * A namespace above repositories (a Harbor project, a Docker Hub namespace), from the backend. Where the backend
 * filters on the server a new filter is a new list; otherwise the loaded names are filtered here.
 */
export class NamespaceNode extends TreeNode {
  filter: string | undefined;
  private readonly repos: Pager<RepositoryInfo>;
  /** Repository nodes kept across redraws (their tag pages and filters survive a Load more here). */
  private readonly kids = new ChildNodes();
  constructor(env: TreeEnv, parent: TreeNode, readonly namespace: NamespaceInfo) {
    super(env, parent, `${parent.id}/ns:${namespace.name}`);
    env.track(this);
    this.repos = new Pager((cursor, n) => this.backend.repositories(namespace.name, { cursor, pageSize: n, filter: this.filter }), () => env.config.pageSize);
  }
  get registryId(): string { return this.parent!.registryId; }
  private get backend() { return this.env.backends.get(this.registryId); }
  override reset(): void { this.repos.reset(); this.kids.clear(); }
  setFilter(text: string | undefined): void {
    this.filter = text || undefined;
    if (this.backend.caps.filtersOnServer) this.repos.reset();
  }
  getTreeItem(): vscode.TreeItem {
    const ns = this.namespace;
    const item = new vscode.TreeItem(ns.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(ns.public === undefined ? 'organization' : 'project');
    // The count comes with the namespace (Harbor) or with the first page of repositories (the Hub's `count`).
    const count = ns.repositoryCount ?? (this.repos.loaded && !this.filter ? this.repos.total : undefined);
    const access = ns.public === undefined ? '' : ns.public ? vscode.l10n.t('public') : vscode.l10n.t('private');
    item.description = [ns.repositoryCount !== undefined ? repositoryCount(ns.repositoryCount) : '', access,
      this.filter ? vscode.l10n.t('filter: {0}', this.filter) : ''].filter(Boolean).join(' · ') || undefined;
    const md = new vscode.MarkdownString();
    md.appendText(ns.name);
    md.appendText(`\n\n${ns.public === undefined ? vscode.l10n.t('{0} namespace', this.backend.kindLabel)
      : ns.public ? vscode.l10n.t('Public project: anyone can pull') : vscode.l10n.t('Private project: members only')}`);
    if (count !== undefined) md.appendText(`\n\n${repositoryCount(count)}`);
    item.tooltip = md;
    item.contextValue = `namespace canFilter ${capabilityWords(this.backend.caps, ['canDelete', 'hasServerRetention', 'hasNamespaceQuota'])}${this.filter ? ' filtered' : ''}`;
    return item;
  }
  override async getChildren(): Promise<TreeNode[]> {
    try {
      await this.repos.first();
      const local = !this.backend.caps.filtersOnServer;
      const shown = this.repos.visible.filter((r) => !local || matchesFilter(r.label, this.filter));
      const nodes: TreeNode[] = shown.map((r) => this.kids.get(r.repository, () => new RepositoryNode(this.env, this, r)));
      if (!nodes.length) nodes.push(new MessageNode(this.env, this, this.filter ? vscode.l10n.t('No repositories match "{0}"', this.filter) : vscode.l10n.t('No repositories')));
      if (this.repos.hasMore) nodes.push(new LoadMoreNode(this.env, this, this.repos.shown, this.repos.total));
      return nodes;
    } catch (err) {
      return [new ErrorNode(this.env, this, err)];
    }
  }
  async loadMore(): Promise<void> { await this.repos.more(); }
}
