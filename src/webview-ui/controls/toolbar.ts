// The filter toolbar above the table, and the "Clear filters" link shown next to the status line.
import { h } from '../dom';
import { page } from '../page';
import { clearFiltersButton } from './clearFilters';
import type { Control } from './elements';
import { exportButtons } from './exportButtons';
import { fixableFilter } from './fixableFilter';
import { groupSelect } from './groupSelect';
import { kindFilter } from './kindFilter';
import { packageFilter } from './packageFilter';
import { searchFilter } from './searchFilter';
import { severityFilter } from './severityFilter';
import { sortSelect } from './sortSelect';
import { t } from '../i18n';

export interface Controls {
  bar: HTMLElement;
  clear: HTMLElement;
  /** Shows page.state in every control. */
  sync(): void;
}

export function buildControls(): Controls {
  const sevs = severityFilter();
  const kind = kindFilter();
  const fixable = fixableFilter();
  const pkg = packageFilter();
  const text = searchFilter();
  const sort = sortSelect();
  const group = groupSelect();
  const exports = exportButtons();
  const all: Control[] = [sevs, kind, fixable, pkg, text, sort, group, exports];
  const bar = h(
    'div',
    { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': t('Filters') } },
    h('div', { class: 'group sevs' }, ...sevs.els),
    h('div', { class: 'group' }, ...kind.els, ...fixable.els),
    h('div', { class: 'group grow' }, ...pkg.els, ...text.els),
    h('div', { class: 'group' }, ...sort.els, ...group.els),
    h('div', { class: 'group exports' }, ...exports.els),
  );
  return {
    bar,
    clear: clearFiltersButton(),
    sync() {
      for (const c of all) c.sync(page.state);
    },
  };
}
