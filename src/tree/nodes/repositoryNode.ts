import * as vscode from 'vscode';
import { TreeNode, type TreeEnv } from '../treeNode';
import { Pager } from '../pager';
import { ErrorNode } from './errorNode';
import { LoadMoreNode } from './loadMoreNode';
import { MessageNode } from './messageNode';
import { TagNode } from './tagNode';
import type { TagInfo } from '../tagInfo';
import type { RegistryBackend, RepositoryInfo } from '../../backends/registryBackend';
import { effectiveCapabilityWords, permissionContext } from '../projectWords';
import { matchesFilter, relativeTime, sortByDate, sortByName, sortBySemver } from '../format';
import { viewScope } from '../details';
import type { TagSort } from '../../config';
import type { RegistryNode } from './registryNode';
import { timeWords } from '../timeWords';
import { artifactCount } from '../counts';
import { attachmentTagsByDigest, isAttachmentTag } from '../../registry/index';

export type { RepositoryInfo } from '../../backends/registryBackend';

/**
 * A repository. Tags come from the backend: names only on a plain distribution registry (tags/list, paged
 * locally when the server returns everything; details lazy per shown tag), or with their details (Harbor's
 * artifact list, the Hub's tag list: no request per tag).
 *
 * The chosen sort applies to every kind, over what is loaded: the rows are re-arranged on each draw, so a new
 * sort or (on v2) a new filter keeps the loaded pages, how far Load more went, and the loaded details. Where the
 * server cannot list in that order (semver anywhere, dates on v2) and more is on the server, the row says the
 * order is of the loaded tags. On v2 a date is only known once a row's details load: the shown rows are re-sorted
 * when the last of their dates arrives, and the row says so until then.
 */
export class RepositoryNode extends TreeNode {
  filter: string | undefined;
  /** Tags added by "Go to tag…", shown first even when not on a loaded page. */
  pinned: string[] = [];
  private readonly tags: Pager<TagInfo>;
  /** The server order the loaded pages came in (Harbor/Hub): later pages must use it too, or rows repeat or go missing. */
  private listedAs: TagSort | undefined;
  /** v2 + date sort: tags drawn last time whose details were still loading (a redraw is due when none is left). */
  private waitingForDates = new Set<string>();
  /**
   * The last arrangement and what it was made from: a draw asks for it several times (row, children, note),
   * and 5,000 loaded tags are worth sorting once. Loaded pages only grow until a reset, so the count is enough.
   */
  private arranged: { key: string; rows: TagInfo[] } | undefined;
  /** Attachment tags (cosign `.sig/.att/.sbom`, referrers schema) of the loaded tags, by subject digest. */
  private attached: { count: number; byDigest: ReturnType<typeof attachmentTagsByDigest> } | undefined;

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
  get backend(): RegistryBackend { return this.env.backends.get(this.registryId); }
  /** Names only from the server (plain v2): details lazy per row, filter and order applied here. */
  get isV2(): boolean { return !this.backend.caps.tagDetailsInList; }
  /** Key of this repository's view in the detail cache. */
  get scope(): string { return viewScope(this.registryId, this.info.repository); }

  /** Refresh: list again and check again where each tag points (a tag may have moved). */
  override reset(): void {
    this.tags.reset();
    this.arranged = undefined;
    this.listedAs = undefined;
    this.waitingForDates.clear();
    this.attached = undefined;
    this.env.details.forget(this.registryId, this.info.repository);
    this.env.verifications.forget(this.registryId, this.info.repository);
  }

  /**
   * Which attachment tags the loaded tag list has for `digest` ('sig', 'att', 'sbom', 'referrers'): from the
   * names alone, so the "signed" mark costs no request (cosign's tag schema, src/registry/attachmentKind.ts).
   */
  attachmentTagsOf(digest: string | undefined): ReadonlySet<string> | undefined {
    if (!digest) return undefined;
    const items = this.tags.items;
    if (this.attached?.count !== items.length) {
      this.attached = { count: items.length, byDigest: attachmentTagsByDigest(items.map((t) => t.tag).filter((t): t is string => !!t)) };
    }
    return this.attached.byDigest.get(digest);
  }

