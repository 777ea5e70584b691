// The compare and SBOM pages in headless Chromium (the report page harness: real HTML, CSP, bundles), and the
// report page in Simplified Chinese: counts and rows equal the models, hostile text stays text, labels follow
// the table the host sends, screenshots into .test-artifacts/ and docs/screenshots/.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { parseTrivyReport, SEVERITIES, type Finding, type ScanReport } from '../../src/scan/index';
import { diffReports } from '../../src/scan/diff';
import { parseSbom } from '../../src/sbom/parseSbom';
import { compareMessage } from '../../src/webview/compareProtocol';
import { reportMessage } from '../../src/webview/protocol';
import { sbomMessage } from '../../src/webview/sbomProtocol';
import { artifactsDir, posted, usePageHarness } from '../support/report-page';
import { openPage, zhCnStrings } from '../support/scanviews-page';

const root = join(__dirname, '../..');
const fixtures = join(root, 'test/fixtures');
const trivy = (p: string): ScanReport => parseTrivyReport(JSON.parse(readFileSync(join(fixtures, p), 'utf8')));
const P = `<img src=x onerror="window.__pwned='img'"> <script>window.__pwned='s'</script> "><svg onload="window.__pwned=1"> &amp; \u001b[31mred\u001b[0m \u202etxt`;

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifactsDir(), { recursive: true });
  const file = join(artifactsDir(), name);
  await page.screenshot({ path: file });
  mkdirSync(join(root, 'docs/screenshots'), { recursive: true });
  copyFileSync(file, join(root, 'docs/screenshots', name));
}

/** Nothing ran, nothing was injected, the CSP was never tested, nothing was logged. */
async function assertInert(page: Page, log: { pageErrors: string[]; consoleErrors: string[]; dialogs: string[] }): Promise<void> {
  await page.waitForFunction(() => [...document.images].every((i) => i.complete));
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
  const probe = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned,
    violations: (window as unknown as { __violations: string[] }).__violations,
    injected: document.querySelectorAll('#app img, #app script, #app svg, #app iframe, #app [onerror], #app [onload]').length,
  }));
  assert.deepEqual(probe, { pwned: undefined, violations: [], injected: 0 });
  assert.deepEqual(log.dialogs, []);
  assert.deepEqual(log.pageErrors, []);
  assert.deepEqual(log.consoleErrors, []);
}

function hostile(key: number, o: Partial<Finding>): Finding {
  return { key, kind: 'vulnerability', id: `CVE-0000-${key} ${P}`, severity: 'HIGH', target: `t ${P}`, references: [], package: `pkg ${P}`, installed: `1 ${P}`, fixed: `2 ${P}`, title: `title ${P}`, ...o };
}

