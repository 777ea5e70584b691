// A stand-in for the `vscode` module for the command handlers (src/commands, src/config.ts,
// src/connections): every prompt a handler shows is answered by a script the test writes, and recorded.
// installCommandFakes() must run before those modules load.
import Module from 'node:module';

export class FakeUri {
  constructor(readonly scheme: string, readonly authority: string, readonly path: string, readonly query = '', readonly fragment = '') {}
  get fsPath(): string { return this.path; }
  static from(c: { scheme: string; authority?: string; path?: string; query?: string; fragment?: string }): FakeUri {
    return new FakeUri(c.scheme, c.authority ?? '', c.path ?? '', c.query ?? '', c.fragment ?? '');
  }
  static file(p: string): FakeUri { return new FakeUri('file', '', p); }
  static parse(s: string): FakeUri {
    const u = new URL(s);
    return new FakeUri(u.protocol.slice(0, -1), u.host, decodeURIComponent(u.pathname), u.search.slice(1));
  }
  toString(): string { return `${this.scheme}://${this.authority}${this.path}${this.query ? `?${this.query}` : ''}`; }
}

/** One prompt a handler showed. `items` are labels (quick picks) or buttons (messages). */
export interface UiCall {
  kind: 'input' | 'quickPick' | 'error' | 'info' | 'warning' | 'openDialog';
  text: string;          // title + prompt, or the message
  value?: string;        // an input box's prefilled value
  password?: boolean;
  items: string[];
  /** Quick picks: the labels highlighted when it opened. */
  active: string[];
  modal?: boolean;
}

/** Answers a prompt: input text, a label, a button, or undefined (Escape / dismissed). */
export type Answer = (call: UiCall) => string | undefined;