  /** Every tag name, when the whole list is loaded (then an attachment tag not in it is known to be absent). */
  get completeTagNames(): ReadonlySet<string> | undefined {
    return this.tags.next === undefined ? new Set(this.tags.items.map((t) => t.tag).filter((t): t is string => !!t)) : undefined;
  }

  /**
   * A new filter. Where the backend filters on the server (Harbor, the Hub) it is a different list: list again;
   * otherwise (v2) the loaded names are filtered here, so nothing is fetched again and loaded details stay.
   */
  setFilter(text: string | undefined): void {
    this.filter = text || undefined;
    this.arranged = undefined;
    if (this.backend.caps.filtersOnServer) {
      this.tags.reset();
      this.listedAs = undefined;
    }
  }

  private async fetch(cursor: string | undefined, n: number) {
    // Later pages continue the server order of the first one (a sort change re-arranges what is loaded).
    if (cursor === undefined || this.listedAs === undefined) this.listedAs = this.env.config.tagSort;
    const b = this.backend;
    const page = await b.tags(this.info.repository, { cursor, pageSize: n, order: this.listedAs, filter: b.caps.filtersOnServer ? this.filter : undefined });
    for (const t of page.items) if (t.digest && t.scanOverview) this.env.onHarborScan?.(t.digest, t.scanOverview);
    return page;
  }

  /** Filter (v2) and order everything loaded; v2 dates are applied to the shown slice in `rows()`. */
  private arrange(items: readonly TagInfo[]): TagInfo[] {
    const sort = this.env.config.tagSort;
    const key = `${items.length}\n${sort}\n${this.filter ?? ''}\n${this.env.config.showAttachmentTags}`;
    if (this.arranged?.key !== key) this.arranged = { key, rows: this.arrangeNow(items, sort) };
    return this.arranged.rows;
  }

  private arrangeNow(items: readonly TagInfo[], sort: TagSort): TagInfo[] {
    const shown = this.env.config.showAttachmentTags ? items : items.filter((t) => !isAttachmentTag(t.tag));
    const kept = !this.backend.caps.filtersOnServer ? shown.filter((t) => matchesFilter(t.tag ?? '', this.filter)) : [...shown];
    if (sort === 'semver') return sortBySemver(kept, (t) => t.tag);
    if (sort === 'date' && !this.isV2) return sortByDate(kept, (t) => t.pushed ?? t.created, (t) => t.tag ?? t.digest ?? '');
    // Name order; also the v2 order while dates are unknown (registry 2.8 lists tags unsorted).
    return sortByName(kept, (t) => t.tag);
  }

  /** The rows to draw, and whether the order is still waiting for dates or only covers loaded tags. */
  private rows(): { rows: TagInfo[]; hasMore: boolean; datesPending: boolean; partial: boolean } {
    const sort = this.env.config.tagSort;
    const view = this.tags.view((items) => this.arrange(items));
    let rows = view.rows;
    let datesPending = false;
    if (sort === 'date' && this.isV2) {
      // v2 has no push time: order what is shown by the config "created" of its details. Rows whose details are
      // not known yet go last; once the last of them arrives, the repository redraws (tagDetailsSettled).
      const known = (t: TagInfo) => (t.tag ? this.env.details.peekTag(this.scope, t.tag) : undefined);
      this.waitingForDates = new Set(rows.filter((t) => t.tag && !known(t)).map((t) => t.tag!));
      datesPending = this.waitingForDates.size > 0;
      rows = sortByDate(rows, (t) => { const k = known(t); return k?.state === 'ok' ? k.details.created : undefined; }, (t) => t.tag ?? '');
    } else {
      this.waitingForDates.clear();
    }
    // The server lists in this order only where the backend can (dates on Harbor and the Hub, names on the Hub),
    // and only when the loaded pages were listed that way.
    const serverOrdered = this.listedAs === sort && this.backend.caps.serverTagOrders.includes(sort);
    const partial = sort === 'date' && this.isV2 ? view.hasMore : this.tags.next !== undefined && !serverOrdered;
    return { rows, hasMore: view.hasMore, datesPending, partial };
  }

