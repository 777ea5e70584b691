// The @vscode-elements controls the toolbar is made of. Their value and checked are properties, not attributes;
// the library declares them in HTMLElementTagNameMap, so createElement returns the typed element.
import type { PageState } from '../../webview/protocol';

/** One control of the toolbar: its elements, and how it shows the current state. */
export interface Control {
  els: HTMLElement[];
  sync(state: PageState): void;
}

export function singleSelect(id: string, label: string, options: [string, string][], onChange: (v: string) => void): HTMLElementTagNameMap['vscode-single-select'] {
  const s = document.createElement('vscode-single-select');
  s.id = id;
  s.setAttribute('aria-label', label);
  for (const [value, text] of options) {
    const o = document.createElement('vscode-option');
    o.setAttribute('value', value);
    o.textContent = text;
    s.append(o);
  }
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

export function textfield(id: string, placeholder: string, onInput: (v: string) => void): HTMLElementTagNameMap['vscode-textfield'] {
  const t = document.createElement('vscode-textfield');
  t.id = id;
  t.setAttribute('placeholder', placeholder);
  t.setAttribute('aria-label', placeholder);
  t.addEventListener('input', () => onInput(t.value));
  return t;
}
