// The table's order (the sortable column headers set the same state).
import type { PageState } from '../../webview/protocol';
import { setState } from '../update';
import { singleSelect, type Control } from './elements';
import { t } from '../i18n';

export function sortSelect(): Control {
  const sort = singleSelect('sort', t('Sort by'), [['severity', t('Sort: severity')], ['cvss', t('Sort: CVSS')], ['package', t('Sort: package')], ['id', t('Sort: ID')]], (v) => setState({ sort: v as PageState['sort'] }, false));
  return { els: [sort], sync: (state) => { sort.value = state.sort; } };
}
