// The report page (bundled by esbuild.mjs to dist/webview/report.js). It receives a ScanReport from the host,
// shows a summary and a virtualized, filterable table with a detail pane, and asks the host to open links and
// export. Report text is untrusted: see dom.ts. What the page knows is in page.ts, changes go through
// update.ts, and each toolbar control is its own module under controls/.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-split-layout/index.js';
import type { ScanReport } from '../scan/model';
import { summarize } from '../scan/summary';
import type { HostMessage } from '../webview/protocol';
import { buildControls } from './controls/toolbar';
import { clear, h } from './dom';
import { drawRow, onKey, tableHeader } from './findingsTable';
import { post, saveState } from './host';
import { page } from './page';
import { renderSummary } from './summaryView';
import { setState, update } from './update';
import { searchIndex, type Row } from './view';
import { VirtualList } from './virtualList';
import { setStrings, t } from './i18n';

const ROW_HEIGHT = 24;

window.addEventListener('message', (e: MessageEvent<HostMessage>) => {
  const m = e.data;
  if (!m || m.type !== 'report' || typeof m.reportJson !== 'string') return;
  setStrings(m.strings);
  let r: ScanReport;
  try {
    r = JSON.parse(m.reportJson) as ScanReport;
  } catch {
    return;
  }
  if (r && Array.isArray(r.findings)) show(r, typeof m.title === 'string' ? m.title : '');
});

function show(r: ScanReport, title: string): void {
  const app = document.getElementById('app')!;
  page.report = r;
  page.byKey = [];
  for (const f of r.findings) page.byKey[f.key] = f;
  page.index = searchIndex(r.findings);
  if (page.state.selected !== undefined && !page.byKey[page.state.selected]) page.state.selected = undefined;
  document.title = title;
  const summary = summarize(r);
  clear(app);
  app.removeAttribute('aria-busy');

  const list = new VirtualList<Row>(ROW_HEIGHT, drawRow, (top) => {
    page.state.scrollTop = top;
    saveState(page.state);
  });
  page.list = list;
  list.viewport.setAttribute('aria-label', t('Findings'));
  list.viewport.addEventListener('keydown', onKey);
  page.status = h('span', { class: 'status', attrs: { id: 'status', role: 'status' } });
  const detail = h('div', { class: 'detail-host' });
  page.detail = detail;
  const controls = buildControls();
  page.controls = controls;

  const table = h('div', { class: 'table' }, tableHeader(), list.viewport);

  const split = document.createElement('vscode-split-layout');
  split.setAttribute('initial-handle-position', '62%');
  split.setAttribute('min-start', '240px');
  split.setAttribute('min-end', '200px');
  split.className = 'split';
  table.slot = 'start';
  detail.slot = 'end';
  split.append(table, detail);

  app.append(renderSummary(r, summary, (sev) => setState({ severities: [sev] })), controls.bar, h('div', { class: 'status-line' }, page.status, controls.clear), split);
  update(true);
  list.scrollTop = page.state.scrollTop;
}

post({ type: 'ready' });
