/**
 * The terminal every build and push writes to: a Pseudoterminal the extension owns, so the exact (masked)
 * commands and the builder's output appear live, and closing it or pressing Ctrl+C cancels the run.
 */
import * as vscode from 'vscode';
import type { Ctx } from '../../editorContext';
import { BuildError } from '../../imageBuild/index';
import { isCancelled } from '../cancelled';

export class BuildTerminal implements vscode.Pseudoterminal {
  private readonly write = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.write.event;
  readonly onDidClose = this.closed.event;
  private pending: string[] = [];
  private opened = false;
  readonly terminal: vscode.Terminal;

  constructor(name: string, private readonly abort: AbortController) {
    this.terminal = vscode.window.createTerminal({ name, pty: this, iconPath: new vscode.ThemeIcon('package') });
  }

  open(): void {
    this.opened = true;
    for (const p of this.pending) this.write.fire(p);
    this.pending = [];
  }
  close(): void { this.abort.abort(); }
  handleInput(data: string): void { if (data === '\x03') this.abort.abort(); }

  private emit(text: string): void {
    const t = text.replace(/\r?\n/g, '\r\n');
    if (this.opened) this.write.fire(t); else this.pending.push(t);
  }
  line(text: string): void { this.emit(`${text}\n`); }
  command(text: string): void { this.emit(`\x1b[1;36m$ ${text}\x1b[0m\n`); }
  info(text: string): void { this.emit(`\x1b[1m${text}\x1b[0m\n`); }
  error(text: string): void { this.emit(`\x1b[1;31m${text}\x1b[0m\n`); }
}

/** Runs `task` with a progress notification and the build terminal; both cancel the same run. */
export async function runInTerminal<T>(ctx: Ctx, title: string, task: (term: BuildTerminal, signal: AbortSignal) => Promise<T>, interactive = true): Promise<T | undefined> {
  const ac = new AbortController();
  const term = new BuildTerminal(title, ac);
  term.terminal.show(true);
  try {
    return await ctx.withProgress(title, async (signal) => {
      signal.addEventListener('abort', () => ac.abort(), { once: true });
      return task(term, ac.signal);
    }, { cancellable: true });
  } catch (err) {
    // Once the run was aborted, whatever the builder said on the way out is part of the cancel.
    if (isCancelled(err) || ac.signal.aborted) {
      term.error(vscode.l10n.t('Cancelled: the builder and its processes were stopped.'));
      return undefined;
    }
    term.error(err instanceof Error ? err.message : String(err));
    // Programmatic callers (tests, other extensions) get the error itself; people get a message.
    if (!interactive) throw err;
    await ctx.reportError(err, err instanceof BuildError ? vscode.l10n.t('Build and push failed') : vscode.l10n.t('{0} failed', title));
    return undefined;
  }
}
