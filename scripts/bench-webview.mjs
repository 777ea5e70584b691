// Times the scan report page in headless Chromium with a generated 10,000-finding report:
//   - time to first screen: the report message posted → the first rows painted (the host's postMessage,
//     parsing of the message, summary, index, filter, sort and the first virtual rows);
//   - filter: typing a search term → the filtered rows painted.
// Median of 5 runs each (a fresh page per run). Prints a markdown table to stdout (scripts/bench.mjs appends it).
// Needs the built bundle (node esbuild.mjs) and Debian chromium.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';

// The page helpers are TypeScript: run under tsx (re-exec once if started as plain `node`).
if (!process.env.REGX_BENCH_TSX) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], { stdio: 'inherit', env: { ...process.env, REGX_BENCH_TSX: '1' } });
  process.exit(r.status ?? 1);
}
const { generateTrivyReport, launchBrowser, startPageServer } = await import('../test/support/report-page.ts');
const { parseTrivyReport } = await import('../src/scan/index.ts');

const RUNS = 5;
const load = loadavg()[0];
const N = 10_000;
const report = parseTrivyReport(generateTrivyReport(N));
const term = report.findings[123].package;

const server = await startPageServer();
const browser = await launchBrowser();
const firstScreen = [];
const filter = [];
const loaded = [];
let matched = 0;
try {
  for (let i = 0; i < RUNS; i++) {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}?theme=dark`);
    await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
    loaded.push(await page.evaluate(() => performance.now()));
    firstScreen.push(
      await page.evaluate(async (json) => {
        const t0 = performance.now();
        window.postMessage({ type: 'report', reportJson: json, title: 'bench' }, '*');
        await new Promise((res) => {
          const check = () => (document.querySelector('.vrow.finding') ? requestAnimationFrame(() => setTimeout(res, 0)) : requestAnimationFrame(check));
          check();
        });
        return performance.now() - t0;
      }, JSON.stringify(report)),
    );
    const r = await page.evaluate(async (t) => {
      const field = document.querySelector('#search');
      const status = document.querySelector('#status');
      const before = status.getAttribute('data-matched');
      const t0 = performance.now();
      field.value = t;
      field.dispatchEvent(new Event('input'));
      await new Promise((res) => {
        const check = () => (status.getAttribute('data-matched') !== before ? requestAnimationFrame(() => setTimeout(res, 0)) : requestAnimationFrame(check));
        check();
      });
      return { ms: performance.now() - t0, matched: Number(status.getAttribute('data-matched')) };
    }, term);
    filter.push(r.ms);
    matched = r.matched;
    await page.close();
  }
} finally {
  await browser.close();
  await server.stop();
}

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const fmt = (a) => `${median(a).toFixed(0)} ms | ${Math.min(...a).toFixed(0)} ms | ${Math.max(...a).toFixed(0)} ms`;
console.log(`### Scan report webview (${N.toLocaleString('en')} findings, headless Chromium, median of ${RUNS})\n`);
console.log('| measure | median | min | max |');
console.log('| --- | --- | --- | --- |');
console.log(`| page load → ready (HTML, CSP, bundle) | ${fmt(loaded)} |`);
console.log(`| report posted → first screen painted | ${fmt(firstScreen)} |`);
console.log(`| filter (search "${term}", ${matched} of ${N} match) → painted | ${fmt(filter)} |`);
console.log(`\n(${cpus().length} CPUs, 1-minute load average ${load.toFixed(1)} at start: numbers scale with machine load. The report message is ${(JSON.stringify(report).length / 1048576).toFixed(1)} MiB; it is posted as JSON text, as the panel does.)`);
