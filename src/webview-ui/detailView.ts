// The detail pane for one finding. All text goes in with textContent; links open through the host.
import type { Finding } from '../scan/model';
import { isSafeExternalUrl } from '../webview/protocol';
import { h } from './dom';
import { kindLabel, t } from './i18n';
import { describeIgnore } from '../scan/ignore';

export function renderDetail(f: Finding | undefined, openLink: (url: string) => void): HTMLElement {
  if (!f) return h('div', { class: 'detail empty', attrs: { 'data-testid': 'detail' } }, h('p', { class: 'muted', text: t('Select a finding to see its details.') }));
  const facts = h('dl', { class: 'facts' });
  const fact = (label: string, value: string | number | undefined | Node) => {
    if (value === undefined || value === '') return;
    facts.append(h('dt', { text: label }), h('dd', {}, value instanceof Node ? value : String(value)));
  };
  if (f.kind === 'vulnerability') {
    fact(t('Package'), f.package);
    fact(
      t('Version'),
      h('span', { class: 'versions' }, h('code', { text: f.installed ?? '?' }), ' → ', f.fixed ? h('code', { class: 'fixed', text: f.fixed }) : h('span', { class: 'muted', text: t('no fix available') })),
    );
    fact(t('Status'), f.status);
    if (f.cvss) fact(t('CVSS'), [f.cvss.score?.toFixed(1), f.cvss.vector, f.cvss.source ? `(${f.cvss.source}${f.cvss.version ? `, v${f.cvss.version}` : ''})` : undefined].filter(Boolean).join(' '));
    fact(t('CWE'), f.cwe?.join(', '));
    fact(t('Published'), f.published);
    fact(t('Path'), f.filePath);
  } else if (f.kind === 'license') {
    fact(t('License'), f.license);
    fact(t('Category'), f.category);
    fact(t('Package'), f.package);
    fact(t('File'), f.filePath);
    fact(t('Confidence'), f.confidence);
  } else {
    fact(f.kind === 'secret' ? t('Category') : t('Type'), f.category);
    fact(t('Status'), f.status);
    fact(t('Resource'), f.resource);
    fact(t('Lines'), f.startLine !== undefined ? `${f.startLine}${f.endLine !== undefined && f.endLine !== f.startLine ? `–${f.endLine}` : ''}` : undefined);
    fact(t('Match'), f.match);
  }
  fact(t('Ignored'), f.ignored ? describeIgnore(f.ignored) : undefined);
  fact(t('Target'), f.target);
  fact(t('Layer'), f.layer);

  const parts: (Node | undefined)[] = [
    h(
      'header',
      {},
      h('span', { class: `chip sev-bg-${f.severity.toLowerCase()}`, text: t(f.severity) }),
      h('span', { class: 'kind muted', text: kindLabel(f.kind) }),
      h('h2', { class: 'fid', text: f.id }),
    ),
    f.title ? h('p', { class: 'ftitle', text: f.title }) : undefined,
    facts,
  ];
  if (f.message) parts.push(h('h3', { text: t('Message') }), h('p', { class: 'prewrap', text: f.message }));
  if (f.description) parts.push(h('h3', { text: t('Description') }), h('p', { class: 'prewrap description', text: f.description }));
  if (f.resolution) parts.push(h('h3', { text: t('Resolution') }), h('p', { class: 'prewrap', text: f.resolution }));
  if (f.causeLines?.length) {
    const pre = h('pre', { class: 'cause' });
    for (const l of f.causeLines) pre.append(h('div', { class: l.isCause ? 'line is-cause' : 'line' }, h('span', { class: 'ln', text: l.number }), h('span', { text: l.content })));
    parts.push(h('h3', { text: t('Code') }), pre);
  }
  const refs = [...new Set([f.primaryUrl, ...f.references].filter((u): u is string => !!u))];
  if (refs.length) {
    const ul = h('ul', { class: 'refs' });
    for (const url of refs) {
      if (isSafeExternalUrl(url)) {
        ul.append(
          h(
            'li',
            {},
            h('a', {
              text: url,
              title: url,
              attrs: { href: url },
              on: {
                click: (e) => {
                  e.preventDefault();
                  openLink(url);
                },
              },
            }),
          ),
        );
      } else {
        ul.append(h('li', {}, h('span', { class: 'unsafe-link', text: url, title: t('Not a web link: only http(s) references can be opened') })));
      }
    }
    parts.push(h('h3', { text: t('References ({0})', refs.length) }), ul);
  }
  return h('div', { class: 'detail', attrs: { 'data-testid': 'detail', 'data-key': String(f.key) } }, ...parts);
}
