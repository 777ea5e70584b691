// The audit log page (bundled by esbuild.mjs to dist/webview/audit.js): filters, a table of one page of entries
// and Previous / Next. The host sends its words (localized) and the rows; every row value is untrusted and goes
// in through textContent (dom.ts), after printable() made control and bidi characters visible.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import { printable } from '../registry/printable';
import { EMPTY_FILTER, type AuditFilterState, type AuditHostMessage, type AuditPageMessage, type AuditRow, type AuditStrings } from '../webview/auditProtocol';
import { clear, h } from './dom';
import { singleSelect, textfield } from './controls/elements';

interface VsCodeApi { postMessage(m: AuditPageMessage): void; getState(): unknown; setState(s: unknown): void }
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();

interface Saved { filter: AuditFilterState; page: number }
function restore(raw: unknown): Saved {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Partial<Saved>;
  const f = (r.filter && typeof r.filter === 'object' ? r.filter : {}) as Partial<AuditFilterState>;
  const str = (v: unknown): string => (typeof v === 'string' ? v.slice(0, 256) : '');
  return {
    filter: { operation: str(f.operation), resourceType: str(f.resourceType), user: str(f.user), resource: str(f.resource), from: str(f.from), to: str(f.to) },
    page: typeof r.page === 'number' && Number.isSafeInteger(r.page) && r.page > 0 ? r.page : 1,
  };
}

const state = { ...restore(vscode.getState()), strings: undefined as AuditStrings | undefined, ready: false };
let tbody: HTMLTableSectionElement | undefined;
let status: HTMLElement | undefined;
let prev: HTMLElement | undefined;
let next: HTMLElement | undefined;
let hasNext = false;

const text = (v: string | undefined): string => printable(v ?? '');
const fmt = (template: string, ...args: Array<string | number>): string => template.replace(/\{(\d)\}/g, (_, i: string) => String(args[Number(i)] ?? ''));

function query(page: number): void {
  state.page = page;
  vscode.setState({ filter: state.filter, page });
  if (status) status.textContent = state.strings?.loading ?? '';
  document.getElementById('app')?.setAttribute('aria-busy', 'true');
  vscode.postMessage({ type: 'query', page, filter: state.filter });
}

function dateInput(id: string, label: string, key: 'from' | 'to'): HTMLInputElement {
  const i = h('input', { class: 'date', attrs: { id, type: 'date', 'aria-label': label, title: label } });
  i.value = state.filter[key];
  i.addEventListener('change', () => { state.filter = { ...state.filter, [key]: i.value }; query(1); });
  return i;
}

function build(s: AuditStrings, project: string, registry: string, operations: string[], types: string[]): void {
  const app = document.getElementById('app')!;
  clear(app);
  const op = singleSelect('operation', s.operation, [['', s.anyOperation], ...operations.map((o): [string, string] => [o, s.operations[o] ?? o])], (v) => { state.filter = { ...state.filter, operation: v }; query(1); });
  op.value = state.filter.operation;
  const type = singleSelect('resource-type', s.resourceType, [['', s.anyType], ...types.map((t): [string, string] => [t, t])], (v) => { state.filter = { ...state.filter, resourceType: v }; query(1); });
  type.value = state.filter.resourceType;
  const user = textfield('user', s.user, (v) => { state.filter = { ...state.filter, user: v }; });
  user.value = state.filter.user;
  const resource = textfield('resource', s.resource, (v) => { state.filter = { ...state.filter, resource: v }; });
  resource.value = state.filter.resource;
  for (const f of [user, resource]) f.addEventListener('keydown', (e) => { if ((e as KeyboardEvent).key === 'Enter') query(1); });
  const apply = h('vscode-button', { text: s.apply, attrs: { id: 'apply' }, on: { click: () => query(1) } });
  const reset = h('vscode-button', { text: s.clear, attrs: { id: 'clear', secondary: '' }, on: { click: () => { state.filter = { ...EMPTY_FILTER }; build(s, project, registry, operations, types); query(1); } } });
  tbody = h('tbody', { attrs: { id: 'rows' } });
  status = h('span', { class: 'muted', attrs: { id: 'status', role: 'status' } });
  prev = h('vscode-button', { text: s.previous, attrs: { id: 'prev', secondary: '' }, on: { click: () => { if (state.page > 1) query(state.page - 1); } } });
  next = h('vscode-button', { text: s.next, attrs: { id: 'next', secondary: '' }, on: { click: () => { if (hasNext) query(state.page + 1); } } });
  const head = h('tr', {}, ...[s.time, s.user, s.operation, s.resourceType, s.resource].map((c) => h('th', { text: c, attrs: { scope: 'col' } })));
  app.append(
    h('header', { class: 'meta' }, h('h1', { text: `${s.heading} · ${project}` }), h('div', { class: 'muted', text: registry })),
    h('div', { class: 'toolbar audit-toolbar' }, op, type, user, resource,
      h('label', { class: 'muted', text: s.from }, dateInput('from', s.from, 'from')), h('label', { class: 'muted', text: s.to }, dateInput('to', s.to, 'to')), apply, reset),
    h('div', { class: 'audit-table-wrap' }, h('table', { class: 'audit-table' }, h('thead', {}, head), tbody)),
    h('footer', { class: 'audit-pager' }, prev, status, next),
  );
}

