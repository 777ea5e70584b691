// Rows grouped by package or target, or not at all.
import type { PageState } from '../../webview/protocol';
import { setState } from '../update';
import { singleSelect, type Control } from './elements';

export function groupSelect(): Control {
  const group = singleSelect('group', 'Group by', [['none', 'No grouping'], ['package', 'Group: package'], ['target', 'Group: target']], (v) => setState({ group: v as PageState['group'] }, false));
  return { els: [group], sync: (state) => { group.value = state.group; } };
}
