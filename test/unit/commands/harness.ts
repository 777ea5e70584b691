// A Ctx for command handlers in plain Node: the real ExtensionCtx, Config and SecretClientPool over an
// in-memory registry store, with the scripted `vscode` fake from ./fakeVscode. Call installCommandFakes() first.
import type { RegistryDefinition, RegistryStore, StoredSecret } from '../../../src/editorContext';
import { memoryLog } from './fakeVscode';

export function harness() {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { Config } = require('../../../src/config') as typeof import('../../../src/config');
  const { SecretClientPool } = require('../../../src/connections/clientPool') as typeof import('../../../src/connections/clientPool');
  const { ExtensionCtx } = require('../../../src/commands/ctxImpl') as typeof import('../../../src/commands/ctxImpl');
  const defs: RegistryDefinition[] = [];
  const secrets = new Map<string, StoredSecret>();
  const listeners: (() => void)[] = [];
  const store: RegistryStore = {
    list: () => defs,
    get: (id) => defs.find((d) => d.id === id),
    save: async (def, secret) => {
      if (secret) secrets.set(def.id, secret); else if (secret === null) secrets.delete(def.id);
      const i = defs.findIndex((d) => d.id === def.id);
      if (i >= 0) defs[i] = { ...def }; else defs.push({ ...def });
      listeners.forEach((l) => l());
    },
    remove: async (id) => { const i = defs.findIndex((d) => d.id === id); if (i >= 0) defs.splice(i, 1); secrets.delete(id); },
    secret: async (id) => secrets.get(id),
    onDidChange: (fn: () => void) => { listeners.push(fn); return { dispose() {} }; },
  };
  const log = memoryLog();
  const config = new Config();
  const clients = new SecretClientPool(store, config, log as never);
  const tree = { refresh() {}, refreshRegistry() {}, refreshRepository() {}, reveal: async () => undefined };
  const extension = { subscriptions: [], workspaceState: { get: () => undefined, update: async () => undefined }, globalState: { get: () => undefined, update: async () => undefined } };
  const ctx = new ExtensionCtx(extension as never, log as never, config, store, clients, tree as never);
  return { ctx, defs, secrets, log, clients };
}
