// The real Registries tree (RegistryTreeProvider and its nodes) in plain Node: the `vscode` stand-in from
// fakeVscode.ts, a registry store in memory, and a client pool whose v2 clients are real RegistryClients (pointed at
// an in-process registry that counts requests) and whose Harbor / Docker Hub clients are small fakes that record
// their calls. Tests read what VS Code would read: getChildren, getTreeItem, and the change events.
import { installTreeVscode, type FakeTreeVscode } from './fakeVscode';
import type { RegistryDefinition } from '../../../src/editorContext';

export const vscodeFake: FakeTreeVscode = installTreeVscode();

/* eslint-disable @typescript-eslint/consistent-type-imports */
type ProviderModule = typeof import('../../../src/tree/provider');
type ClientModule = typeof import('../../../src/registry/client');
type ConfigModule = typeof import('../../../src/config');

export interface TreeNodeLike {
  id: string;
  registryId: string;
  getTreeItem(): { label: string; description?: string | boolean; tooltip?: unknown; collapsibleState?: number } | Promise<{ label: string; description?: string | boolean; tooltip?: unknown; collapsibleState?: number }>;
  getChildren(): TreeNodeLike[] | Promise<TreeNodeLike[]>;
}

export interface Page<T> { items: T[]; next?: string; total?: number }

/** A Harbor client stand-in: projects, repositories and artifacts from arrays, paged like Harbor (page numbers). */
export function fakeHarbor(data: { projects: Record<string, unknown>[]; repositories: Record<string, Record<string, unknown>[]>; artifacts: Record<string, Record<string, unknown>[]> }) {
  const calls: { op: string; opts: Record<string, unknown> }[] = [];
  const page = <T>(all: T[], opts: { cursor?: string; pageSize?: number }): Page<T> => {
    const p = opts.cursor ? Number(opts.cursor) : 1;
    const n = opts.pageSize ?? 10;
    const items = all.slice((p - 1) * n, p * n);
    return { items, next: p * n < all.length ? String(p + 1) : undefined, total: all.length };
  };
  return {
    calls,
    async projects(opts: { cursor?: string; pageSize?: number } = {}) { calls.push({ op: 'projects', opts }); return page(data.projects, opts); },
    async repositories(project: string, opts: { cursor?: string; pageSize?: number } = {}) {
      calls.push({ op: `repositories ${project}`, opts });
      return page(data.repositories[project] ?? [], opts);
    },
    async artifacts(project: string, repository: string, opts: { cursor?: string; pageSize?: number; sort?: string } = {}) {
      calls.push({ op: `artifacts ${project}/${repository}`, opts });
      return page(data.artifacts[`${project}/${repository}`] ?? [], opts);
    },
  };
}

/** A Docker Hub client stand-in: repositories and tags from arrays, paged like the Hub (page numbers). */
export function fakeHub(data: { repositories: Record<string, Record<string, unknown>[]>; tags: Record<string, Record<string, unknown>[]> }) {
  const calls: { op: string; opts: Record<string, unknown> }[] = [];
  const page = <T>(all: T[], opts: { page?: number; pageSize?: number }): Page<T> => {
    const p = opts.page ?? 1;
    const n = opts.pageSize ?? 10;
    return { items: all.slice((p - 1) * n, p * n), next: p * n < all.length ? String(p + 1) : undefined, total: all.length };
  };
  return {
    calls,
    async repositories(ns: string, opts: { page?: number; pageSize?: number } = {}) { calls.push({ op: `repositories ${ns}`, opts }); return page(data.repositories[ns] ?? [], opts); },
    async tags(ns: string, name: string, opts: { page?: number; pageSize?: number; ordering?: string } = {}) {
      calls.push({ op: `tags ${ns}/${name}`, opts });
      return page(data.tags[`${ns}/${name}`] ?? [], opts);
    },
    async rateLimit() { return undefined; },
  };
}

export async function makeTree(opts: {
  defs: RegistryDefinition[];
  harbor?: Record<string, ReturnType<typeof fakeHarbor>>;
  hub?: Record<string, ReturnType<typeof fakeHub>>;
  settings?: Record<string, unknown>;
}) {
  const { RegistryTreeProvider } = await import('../../../src/tree/provider') as ProviderModule;
  const { RegistryClient } = await import('../../../src/registry/client') as ClientModule;
  const { Config } = await import('../../../src/config') as ConfigModule;
  vscodeFake.settings = { pageSize: 100, detailConcurrency: 4, tagSort: 'semver', ...opts.settings };
  let defs = [...opts.defs];
  const storeListeners: (() => void)[] = [];
  const store = {
    list: () => defs,
    get: (id: string) => defs.find((d) => d.id === id),
    async save(def: RegistryDefinition) {
      defs = defs.map((d) => (d.id === def.id ? def : d));
      for (const l of storeListeners) l();
    },
    async remove(id: string) { defs = defs.filter((d) => d.id !== id); for (const l of storeListeners) l(); },
    async secret() { return undefined; },
    onDidChange: (fn: () => void) => { storeListeners.push(fn); return { dispose() {} }; },
  };
  const clients = new Map<string, InstanceType<typeof RegistryClient>>();
  const pool = {
    get(id: string) {
      let c = clients.get(id);
      if (!c) {
        const def = store.get(id)!;
        c = new RegistryClient({ registry: def.url, retries: 0 });
        clients.set(id, c);
      }
      return c;
    },
    harbor(id: string) { return opts.harbor![id]; },
    hub(id: string) { return opts.hub![id]; },
    forHost() { return undefined; },
    invalidate() {},
  };
  const noop = () => undefined;
  const log = { trace: noop, debug: noop, info: noop, warn: noop, error: noop };
  const provider = new RegistryTreeProvider(new Config(), pool as never, store as never, log as never);
  const fired: (TreeNodeLike | undefined)[] = [];
  provider.onDidChangeTreeData((n) => fired.push(n as TreeNodeLike | undefined));
  const roots = () => provider.getChildren() as unknown as Promise<TreeNodeLike[]> | TreeNodeLike[];
  return { provider, store, pool, fired, roots, client: (id: string) => pool.get(id) };
}

export async function label(n: TreeNodeLike): Promise<string> {
  return (await n.getTreeItem()).label;
}

export async function labels(ns: TreeNodeLike[]): Promise<string[]> {
  return Promise.all(ns.map(label));
}

export async function descriptionOf(n: TreeNodeLike): Promise<string> {
  return String((await n.getTreeItem()).description ?? '');
}

/** What VS Code does when it shows children: every child's TreeItem is resolved (this starts lazy v2 details). */
export async function render(ns: TreeNodeLike[]): Promise<void> {
  await Promise.all(ns.map((n) => n.getTreeItem()));
}

export async function child(n: TreeNodeLike, name: string): Promise<TreeNodeLike> {
  const kids = await n.getChildren();
  for (const k of kids) if (await label(k) === name) return k;
  throw new Error(`no child ${name} under ${n.id}: ${(await labels(kids)).join(', ')}`);
}

/** Waits until no detail load is queued or in flight, then lets the completion callbacks run. */
export async function settle(provider: { details: { pending: number } }, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    await new Promise((r) => setTimeout(r, 5));
    if (provider.details.pending === 0) {
      await new Promise((r) => setTimeout(r, 20));
      if (provider.details.pending === 0) return;
    }
    if (Date.now() > end) throw new Error(`details still pending: ${provider.details.pending}`);
  }
}

export function mdText(tooltip: unknown): string {
  if (!tooltip) return '';
  if (typeof tooltip === 'string') return tooltip;
  return String((tooltip as { value?: string }).value ?? '');
}
