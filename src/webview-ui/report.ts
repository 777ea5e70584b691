// The report page (bundled by esbuild.mjs to dist/webview/report.js). It receives a ScanReport from the host,
// shows a summary and a virtualized, filterable table with a detail pane, and asks the host to open links and
// export. Report text is untrusted: see dom.ts.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-split-layout/index.js';
import { FINDING_KINDS, SEVERITIES, type Finding, type ScanReport, type Severity } from '../scan/model';
import { summarize } from '../scan/summary';
import type { HostMessage, PageMessage, PageState } from '../webview/protocol';
import { detailFor } from './detailState';
import { renderDetail } from './detailView';
import { clear, h } from './dom';
import { renderSummary } from './summaryView';
import { buildRows, defaultState, filterFindings, searchIndex, type Row } from './view';
import { VirtualList } from './virtualList';

interface VsCodeApi {
  postMessage(message: PageMessage): void;
  getState(): unknown;
  setState(state: PageState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const ROW_HEIGHT = 24;
const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
const post = (m: PageMessage) => vscode.postMessage(m);

let state: PageState = restoreState(vscode.getState());
let report: ScanReport | undefined;
let index: string[] = [];
let rows: Row[] = [];
let byKey: Finding[] = [];
let list: VirtualList<Row> | undefined;
let statusEl: HTMLElement | undefined;
let detailEl: HTMLElement | undefined;
let controls: Controls | undefined;

function restoreState(raw: unknown): PageState {
  const d = defaultState();
  if (typeof raw !== 'object' || raw === null) return d;
  const r = raw as Partial<PageState>;
  return {
    severities: Array.isArray(r.severities) ? r.severities.filter((s): s is Severity => (SEVERITIES as readonly string[]).includes(s)) : d.severities,
    kind: r.kind && (r.kind === 'all' || (FINDING_KINDS as readonly string[]).includes(r.kind)) ? r.kind : d.kind,
    fixableOnly: r.fixableOnly === true,
    pkg: typeof r.pkg === 'string' ? r.pkg : '',
    text: typeof r.text === 'string' ? r.text : '',
    sort: r.sort && ['severity', 'cvss', 'package', 'id'].includes(r.sort) ? r.sort : d.sort,
    group: r.group && ['none', 'package', 'target'].includes(r.group) ? r.group : d.group,
    collapsed: Array.isArray(r.collapsed) ? r.collapsed.filter((c): c is string => typeof c === 'string') : [],
    selected: typeof r.selected === 'number' ? r.selected : undefined,
    scrollTop: typeof r.scrollTop === 'number' ? r.scrollTop : 0,
  };
}

let saveTimer: number | undefined;
function save(): void {
  clearTimeout(saveTimer);
  saveTimer = window.setTimeout(() => vscode.setState(state), 150);
}

window.addEventListener('message', (e: MessageEvent<HostMessage>) => {
  const m = e.data;
  if (!m || m.type !== 'report' || typeof m.reportJson !== 'string') return;
  let r: ScanReport;
  try {
    r = JSON.parse(m.reportJson) as ScanReport;
  } catch {
    return;
  }
  if (r && Array.isArray(r.findings)) show(r, typeof m.title === 'string' ? m.title : '');
});

function show(r: ScanReport, title: string): void {
  report = r;
  byKey = [];
  for (const f of r.findings) byKey[f.key] = f;
  index = searchIndex(r.findings);
  if (state.selected !== undefined && !byKey[state.selected]) state.selected = undefined;
  document.title = title;
  const summary = summarize(r);
  clear(app);
  app.removeAttribute('aria-busy');

  list = new VirtualList<Row>(ROW_HEIGHT, drawRow, (top) => {
    state.scrollTop = top;
    save();
  });
  list.viewport.setAttribute('aria-label', 'Findings');
  list.viewport.addEventListener('keydown', onKey);
  statusEl = h('span', { class: 'status', attrs: { id: 'status', role: 'status' } });
  detailEl = h('div', { class: 'detail-host' });
  controls = buildControls();

  const header = h(
    'div',
    { class: 'thead row-grid', attrs: { role: 'row' } },
    ...(
      [
        ['Severity', 'severity'],
        ['ID', 'id'],
        ['Package', 'package'],
        ['Installed', undefined],
        ['Fixed', undefined],
        ['CVSS', 'cvss'],
        ['Title / target', undefined],
      ] as const
    ).map(([label, key]) =>
      key
        ? h('button', { class: 'th sortable', text: label, attrs: { type: 'button', 'data-sort': key }, title: `Sort by ${label}`, on: { click: () => setState({ sort: key }) } })
        : h('span', { class: 'th', text: label }),
    ),
  );
  const table = h('div', { class: 'table' }, header, list.viewport);

  const split = document.createElement('vscode-split-layout');
  split.setAttribute('initial-handle-position', '62%');
  split.setAttribute('min-start', '240px');
  split.setAttribute('min-end', '200px');
  split.className = 'split';
  table.slot = 'start';
  detailEl.slot = 'end';
  split.append(table, detailEl);

  app.append(renderSummary(r, summary, (sev) => setState({ severities: [sev] })), controls.bar, h('div', { class: 'status-line' }, statusEl, controls.clear), split);
  update(true);
  list.scrollTop = state.scrollTop;
}

interface Controls {
  bar: HTMLElement;
  clear: HTMLElement;
  sync(): void;
}

function buildControls(): Controls {
  const sevBoxes = SEVERITIES.map((sev) => {
    const cb = document.createElement('vscode-checkbox');
    cb.setAttribute('label', sev);
    cb.dataset.severity = sev;
    cb.className = `sev-box sev-${sev.toLowerCase()}`;
    cb.addEventListener('change', () => {
      const on = SEVERITIES.filter((s) => sevBoxes.find((b) => b.dataset.severity === s)?.checked);
      setState({ severities: on }, false);
    });
    return cb;
  });
  const kind = singleSelect('kind', 'Kind', [['all', 'All kinds'], ...FINDING_KINDS.map((k) => [k, k[0].toUpperCase() + k.slice(1)] as [string, string])], (v) => setState({ kind: v as PageState['kind'] }, false));
  const fixable = document.createElement('vscode-checkbox');
  fixable.setAttribute('label', 'Fixable only');
  fixable.dataset.testid = 'fixable-only';
  fixable.addEventListener('change', () => setState({ fixableOnly: fixable.checked }, false));
  const pkg = textfield('package', 'Package', (v) => setState({ pkg: v }, false));
  const text = textfield('search', 'Search id, title, description…', (v) => setState({ text: v }, false));
  text.classList.add('grow');
  const sort = singleSelect('sort', 'Sort by', [['severity', 'Sort: severity'], ['cvss', 'Sort: CVSS'], ['package', 'Sort: package'], ['id', 'Sort: ID']], (v) => setState({ sort: v as PageState['sort'] }, false));
  const group = singleSelect('group', 'Group by', [['none', 'No grouping'], ['package', 'Group: package'], ['target', 'Group: target']], (v) => setState({ group: v as PageState['group'] }, false));
  const exportButtons = (['json', 'csv', 'sarif'] as const).map((format) => {
    const b = document.createElement('vscode-button');
    b.setAttribute('secondary', '');
    b.dataset.export = format;
    b.textContent = `Export ${format.toUpperCase()}`;
    // What the table shows goes to the file; the host offers all findings when a filter hides some.
    b.addEventListener('click', () => post({ type: 'export', format, shown: report ? filterFindings(report.findings, index, state).map((f) => f.key) : undefined }));
    return b;
  });
  const clearBtn = h('button', { class: 'link-button', text: 'Clear filters', attrs: { type: 'button', 'data-testid': 'clear-filters' }, on: { click: () => setState({ ...pick(defaultState(), ['severities', 'kind', 'fixableOnly', 'pkg', 'text']) }) } });

  const bar = h(
    'div',
    { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Filters' } },
    h('div', { class: 'group sevs' }, ...sevBoxes),
    h('div', { class: 'group' }, kind, fixable),
    h('div', { class: 'group grow' }, pkg, text),
    h('div', { class: 'group' }, sort, group),
    h('div', { class: 'group exports' }, ...exportButtons),
  );
  return {
    bar,
    clear: clearBtn,
    sync() {
      // The custom elements' typed properties (@vscode-elements declares them in HTMLElementTagNameMap).
      for (const b of sevBoxes) b.checked = state.severities.includes(b.dataset.severity as Severity);
      kind.value = state.kind;
      fixable.checked = state.fixableOnly;
      if (pkg.value !== state.pkg) pkg.value = state.pkg;
      if (text.value !== state.text) text.value = state.text;
      sort.value = state.sort;
      group.value = state.group;
    },
  };
}

function pick<T, K extends keyof T>(o: T, keys: K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) out[k] = o[k];
  return out;
}

function singleSelect(id: string, label: string, options: [string, string][], onChange: (v: string) => void): HTMLElementTagNameMap['vscode-single-select'] {
  const s = document.createElement('vscode-single-select');
  s.id = id;
  s.setAttribute('aria-label', label);
  for (const [value, text] of options) {
    const o = document.createElement('vscode-option');
    o.setAttribute('value', value);
    o.textContent = text;
    s.append(o);
  }
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

function textfield(id: string, placeholder: string, onInput: (v: string) => void): HTMLElementTagNameMap['vscode-textfield'] {
  const t = document.createElement('vscode-textfield');
  t.id = id;
  t.setAttribute('placeholder', placeholder);
  t.setAttribute('aria-label', placeholder);
  t.addEventListener('input', () => onInput(t.value));
  return t;
}

/** Applies a change; `syncControls` is false when the change came from a control already showing it. */
function setState(patch: Partial<PageState>, syncControls = true): void {
  const keys = Object.keys(patch);
  const refilter = keys.some((k) => k !== 'selected' && k !== 'scrollTop');
  // A new filter, sort or grouping starts at the top; folding a group keeps the place.
  const toTop = keys.some((k) => k !== 'selected' && k !== 'scrollTop' && k !== 'collapsed');
  state = { ...state, ...patch };
  if (toTop) state.scrollTop = 0;
  save();
  if (syncControls) controls?.sync();
  if (refilter) update(false, toTop);
  else list?.refresh();
}

let pending = 0;
/** Filtering runs at most once per frame, however fast the user types. */
let pendingToTop = false;
function update(now: boolean, toTop = false): void {
  if (now) {
    controls?.sync();
    recompute();
    return;
  }
  pendingToTop ||= toTop;
  if (pending) return;
  pending = requestAnimationFrame(() => {
    pending = 0;
    recompute();
    if (pendingToTop && list) list.scrollTop = 0;
    pendingToTop = false;
  });
}

function recompute(): void {
  if (!report || !list || !statusEl) return;
  const built = buildRows(report.findings, index, state);
  rows = built.rows;
  list.setItems(rows);
  const total = report.findings.length;
  statusEl.textContent = built.matched === total ? `${total} ${total === 1 ? 'finding' : 'findings'}` : `${built.matched} of ${total} findings match`;
  statusEl.dataset.matched = String(built.matched);
  statusEl.dataset.total = String(total);
  app.dataset.matched = String(built.matched);
  controls!.clear.hidden = built.matched === total && state.kind === 'all' && !state.fixableOnly && !state.pkg && !state.text;
  list.viewport.classList.toggle('is-empty', rows.length === 0);
  list.viewport.dataset.emptyText = total === 0 ? 'No findings in this report.' : 'No finding matches the filters.';
  for (const th of app.querySelectorAll<HTMLElement>('.th.sortable')) th.classList.toggle('active', th.dataset.sort === state.sort);
  showDetail();
}

function showDetail(): void {
  if (!detailEl) return;
  const f = detailFor(state.selected, byKey);
  detailEl.replaceChildren(renderDetail(f, (url) => post({ type: 'openLink', url })));
}

function drawRow(el: HTMLElement, row: Row): void {
  if (row.type === 'group') {
    el.className = 'vrow group';
    el.setAttribute('role', 'row');
    el.setAttribute('aria-expanded', String(!row.collapsed));
    el.removeAttribute('data-key');
    el.replaceChildren(
      h('span', { class: `caret ${row.collapsed ? 'collapsed' : ''}`, text: row.collapsed ? '▸' : '▾' }),
      h('span', { class: `dot sev-bg-${row.worst.toLowerCase()}` }),
      h('span', { class: 'glabel', text: row.label, title: row.label }),
    );
    const badge = document.createElement('vscode-badge');
    badge.textContent = String(row.count);
    el.append(badge);
    el.onclick = () => toggleGroup(row.id);
    return;
  }
  const f = row.finding;
  el.className = `vrow finding row-grid${row.grouped ? ' grouped' : ''}${state.selected === f.key ? ' selected' : ''}`;
  el.setAttribute('role', 'row');
  el.setAttribute('aria-selected', String(state.selected === f.key));
  el.removeAttribute('aria-expanded');
  el.dataset.key = String(f.key);
  const secondary = f.title ?? f.message ?? f.target;
  el.replaceChildren(
    h('span', { class: `chip sev-bg-${f.severity.toLowerCase()}`, text: f.severity }),
    h('span', { class: 'cell id', text: f.id, title: f.id }),
    f.package !== undefined ? h('span', { class: 'cell', text: f.package, title: f.package }) : h('span', { class: 'cell muted kind', text: f.kind === 'vulnerability' ? '' : f.kind }),
    h('span', { class: 'cell mono', text: f.installed ?? '', title: f.installed }),
    h('span', { class: 'cell mono fixed', text: f.fixed ?? '', title: f.fixed }),
    h('span', { class: 'cell num', text: f.cvss?.score !== undefined ? f.cvss.score.toFixed(1) : '' }),
    h('span', { class: 'cell muted', text: secondary, title: secondary }),
  );
  for (const cell of el.children) cell.setAttribute('role', 'gridcell');
  el.onclick = () => selectFinding(f.key);
}

function selectFinding(key: number): void {
  state.selected = key;
  save();
  list?.refresh();
  showDetail();
}

function toggleGroup(id: string): void {
  const c = new Set(state.collapsed);
  if (c.has(id)) c.delete(id);
  else c.add(id);
  setState({ collapsed: [...c] });
}

function onKey(e: KeyboardEvent): void {
  if (!list || (e.key !== 'ArrowDown' && e.key !== 'ArrowUp')) return;
  e.preventDefault();
  const at = rows.findIndex((r) => r.type === 'finding' && r.finding.key === state.selected);
  const step = e.key === 'ArrowDown' ? 1 : -1;
  for (let i = at + step; i >= 0 && i < rows.length; i += step) {
    const r = rows[i];
    if (r.type === 'finding') {
      selectFinding(r.finding.key);
      list.reveal(i);
      return;
    }
  }
}

post({ type: 'ready' });
