/** activate(): build the context, register the view, providers and every command from the table. Nothing else. */
import * as vscode from 'vscode';
import { Config } from './config';
import { createLog } from './log';
import { SettingsRegistryStore } from './connections/store';
import { SecretClientPool } from './connections/clientPool';
import { RegistryTreeProvider } from './tree/provider';
import { ExtensionCtx } from './commands/ctxImpl';
import { commandTable } from './commands/table';
import { InspectProvider, INSPECT_SCHEME } from './commands/inspectProvider';
import type { Ctx } from './editorContext';
import { registerScanDecorations, type ScanResults } from './tree/scanDecorations';
import { refreshOnGitHubSessionChange } from './connections/githubSessionCredentials';

export const VIEW_ID = 'registryExplorer.registries';

/**
 * Returned from activate() so in-host tests can reach the live context (not a public API).
 * `scans` is the live FileDecorationProvider of the scan badges: VS Code offers no API to read another
 * provider's decorations, so test/host/suite/scan.test.ts asks it directly.
 */
export interface ExtensionApi { ctx: Ctx; activatedInMs: number; scans: ScanResults }

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  const log = createLog();
  const config = new Config();
  const store = new SettingsRegistryStore(config, context.secrets);
  const clients = new SecretClientPool(store, config, log);
  const scans = registerScanDecorations(context); // severity badges on tag rows, by digest
  const tree = new RegistryTreeProvider(config, clients, store, log, (digest, overview) => {
    scans.recordHarborOverview(digest, overview).catch((e: unknown) => log.debug(`scan overview ${digest}: ${String(e)}`));
  });
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  tree.view = view;
  const ctx = new ExtensionCtx(context, log, config, store, clients, tree);
  context.subscriptions.push(log, store, clients, tree, view,
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, new InspectProvider(store, clients)));
  for (const [id, handler] of Object.entries(commandTable)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => handler(ctx, ...args)));
  }
  const syncEmpty = () => void vscode.commands.executeCommand('setContext', 'registryExplorer.hasRegistries', store.list().length > 0);
  syncEmpty();
  context.subscriptions.push(store.onDidChange(syncEmpty), refreshOnGitHubSessionChange(store, tree));
  const activatedInMs = performance.now() - started;
  log.info(`activated in ${activatedInMs.toFixed(1)} ms; ${store.list().length} registries configured`);
  return { ctx, activatedInMs, scans };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; the pool closes its clients on dispose.
}
