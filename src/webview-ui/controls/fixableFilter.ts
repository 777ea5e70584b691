// "Fixable only": findings with a fixed version.
import { setState } from '../update';
import type { Control } from './elements';

export function fixableFilter(): Control {
  const fixable = document.createElement('vscode-checkbox');
  fixable.setAttribute('label', 'Fixable only');
  fixable.dataset.testid = 'fixable-only';
  fixable.addEventListener('change', () => setState({ fixableOnly: fixable.checked }, false));
  return { els: [fixable], sync: (state) => { fixable.checked = state.fixableOnly; } };
}
