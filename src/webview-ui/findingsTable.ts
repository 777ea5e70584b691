// The findings table: its header (sortable columns), one virtual-list row per finding or group, and arrow keys
// that move the selection.
import { h } from './dom';
import { page } from './page';
import { selectFinding, setState, toggleGroup } from './update';
import type { Row } from './view';
import { kindLabel, t } from './i18n';
import { describeIgnore } from '../scan/ignore';

export function tableHeader(): HTMLElement {
  return h(
    'div',
    { class: 'thead row-grid', attrs: { role: 'row' } },
    ...(
      [
        [t('Severity'), 'severity'],
        [t('ID'), 'id'],
        [t('Package'), 'package'],
        [t('Installed'), undefined],
        [t('Fixed'), undefined],
        [t('CVSS'), 'cvss'],
        [t('Title / target'), undefined],
      ] as const
    ).map(([label, key]) =>
      key
        ? h('button', { class: 'th sortable', text: label, attrs: { type: 'button', 'data-sort': key }, title: t('Sort by {0}', label), on: { click: () => setState({ sort: key }) } })
        : h('span', { class: 'th', text: label }),
    ),
  );
}

export function drawRow(el: HTMLElement, row: Row): void {
  if (row.type === 'group') {
    el.className = 'vrow group';
    el.setAttribute('role', 'row');
    el.setAttribute('aria-expanded', String(!row.collapsed));
    el.removeAttribute('data-key');
    el.replaceChildren(
      h('span', { class: `caret ${row.collapsed ? 'collapsed' : ''}`, text: row.collapsed ? '▸' : '▾' }),
      h('span', { class: `dot sev-bg-${row.worst.toLowerCase()}` }),
      // The group of findings without a package or target has an empty name (view.ts: id "package:").
      h('span', { class: 'glabel', text: row.id.endsWith(':') ? t('(none)') : row.label, title: row.label }),
    );
    const badge = document.createElement('vscode-badge');
    badge.textContent = String(row.count);
    el.append(badge);
    el.onclick = () => toggleGroup(row.id);
    return;
  }
  const f = row.finding;
  const selected = page.state.selected === f.key;
  el.className = `vrow finding row-grid${row.grouped ? ' grouped' : ''}${selected ? ' selected' : ''}${f.ignored ? ' ignored' : ''}`;
  el.setAttribute('role', 'row');
  el.setAttribute('aria-selected', String(selected));
  el.removeAttribute('aria-expanded');
  el.dataset.key = String(f.key);
  // An accepted risk says so where the title would be: which rule, until when (src/scan/ignore.ts).
  const secondary = f.ignored ? t('ignored: {0}', describeIgnore(f.ignored)) : f.title ?? f.message ?? f.target;
  el.replaceChildren(
    h('span', { class: `chip sev-bg-${f.severity.toLowerCase()}`, text: t(f.severity), attrs: { 'data-severity': f.severity } }),
    h('span', { class: 'cell id', text: f.id, title: f.id }),
    f.package !== undefined ? h('span', { class: 'cell', text: f.package, title: f.package }) : h('span', { class: 'cell muted kind', text: f.kind === 'vulnerability' ? '' : kindLabel(f.kind) }),
    h('span', { class: 'cell mono', text: f.installed ?? '', title: f.installed }),
    h('span', { class: 'cell mono fixed', text: f.fixed ?? '', title: f.fixed }),
    h('span', { class: 'cell num', text: f.cvss?.score !== undefined ? f.cvss.score.toFixed(1) : '' }),
    h('span', { class: 'cell muted', text: secondary, title: secondary }),
  );
  for (const cell of el.children) cell.setAttribute('role', 'gridcell');
  el.onclick = () => selectFinding(f.key);
}

/** Up and down select the previous and next finding, skipping group rows, and keep it in view. */
export function onKey(e: KeyboardEvent): void {
  const { list, rows } = page;
  if (!list || (e.key !== 'ArrowDown' && e.key !== 'ArrowUp')) return;
  e.preventDefault();
  const at = rows.findIndex((r) => r.type === 'finding' && r.finding.key === page.state.selected);
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
