/** The concrete Ctx (src/editorContext.ts) built once in activate(). */
import * as vscode from 'vscode';
import type { Backends, ClientPool, Ctx, ImageTarget, ProgressReport, RegistryDefinition, RegistryStore, RepositoryTarget } from '../editorContext';
import type { CapabilityFlag } from '../backends/registryBackend';
import type { Config } from '../config';
import type { RegistryTreeProvider } from '../tree/provider';
import { classifyError, errorMessage } from '../connections/classifyError';
import { TLS_ADVICE } from '../registry/index';
import { pickImage, pickRegistry, pickRepository } from './pick';
import { isCancelled } from './cancelled';
import { BackendPool } from '../connections/backendPool';
import { immutableTagMessage } from './policy/immutableMessage';

export class ExtensionCtx implements Ctx {
  readonly backends: Backends;
  constructor(
    readonly extension: vscode.ExtensionContext,
    readonly log: vscode.LogOutputChannel,
    readonly config: Config,
    readonly registries: RegistryStore,
    readonly clients: ClientPool,
    readonly tree: RegistryTreeProvider,
  ) {
    this.backends = new BackendPool(registries, clients);
  }

  pickRegistry(arg?: unknown, opts?: { title?: string; can?: CapabilityFlag }): Promise<RegistryDefinition | undefined> {
    return pickRegistry(this, arg, opts);
  }
  pickRepository(arg?: unknown, opts?: { title?: string }): Promise<RepositoryTarget | undefined> {
    return pickRepository(this, arg, opts);
  }
  pickImage(arg?: unknown, opts?: { title?: string }): Promise<ImageTarget | undefined> {
    return pickImage(this, arg, opts);
  }

  async withProgress<T>(title: string, task: (signal: AbortSignal, report: ProgressReport) => Promise<T>,
    opts?: { cancellable?: boolean; location?: 'notification' | 'window' }): Promise<T> {
    return vscode.window.withProgress({
      title,
      cancellable: opts?.cancellable ?? true,
      location: opts?.location === 'window' ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification,
    }, async (progress, token) => {
      const ac = new AbortController();
      const sub = token.onCancellationRequested(() => ac.abort());
      try {
        return await task(ac.signal, (message, increment) => progress.report({ message, increment }));
      } finally {
        sub.dispose();
      }
    });
  }

  async reportError(err: unknown, what: string): Promise<void> {
    if (isCancelled(err)) { this.log.info(`${what}: cancelled`); return; }
    const kind = classifyError(err);
    // The client's generic TLS advice gives way to the editor's own (hintFor names Edit Registry), said once.
    const msg = immutableTagMessage(err) ?? (kind === 'tls' ? errorMessage(err).replace(TLS_ADVICE, '').trimEnd() : errorMessage(err));
    this.log.error(`${what}: ${msg}`);
    const hint = hintFor(kind);
    const showLog = vscode.l10n.t('Show Log');
    const choice = await vscode.window.showErrorMessage(`${what}: ${msg}${hint && !msg.includes(hint) ? ` ${hint}` : ''}`, showLog);
    if (choice === showLog) this.log.show(true);
  }
}

export function hintFor(kind: ReturnType<typeof classifyError>): string | undefined {
  switch (kind) {
    case 'dns': return vscode.l10n.t('Check the registry host name.');
    case 'refused': return vscode.l10n.t('Check that the registry is running and the port is right.');
    case 'timeout': return vscode.l10n.t('The registry did not answer in time; check the network or proxy (http.proxy).');
    case 'tls': return vscode.l10n.t('The TLS certificate is not trusted: add its CA file to the registry (Edit Registry).');
    case 'unauthorized': return vscode.l10n.t('Check the credentials (Reconnect).');
    case 'forbidden': return vscode.l10n.t('This account lacks permission for that action.');
    case 'rateLimited': return vscode.l10n.t('Too many requests: wait and try again.');
    default: return undefined;
  }
}
