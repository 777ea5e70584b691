/**
 * Page state for one list in the tree: what is loaded, how much is shown, and the server cursor.
 * Servers that return everything at once (distribution 2.8's tags/list ignores `n`) are paged locally, so
 * the tree never renders more than `pageSize` new rows per "Load more". Pure: no 'vscode'.
 */
import type { Page } from '../registry/types'; export type PageResult<T> = Page<T>;

export class Pager<T> {
  items: T[] = [];
  shown = 0;
  next: string | undefined;
  total: number | undefined;
  loaded = false;
  private inflight: Promise<void> | undefined;

  constructor(private readonly fetch: (cursor: string | undefined, pageSize: number) => Promise<PageResult<T>>,
              private readonly pageSize: () => number) {}

  reset(): void {
    this.items = [];
    this.shown = 0;
    this.next = undefined;
    this.total = undefined;
    this.loaded = false;
    this.inflight = undefined;
  }

  /** Loads the first page if nothing is loaded yet. */
  async first(): Promise<void> {
    if (this.loaded) return;
    await this.more();
  }

  /** True when "Load more" has something to show (locally or on the server). */
  get hasMore(): boolean {
    return this.shown < this.items.length || this.next !== undefined;
  }

  get visible(): T[] {
    return this.items.slice(0, this.shown);
  }

  /**
   * The rows to show when the tree filters or orders what is loaded itself: `arrange` over everything loaded,
   * then the first `shown`. Re-arranging (a new sort or filter) keeps what is loaded and how far Load more went.
   */
  view(arrange: (items: readonly T[]) => T[]): { rows: T[]; hasMore: boolean } {
    const all = arrange(this.items);
    return { rows: all.slice(0, this.shown), hasMore: this.shown < all.length || this.next !== undefined };
  }

  /** Shows the next page: from what is already loaded, else from the server. Concurrent calls share one fetch. */
  more(): Promise<void> {
    if (this.inflight) return this.inflight;
    const size = this.pageSize();
    if (this.loaded && this.shown < this.items.length) {
      this.shown = Math.min(this.items.length, this.shown + size);
      return Promise.resolve();
    }
    if (this.loaded && this.next === undefined) return Promise.resolve();
    this.inflight = (async () => {
      try {
        const page = await this.fetch(this.loaded ? this.next : undefined, size);
        // One at a time: a registry that ignores `n` sends every tag in one page (150,000 and more), far
        // more arguments than a spread call can take.
        for (const item of page.items) this.items.push(item);
        this.next = page.next;
        this.total = page.total;
        this.loaded = true;
        this.shown = Math.min(this.items.length, this.shown + size);
      } finally {
        this.inflight = undefined;
      }
    })();
    return this.inflight;
  }
}
