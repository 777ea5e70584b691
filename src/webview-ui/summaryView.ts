// The summary: a bar per severity (plain DOM/CSS), total and fixable counts, and a per-target breakdown.
import { SEVERITIES, type FindingKind, type ScanReport, type Severity } from '../scan/model';
import type { WebviewMessage } from '../webview/strings';
import type { ReportSummary } from '../scan/summary';
import { h } from './dom';
import { t } from './i18n';

export function renderSummary(report: ScanReport, s: ReportSummary, onPickSeverity: (sev: Severity) => void): HTMLElement {
  const max = Math.max(1, ...SEVERITIES.map((k) => s.bySeverity[k]));
  const bars = h('div', { class: 'bars', attrs: { role: 'list', 'aria-label': t('Findings per severity') } });
  for (const sev of SEVERITIES) {
    const n = s.bySeverity[sev];
    const fill = h('span', { class: `fill sev-bg-${sev.toLowerCase()}` });
    fill.style.width = `${(n / max) * 100}%`;
    bars.append(
      h(
        'button',
        {
          class: 'bar',
          attrs: { role: 'listitem', 'data-severity': sev, type: 'button', 'aria-label': t('{0}: {1} findings, {2} fixable. Show only {0}.', t(sev), n, s.fixableBySeverity[sev]) },
          title: t('Show only {0}', t(sev)),
          on: { click: () => onPickSeverity(sev) },
        },
        h('span', { class: `label sev-fg-${sev.toLowerCase()}`, text: t(sev) }),
        h('span', { class: 'track' }, fill),
        h('span', { class: 'count', text: n }),
        h('span', { class: 'fixable', text: s.fixableBySeverity[sev] ? t('{0} fixable', s.fixableBySeverity[sev]) : '' }),
      ),
    );
  }

  const nouns: Record<FindingKind, [WebviewMessage, WebviewMessage]> = {
    vulnerability: ['{0} vulnerability', '{0} vulnerabilities'],
    misconfiguration: ['{0} misconfiguration', '{0} misconfigurations'],
    secret: ['{0} secret', '{0} secrets'],
    license: ['{0} license finding', '{0} license findings'],
  };
  const kinds = (Object.entries(s.byKind) as [FindingKind, number][])
    .filter(([, n]) => n > 0)
    .map(([k, n]) => t(nouns[k][n === 1 ? 0 : 1], n));
  const totals = h(
    'div',
    { class: 'totals' },
    h('div', { class: 'big', attrs: { 'data-testid': 'total' }, text: s.total }),
    h('div', { class: 'muted', text: s.total === 1 ? t('finding') : t('findings') }),
    h('div', { class: 'big fixable-total', attrs: { 'data-testid': 'fixable' }, text: s.fixable }),
    h('div', { class: 'muted', text: t('fixable') }),
    h('div', { class: 'kinds muted', text: kinds.join(' · ') }),
  );

  const targets = document.createElement('vscode-collapsible');
  targets.setAttribute('heading', t('Targets ({0})', s.targets.length));
  targets.className = 'targets';
  const table = h('div', { class: 'target-table', attrs: { role: 'table' } });
  table.append(
    h('div', { class: 'trow thead', attrs: { role: 'row' } }, h('span', { text: t('Target') }), h('span', { text: t('Findings') }), h('span', { text: t('Fixable') }), h('span', { text: t('By severity') })),
  );
  for (const tgt of [...s.targets].sort((a, b) => b.total - a.total)) {
    const stack = h('span', { class: 'stack' });
    for (const sev of SEVERITIES) {
      if (!tgt.bySeverity[sev]) continue;
      const seg = h('span', { class: `seg sev-bg-${sev.toLowerCase()}`, title: `${t(sev)}: ${tgt.bySeverity[sev]}` });
      seg.style.flexGrow = String(tgt.bySeverity[sev]);
      stack.append(seg);
    }
    table.append(
      h('div', { class: 'trow', attrs: { role: 'row' } }, h('span', { class: 'tname', text: tgt.target || t('(no target)'), title: tgt.target }), h('span', { text: tgt.total }), h('span', { text: tgt.fixable }), stack),
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
        s.ignored ? t('{0} ignored', s.ignored) : undefined,
        report.artifact.os,
        report.artifact.digest,
      ]
        .filter(Boolean)
        .join(' · '),
    ),
  );
  return h('section', { class: 'summary', attrs: { id: 'summary', 'aria-label': t('Summary') } }, meta, h('div', { class: 'summary-grid' }, totals, bars), targets);
}

/** "2021-08-25 12:20 UTC": fixed format, no locale machinery (its first use costs hundreds of ms). */
function formatTime(t: string): string {
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? t : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