function timeText(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? text(iso) : d.toISOString().replace('T', ' ').slice(0, 19);
}

function showRows(rows: AuditRow[], page: number, pageSize: number, total: number | undefined, more: boolean): void {
  const s = state.strings;
  if (!tbody || !status || !s) return;
  hasNext = more;
  tbody.replaceChildren(...rows.map((r) => h('tr', { attrs: { 'data-id': String(r.id) } },
    h('td', { class: 'mono', text: timeText(r.time) }), h('td', { text: text(r.user) }),
    h('td', { text: r.operation && s.operations[r.operation] ? s.operations[r.operation] : text(r.operation) }),
    h('td', { text: text(r.resourceType) }), h('td', { class: 'mono', text: text(r.resource) }))));
  if (!rows.length) tbody.append(h('tr', {}, h('td', { class: 'muted', text: s.empty, attrs: { colspan: '5' } })));
  const first = rows.length ? (page - 1) * pageSize + 1 : 0;
  const last = (page - 1) * pageSize + rows.length;
  status.textContent = total !== undefined ? fmt(s.range, first, last, total) : fmt(s.rangeOpen, first, last);
  status.setAttribute('data-total', String(total ?? ''));
  prev?.toggleAttribute('disabled', page <= 1);
  next?.toggleAttribute('disabled', !more);
  document.getElementById('app')?.removeAttribute('aria-busy');
}

window.addEventListener('message', (e: MessageEvent<AuditHostMessage>) => {
  const m = e.data;
  if (!m || typeof m !== 'object') return;
  if (m.type === 'init' && m.strings && typeof m.project === 'string') {
    state.strings = m.strings;
    document.title = `${m.strings.heading}: ${m.project}`;
    build(m.strings, m.project, typeof m.registry === 'string' ? m.registry : '', Array.isArray(m.operations) ? m.operations : [], Array.isArray(m.resourceTypes) ? m.resourceTypes : []);
    // The host loads page 1 unfiltered after init; a restored filter or page asks again.
    if (state.page !== 1 || JSON.stringify(state.filter) !== JSON.stringify(EMPTY_FILTER)) query(state.page);
  } else if (m.type === 'page' && Array.isArray(m.rows)) {
    if (JSON.stringify(m.filter) !== JSON.stringify(state.filter) || m.page !== state.page) return; // an answer to an older query
    showRows(m.rows, m.page, m.pageSize, m.total, m.hasNext);
  } else if (m.type === 'error' && typeof m.message === 'string' && status && state.strings) {
    status.textContent = fmt(state.strings.failed, text(m.message));
    document.getElementById('app')?.removeAttribute('aria-busy');
  }
});

vscode.postMessage({ type: 'ready' });
