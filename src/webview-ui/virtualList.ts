// A fixed-row-height virtual list: only the rows in view (plus a few either side) exist in the DOM, so a
// report with 10,000 findings draws as fast as one with 10 and the DOM stays small.

export class VirtualList<T> {
  readonly viewport: HTMLElement;
  private readonly spacer: HTMLElement;
  private items: readonly T[] = [];
  private pool: HTMLElement[] = [];
  private frame = 0;
  private readonly overscan = 8;

  constructor(
    private readonly rowHeight: number,
    private readonly renderRow: (el: HTMLElement, item: T, index: number) => void,
    private readonly onScrolled?: (scrollTop: number) => void,
  ) {
    this.viewport = document.createElement('div');
    this.viewport.className = 'viewport';
    this.viewport.setAttribute('role', 'grid');
    this.viewport.tabIndex = 0;
    this.spacer = document.createElement('div');
    this.spacer.className = 'spacer';
    this.viewport.append(this.spacer);
    this.viewport.addEventListener('scroll', () => this.schedule(), { passive: true });
    new ResizeObserver(() => this.schedule()).observe(this.viewport);
  }

  setItems(items: readonly T[]): void {
    this.items = items;
    this.spacer.style.height = `${items.length * this.rowHeight}px`;
    this.render();
  }

  get scrollTop(): number {
    return this.viewport.scrollTop;
  }

  set scrollTop(v: number) {
    this.viewport.scrollTop = v;
    this.render();
  }

  /** Scrolls just enough to show row `index`. */
  reveal(index: number): void {
    const top = index * this.rowHeight;
    const vp = this.viewport;
    if (top < vp.scrollTop) vp.scrollTop = top;
    else if (top + this.rowHeight > vp.scrollTop + vp.clientHeight) vp.scrollTop = top + this.rowHeight - vp.clientHeight;
    this.render();
  }

  /** Redraws the visible rows (after a selection change, for instance). */
  refresh(): void {
    this.render();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
      this.onScrolled?.(this.viewport.scrollTop);
    });
  }

  private render(): void {
    const height = this.viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / this.rowHeight) - this.overscan);
    const last = Math.min(this.items.length, Math.ceil((this.viewport.scrollTop + height) / this.rowHeight) + this.overscan);
    const count = Math.max(0, last - first);
    while (this.pool.length < count) {
      const el = document.createElement('div');
      this.pool.push(el);
      this.spacer.append(el);
    }
    while (this.pool.length > count) this.pool.pop()!.remove();
    for (let i = 0; i < count; i++) {
      const el = this.pool[i];
      const index = first + i;
      el.style.transform = `translateY(${index * this.rowHeight}px)`;
      el.dataset.index = String(index);
      this.renderRow(el, this.items[index], index);
    }
  }
}
