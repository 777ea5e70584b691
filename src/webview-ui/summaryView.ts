// The summary: a bar per severity (plain DOM/CSS), total and fixable counts, and a per-target breakdown.
import { SEVERITIES, type ScanReport, type Severity } from '../scan/model';
import type { ReportSummary } from '../scan/summary';
import { h } from './dom';

export function renderSummary(report: ScanReport, s: ReportSummary, onPickSeverity: (sev: Severity) => void): HTMLElement {
  const max = Math.max(1, ...SEVERITIES.map((k) => s.bySeverity[k]));
  const bars = h('div', { class: 'bars', attrs: { role: 'list', 'aria-label': 'Findings per severity' } });
  for (const sev of SEVERITIES) {
    const n = s.bySeverity[sev];
    const fill = h('span', { class: `fill sev-bg-${sev.toLowerCase()}` });
    fill.style.width = `${(n / max) * 100}%`;
    bars.append(
      h(
        'button',
        {
          class: 'bar',
          attrs: { role: 'listitem', 'data-severity': sev, type: 'button', 'aria-label': `${sev}: ${n} findings, ${s.fixableBySeverity[sev]} fixable. Show only ${sev}.` },
          title: `Show only ${sev}`,
          on: { click: () => onPickSeverity(sev) },
        },
        h('span', { class: `label sev-fg-${sev.toLowerCase()}`, text: sev }),
        h('span', { class: 'track' }, fill),
        h('span', { class: 'count', text: n }),
        h('span', { class: 'fixable', text: s.fixableBySeverity[sev] ? `${s.fixableBySeverity[sev]} fixable` : '' }),
      ),
    );
  }

  const nouns: Record<string, [string, string]> = {
    vulnerability: ['vulnerability', 'vulnerabilities'],
    misconfiguration: ['misconfiguration', 'misconfigurations'],
    secret: ['secret', 'secrets'],
    license: ['license finding', 'license findings'],
  };
  const kinds = Object.entries(s.byKind)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${nouns[k][n === 1 ? 0 : 1]}`);
  const totals = h(
    'div',
    { class: 'totals' },
    h('div', { class: 'big', attrs: { 'data-testid': 'total' }, text: s.total }),
    h('div', { class: 'muted', text: s.total === 1 ? 'finding' : 'findings' }),
    h('div', { class: 'big fixable-total', attrs: { 'data-testid': 'fixable' }, text: s.fixable }),
    h('div', { class: 'muted', text: 'fixable' }),
    h('div', { class: 'kinds muted', text: kinds.join(' · ') }),
  );

  const targets = document.createElement('vscode-collapsible');
  targets.setAttribute('heading', `Targets (${s.targets.length})`);
  targets.className = 'targets';
  const table = h('div', { class: 'target-table', attrs: { role: 'table' } });
  table.append(
    h('div', { class: 'trow thead', attrs: { role: 'row' } }, h('span', { text: 'Target' }), h('span', { text: 'Findings' }), h('span', { text: 'Fixable' }), h('span', { text: 'By severity' })),
  );
  for (const t of [...s.targets].sort((a, b) => b.total - a.total)) {
    const stack = h('span', { class: 'stack' });
    for (const sev of SEVERITIES) {
      if (!t.bySeverity[sev]) continue;
      const seg = h('span', { class: `seg sev-bg-${sev.toLowerCase()}`, title: `${sev}: ${t.bySeverity[sev]}` });
      seg.style.flexGrow = String(t.bySeverity[sev]);
      stack.append(seg);
    }
    table.append(
      h('div', { class: 'trow', attrs: { role: 'row' } }, h('span', { class: 'tname', text: t.target || '(no target)', title: t.target }), h('span', { text: t.total }), h('span', { text: t.fixable }), stack),
    );
  }
  targets.append(table);

  const meta = h(
    'div',
    { class: 'meta' },
    h('h1', { text: report.artifact.name, title: report.artifact.name }),
    h(
      'div',
      { class: 'muted' },
      [
        `${report.scanner.name} ${report.scanner.version}${report.format === 'harbor' ? ' (Harbor)' : ''}`,
        report.time ? formatTime(report.time) : undefined,
        s.ignored ? `${s.ignored} ignored` : undefined,
        report.artifact.os,
        report.artifact.digest,
      ]
        .filter(Boolean)
        .join(' · '),
    ),
  );
  return h('section', { class: 'summary', attrs: { id: 'summary', 'aria-label': 'Summary' } }, meta, h('div', { class: 'summary-grid' }, totals, bars), targets);
}

/** "2021-08-25 12:20 UTC": fixed format, no locale machinery (its first use costs hundreds of ms). */
function formatTime(t: string): string {
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? t : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
