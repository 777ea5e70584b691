// The retention preview page (bundled by esbuild.mjs to dist/webview/retention.js): what goes and what stays
// and why, an Apply button (the extension then asks a modal confirmation naming the count), and the report.
// Tags, digests and reasons come from a registry and are untrusted: rendered through dom.ts (textContent).
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import type { RetentionHostMessage, RetentionPageMessage, RetentionReportView, RetentionRowView, RetentionStrings } from '../webview/retentionProtocol';
import { clear, h } from './dom';

interface VsCodeApi { postMessage(message: RetentionPageMessage): void }
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();

const app = document.getElementById('app') as HTMLElement;
let strings: RetentionStrings | undefined;

window.addEventListener('message', (e: MessageEvent<RetentionHostMessage>) => {
  const m = e.data;
  if (!m || typeof m !== 'object') return;
  if (m.type === 'preview' && Array.isArray(m.rows)) preview(m.strings, m.title, m.summary, m.rows, m.canApply);
  else if (m.type === 'applying') applying();
  else if (m.type === 'report' && m.report) report(m.report);
});

function table(s: RetentionStrings, rows: readonly RetentionRowView[]): HTMLElement {
  const head = h('tr', {}, ...[s.decision, s.tag, s.created, s.digest, s.why].map((t) => h('th', { text: t })));
  return h('table', { class: 'rows' }, h('thead', {}, head), h('tbody', {}, ...rows.map((r) => h('tr', { class: r.keep ? 'keep' : 'delete', attrs: { 'data-tag': r.tag } },
    h('td', {}, h('vscode-badge', { text: r.keep ? s.keep : s.delete, attrs: { variant: r.keep ? 'default' : 'counter' } })),
    h('td', { class: 'tag', text: r.tag }), h('td', { text: r.created }), h('td', { class: 'digest', text: r.digest, title: r.digest }), h('td', { class: 'why', text: r.why })))));
}

function preview(s: RetentionStrings, title: string, summary: string, rows: RetentionRowView[], canApply: boolean): void {
  strings = s;
  clear(app);
  app.setAttribute('aria-busy', 'false');
  const go = rows.filter((r) => !r.keep);
  const stay = rows.filter((r) => r.keep);
  const button = h('vscode-button', { text: s.apply, attrs: { id: 'apply', ...(canApply ? {} : { disabled: '' }) }, on: { click: () => { if (canApply) vscode.postMessage({ type: 'apply' }); } } });
  app.append(
    h('h1', { text: title }),
    h('p', { class: 'summary', attrs: { id: 'summary' }, text: summary }),
    h('div', { class: 'actions' }, button),
    h('h2', { text: `${s.delete} (${go.length})` }), go.length ? table(s, go) : h('p', { text: s.nothingToDelete }),
    h('h2', { text: `${s.keep} (${stay.length})` }), table(s, stay),
  );
}

function applying(): void {
  const b = document.getElementById('apply');
  b?.setAttribute('disabled', '');
  if (b && strings) b.textContent = strings.applying;
}

function report(r: RetentionReportView): void {
  const s = strings;
  if (!s) return;
  const old = document.getElementById('report');
  old?.remove();
  document.getElementById('apply')?.setAttribute('disabled', '');
  const section = h('section', { class: 'report', attrs: { id: 'report' } },
    h('h2', { text: s.reportTitle }),
    h('p', { class: 'summary', text: r.summary }),
    r.cancelled ? h('p', { class: 'warn', text: s.cancelled }) : undefined,
    r.deleted.length ? h('div', {}, h('h3', { text: s.deleted }), h('ul', { class: 'deleted' }, ...r.deleted.map((t) => h('li', { text: t })))) : undefined,
    r.failed.length ? h('div', {}, h('h3', { text: s.failed }), h('ul', { class: 'failed' }, ...r.failed.map((f) => h('li', {}, h('span', { class: 'tag', text: f.tags }), ' — ', h('span', { text: f.reason }))))) : undefined,
    ...r.notes.map((n) => h('pre', { class: 'note', text: n })),
  );
  app.prepend(section);
}

vscode.postMessage({ type: 'ready' });
