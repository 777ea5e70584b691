// The detail pane for one finding. All text goes in with textContent; links open through the host.
import type { Finding } from '../scan/model';
import { isSafeExternalUrl } from '../webview/protocol';
import { h } from './dom';
import { describeIgnore } from '../scan/ignore';

export function renderDetail(f: Finding | undefined, openLink: (url: string) => void): HTMLElement {
  if (!f) return h('div', { class: 'detail empty', attrs: { 'data-testid': 'detail' } }, h('p', { class: 'muted', text: 'Select a finding to see its details.' }));
  const facts = h('dl', { class: 'facts' });
  const fact = (label: string, value: string | number | undefined | Node) => {
    if (value === undefined || value === '') return;
    facts.append(h('dt', { text: label }), h('dd', {}, value instanceof Node ? value : String(value)));
  };
  if (f.kind === 'vulnerability') {
    fact('Package', f.package);
    fact(
      'Version',
      h('span', { class: 'versions' }, h('code', { text: f.installed ?? '?' }), ' → ', f.fixed ? h('code', { class: 'fixed', text: f.fixed }) : h('span', { class: 'muted', text: 'no fix available' })),
    );
    fact('Status', f.status);
    if (f.cvss) fact('CVSS', [f.cvss.score?.toFixed(1), f.cvss.vector, f.cvss.source ? `(${f.cvss.source}${f.cvss.version ? `, v${f.cvss.version}` : ''})` : undefined].filter(Boolean).join(' '));
    fact('CWE', f.cwe?.join(', '));
    fact('Published', f.published);
    fact('Path', f.filePath);
  } else if (f.kind === 'license') {
    fact('License', f.license);
    fact('Category', f.category);
    fact('Package', f.package);
    fact('File', f.filePath);
    fact('Confidence', f.confidence);
  } else {
    fact(f.kind === 'secret' ? 'Category' : 'Type', f.category);
    fact('Status', f.status);
    fact('Resource', f.resource);
    fact('Lines', f.startLine !== undefined ? `${f.startLine}${f.endLine !== undefined && f.endLine !== f.startLine ? `–${f.endLine}` : ''}` : undefined);
    fact('Match', f.match);
  }
  fact('Ignored', f.ignored ? describeIgnore(f.ignored) : undefined);
  fact('Target', f.target);
  fact('Layer', f.layer);

  const parts: (Node | undefined)[] = [
    h(
      'header',
      {},
      h('span', { class: `chip sev-bg-${f.severity.toLowerCase()}`, text: f.severity }),
      h('span', { class: 'kind muted', text: f.kind }),
      h('h2', { class: 'fid', text: f.id }),
    ),
    f.title ? h('p', { class: 'ftitle', text: f.title }) : undefined,
    facts,
  ];
  if (f.message) parts.push(h('h3', { text: 'Message' }), h('p', { class: 'prewrap', text: f.message }));
  if (f.description) parts.push(h('h3', { text: 'Description' }), h('p', { class: 'prewrap description', text: f.description }));
  if (f.resolution) parts.push(h('h3', { text: 'Resolution' }), h('p', { class: 'prewrap', text: f.resolution }));
  if (f.causeLines?.length) {
    const pre = h('pre', { class: 'cause' });
    for (const l of f.causeLines) pre.append(h('div', { class: l.isCause ? 'line is-cause' : 'line' }, h('span', { class: 'ln', text: l.number }), h('span', { text: l.content })));
    parts.push(h('h3', { text: 'Code' }), pre);
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
        ul.append(h('li', {}, h('span', { class: 'unsafe-link', text: url, title: 'Not a web link: only http(s) references can be opened' })));
      }
    }
    parts.push(h('h3', { text: `References (${refs.length})` }), ul);
  }
  return h('div', { class: 'detail', attrs: { 'data-testid': 'detail', 'data-key': String(f.key) } }, ...parts);
}
