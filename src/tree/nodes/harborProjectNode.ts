import * as vscode from 'vscode';
import { ChildNodes, TreeNode, type TreeEnv } from '../treeNode';
import { Pager } from '../pager';
import { ErrorNode } from './errorNode';
import { LoadMoreNode } from './loadMoreNode';
import { MessageNode } from './messageNode';
import { RepositoryNode } from './repositoryNode';
import { repositoryCount } from '../counts';
import type { HarborProject, HarborRepository } from '../../registry/index';

/** A Harbor project; its repositories come from the Harbor API with server-side `q` filtering. */
export class HarborProjectNode extends TreeNode {
  filter: string | undefined;
  private readonly repos: Pager<HarborRepository>;
  /** Repository nodes kept across redraws (their tag pages and filters survive a Load more here). */
  private readonly kids = new ChildNodes();
  constructor(env: TreeEnv, parent: TreeNode, readonly project: HarborProject) {
    super(env, parent, `${parent.id}/proj:${project.name}`);
    env.track(this);
    this.repos = new Pager(async (cursor, n) => {
      return env.clients.harbor(this.registryId).repositories(project.name, { cursor, pageSize: n, q: this.filter ? { name: { fuzzy: this.filter } } : undefined });
    }, () => env.config.pageSize);
  }
  get registryId(): string { return this.parent!.registryId; }
  override reset(): void { this.repos.reset(); this.kids.clear(); }
  /** Harbor filters on the server: a new filter is a new list. */
  setFilter(text: string | undefined): void {
    this.filter = text || undefined;
    this.repos.reset();
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.project.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('project');
    const pub = this.project.metadata?.public === 'true';
    const access = pub ? vscode.l10n.t('public') : vscode.l10n.t('private');
    const count = this.project.repo_count;
    item.description = [count !== undefined ? repositoryCount(count) : '', access,
      this.filter ? vscode.l10n.t('filter: {0}', this.filter) : ''].filter(Boolean).join(' · ');
    const md = new vscode.MarkdownString();
    md.appendText(this.project.name);
    md.appendText(`\n\n${pub ? vscode.l10n.t('Public project: anyone can pull') : vscode.l10n.t('Private project: members only')}`);
    if (count !== undefined) md.appendText(`\n\n${repositoryCount(count)}`);
    item.tooltip = md;
    item.contextValue = `harborProject${this.filter ? ' filtered' : ''}`;
    return item;
  }
  override async getChildren(): Promise<TreeNode[]> {
    try {
      await this.repos.first();
      const nodes: TreeNode[] = this.repos.visible.map((r) => this.kids.get(r.name, () => new RepositoryNode(this.env, this, {
        repository: r.name, harbor: { project: this.project.name, repository: r.name.slice(this.project.name.length + 1) }, count: r.artifact_count, updated: r.update_time,
      })));
      if (!nodes.length) nodes.push(new MessageNode(this.env, this, this.filter ? vscode.l10n.t('No repositories match "{0}"', this.filter) : vscode.l10n.t('No repositories')));
      if (this.repos.hasMore) nodes.push(new LoadMoreNode(this.env, this, this.repos.shown, this.repos.total));
      return nodes;
    } catch (err) {
      return [new ErrorNode(this.env, this, err)];
    }
  }
  async loadMore(): Promise<void> { await this.repos.more(); }
}
