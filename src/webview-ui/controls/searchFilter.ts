// Free text: every word must appear in the finding's id, title, description, package, target or other text.
import { setState } from '../update';
import { textfield, type Control } from './elements';
import { t } from '../i18n';

export function searchFilter(): Control {
  const text = textfield('search', t('Search id, title, description…'), (v) => setState({ text: v }, false));
  text.classList.add('grow');
  return {
    els: [text],
    // Only when it differs: setting the value while the user types would move the caret.
    sync: (state) => { if (text.value !== state.text) text.value = state.text;; },
  };
}
