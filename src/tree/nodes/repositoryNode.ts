import * as vscode from 'vscode';
import { TreeNode, type TreeEnv } from '../treeNode';
import { Pager } from '../pager';
import { ErrorNode } from './errorNode';
import { LoadMoreNode } from './loadMoreNode';
import { MessageNode } from './messageNode';
import { TagNode } from './tagNode';
import { fromHarborArtifact, fromHubTag, type TagInfo } from '../tagInfo';
import { matchesFilter, relativeTime, sortByDate, sortTagsSemver } from '../format';
import type { RegistryNode } from './registryNode';
import { timeWords } from '../timeWords';

export interface RepositoryInfo {
  repository: string;                                   // full path in the registry
  harbor?: { project: string; repository: string };
  hub?: { namespace: string; name: string };
  count?: number;
  updated?: string;
  description?: string;
  pulls?: number;
}

/**
 * A repository. Tags: v2 → tags/list (paged locally when the server returns everything), details lazy per
 * shown tag; Harbor → the artifact list (all details in one response, no request per tag); Hub → its tag list.
 */
export class RepositoryNode extends TreeNode {
  filter: string | undefined;
  /** Tags added by "Go to tag…", shown first even when not on a loaded page. */
  pinned: string[] = [];
  private readonly tags: Pager<TagInfo>;

  constructor(env: TreeEnv, parent: TreeNode, readonly info: RepositoryInfo) {
    super(env, parent, `${parent.id}/repo:${info.repository}`);
    env.track(this);
    this.tags = new Pager((cursor, n) => this.fetch(cursor, n), () => env.config.pageSize);
  }

  get registryId(): string { return this.parent!.registryId; }
  get registryNode(): RegistryNode {
    let n: TreeNode = this;
    while (n.parent) n = n.parent;
    return n as RegistryNode;
  }
  get kind() { return this.registryNode.def.kind; }

  override reset(): void { this.tags.reset(); }

  private async fetch(cursor: string | undefined, n: number) {
    const sort = this.env.config.tagSort;
    if (this.info.harbor) {
      const h = this.info.harbor;
      const page = await this.env.clients.harbor(this.registryId).artifacts(h.project, h.repository, {
        cursor, pageSize: n, q: this.filter ? { tags: { fuzzy: this.filter } } : undefined,
        sort: sort === 'date' ? '-push_time' : undefined,
      });
      const items = page.items.flatMap(fromHarborArtifact);
      for (const t of items) if (t.digest && t.scanOverview) this.env.onHarborScan?.(t.digest, t.scanOverview);
      return { items, next: page.next, total: page.total };
    }
    if (this.info.hub) {
      const h = this.info.hub;
      const page = await this.env.clients.hub(this.registryId).tags(h.namespace, h.name, {
        page: cursor ? Number(cursor) : 1, pageSize: Math.min(n, 100), name: this.filter || undefined,
        ordering: sort === 'date' ? 'last_updated' : undefined,
      });
      return { items: page.items.map(fromHubTag), next: page.next, total: page.total };
    }
    const page = await this.env.clients.get(this.registryId).tags(this.info.repository, { n, cursor });
    const names = page.items.filter((t) => matchesFilter(t, this.filter));
    // Order the whole loaded list before paging locally, so page 1 is the newest versions.
    const ordered = sort === 'semver' ? sortTagsSemver(names) : sort === 'name' ? [...names].sort() : names;
    return { items: ordered.map((tag): TagInfo => ({ tag })), next: page.next, total: page.next ? undefined : ordered.length };
  }

  getTreeItem(): vscode.TreeItem {
    const name = this.info.harbor ? this.info.harbor.repository : this.info.hub ? this.info.hub.name : this.info.repository;
    const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('repo');
    const bits: string[] = [];
    if (this.info.count !== undefined) bits.push(vscode.l10n.t('{0} artifacts', this.info.count));
    const when = relativeTime(this.info.updated, Date.now(), timeWords());
    if (when) bits.push(when);
    if (this.filter) bits.push(vscode.l10n.t('filter: {0}', this.filter));
    item.description = bits.join(' · ') || undefined;
    const md = new vscode.MarkdownString();
    md.appendText(`${this.registryNode.host}/${this.info.repository}`);
    if (this.info.description) md.appendText(`\n\n${this.info.description}`);
    if (this.info.pulls !== undefined) md.appendText(`\n\n${vscode.l10n.t('Pulls: {0}', this.info.pulls)}`);
    item.tooltip = md;
    item.contextValue = `repository repository-${this.kind}${this.filter ? ' filtered' : ''}`;
    return item;
  }

  override async getChildren(): Promise<TreeNode[]> {
    try {
      await this.tags.first();
      let visible = this.tags.visible;
      if (this.env.config.tagSort === 'date' && !this.info.harbor && !this.info.hub) {
        // v2 has no push time; order what is shown by the config "created" of details loaded so far.
        visible = sortByDate(visible, (t) => this.env.details.cached(t.digest)?.created ?? t.created, (t) => t.tag ?? '');
      }
      const pinned = this.pinned.filter((p) => !visible.some((t) => t.tag === p));
      const nodes: TreeNode[] = [
        ...pinned.map((tag) => new TagNode(this.env, this, { tag }, true)),
        ...visible.map((t) => new TagNode(this.env, this, t, !this.info.harbor && !this.info.hub)),
      ];
      if (!nodes.length) nodes.push(new MessageNode(this.env, this, this.filter ? vscode.l10n.t('No tags match "{0}"', this.filter) : vscode.l10n.t('No tags')));
      if (this.tags.hasMore) nodes.push(new LoadMoreNode(this.env, this, this.tags.shown, this.tags.total));
      return nodes;
    } catch (err) {
      return [new ErrorNode(this.env, this, err)];
    }
  }

  async loadMore(): Promise<void> { await this.tags.more(); }

  /** Tags on the pages shown so far. */
  get shownTags(): readonly TagInfo[] { return this.tags.visible; }

  /** Loaded tag infos (for quick picks and delete planning). */
  get loadedTags(): readonly TagInfo[] { return this.tags.items; }
}
