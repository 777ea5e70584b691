import * as vscode from 'vscode';
import { ChildNodes, TreeNode, type TreeEnv } from '../treeNode';
import { Pager } from '../pager';
import { ErrorNode } from './errorNode';
import { LoadMoreNode } from './loadMoreNode';
import { MessageNode } from './messageNode';
import { RepositoryNode } from './repositoryNode';
import { repositoryCount } from '../counts';
import { matchesFilter } from '../format';
import type { NamespaceInfo, RepositoryInfo } from '../../backends/registryBackend';
import type { ProjectFacts } from '../../backends/projectAdmin';
import { effectiveCapabilityWords, permissionContext, quotaBar, quotaPercent, quotaText, roleLabel } from '../projectWords';

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
  override get project(): ProjectFacts | undefined { return this.namespace.project; }
  getTreeItem(): vscode.TreeItem {
    const ns = this.namespace;
    const facts = ns.project;
    const item = new vscode.TreeItem(ns.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(facts?.proxyOf ? 'cloud' : ns.public === undefined ? 'organization' : 'project');
    // The count comes with the namespace (Harbor) or with the first page of repositories (the Hub's `count`).
    const count = ns.repositoryCount ?? (this.repos.loaded && !this.filter ? this.repos.total : undefined);
    const access = ns.public === undefined ? '' : ns.public ? vscode.l10n.t('public') : vscode.l10n.t('private');
    const quota = facts?.quota && facts.quota.limit > 0 ? `${quotaPercent(facts.quota)}%` : '';
    item.description = [ns.repositoryCount !== undefined ? repositoryCount(ns.repositoryCount) : '', access,
      facts?.proxyOf ? vscode.l10n.t('proxy cache') : '', quota, facts?.role ? roleLabel(facts.role) : '',
      this.filter ? vscode.l10n.t('filter: {0}', this.filter) : ''].filter(Boolean).join(' · ') || undefined;
    const md = new vscode.MarkdownString();
    md.appendText(ns.name);
    md.appendText(`\n\n${ns.public === undefined ? vscode.l10n.t('{0} namespace', this.backend.kindLabel)
      : ns.public ? vscode.l10n.t('Public project: anyone can pull') : vscode.l10n.t('Private project: members only')}`);
    if (count !== undefined) md.appendText(`\n\n${repositoryCount(count)}`);
    if (facts?.proxyOf) md.appendText(`\n\n${vscode.l10n.t('Proxy cache of {0}', [facts.proxyOf.name, facts.proxyOf.url].filter(Boolean).join(' — ') || '?')}`);
    if (facts?.quota) md.appendText(`\n\n${vscode.l10n.t('Storage: {0}', quotaText(facts.quota))}${facts.quota.limit > 0 ? `\n${quotaBar(facts.quota)}` : ''}`);
    if (facts) md.appendText(`\n\n${vscode.l10n.t('Your role: {0}', facts.role ? roleLabel(facts.role) : vscode.l10n.t('none (not a member)'))}`);
    item.tooltip = md;
    const pub = ns.public === undefined ? '' : ns.public ? ' public' : ' private';
    item.contextValue = `namespace canFilter ${effectiveCapabilityWords(facts, this.backend.caps, ['canDelete', 'hasProjectPolicy', 'hasImmutability', 'hasLabels', 'hasAuditLog'])}${this.filter ? ' filtered' : ''}${facts ? ` project${pub}${facts.proxyOf ? ' proxyCache' : ''}` : ''}${permissionContext(facts)}`;
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
