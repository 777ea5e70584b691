// `npm run bench` (sub-benchmark): what the explorer pays for the details (digest, size, date, platforms) of one
// shown page of a plain v2 registry's tags, through the bench's proxy that holds every response 50 ms (a registry
// one round trip away). It runs the extension's own DetailLoader (src/tree/details.ts) with the extension's default
// concurrency (package.json `detailConcurrency`) over a RegistryClient as the extension builds it, on the real CNCF
// registry, and counts requests at the proxy:
//   - 100 tags, 100 distinct images (each its own manifest and config): wall time for all 100 rows, requests;
//   - 100 tags of one image: one config GET is the goal.
// Prints a markdown section on stdout.
// Run with `node --import tsx scripts/bench-details.ts` (bench.mjs does).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDelayProxy } from './bench/delay-proxy.mjs';
import { startRegistry } from '../test/support/registry';
import { pushImage, tagMany } from '../test/support/seed';
import { RegistryClient, Reference, type ImageDetails } from '../src/registry/index';
import { DetailLoader } from '../src/tree/details';
import { connectionLimit } from '../src/connections/connectionLimit';

const root = join(__dirname, '..');
const RUNS = Math.max(1, Number(process.env.REGX_BENCH_RUNS || 7));
const DELAY = Number(process.env.REGX_BENCH_DELAY_MS || 50);
const PAGE = 100;
const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8'));
const concurrency = pkg.contributes.configuration.properties['registryExplorer.detailConcurrency'].default;

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2; };

interface Row { name: string; ms: number; min: number; max: number; counts: Record<string, number> }

async function main(): Promise<void> {

const reg = await startRegistry('plain');
let proxy: Awaited<ReturnType<typeof startDelayProxy>> | undefined;
const rows: Row[] = [];
try {
  console.error(`bench-details: seeding ${PAGE} distinct images and ${PAGE} tags of one image…`);
  for (let i = 0; i < PAGE; i++) {
    const month = String(1 + (i % 12)).padStart(2, '0');
    await pushImage(reg, 'details/distinct', `t${String(i).padStart(3, '0')}`, { salt: `d${i}`, created: `2025-${month}-01T00:00:00Z` });
  }
  const d = await pushImage(reg, 'details/shared', 'base');
  await tagMany(reg, 'details/shared', d, PAGE - 1);
  proxy = await startDelayProxy({ targetPort: Number(reg.registry.split(':')[1]), delayMs: DELAY });
  const registry = `127.0.0.1:${proxy.port}`;

  for (const [name, repo] of [[`${PAGE} tags, ${PAGE} distinct images`, 'details/distinct'], [`${PAGE} tags of one image`, 'details/shared']]) {
    const times: number[] = [];
    let counts: Record<string, number> = {};
    for (let run = 0; run < RUNS + 1; run++) {
      // A fresh client and loader per run: what a newly expanded repository costs (connections, caches empty).
      const client = new RegistryClient({ registry, insecure: true, maxConnections: connectionLimit(concurrency) });
      const loader = new DetailLoader(concurrency);
      const tags: string[] = [];
      for await (const page of client.allTags(repo)) for (const t of page) tags.push(t);
      tags.sort();
      proxy.reset();
      const t0 = performance.now();
      const scope = `bench\n${repo}`;
      const details: Array<ImageDetails | undefined> = await Promise.all(tags.slice(0, PAGE).map((t) => loader.loadTag(scope, client, new Reference(registry, repo, t))));
      const ms = performance.now() - t0;
      if (details.some((x) => !x?.created)) throw new Error(`bench-details: a row of ${repo} has no date`);
      if (run > 0) times.push(ms); // the first run warms the registry's disk cache
      counts = { total: proxy.requests(), ...proxy.byKind() };
      await client.close();
    }
    rows.push({ name, ms: median(times), min: Math.min(...times), max: Math.max(...times), counts });
    console.error(`bench-details: ${name}: ${median(times).toFixed(0)} ms, ${JSON.stringify(counts)}`);
  }
} finally {
  await proxy?.close();
  await reg.stop();
}

let md = `### Tag details in the explorer (plain v2 registry, ${DELAY} ms per round trip)\n\n`;
md += `The extension's DetailLoader with its default concurrency (${concurrency}) and client settings, a fresh client per run, `;
md += `median of ${RUNS} after one warm-up; requests counted at the proxy.\n\n`;
md += '| page | all rows detailed (median) | min | max | requests | by kind |\n|---|---:|---:|---:|---:|---|\n';
for (const r of rows) {
  const { total, ...kinds } = r.counts;
  md += `| ${r.name} | ${r.ms.toFixed(0)} ms | ${r.min.toFixed(0)} | ${r.max.toFixed(0)} | ${total} | ${Object.entries(kinds).map(([k, v]) => `${k} ${v}`).join(', ')} |\n`;
}
console.log(md);
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