  /** A row's details arrived (or failed): when it was the last date the shown order waited for, redraw once. */
  tagDetailsSettled(tag: string): void {
    if (!this.waitingForDates.delete(tag) || this.waitingForDates.size > 0) return;
    if (this.env.config.tagSort === 'date' && this.isV2) this.env.changed(this);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.info.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.info.pinned ? 'pinned' : 'repo');
    const bits: string[] = [];
    if (this.info.count !== undefined) bits.push(artifactCount(this.info.count));
    const when = relativeTime(this.info.updated, Date.now(), timeWords());
    if (when) bits.push(when);
    if (this.filter) bits.push(vscode.l10n.t('filter: {0}', this.filter));
    const order = this.orderNote();
    if (order) bits.push(order);
    item.description = bits.join(' · ') || undefined;
    const md = new vscode.MarkdownString();
    md.appendText(`${this.registryNode.host}/${this.info.repository}`);
    if (this.info.description) md.appendText(`\n\n${this.info.description}`);
    if (this.info.pulls !== undefined) md.appendText(`\n\n${vscode.l10n.t('Pulls: {0}', this.info.pulls)}`);
    if (order) md.appendText(`\n\n${order}`);
    item.tooltip = md;
    item.contextValue = `repository canFilter ${effectiveCapabilityWords(this.project, this.backend.caps, ['canDeleteRepository', 'canPush', 'canDelete'])}${this.filter ? ' filtered' : ''}${this.info.pinned ? ' pinnedRepository' : ''}${permissionContext(this.project)}`;
    return item;
  }

  /** Says when the order shown is not final (dates loading) or covers only the loaded tags. */
  private orderNote(): string | undefined {
    if (!this.tags.loaded) return undefined;
    const r = this.rows();
    if (r.datesPending) return vscode.l10n.t('sorting by date when dates have loaded');
    if (r.partial) return this.isV2 && this.env.config.tagSort === 'date' ? vscode.l10n.t('date order of shown tags only') : vscode.l10n.t('order of loaded tags only');
    return undefined;
  }

  override async getChildren(): Promise<TreeNode[]> {
    try {
      const before = this.orderNote();
      await this.tags.first();
      const { rows, hasMore } = this.rows();
      const pinned = this.pinned.filter((p) => !rows.some((t) => t.tag === p));
      const nodes: TreeNode[] = [
        ...pinned.map((tag) => new TagNode(this.env, this, { tag }, true)),
        ...rows.map((t) => new TagNode(this.env, this, t, this.isV2)),
      ];
      if (!nodes.length) nodes.push(new MessageNode(this.env, this, this.filter ? vscode.l10n.t('No tags match "{0}"', this.filter) : vscode.l10n.t('No tags')));
      if (hasMore) nodes.push(new LoadMoreNode(this.env, this, this.tags.shown, this.tags.total));
      // This row's own description (the order note) depends on what was just listed: redraw it when that changed
      // (VS Code asks for the children once more; everything is loaded by then, so nothing is fetched).
      if (this.orderNote() !== before) queueMicrotask(() => this.env.changed(this));
      return nodes;
    } catch (err) {
      return [new ErrorNode(this.env, this, err)];
    }
  }

  async loadMore(): Promise<void> { await this.tags.more(); }

  /** Tags on the pages shown so far (in the order shown). */
  get shownTags(): readonly TagInfo[] { return this.tags.loaded ? this.rows().rows : []; }

  /** Loaded tag infos (for quick picks and delete planning). */
  get loadedTags(): readonly TagInfo[] { return this.tags.items; }
}
