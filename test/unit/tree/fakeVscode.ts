// A small stand-in for the `vscode` module, enough for the Registries tree (src/tree/**) to run in plain Node:
// TreeItem, MarkdownString, ThemeIcon, EventEmitter, l10n.t and the settings with their change event.
// installTreeVscode() must run before any src/tree module loads (it hooks `require('vscode')`).
import Module from 'node:module';

export interface FakeTreeVscode {
  /** registryExplorer.* settings, read by src/config.ts. */
  settings: Record<string, unknown>;
  /** Sets a setting and fires onDidChangeConfiguration, as VS Code does after `update()`. */
  set(key: string, value: unknown): void;
  /** When set, l10n.t looks messages up here first (a translated bundle, e.g. l10n/bundle.l10n.zh-cn.json). */
  bundle?: Record<string, string>;
}

export class FakeUri {
  constructor(readonly scheme: string, readonly authority: string, readonly path: string, readonly query = '') {}
  static from(c: { scheme: string; authority?: string; path?: string; query?: string }): FakeUri {
    return new FakeUri(c.scheme, c.authority ?? '', c.path ?? '', c.query ?? '');
  }
  toString(): string { return `${this.scheme}://${this.authority}${this.path}${this.query ? `?${this.query}` : ''}`; }
}

export class FakeMarkdownString {
  value = '';
  appendText(s: string): this { this.value += s; return this; }
  appendMarkdown(s: string): this { this.value += s; return this; }
}

export function installTreeVscode(): FakeTreeVscode {
  const listeners: ((e: { affectsConfiguration(s: string): boolean }) => void)[] = [];
  const state: FakeTreeVscode = {
    settings: {},
    set(key, value) {
      this.settings[key] = value;
      const e = { affectsConfiguration: (s: string) => s === 'registryExplorer' || s === `registryExplorer.${key}` };
      for (const l of [...listeners]) l(e);
    },
  };
  class EventEmitter<T> {
    private fns: ((e: T) => void)[] = [];
    event = (fn: (e: T) => void) => { this.fns.push(fn); return { dispose: () => { this.fns = this.fns.filter((f) => f !== fn); } }; };
    fire(e: T): void { for (const f of [...this.fns]) f(e); }
    dispose(): void { this.fns = []; }
  }
  class TreeItem {
    id?: string; description?: string | boolean; tooltip?: unknown; iconPath?: unknown; contextValue?: string;
    command?: unknown; resourceUri?: FakeUri;
    constructor(readonly label: string, readonly collapsibleState = 0) {}
  }
  const fake = {
    Uri: FakeUri,
    EventEmitter,
    TreeItem,
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    ThemeIcon: class { constructor(readonly id: string, readonly color?: unknown) {} },
    ThemeColor: class { constructor(readonly id: string) {} },
    MarkdownString: FakeMarkdownString,
    ConfigurationTarget: { Global: 1 },
    l10n: {
      t: (m: string, ...a: unknown[]) => (state.bundle?.[m] ?? m).replace(/\{(\d+)\}/g, (_, i) => String(a[Number(i)])),
    },
    workspace: {
      getConfiguration: (section?: string) => ({
        get: (k: string) => (section === 'registryExplorer' ? state.settings[k] : undefined),
        update: async (k: string, v: unknown) => { if (section === 'registryExplorer') state.set(k, v); },
      }),
      onDidChangeConfiguration: (fn: (e: { affectsConfiguration(s: string): boolean }) => void) => {
        listeners.push(fn);
        return { dispose: () => listeners.splice(listeners.indexOf(fn), 1) };
      },
    },
    extensions: { getExtension: () => undefined },
    window: {},
  };
  const M = Module as unknown as { _load: (req: string, parent: unknown, isMain: boolean) => unknown };
  const load = M._load;
  M._load = function (req: string, parent: unknown, isMain: boolean) {
    return req === 'vscode' ? fake : load.call(this, req, parent, isMain);
  };
  return state;
}