export interface ConfigValues {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

export interface Fakes {
  calls: UiCall[];
  /** Answers for the next prompts, in order; a prompt with none left is dismissed. */
  script: Answer[];
  /** Values per full key ("registryExplorer.trivy.path"), by scope. */
  config: Record<string, ConfigValues>;
  trusted: boolean;
  remoteName?: string;
  executed: { command: string; args: unknown[] }[];
  terminals: { name?: string; shellPath?: string; shellArgs?: string[] }[];
  clipboard: string;
}

const effective = (v: ConfigValues | undefined): unknown =>
  v?.workspaceFolderValue ?? v?.workspaceValue ?? v?.globalValue ?? v?.defaultValue;

export function installCommandFakes(): Fakes {
  const f: Fakes = { calls: [], script: [], config: {}, trusted: true, executed: [], terminals: [], clipboard: '' };
  const answer = (call: UiCall): string | undefined => {
    f.calls.push(call);
    const next = f.script.shift();
    return next ? next(call) : undefined;
  };
  class EventEmitter<T> {
    private fns: ((e: T) => void)[] = [];
    event = (fn: (e: T) => void) => { this.fns.push(fn); return { dispose: () => { this.fns = this.fns.filter((x) => x !== fn); } }; };
    fire(e: T) { this.fns.forEach((fn) => fn(e)); }
    dispose() { this.fns = []; }
  }
  type Item = { label: string };
  const itemLabel = (i: string | Item) => (typeof i === 'string' ? i : i.label);
  const message = (kind: UiCall['kind']) => async (text: string, ...rest: unknown[]) => {
    const opts = rest[0] && typeof rest[0] === 'object' && !('title' in (rest[0] as object)) ? rest.shift() as { modal?: boolean } : undefined;
    const buttons = rest.map((b) => (typeof b === 'string' ? b : (b as { title: string }).title));
    const call: UiCall = { kind, text, items: buttons, active: [], modal: opts?.modal };
    // A message without buttons asks nothing: recorded, but it takes no answer from the script.
    if (!buttons.length) { f.calls.push(call); return undefined; }
    const picked = answer(call);
    return picked === undefined ? undefined : rest.find((b) => (typeof b === 'string' ? b : (b as { title: string }).title) === picked);
  };
  const fake = {
    Uri: FakeUri,
    EventEmitter,
    ThemeIcon: class { constructor(readonly id: string) {} },
    TreeItem: class { constructor(readonly label: unknown) {} },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    MarkdownString: class { constructor(readonly value = '') {} },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    ProgressLocation: { Notification: 15, Window: 10 },
    QuickPickItemKind: { Separator: -1, Default: 0 },
    l10n: { t: (m: string, ...a: unknown[]) => m.replace(/\{(\d+)\}/g, (_, i) => String(a[Number(i)])) },
    env: {
      get remoteName() { return f.remoteName; },
      clipboard: { writeText: async (t: string) => { f.clipboard = t; } },
    },
    extensions: { getExtension: () => undefined },
    commands: {
      executeCommand: async (command: string, ...args: unknown[]) => { f.executed.push({ command, args }); return undefined; },
    },
    workspace: {
      get isTrusted() { return f.trusted; },
      workspaceFolders: undefined,
      onDidChangeConfiguration: () => ({ dispose() {} }),
      onDidGrantWorkspaceTrust: () => ({ dispose() {} }),
      getConfiguration: (section?: string) => {
        const full = (k: string) => (section ? `${section}.${k}` : k);
        return {
          get: <T>(k: string, d?: T) => (effective(f.config[full(k)]) as T | undefined) ?? d,
          inspect: (k: string) => (f.config[full(k)] ? { key: full(k), ...f.config[full(k)] } : { key: full(k) }),
          has: (k: string) => effective(f.config[full(k)]) !== undefined,
          update: async (k: string, v: unknown) => { f.config[full(k)] = { ...f.config[full(k)], globalValue: v }; },
        };
      },
    },
    window: {
      showInputBox: async (o: { title?: string; prompt?: string; value?: string; password?: boolean; placeHolder?: string } = {}) =>
        answer({ kind: 'input', text: [o.title, o.prompt].filter(Boolean).join(' · '), value: o.value, password: o.password, items: [], active: [] }),
      showQuickPick: async (items: (string | Item)[], o: { title?: string; placeHolder?: string } = {}) => {
        const list = await items;
        const picked = answer({ kind: 'quickPick', text: [o.title, o.placeHolder].filter(Boolean).join(' · '), items: list.map(itemLabel), active: [] });
        return list.find((i) => itemLabel(i) === picked);
      },
      createQuickPick: () => {
        const accept = new EventEmitter<void>();
        const hide = new EventEmitter<void>();
        const qp = {
          title: '' as string | undefined, placeholder: '' as string | undefined, value: '', items: [] as Item[], activeItems: [] as Item[], selectedItems: [] as Item[],
          ignoreFocusOut: false, matchOnDescription: false, matchOnDetail: false,
          onDidAccept: accept.event, onDidHide: hide.event, onDidChangeValue: () => ({ dispose() {} }), onDidChangeSelection: () => ({ dispose() {} }),
          show: () => {
            const picked = answer({ kind: 'quickPick', text: [qp.title, qp.placeholder].filter(Boolean).join(' · '), items: qp.items.map(itemLabel), active: qp.activeItems.map(itemLabel) });
            setImmediate(() => {
              const item = qp.items.find((i) => i.label === picked);
              if (item) { qp.selectedItems = [item]; accept.fire(); } else hide.fire();
            });
          },
          hide: () => hide.fire(),
          dispose: () => undefined,
        };
        return qp;
      },
      showErrorMessage: message('error'),
      showInformationMessage: message('info'),
      showWarningMessage: message('warning'),
      showOpenDialog: async () => { answer({ kind: 'openDialog', text: '', items: [], active: [] }); return undefined; },
      setStatusBarMessage: () => ({ dispose() {} }),
      createTerminal: (o: { name?: string; shellPath?: string; shellArgs?: string[] }) => {
        f.terminals.push({ name: o.name, shellPath: o.shellPath, shellArgs: o.shellArgs });
        return { show() {}, dispose() {} };
      },
      withProgress: async <T>(_o: unknown, task: (p: { report(): void }, t: { onCancellationRequested(): { dispose(): void } }) => Promise<T>) =>
        task({ report() {} }, { onCancellationRequested: () => ({ dispose() {} }) }),
    },
  };
  const M = Module as unknown as { _load: (req: string, parent: unknown, isMain: boolean) => unknown };
  const load = M._load;
  M._load = function (req: string, parent: unknown, isMain: boolean) {
    return req === 'vscode' ? fake : load.call(this, req, parent, isMain);
  };
  return f;
}

/** A LogOutputChannel that keeps its lines. */
export function memoryLog() {
  const lines: string[] = [];
  const put = (level: string) => (m: string) => { lines.push(`${level} ${m}`); };
  return { lines, trace: put('trace'), debug: put('debug'), info: put('info'), warn: put('warn'), error: put('error'), show() {}, appendLine: put('line') };
}

/** Answer helpers for scripts. */
export const type = (text: string): Answer => () => text;
export const choose = (re: RegExp): Answer => (c) => c.items.find((i) => re.test(i));
export const dismiss: Answer = () => undefined;
