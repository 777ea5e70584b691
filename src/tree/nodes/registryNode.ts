import * as vscode from 'vscode';
import { ChildNodes, TreeNode, type TreeEnv } from '../treeNode';
import type { RegistryDefinition } from '../../editorContext';
import { Pager } from '../pager';
import { ErrorNode } from './errorNode';
import { LoadMoreNode } from './loadMoreNode';
import { MessageNode } from './messageNode';
import { RepositoryNode } from './repositoryNode';
import { HarborProjectNode } from './harborProjectNode';
import { HubNamespaceNode } from './hubNamespaceNode';
import { registryHost } from '../../connections/clientPool';
import { matchesFilter } from '../format';
import type { HarborProject } from '../../registry/index';

interface RateLimit { limit?: number; remaining?: number; windowSeconds?: number; source?: string }

/** A configured registry: v2 catalog, Harbor projects, or Docker Hub namespaces below it. */
export class RegistryNode extends TreeNode {
  filter: string | undefined;
  private readonly repos: Pager<string>;
  private readonly projects: Pager<HarborProject>;
  /**
   * Child nodes by name, reused on every redraw: each holds its own loaded pages (and, for a repository, its tag
   * pages and filter), which a new instance would lose. Dropped on refresh.
   */
  private readonly kids = new ChildNodes();
  private rate: RateLimit | undefined | null; // null = asked, none
  private rateRequested = false;

  constructor(env: TreeEnv, public def: RegistryDefinition) {
    super(env, undefined, `reg:${def.id}`);
    env.track(this);
    this.repos = new Pager((cursor, n) => env.clients.get(def.id).catalog({ n, cursor }), () => env.config.pageSize);
    this.projects = new Pager(async (cursor, n) => {
      return env.clients.harbor(def.id).projects({ cursor, pageSize: n, q: this.filter ? { name: { fuzzy: this.filter } } : undefined });
    }, () => env.config.pageSize);
  }

  get registryId(): string { return this.def.id; }
  get host(): string { return registryHost(this.def); }

  override reset(): void {
    this.repos.reset();
    this.projects.reset();
    this.kids.clear();
    this.rate = undefined;
    this.rateRequested = false;
    this.env.details.forget(this.def.id);
  }

  /**
   * Whether `next` only changes what this node shows, not how the registry is reached (display name, Docker Hub
   * namespaces): then this node is kept with its loaded pages ("Show Namespace in Tree" adds a namespace).
   */
  canAdopt(next: RegistryDefinition): boolean {
    const conn = (d: RegistryDefinition) => JSON.stringify({ ...d, name: undefined, namespaces: undefined });
    return next.id === this.def.id && conn(next) === conn(this.def);
  }

  adopt(next: RegistryDefinition): void {
    this.def = next;
  }

  /** A new filter: Harbor filters projects on the server (list again); the v2 catalog is filtered where loaded. */
  setFilter(text: string | undefined): void {
    this.filter = text || undefined;
    if (this.def.kind === 'harbor') this.projects.reset();
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.def.name || this.host, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const kindLabel = this.def.kind === 'harbor' ? 'Harbor' : this.def.kind === 'dockerhub' ? 'Docker Hub' : vscode.l10n.t('Registry v2');
    item.description = this.filter ? `${kindLabel} · ${vscode.l10n.t('filter: {0}', this.filter)}` : `${kindLabel} · ${this.host}`;
    item.iconPath = new vscode.ThemeIcon(this.def.kind === 'dockerhub' ? 'globe' : 'server');
    item.contextValue = `registry registry-${this.def.kind}${this.filter ? ' filtered' : ''}`;
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${escapeMd(this.def.name)}**\n\n`);
    md.appendText(`${this.def.url}\n`);
    md.appendMarkdown(`\n${vscode.l10n.t('Kind: {0}', kindLabel)}\n\n`);
    if (this.def.username) md.appendText(`${vscode.l10n.t('User: {0}', this.def.username)}\n`);
    if (this.def.caFile) md.appendText(`${vscode.l10n.t('CA file: {0}', this.def.caFile)}\n`);
    if (this.def.insecure) md.appendText(`${vscode.l10n.t('TLS verification off')}\n`);
    if (this.def.kind === 'dockerhub') {
      if (this.rate) {
        const hours = this.rate.windowSeconds ? Math.round(this.rate.windowSeconds / 3600) : undefined;
        md.appendMarkdown(`\n\n${vscode.l10n.t('Pull rate limit: {0} of {1} left{2}', this.rate.remaining ?? '?', this.rate.limit ?? '?', hours ? vscode.l10n.t(' per {0} h', hours) : '')}`);
      } else if (this.rate === null) {
        md.appendMarkdown(`\n\n${vscode.l10n.t('Pull rate limit: none reported')}`);
      }
      this.requestRateLimit();
    }
    item.tooltip = md;
    return item;
  }

  /** Docker Hub's remaining pulls come from a manifest HEAD (does not count as a pull). Once per load. */
  private requestRateLimit(): void {
    if (this.rateRequested) return;
    this.rateRequested = true;
    this.env.clients.hub(this.def.id).rateLimit().then(
      (r) => { this.rate = r ?? null; this.env.changed(this); },
      (err: unknown) => this.env.log.debug(`rate limit ${this.def.id}: ${String(err)}`),
    );
  }

  override async getChildren(): Promise<TreeNode[]> {
    try {
      switch (this.def.kind) {
        case 'harbor': {
          await this.projects.first();
          const nodes: TreeNode[] = this.projects.visible.map((p) => this.kids.get(`proj:${p.name}`, () => new HarborProjectNode(this.env, this, p)));
          if (!nodes.length) nodes.push(new MessageNode(this.env, this, this.filter ? vscode.l10n.t('No projects match "{0}"', this.filter) : vscode.l10n.t('No projects')));
          if (this.projects.hasMore) nodes.push(new LoadMoreNode(this.env, this, this.projects.shown, this.projects.total));
          return nodes;
        }
        case 'dockerhub': {
          const ns = this.def.namespaces?.length ? this.def.namespaces : this.def.username ? [this.def.username, 'library'] : ['library'];
          return [...new Set(ns)].map((n) => this.kids.get(`ns:${n}`, () => new HubNamespaceNode(this.env, this, n)));
        }
        default: {
          await this.repos.first();
          const shown = this.repos.visible.filter((r) => matchesFilter(r, this.filter));
          const nodes: TreeNode[] = shown.map((r) => this.kids.get(`repo:${r}`, () => new RepositoryNode(this.env, this, { repository: r })));
          if (!nodes.length) nodes.push(new MessageNode(this.env, this, this.filter ? vscode.l10n.t('No loaded repositories match "{0}"', this.filter) : vscode.l10n.t('No repositories')));
          if (this.repos.hasMore) nodes.push(new LoadMoreNode(this.env, this, this.repos.shown, this.repos.total));
          return nodes;
        }
      }
    } catch (err) {
      return [new ErrorNode(this.env, this, err)];
    }
  }

  async loadMore(): Promise<void> {
    if (this.def.kind === 'harbor') await this.projects.more();
    else await this.repos.more();
  }
}

export function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
