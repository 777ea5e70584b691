// `extensionTestsPath` module for scripts/bench-activation.mjs: times the extension's activation inside
// the real extension host (it is lazy, so nothing has activated it yet) and writes the numbers to
// $REGX_BENCH_OUT. Not part of the mocha suite.
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
  writeFileSync(file, JSON.stringify(out));
}
