// The compare page (bundled to dist/webview/compare.js): two scans side by side, with their severity summaries,
// and the findings that are new, fixed, at another installed version, or unchanged. Report text is untrusted:
// everything goes in through dom.ts (textContent), labels through t().
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import { SEVERITIES, type Finding } from '../scan/model';
import type { ChangedFinding, DiffSide, ScanDiff } from '../scan/diff';
import type { CompareHostMessage } from '../webview/compareProtocol';
import type { WebviewMessage } from '../webview/strings';
import { clear, h } from './dom';
import { post } from './host';
import { setStrings, t } from './i18n';

window.addEventListener('message', (e: MessageEvent<CompareHostMessage>) => {
  const m = e.data;
  if (!m || m.type !== 'compare' || typeof m.diffJson !== 'string') return;
  setStrings(m.strings);
  let d: ScanDiff;
  try {
    d = JSON.parse(m.diffJson) as ScanDiff;
  } catch {
    return;
  }
  if (d && Array.isArray(d.added) && Array.isArray(d.fixed) && Array.isArray(d.changed) && Array.isArray(d.unchanged)) show(d, typeof m.title === 'string' ? m.title : '');
});

function sideCard(label: WebviewMessage, s: DiffSide, testid: string): HTMLElement {
  const counts = h('div', { class: 'sev-counts' });
  for (const sev of SEVERITIES) {
    counts.append(h('span', { class: 'sev-count', attrs: { 'data-severity': sev }, title: t(sev) }, h('span', { class: `chip sev-bg-${sev.toLowerCase()}`, text: t(sev) }), h('span', { class: 'count', text: s.bySeverity[sev] })));
  }
  return h(
    'section',
    { class: 'side-card', attrs: { 'data-testid': testid, 'aria-label': t(label) } },
    h('h2', { text: t(label) }),
    h('div', { class: 'side-name', text: s.name, title: s.name }),
    h('div', { class: 'muted', text: [s.scanner, s.digest].filter(Boolean).join(' · ') }),
    h('div', { class: 'side-total', attrs: { 'data-testid': `${testid}-total` }, text: t('{0} findings in total', s.total) }),
    counts,
  );
}

type Line = { finding: Finding; before?: Finding };

function table(kind: string, lines: Line[], changed: boolean): HTMLElement {
  const head = changed ? [t('Severity'), t('ID'), t('Package'), t('Installed before'), t('Installed after'), t('Fixed'), t('Title')] : [t('Severity'), t('ID'), t('Package'), t('Installed'), t('Fixed'), t('Title')];
  const el = h('table', { class: `diff-table ${changed ? 'changed' : ''}`, attrs: { 'data-kind': kind } });
  el.append(h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { text: c })))));
  const body = h('tbody');
  for (const { finding: f, before } of lines) {
    const cells = [
      h('td', {}, h('span', { class: `chip sev-bg-${f.severity.toLowerCase()}`, text: t(f.severity), attrs: { 'data-severity': f.severity } })),
      h('td', { class: 'id', text: f.id }),
      h('td', { text: f.package ?? f.target, title: f.package ?? f.target }),
      ...(changed ? [h('td', { class: 'mono', text: before?.installed ?? '' })] : []),
      h('td', { class: 'mono', text: f.installed ?? '' }),
      h('td', { class: 'mono fixed', text: f.fixed ?? '' }),
      h('td', { class: 'muted title', text: f.title ?? f.message ?? '', title: f.title ?? f.message }),
    ];
    body.append(h('tr', { class: 'diff-row', attrs: { 'data-search': [f.id, f.package, f.target].filter(Boolean).join('\n').toLowerCase() } }, ...cells));
  }
  el.append(body);
  return el;
}

function section(kind: string, heading: WebviewMessage, empty: WebviewMessage, lines: Line[], open: boolean, changed = false): HTMLElement {
  const c = document.createElement('vscode-collapsible');
  c.setAttribute('heading', t(heading, lines.length));
  c.dataset.testid = `section-${kind}`;
  c.dataset.count = String(lines.length);
  c.className = `diff-section ${kind}`;
  if (open) c.setAttribute('open', '');
  c.append(lines.length ? table(kind, lines, changed) : h('p', { class: 'muted empty', text: t(empty) }));
  return c;
}

function show(d: ScanDiff, title: string): void {
  const app = document.getElementById('app')!;
  document.title = title;
  clear(app);
  app.removeAttribute('aria-busy');
  app.classList.add('scroll-page');
  const filter = document.createElement('vscode-textfield');
  filter.id = 'filter';
  filter.setAttribute('placeholder', t('Filter by id or package'));
  filter.setAttribute('aria-label', t('Filter by id or package'));
  filter.addEventListener('input', () => {
    const words = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    for (const row of app.querySelectorAll<HTMLElement>('.diff-row')) row.hidden = !words.every((w) => (row.dataset.search ?? '').includes(w));
  });
  app.append(
    h('h1', { class: 'page-title', text: t('Compare scan results') }),
    h('div', { class: 'sides' }, sideCard('Before', d.before, 'before'), h('span', { class: 'arrow', text: '→' }), sideCard('After', d.after, 'after')),
    h('div', { class: 'toolbar' }, filter),
    section('new', 'New ({0})', 'No new findings.', d.added.map((finding) => ({ finding })), true),
    section('fixed', 'Fixed ({0})', 'No fixed findings.', d.fixed.map((finding) => ({ finding })), true),
    section('changed', 'Changed version ({0})', 'No finding with another installed version.', d.changed.map((c: ChangedFinding) => ({ finding: c.after, before: c.before })), true, true),
    section('unchanged', 'Unchanged ({0})', 'No unchanged findings.', d.unchanged.map((finding) => ({ finding })), false),
  );
  app.dataset.ready = 'true';
}

post({ type: 'ready' });
