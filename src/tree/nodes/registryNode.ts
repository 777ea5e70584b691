import * as vscode from 'vscode';
import { ChildNodes, TreeNode, type TreeEnv } from '../treeNode';
import type { RegistryDefinition } from '../../editorContext';
import { Pager } from '../pager';
import { ErrorNode } from './errorNode';
import { LoadMoreNode } from './loadMoreNode';
import { MessageNode } from './messageNode';
import { CatalogRefusedNode, catalogRefused } from './catalogRefusedNode';
import { RepositoryNode } from './repositoryNode';
import { NamespaceNode } from './namespaceNode';
import { registryHost } from '../../connections/clientPool';
import { matchesFilter } from '../format';
import type { HubPullRateLimit } from '../../registry/index';
import { capabilityWords, type NamespaceInfo, type RegistryBackend, type RepositoryInfo } from '../../backends/registryBackend';

/** A configured registry: its namespaces (Harbor projects, Docker Hub namespaces) or its catalog, from its backend. */
export class RegistryNode extends TreeNode {
  filter: string | undefined;
  private readonly repos: Pager<RepositoryInfo>;
  private readonly namespaces: Pager<NamespaceInfo>;
  /**
   * Child nodes by name, reused on every redraw: each holds its own loaded pages (and, for a repository, its tag
   * pages and filter), which a new instance would lose. Dropped on refresh.
   */
  private readonly kids = new ChildNodes();
  private rate: HubPullRateLimit | undefined | null; // null = asked, none
  private rateRequested = false;
  /** The registry refused to list repositories (catalog): not asked again until a refresh. */
  private refused: unknown;

  constructor(env: TreeEnv, public def: RegistryDefinition) {
    super(env, undefined, `reg:${def.id}`);
    env.track(this);
    this.repos = new Pager((cursor, n) => this.backend.repositories(undefined, { cursor, pageSize: n }), () => env.config.pageSize);
    this.namespaces = new Pager((cursor, n) => this.backend.namespaces({ cursor, pageSize: n, filter: this.filter, withFacts: true }), () => env.config.pageSize);
  }

  get registryId(): string { return this.def.id; }
  get host(): string { return registryHost(this.def); }
  get backend(): RegistryBackend { return this.env.backends.get(this.def.id); }

  override reset(): void {
    this.repos.reset();
    this.namespaces.reset();
    this.kids.clear();
    this.rate = undefined;
    this.rateRequested = false;
    this.refused = undefined;
    this.env.details.forget(this.def.id);
  }

  /**
   * Whether `next` only changes what this node shows, not how the registry is reached (display name, Docker Hub
   * namespaces): then this node is kept with its loaded pages ("Show Namespace in Tree" adds a namespace).
   */
  canAdopt(next: RegistryDefinition): boolean {
    const conn = (d: RegistryDefinition) => JSON.stringify({ ...d, name: undefined, namespaces: undefined, repositories: undefined });
    return next.id === this.def.id && conn(next) === conn(this.def);
  }

  adopt(next: RegistryDefinition): void {
    // New configured namespaces: list them again (no request; the namespaces' own nodes and pages stay).
    if (JSON.stringify(next.namespaces) !== JSON.stringify(this.def.namespaces)) this.namespaces.reset();
    this.def = next;
  }

  /** A new filter: server-side filters list again; a catalog is filtered where loaded. */
  setFilter(text: string | undefined): void {
    this.filter = text || undefined;
    if (this.backend.caps.filtersOnServer) this.namespaces.reset();
  }