describe('compare page', () => {
  const h = usePageHarness();
  // Alpine 3.10 → 3.9 plus one finding only before (fixed), one only after (new) and one in both (unchanged), all hostile.
  const a310 = trivy('scandiff/alpine-310.json.golden');
  const a39 = trivy('trivy/alpine-39.json.golden');
  const before: ScanReport = { ...a310, artifact: { ...a310.artifact, name: `app:1.0 ${P}` }, findings: [...a310.findings, hostile(100, { severity: 'LOW' }), hostile(101, { severity: 'MEDIUM', id: 'CVE-SAME' })] };
  const after: ScanReport = { ...a39, findings: [...a39.findings, hostile(100, { id: `CVE-NEW ${P}` }), hostile(101, { severity: 'MEDIUM', id: 'CVE-SAME' })].map((f, i) => ({ ...f, key: i })) };
  const diff = diffReports(before, after);

  test('sections and severity summaries equal the comparison; hostile text is text', async () => {
    assert.deepEqual([diff.added.length, diff.fixed.length, diff.changed.length, diff.unchanged.length], [3, 1, 4, 1]);
    const { page, log } = await openPage(h.browser, h.server, 'compare', compareMessage(diff, 'Compare'), { viewport: { width: 1280, height: 900 } });
    try {
      for (const [kind, list] of [['new', diff.added], ['fixed', diff.fixed], ['changed', diff.changed.map((c) => c.after)], ['unchanged', diff.unchanged]] as const) {
        assert.equal(await page.getAttribute(`[data-testid="section-${kind}"]`, 'data-count'), String(list.length), kind);
        assert.deepEqual(await page.locator(`table[data-kind="${kind}"] td.id`).allTextContents(), list.map((f) => f.id), kind);
        assert.deepEqual(await page.locator(`table[data-kind="${kind}"] [data-severity]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-severity'))), list.map((f) => f.severity));
      }
      // Changed rows show the version before and after.
      const firstChanged = await page.locator('table[data-kind="changed"] tbody tr').first().locator('td').allTextContents();
      assert.deepEqual(firstChanged.slice(1, 5), [diff.changed[0].after.id, diff.changed[0].after.package, diff.changed[0].before.installed, diff.changed[0].after.installed]);
      for (const [side, s] of [['before', diff.before], ['after', diff.after]] as const) {
        for (const sev of SEVERITIES) assert.equal(await page.locator(`[data-testid="${side}"] .sev-count[data-severity="${sev}"] .count`).textContent(), String(s.bySeverity[sev]), `${side} ${sev}`);
        assert.equal(await page.locator(`[data-testid="${side}-total"]`).textContent(), `${s.total} findings in total`);
      }
      assert.equal(await page.locator('[data-testid="before"] .side-name').textContent(), `app:1.0 ${P}`);
      assert.equal(await page.locator('table[data-kind="new"] td.id', { hasText: 'CVE-NEW' }).textContent(), `CVE-NEW ${P}`);
      // The filter hides rows that do not match.
      await page.locator('#filter input').fill('musl-utils');
      await page.waitForFunction(() => [...document.querySelectorAll('.diff-row')].filter((r) => !(r as HTMLElement).hidden).length === 1);
      await page.locator('#filter input').fill('');
      await page.waitForFunction(() => [...document.querySelectorAll('.diff-row')].every((r) => !(r as HTMLElement).hidden));
      await assertInert(page, log);
      await screenshot(page, 'scanviews-compare.png');
    } finally {
      await page.close();
    }
  });

  test('in Chinese, with empty states', async () => {
    const same = diffReports(a39, a39);
    const { page, log } = await openPage(h.browser, h.server, 'compare', compareMessage(same, '比较', zhCnStrings()));
    try {
      assert.equal(await page.locator('.page-title').textContent(), '比较扫描结果');
      assert.equal(await page.getAttribute('[data-testid="section-new"]', 'heading'), '新增（0）');
      assert.equal(await page.getAttribute('[data-testid="section-unchanged"]', 'heading'), '未变化（6）');
      assert.equal(await page.locator('[data-testid="section-new"] .empty').textContent(), '没有新增的发现项。');
      assert.equal(await page.locator('[data-testid="before"] h2').textContent(), '之前');
      assert.equal(await page.locator('[data-testid="after"] .sev-count[data-severity="CRITICAL"] .chip').textContent(), '严重');
      await assertInert(page, log);
    } finally {
      await page.close();
    }
  });
});

describe('SBOM page', () => {
  const h = usePageHarness();
  const golden = JSON.parse(readFileSync(join(fixtures, 'sbom/fluentd-multiple-lockfiles.cdx.json.golden'), 'utf8')) as unknown;
  const sbom = parseSbom(golden);

  test("Trivy's CycloneDX of an image: every package, filter, exports", async () => {
    const { page, log } = await openPage(h.browser, h.server, 'sbom', sbomMessage(sbom, 'SBOM'), { viewport: { width: 1280, height: 900 } });
    try {
      assert.equal(await page.getAttribute('#status', 'data-total'), String(sbom.packages.length));
      const rows = await page.locator('.pkg-row').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
      assert.deepEqual(rows, sbom.packages.map((p) => [p.group ? `${p.group}/${p.name}` : p.name, p.version ?? '', p.licenses.join(', '), p.type ?? '', p.purl ?? '']));
      assert.equal(await page.locator('.page-title').textContent(), 'testdata/fixtures/images/fluentd-multiple-lockfiles.tar.gz');
      assert.match((await page.locator('[data-testid="facts"]').textContent()) ?? '', /^CycloneDX 1\.7 · Generated by trivy dev/);
      // Filter: every word must appear in the package's text.
      await page.locator('#filter input').fill('gem mit');
      const expected = sbom.packages.filter((p) => ['gem', 'mit'].every((w) => [p.name, p.version, ...p.licenses, p.type, p.purl].filter(Boolean).join('\n').toLowerCase().includes(w)));
      assert.ok(expected.length > 0 && expected.length < sbom.packages.length);
      await page.waitForFunction((n) => document.querySelector('#status')?.getAttribute('data-matched') === String(n), expected.length);
      assert.equal(await page.locator('#status').textContent(), `${expected.length} of ${sbom.packages.length} packages match`);
      await page.locator('vscode-button[data-export="csv"]').click();
      await page.locator('vscode-button[data-export="json"]').click();
      const exports = (await posted(page)).filter((m) => m.type === 'export') as { format: string; shown?: number[] }[];
      assert.deepEqual(exports, [{ type: 'export', format: 'csv', shown: expected.map((p) => p.key) }, { type: 'export', format: 'json' }]);
      await page.locator('#filter input').fill('no-such-package-anywhere');
      await page.waitForFunction(() => document.querySelector('#status')?.getAttribute('data-matched') === '0');
      assert.equal(await page.locator('[data-testid="empty"]').textContent(), 'No package matches the filter.');
      await page.locator('#filter input').fill('');
      await page.waitForFunction((n) => document.querySelector('#status')?.getAttribute('data-matched') === String(n), sbom.packages.length);
      await assertInert(page, log);
      await screenshot(page, 'scanviews-sbom.png');
    } finally {
      await page.close();
    }
  });

  test('hostile names, licenses and purls are text; labels in Chinese', async () => {
    const evil = parseSbom({
      bomFormat: 'CycloneDX', specVersion: '1.6', metadata: { component: { name: `img ${P}` }, tools: { components: [{ name: P }] } },
      components: [{ type: 'library', name: `n ${P}`, version: `v ${P}`, group: P, purl: `pkg:npm/${P}`, licenses: [{ expression: P }, { license: { name: `L ${P}` } }] }],
    });
    const { page, log } = await openPage(h.browser, h.server, 'sbom', sbomMessage(evil, 'SBOM', zhCnStrings()));
    try {
      assert.deepEqual(await page.locator('.pkg-row td').allTextContents(), [`${P}/n ${P}`, `v ${P}`, `${P}, L ${P}`, 'library', `pkg:npm/${P}`]);
      assert.equal(await page.locator('.page-title').textContent(), `img ${P}`);
      assert.equal(await page.locator('#status').textContent(), '1 个软件包');
      assert.equal(await page.locator('vscode-button[data-export="json"]').textContent(), '保存 SBOM（JSON）');
      assert.deepEqual(await page.locator('.pkg-table th').allTextContents(), ['名称', '版本', '许可证', '类型', 'PURL']);
      await assertInert(page, log);
    } finally {
      await page.close();
    }
  });
});

describe('report page in Simplified Chinese', () => {
  const h = usePageHarness();

  test('labels, empty states and the detail pane follow the zh-cn table', async () => {
    const report = trivy('trivy/alpine-39.json.golden');
    const { page, log } = await openPage(h.browser, h.server, 'report', reportMessage(report, '扫描', zhCnStrings()), { viewport: { width: 1280, height: 800 } });
    try {
      assert.equal(await page.locator('#status').textContent(), '6 个发现项');
      assert.equal(await page.locator('[data-testid="clear-filters"]').textContent(), '清除筛选');
      assert.deepEqual((await page.locator('.thead.row-grid .th').allTextContents()).slice(0, 3), ['严重性', 'ID', '软件包']);
      assert.equal(await page.locator('#summary .bar[data-severity="CRITICAL"] .label').textContent(), '严重');
      assert.equal(await page.locator('vscode-button[data-export="csv"]').textContent(), '导出 CSV');
      assert.equal(await page.locator('.detail.empty').textContent(), '选择一个发现项以查看详情。');
      await page.locator('.vrow.finding').first().click();
      const dts = await page.locator('.detail .facts dt').allTextContents();
      assert.ok(dts.includes('软件包') && dts.includes('目标'), dts.join(','));
      // The chips still say which severity they are (data-severity), whatever the language.
      assert.equal(await page.locator('.vrow.finding .chip').first().getAttribute('data-severity'), 'CRITICAL');
      await page.locator('#search input').fill('no-such-thing');
      await page.waitForFunction(() => document.querySelector('#status')?.getAttribute('data-matched') === '0');
      assert.equal(await page.locator('.viewport').getAttribute('data-empty-text'), '没有符合筛选条件的发现项。');
      assert.equal(await page.locator('#status').textContent(), '6 个发现项中有 0 个匹配');
      await page.locator('#search input').fill('');
      await page.waitForFunction(() => document.querySelector('#status')?.getAttribute('data-matched') === '6');
      await assertInert(page, log);
      await screenshot(page, 'scanviews-report-zh.png');
    } finally {
      await page.close();
    }
  });
});
