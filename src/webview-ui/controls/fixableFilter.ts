// "Fixable only": findings with a fixed version.
import { setState } from '../update';
import type { Control } from './elements';
import { t } from '../i18n';

export function fixableFilter(): Control {
  const fixable = document.createElement('vscode-checkbox');
  fixable.setAttribute('label', t('Fixable only'));
  fixable.dataset.testid = 'fixable-only';
  fixable.addEventListener('change', () => setState({ fixableOnly: fixable.checked }, false));
  return { els: [fixable], sync: (state) => { fixable.checked = state.fixableOnly; } };
}
