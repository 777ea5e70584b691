// How a change reaches the screen: setState applies it, saves it, updates the controls, and refilters the
// table at most once per frame however fast the user types.
import type { PageState } from '../webview/protocol';
import { detailFor } from './detailState';
import { renderDetail } from './detailView';
import { post, saveState } from './host';
import { page } from './page';
import { buildRows } from './view';
import { t } from './i18n';

/** Applies a change; `syncControls` is false when the change came from a control already showing it. */
export function setState(patch: Partial<PageState>, syncControls = true): void {
  const keys = Object.keys(patch);
  const refilter = keys.some((k) => k !== 'selected' && k !== 'scrollTop');
  // A new filter, sort or grouping starts at the top; folding a group keeps the place.
  const toTop = keys.some((k) => k !== 'selected' && k !== 'scrollTop' && k !== 'collapsed');
  page.state = { ...page.state, ...patch };
  if (toTop) page.state.scrollTop = 0;
  saveState(page.state);
  if (syncControls) page.controls?.sync();
  if (refilter) update(false, toTop);
  else page.list?.refresh();
}

/** Recomputes the rows: now (the first paint), or on the next frame, together with any other change in it. */
export function update(now: boolean, toTop = false): void {
  if (now) {
    page.controls?.sync();
    recompute();
    return;
  }
  nextFrame(toTop);
}

const nextFrame = ((): ((toTop: boolean) => void) => {
  let pending = 0;
  let pendingToTop = false;
  return (toTop) => {
    pendingToTop ||= toTop;
    if (pending) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      recompute();
      if (pendingToTop && page.list) page.list.scrollTop = 0;
      pendingToTop = false;
    });
  };
})();

function recompute(): void {
  const { report, list, status } = page;
  if (!report || !list || !status) return;
  const state = page.state;
  const built = buildRows(report.findings, page.index, state);
  page.rows = built.rows;
  list.setItems(page.rows);
  const total = report.findings.length;
  status.textContent = built.matched === total ? t(total === 1 ? '{0} finding' : '{0} findings', total) : t('{0} of {1} findings match', built.matched, total);
  status.dataset.matched = String(built.matched);
  status.dataset.total = String(total);
  const app = document.getElementById('app')!;
  app.dataset.matched = String(built.matched);
  page.controls!.clear.hidden = built.matched === total && state.kind === 'all' && !state.fixableOnly && !state.pkg && !state.text;
  list.viewport.classList.toggle('is-empty', page.rows.length === 0);
  list.viewport.dataset.emptyText = total === 0 ? t('No findings in this report.') : t('No finding matches the filters.');
  for (const th of app.querySelectorAll<HTMLElement>('.th.sortable')) th.classList.toggle('active', th.dataset.sort === state.sort);
  showDetail();
}

export function showDetail(): void {
  if (!page.detail) return;
  const f = detailFor(page.state.selected, page.byKey);
  page.detail.replaceChildren(renderDetail(f, (url) => post({ type: 'openLink', url })));
}

export function selectFinding(key: number): void {
  page.state.selected = key;
  saveState(page.state);
  page.list?.refresh();
  showDetail();
}

export function toggleGroup(id: string): void {
  const c = new Set(page.state.collapsed);
  if (c.has(id)) c.delete(id);
  else c.add(id);
  setState({ collapsed: [...c] });
}
