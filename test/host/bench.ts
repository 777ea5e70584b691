// `extensionTestsPath` module for scripts/bench-activation.mjs: times the extension's activation inside
// the real extension host (it is lazy, so nothing has activated it yet) and writes the numbers to
// $REGX_BENCH_OUT. Not part of the mocha suite.
// With $REGX_BENCH_BIG ({"url","repository"} of a registry whose repository has thousands of tags) it then
// adds that registry twice, loads every tag of both in pages of 1,000 through the real tree and commands, and
// adds the extension host's memory to the output (`host-memory`): the figure the in-host suite used to print.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';

const ID = 'registry-explorer.registry-explorer';

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension(ID);
  if (!ext) throw new Error(`extension ${ID} is not loaded`);
  const activeBefore = ext.isActive;
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  await ext.activate();
  const activateMs = performance.now() - t0;
  // The extension's own measure of its activate() body (without loading the bundle), when it exports one.
  const api = ext.exports as { activatedInMs?: unknown } | undefined;
  const out = {
    activeBefore,
    activateMs,
    activateBodyMs: typeof api?.activatedInMs === 'number' ? api.activatedInMs : null,
    heapDeltaBytes: process.memoryUsage().heapUsed - heapBefore,
    rssBytes: process.memoryUsage().rss,
  };
  const file = process.env.REGX_BENCH_OUT;
  if (!file) throw new Error('REGX_BENCH_OUT is not set');
  const big = process.env.REGX_BENCH_BIG;
  writeFileSync(file, JSON.stringify(big ? { ...out, memory: await memoryAfterTags(JSON.parse(big) as { url: string; repository: string }) } : out));
}

type Node = { registryId?: string; getTreeItem(): vscode.TreeItem | Thenable<vscode.TreeItem>; getChildren(): unknown };
interface BenchApi { ctx: { tree: { getChildren(n?: Node): Node[] | Thenable<Node[]> }; registries: { remove(id: string): Promise<void> } } }

async function labelOf(n: Node): Promise<string> {
  const l = (await n.getTreeItem()).label;
  return typeof l === 'string' ? l : l?.label ?? '';
}

/** Memory of the extension host after loading every tag of `repository` from two registry entries. */
async function memoryAfterTags(big: { url: string; repository: string }): Promise<Record<string, number | boolean>> {
  const api = vscode.extensions.getExtension(ID)!.exports as BenchApi;
  const cfg = vscode.workspace.getConfiguration('registryExplorer');
  await cfg.update('pageSize', 1000, vscode.ConfigurationTarget.Global);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const base = process.memoryUsage();
  let loaded = 0;
  const ids: string[] = [];
  for (const name of ['bench-big-a', 'bench-big-b']) {
    const id = await vscode.commands.executeCommand<string>('registryExplorer.addRegistry', { url: big.url, name });
    ids.push(id);
    const root = (await api.ctx.tree.getChildren()).find((n) => n.registryId === id);
    if (!root) throw new Error(`registry ${name} is not in the tree`);
    let repo: Node | undefined;
    for (const k of await api.ctx.tree.getChildren(root)) if (await labelOf(k) === big.repository) repo = k;
    if (!repo) throw new Error(`${big.repository} is not listed under ${name}`);
    for (;;) {
      const kids = await api.ctx.tree.getChildren(repo);
      const last = kids[kids.length - 1];
      if (!/Load more/.test(await labelOf(last))) { loaded += kids.length; break; }
      await vscode.commands.executeCommand('registryExplorer.loadMore', last);
    }
  }
  gc?.();
  const m = process.memoryUsage();
  for (const id of ids) await api.ctx.registries.remove(id);
  await cfg.update('pageSize', undefined, vscode.ConfigurationTarget.Global);
  const mib = (n: number): number => +(n / 2 ** 20).toFixed(1);
  return {
    tags: loaded, rssMiB: mib(m.rss), heapUsedMiB: mib(m.heapUsed),
    heapDeltaMiB: mib(m.heapUsed - base.heapUsed), rssDeltaMiB: mib(m.rss - base.rss), gcExposed: !!gc,
  };
}
