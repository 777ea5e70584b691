// The table's order (the sortable column headers set the same state).
import type { PageState } from '../../webview/protocol';
import { setState } from '../update';
import { singleSelect, type Control } from './elements';

export function sortSelect(): Control {
  const sort = singleSelect('sort', 'Sort by', [['severity', 'Sort: severity'], ['cvss', 'Sort: CVSS'], ['package', 'Sort: package'], ['id', 'Sort: ID']], (v) => setState({ sort: v as PageState['sort'] }, false));
  return { els: [sort], sync: (state) => { sort.value = state.sort; } };
}
