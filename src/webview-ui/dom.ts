// The only way this page creates DOM: text goes through textContent and attributes through setAttribute,
// never innerHTML, because every string in a report is untrusted (advisory text, file contents, ids).
export interface Props {
  class?: string;
  text?: string | number;
  title?: string;
  attrs?: Record<string, string | undefined>;
  on?: Record<string, (e: Event) => void>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props, ...children: (Node | string | undefined | false)[]): HTMLElementTagNameMap[K];
export function h(tag: string, props?: Props, ...children: (Node | string | undefined | false)[]): HTMLElement;
export function h(tag: string, props: Props = {}, ...children: (Node | string | undefined | false)[]): HTMLElement {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.text !== undefined) el.textContent = String(props.text);
  if (props.title !== undefined) el.setAttribute('title', props.title);
  for (const [k, v] of Object.entries(props.attrs ?? {})) if (v !== undefined) el.setAttribute(k, v);
  for (const [k, fn] of Object.entries(props.on ?? {})) el.addEventListener(k, fn);
  for (const c of children) if (c !== undefined && c !== false) el.append(c); // append(string) makes a Text node
  return el;
}

export function clear(el: Element): void {
  el.replaceChildren();
}
