// Findings whose package name contains the typed text.
import { setState } from '../update';
import { textfield, type Control } from './elements';
import { t } from '../i18n';

export function packageFilter(): Control {
  const pkg = textfield('package', t('Package'), (v) => setState({ pkg: v }, false));
  return {
    els: [pkg],
    // Only when it differs: setting the value while the user types would move the caret.
    sync: (state) => { if (pkg.value !== state.pkg) pkg.value = state.pkg;; },
  };
}
