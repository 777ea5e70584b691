// The @vscode-elements controls the toolbar is made of. Their value and checked are properties, not
// attributes, and the library ships no types for them: these helpers are the one place that reaches them.
import type { PageState } from '../../webview/protocol';

/** One control of the toolbar: its elements, and how it shows the current state. */
export interface Control {
  els: HTMLElement[];
  sync(state: PageState): void;
}

export const getProp = <T>(el: Element, prop: string): T => (el as unknown as Record<string, T>)[prop];
export const setProp = (el: Element, prop: string, v: unknown): void => {
  (el as unknown as Record<string, unknown>)[prop] = v;
};

export function singleSelect(id: string, label: string, options: [string, string][], onChange: (v: string) => void): HTMLElement {
  const s = document.createElement('vscode-single-select');
  s.id = id;
  s.setAttribute('aria-label', label);
  for (const [value, text] of options) {
    const o = document.createElement('vscode-option');
    o.setAttribute('value', value);
    o.textContent = text;
    s.append(o);
  }
  s.addEventListener('change', () => onChange(getProp<string>(s, 'value')));
  return s;
}

export function textfield(id: string, placeholder: string, onInput: (v: string) => void): HTMLElement {
  const t = document.createElement('vscode-textfield');
  t.id = id;
  t.setAttribute('placeholder', placeholder);
  t.setAttribute('aria-label', placeholder);
  t.addEventListener('input', () => onInput(getProp<string>(t, 'value')));
  return t;
}
