// The audit log page in Chromium: the real page (renderAuditHtml with its CSP, dist/webview/audit.js), its words
// from auditStrings (English and the zh-cn bundle), and rows from the real backend facet (HarborAuditLog) over the
// Harbor test server, whose audit log holds hostile user names and resources (HTML payloads, ANSI escapes, bidi
// overrides). The test plays the host: it answers the page's 'ready' and 'query' messages as AuditPanel does.
// Proves: every payload renders as text (no element, no script, no dialog, no CSP violation), filters and paging
// go to the server, and the screenshot docs/screenshots/h-policy-audit.png.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { renderAuditHtml } from '../../src/webview/auditHtml';
import { auditStrings } from '../../src/webview/auditStrings';
import { EMPTY_FILTER, isAuditPageMessage, type AuditHostMessage } from '../../src/webview/auditProtocol';
import { HarborAuditLog } from '../../src/backends/harborAuditLog';
import { HarborClient } from '../../src/registry/harbor';
import { RegistryClient } from '../../src/registry/client';
import { StaticCredentials } from '../../src/registry/credentials';
import { artifactsDir, launchBrowser, prelude, THEMES, type Browser } from '../support/report-page';
import { listenLoopback } from '../support/listen';
import { startHarbor, type HarborServer } from '../support/harbor-server';

const root = join(__dirname, '../..');
const ESC = '\u001b';
const HOSTILE_USER = `<img src=x onerror="window.__pwned='img'">${ESC}[31mmallory${ESC}[0m`;
const HOSTILE_RESOURCE = `dev/app:<script>window.__pwned='script'</script>\u202Egnp.exe`;
const OPERATIONS = ['create', 'delete', 'pull', 'update'];
const TYPES = ['artifact', 'tag', 'repository', 'project', 'robot', 'member'];

const rows = [
  { username: 'alice', operation: 'create', resource: 'dev/app:1.0.0', resource_type: 'artifact', op_time: '2026-03-01T09:00:00Z' },
  { username: 'bob', operation: 'pull', resource: 'dev/app:1.0.0', resource_type: 'artifact', op_time: '2026-03-01T10:00:00Z' },
  { username: HOSTILE_USER, operation: 'delete', resource: HOSTILE_RESOURCE, resource_type: 'tag', op_time: '2026-03-02T11:30:00Z' },
  ...Array.from({ length: 27 }, (_, i) => ({ username: `ci-bot-${i % 3}`, operation: i % 2 ? 'pull' : 'create', resource: `dev/svc:${i}`, resource_type: 'artifact', op_time: `2026-02-${String(1 + i).padStart(2, '0')}T08:00:00Z` })),
];

async function startPage(): Promise<{ url: string; server: Server }> {
  const script = join(root, 'dist/webview/audit.js');
  if (!existsSync(script)) throw new Error(`${script} is missing: run "node esbuild.mjs" first.`);
  const files: Record<string, [string, string]> = {
    '/dist/webview/audit.js': [script, 'text/javascript'], '/media/report.css': [join(root, 'media/report.css'), 'text/css'], '/media/audit.css': [join(root, 'media/audit.css'), 'text/css'],
  };
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = `http://${req.headers.host}`;
    if (u.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(renderAuditHtml({ cspSource: origin, nonce: randomBytes(18).toString('base64'), scriptUri: `${origin}/dist/webview/audit.js`,
        styleUris: [`${origin}/media/report.css`, `${origin}/media/audit.css`], lang: u.searchParams.get('lang') ?? 'en', preludeScript: prelude(THEMES.dark) }));
      return;
    }
    if (u.pathname === '/favicon.ico') { res.writeHead(204).end(); return; } // the browser asks on its own
    const f = files[u.pathname];
    if (!f) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': f[1], 'cache-control': 'no-store' });
    res.end(readFileSync(f[0]));
  });
  return { url: `http://127.0.0.1:${await listenLoopback(server)}/`, server };
}

