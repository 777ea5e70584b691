// All kinds, or only vulnerabilities, misconfigurations, secrets or licenses.
import { FINDING_KINDS } from '../../scan/model';
import type { PageState } from '../../webview/protocol';
import { setState } from '../update';
import { singleSelect, type Control } from './elements';
import { kindLabel, t } from '../i18n';

export function kindFilter(): Control {
  const options: [string, string][] = [['all', t('All kinds')], ...FINDING_KINDS.map((k) => [k, kindLabel(k)] as [string, string])];
  const kind = singleSelect('kind', t('Kind'), options, (v) => setState({ kind: v as PageState['kind'] }, false));
  return { els: [kind], sync: (state) => { kind.value = state.kind; } };
}
