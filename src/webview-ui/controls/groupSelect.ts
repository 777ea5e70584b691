// Rows grouped by package or target, or not at all.
import type { PageState } from '../../webview/protocol';
import { setState } from '../update';
import { singleSelect, type Control } from './elements';
import { t } from '../i18n';

export function groupSelect(): Control {
  const group = singleSelect('group', t('Group by'), [['none', t('No grouping')], ['package', t('Group: package')], ['target', t('Group: target')]], (v) => setState({ group: v as PageState['group'] }, false));
  return { els: [group], sync: (state) => { group.value = state.group; } };
}
