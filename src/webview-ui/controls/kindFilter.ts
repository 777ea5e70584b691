// All kinds, or only vulnerabilities, misconfigurations, secrets or licenses.
import { FINDING_KINDS, type FindingKind } from '../../scan/model';
import type { WebviewMessage } from '../../webview/strings';
import type { PageState } from '../../webview/protocol';
import { setState } from '../update';
import { singleSelect, type Control } from './elements';
import { t } from '../i18n';

export function kindFilter(): Control {
  const names: Record<FindingKind, WebviewMessage> = { vulnerability: 'Vulnerability', misconfiguration: 'Misconfiguration', secret: 'Secret', license: 'License' };
  const options: [string, string][] = [['all', t('All kinds')], ...FINDING_KINDS.map((k) => [k, t(names[k])] as [string, string])];
  const kind = singleSelect('kind', t('Kind'), options, (v) => setState({ kind: v as PageState['kind'] }, false));
  return { els: [kind], sync: (state) => { kind.value = state.kind; } };
}