describe('audit log page', () => {
  let harbor: HarborServer;
  let client: RegistryClient;
  let audit: HarborAuditLog;
  let browser: Browser;
  let site: { url: string; server: Server };

  before(async () => {
    harbor = await startHarbor({ projects: ['dev'], audit: { dev: rows } });
    client = new RegistryClient({ registry: harbor.registry, credentials: new StaticCredentials({ [harbor.registry]: { username: harbor.username, password: harbor.password } }) });
    audit = new HarborAuditLog(new HarborClient(client));
    site = await startPage();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await new Promise<void>((r) => site?.server.close(() => r()));
    await client?.close();
    await harbor?.stop();
  });

  /** Opens the page and plays AuditPanel: answers each message the page posts, as the host does. */
  async function open(t: (s: string) => string, lang: string): Promise<{ page: Page; log: string[]; answered: () => number }> {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1100, height: 620 });
    const log: string[] = [];
    page.on('pageerror', (e) => log.push(`pageerror ${String(e)}`));
    page.on('console', (m) => { if (m.type() === 'error') log.push(`console ${m.text()}`); });
    page.on('dialog', (d) => { log.push(`dialog ${d.message()}`); void d.dismiss(); });
    let handled = 0;
    let answered = 0;
    const send = (m: AuditHostMessage): Promise<void> => page.evaluate((msg) => window.postMessage(msg, '*'), m);
    const pump = async (): Promise<void> => {
      const posted = await page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
      for (; handled < posted.length; handled++) {
        const m = posted[handled];
        assert.ok(isAuditPageMessage(m), `the page sent a malformed message: ${JSON.stringify(m)}`);
        if (m.type === 'ready') {
          await send({ type: 'init', project: 'dev', registry: 'harbor.example', strings: auditStrings(t), operations: OPERATIONS, resourceTypes: TYPES });
        }
        const q = m.type === 'query' ? m : { page: 1, filter: EMPTY_FILTER };
        {
          const f = q.filter;
          const r = await audit.auditLog('dev', { page: q.page, pageSize: 10, operation: f.operation || undefined, resourceType: f.resourceType || undefined, user: f.user || undefined, resource: f.resource || undefined, from: f.from || undefined, to: f.to || undefined });
          await send({ type: 'page', rows: r.items, page: q.page, pageSize: 10, total: r.total, hasNext: r.next !== undefined, filter: f });
          answered++;
        }
      }
    };
    let busy = false; // one pump at a time: each posted message is answered once, in order
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      void pump().catch(() => undefined).finally(() => { busy = false; });
    }, 30);
    page.once('close', () => clearInterval(timer));
    await page.goto(`${site.url}?lang=${lang}`);
    return { page, log, answered: () => answered };
  }

  test('hostile user names and resources render as text; nothing runs; paging and filters go to the server', async () => {
    const { page, log } = await open((s) => s, 'en');
    await page.waitForSelector('#rows tr[data-id]');
    assert.equal(await page.locator('#rows tr[data-id]').count(), 10);
    assert.equal(await page.locator('#status').textContent(), '1–10 of 30');
    // Newest first: the hostile row (2026-03-02) is the first.
    const first = page.locator('#rows tr[data-id]').first();
    const cells = await first.locator('td').allTextContents();
    assert.equal(cells[0], '2026-03-02 11:30:00');
    assert.equal(cells[1], `<img src=x onerror="window.__pwned='img'">\\u001b[31mmallory\\u001b[0m`, 'the ANSI escape is visible as \\u001b, the tag is text');
    assert.equal(cells[2], 'delete');
    assert.equal(cells[4], `dev/app:<script>window.__pwned='script'</script>\\u202egnp.exe`, 'the bidi override is shown, not applied');
    assert.equal(await page.locator('#rows img, #rows script, #app img').count(), 0, 'no element was made from row text');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined);
    await page.screenshot({ path: join(artifactsDir(), 'h-policy-audit.png') });

    // Paging: Next asks the server for page 2.
    harbor.clearRequests();
    await page.click('#next');
    await page.waitForFunction(() => document.getElementById('status')?.textContent === '11–20 of 30');
    const q = harbor.requests().filter((r) => r.path === '/api/v2.0/projects/dev/logs');
    assert.equal(new URLSearchParams(q[q.length - 1].query).get('page'), '2');
    // Filters: user "mallory" and operation "delete" as q terms; one row.
    await page.fill('#user input', 'mallory').catch(async () => {
      await page.evaluate(() => { const t = document.getElementById('user') as HTMLElement & { value: string }; t.value = 'mallory'; t.dispatchEvent(new Event('input')); });
    });
    await page.evaluate(() => { const s = document.getElementById('operation') as HTMLElement & { value: string }; s.value = 'delete'; s.dispatchEvent(new Event('change')); });
    await page.waitForFunction(() => document.getElementById('status')?.textContent === '1–1 of 1', undefined, { timeout: 5000 }).catch(async (e: unknown) => {
      throw new Error(`${String(e)}; status ${await page.locator('#status').textContent()}; q ${harbor.requests().filter((r) => r.path.endsWith('/logs')).map((r) => r.query).join(' | ')}`);
    });
    const last = harbor.requests().filter((r) => r.path === '/api/v2.0/projects/dev/logs').pop()!;
    assert.equal(new URLSearchParams(last.query).get('q'), 'username=~mallory,operation=delete');
    await page.click('#clear');
    await page.waitForFunction(() => document.getElementById('status')?.textContent === '1–10 of 30');
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), [], 'no CSP violation');
    assert.deepEqual(log, []);
    mkdirSync(join(root, 'docs', 'screenshots'), { recursive: true });
    copyFileSync(join(artifactsDir(), 'h-policy-audit.png'), join(root, 'docs', 'screenshots', 'h-policy-audit.png'));
    await page.close();
  });

  test('zh-cn: the words come from the bundle', async () => {
    const zh = JSON.parse(readFileSync(join(root, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    const { page, log } = await open((s) => zh[s] ?? `UNTRANSLATED ${s}`, 'zh-CN');
    await page.waitForSelector('#rows tr[data-id]');
    assert.deepEqual(await page.locator('thead th').allTextContents(), ['时间', '用户', '操作', '资源类型', '资源']);
    assert.equal(await page.locator('#status').textContent(), '第 1–10 条，共 30 条');
    assert.doesNotMatch(await page.locator('#app').innerText(), /UNTRANSLATED/);
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    await page.screenshot({ path: join(artifactsDir(), 'h-policy-audit-zh.png') });
    assert.deepEqual(log, []);
    await page.close();
  });
});
