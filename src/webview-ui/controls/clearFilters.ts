// "Clear filters": back to every severity, kind and finding (sort, grouping and folded groups stay).
import type { PageState } from '../../webview/protocol';
import { h } from '../dom';
import { setState } from '../update';
import { defaultState } from '../view';
import { t } from '../i18n';

export function clearFiltersButton(): HTMLElement {
  const filters = (): Partial<PageState> => {
    const d = defaultState();
    return { severities: d.severities, kind: d.kind, fixableOnly: d.fixableOnly, pkg: d.pkg, text: d.text };
  };
  return h('button', { class: 'link-button', text: t('Clear filters'), attrs: { type: 'button', 'data-testid': 'clear-filters' }, on: { click: () => setState(filters()) } });
}
