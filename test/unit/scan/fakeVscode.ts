// A small stand-in for the `vscode` module, enough for src/webview/reportPanel.ts, src/tree/scanDecorations.ts
// and src/commands/scan.ts to run in plain Node. installFakeVscode() must run before those modules load.
import Module from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export class FakeUri {
  constructor(readonly scheme: string, readonly authority: string, readonly path: string, readonly query = '') {}
  get fsPath(): string {
    return this.path;
  }
  static from(c: { scheme: string; authority?: string; path?: string; query?: string }): FakeUri {
    return new FakeUri(c.scheme, c.authority ?? '', c.path ?? '', c.query ?? '');
  }
  static parse(s: string): FakeUri {
    const u = new URL(s);
    return new FakeUri(u.protocol.slice(0, -1), u.host, decodeURIComponent(u.pathname), u.search.slice(1));
  }
  static file(p: string): FakeUri {
    return new FakeUri('file', '', p);
  }
  static joinPath(base: FakeUri, ...p: string[]): FakeUri {
    return new FakeUri(base.scheme, base.authority, [base.path.replace(/\/$/, ''), ...p].join('/'), base.query);
  }
  toString(): string {
    return `${this.scheme}://${this.authority}${this.path}${this.query ? `?${this.query}` : ''}`;
  }
}

export interface FakeRecord {
  opened: string[];
  panels: { title: string; posted: unknown[]; html: string; onMessage?: (m: unknown) => void }[];
  decorationProviders: { provideFileDecoration(u: FakeUri): { badge?: string; tooltip?: string } | undefined }[];
  decorationEvents: unknown[];
  info: string[];
  config: Record<string, unknown>;
  saveTarget?: FakeUri;
}

export function installFakeVscode(): FakeRecord {
  const rec: FakeRecord = { opened: [], panels: [], decorationProviders: [], decorationEvents: [], info: [], config: {} };
  class EventEmitter<T> {
    private fns: ((e: T) => void)[] = [];
    event = (fn: (e: T) => void) => {
      this.fns.push(fn);
      return { dispose: () => {} };
    };
    fire(e: T) {
      rec.decorationEvents.push(e);
      this.fns.forEach((f) => f(e));
    }
    dispose() {}
  }
  const fake = {
    Uri: FakeUri,
    EventEmitter,
    ViewColumn: { Active: -1 },
    ThemeColor: class {
      constructor(readonly id: string) {}
    },
    FileDecoration: class {
      constructor(readonly badge?: string, readonly tooltip?: string, readonly color?: unknown) {}
    },
    l10n: { t: (m: string, ...a: unknown[]) => m.replace(/\{(\d+)\}/g, (_, i) => String(a[Number(i)])) },
    env: { openExternal: async (u: FakeUri) => (rec.opened.push(u.toString()), true) },
    workspace: {
      // Scanning with Trivy asks for trust in Restricted Mode (src/commands/trust.ts); these tests run trusted.
      isTrusted: true,
      workspaceFolders: undefined,
      getConfiguration: () => ({ get: (k: string) => rec.config[k] }),
      fs: {
        writeFile: async (u: FakeUri, b: Uint8Array) => {
          mkdirSync(dirname(u.fsPath), { recursive: true });
          writeFileSync(u.fsPath, b);
        },
        readFile: async (u: FakeUri) => readFileSync(u.fsPath),
        createDirectory: async (u: FakeUri) => void mkdirSync(u.fsPath, { recursive: true }),
      },
    },
    window: {
      showSaveDialog: async () => rec.saveTarget,
      showOpenDialog: async () => undefined,
      showInformationMessage: async (m: string) => void rec.info.push(m),
      registerFileDecorationProvider: (p: FakeRecord['decorationProviders'][number]) => (rec.decorationProviders.push(p), { dispose() {} }),
      createWebviewPanel: (_t: string, title: string) => {
        const panel: FakeRecord['panels'][number] = { title, posted: [], html: '' };
        rec.panels.push(panel);
        return {
          title,
          webview: {
            cspSource: 'https://fake.vscode-cdn.net',
            asWebviewUri: (u: FakeUri) => u,
            postMessage: async (m: unknown) => (panel.posted.push(m), true),
            onDidReceiveMessage: (fn: (m: unknown) => void) => ((panel.onMessage = fn), { dispose() {} }),
            set html(v: string) {
              panel.html = v;
            },
          },
          onDidDispose: () => ({ dispose() {} }),
          dispose() {},
        };
      },
    },
  };
  const M = Module as unknown as { _load: (req: string, parent: unknown, isMain: boolean) => unknown };
  const load = M._load;
  M._load = function (req: string, parent: unknown, isMain: boolean) {
    return req === 'vscode' ? fake : load.call(this, req, parent, isMain);
  };
  return rec;
}

/** An ExtensionContext with an in-memory globalState and a real temp folder for globalStorageUri. */
export function fakeExtensionContext(storageDir: string, extensionDir = '/ext') {
  const state = new Map<string, unknown>();
  return {
    extensionUri: FakeUri.file(extensionDir),
    globalStorageUri: FakeUri.file(storageDir),
    subscriptions: [] as { dispose(): void }[],
    globalState: {
      get: <T>(k: string) => state.get(k) as T | undefined,
      update: async (k: string, v: unknown) => void state.set(k, JSON.parse(JSON.stringify(v))),
      keys: () => [...state.keys()],
    },
  };
}