  getTreeItem(): vscode.TreeItem {
    const b = this.backend;
    const item = new vscode.TreeItem(this.def.name || this.host, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const kindLabel = vscode.l10n.t(b.kindLabel);
    item.description = this.filter ? `${kindLabel} · ${vscode.l10n.t('filter: {0}', this.filter)}` : `${kindLabel} · ${this.host}`;
    item.iconPath = new vscode.ThemeIcon(b.caps.canSearch ? 'globe' : 'server');
    // hasProjects: the backend has project administration (create project, system robot accounts).
    item.contextValue = `registry ${capabilityWords(b.caps)}${this.filter ? ' filtered' : ''}${b.projects ? ' hasProjects' : ''}`;
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${escapeMd(this.def.name)}**\n\n`);
    md.appendText(`${this.def.url}\n`);
    md.appendMarkdown(`\n${vscode.l10n.t('Kind: {0}', kindLabel)}\n\n`);
    if (this.def.username) md.appendText(`${vscode.l10n.t('User: {0}', this.def.username)}\n`);
    if (this.def.caFile) md.appendText(`${vscode.l10n.t('CA file: {0}', this.def.caFile)}\n`);
    if (this.def.insecure) md.appendText(`${vscode.l10n.t('TLS verification off')}\n`);
    if (b.caps.hasPullRateLimit) {
      if (this.rate) {
        const hours = this.rate.windowSeconds ? Math.round(this.rate.windowSeconds / 3600) : undefined;
        md.appendMarkdown(`\n\n${vscode.l10n.t('Pull rate limit: {0} of {1} left{2}', this.rate.remaining ?? '?', this.rate.limit ?? '?', hours ? vscode.l10n.t(' per {0} h', hours) : '')}`);
      } else if (this.rate === null) {
        md.appendMarkdown(`\n\n${vscode.l10n.t('Pull rate limit: none reported')}`);
      }
      this.requestRateLimit(b);
    }
    item.tooltip = md;
    return item;
  }

  /** Docker Hub's remaining pulls come from a manifest HEAD (does not count as a pull). Once per load. */
  private requestRateLimit(b: RegistryBackend): void {
    if (this.rateRequested) return;
    this.rateRequested = true;
    b.pullRateLimit().then(
      (r) => { this.rate = r ?? null; this.env.changed(this); },
      (err: unknown) => this.env.log.debug(`rate limit ${this.def.id}: ${String(err)}`),
    );
  }

  /** Repositories pinned with "Add Repository…" (settings), shown first whatever the registry lists. */
  get pinnedRepositories(): string[] { return [...new Set(this.def.repositories ?? [])]; }

  private pinnedNodes(): RepositoryNode[] {
    return this.pinnedRepositories.filter((r) => matchesFilter(r, this.filter))
      .map((r) => this.kids.get(`repo:${r}`, () => new RepositoryNode(this.env, this, { repository: r, label: r, pinned: true })));
  }

  override async getChildren(): Promise<TreeNode[]> {
    const pinned = this.pinnedNodes();
    if (this.refused) return [...pinned, new CatalogRefusedNode(this.env, this, pinned.length, this.refused)];
    try {
      const b = this.backend;
      if (b.caps.hasNamespaces) {
        await this.namespaces.first();
        const local = !b.caps.filtersOnServer;
        const nodes: TreeNode[] = this.namespaces.visible.filter((ns) => !local || matchesFilter(ns.name, this.filter))
          .map((ns) => this.kids.get(`ns:${ns.name}`, () => new NamespaceNode(this.env, this, ns)));
        if (!nodes.length && !pinned.length) nodes.push(new MessageNode(this.env, this, this.filter ? vscode.l10n.t('No projects match "{0}"', this.filter) : vscode.l10n.t('No projects')));
        if (this.namespaces.hasMore) nodes.push(new LoadMoreNode(this.env, this, this.namespaces.shown, this.namespaces.total));
        return [...pinned, ...nodes];
      }
      await this.repos.first();
      const isPinned = new Set(this.pinnedRepositories);
      const shown = this.repos.visible.filter((r) => !isPinned.has(r.repository) && matchesFilter(r.repository, this.filter));
      const nodes: TreeNode[] = shown.map((r) => this.kids.get(`repo:${r.repository}`, () => new RepositoryNode(this.env, this, r)));
      if (!nodes.length && !pinned.length) nodes.push(new MessageNode(this.env, this, this.filter ? vscode.l10n.t('No loaded repositories match "{0}"', this.filter) : vscode.l10n.t('No repositories')));
      if (this.repos.hasMore) nodes.push(new LoadMoreNode(this.env, this, this.repos.shown, this.repos.total));
      return [...pinned, ...nodes];
    } catch (err) {
      // A registry that does not list repositories (ghcr.io, ECR, GAR, GitLab for non-admins): no error, a way on.
      if (catalogRefused(err)) {
        this.refused = err;
        this.env.log.info(`${this.def.id}: the registry refused to list repositories (${String((err as Error).message ?? err)}); showing pinned repositories`);
        return [...pinned, new CatalogRefusedNode(this.env, this, pinned.length, err)];
      }
      return [...pinned, new ErrorNode(this.env, this, err)];
    }
  }

  async loadMore(): Promise<void> {
    if (this.backend.caps.hasNamespaces) await this.namespaces.more();
    else await this.repos.more();
  }
}

export function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
