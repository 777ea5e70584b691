// The report page in headless Chromium: every shared golden report and the Harbor example render with row
// and severity counts equal to the parsed model; links and exports go through the host; screenshots.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHarborReport, parseTrivyReport, summarize, SEVERITIES, type ScanReport } from '../../src/scan/index';
import { artifactsDir, openReportPage, posted, postReport, usePageHarness } from '../support/report-page';

const shared = join(__dirname, '../fixtures');
const inputs: [string, ScanReport][] = [
  ...readdirSync(join(shared, 'trivy'))
    .filter((n) => n.endsWith('.json.golden'))
    .map((n) => [n, parseTrivyReport(JSON.parse(readFileSync(join(shared, 'trivy', n), 'utf8')))] as [string, ScanReport]),
  ['fixtures/scan/mixed-kinds.json', parseTrivyReport(JSON.parse(readFileSync(join(__dirname, '../fixtures/scan/mixed-kinds.json'), 'utf8')))],
  ['harbor example-vulnerability-report.json', parseHarborReport(JSON.parse(readFileSync(join(shared, 'harbor/example-vulnerability-report.json'), 'utf8')))],
];

describe('report page: shared reports', () => {
  const h = usePageHarness();

  for (const [name, report] of inputs) {
    test(`${name}: rows and severity counts equal the model`, async () => {
      const { page, log } = await openReportPage(h.browser, h.server, report);
      try {
        const s = summarize(report);
        assert.equal(await page.getAttribute('#status', 'data-total'), String(report.findings.length));
        assert.equal(await page.getAttribute('#status', 'data-matched'), String(report.findings.length));
        assert.equal(await page.locator('.vrow.finding').count(), report.findings.length);
        for (const sev of SEVERITIES) {
          assert.equal(await page.locator(`#summary .bar[data-severity="${sev}"] .count`).textContent(), String(s.bySeverity[sev]), sev);
        }
        assert.equal(await page.locator('[data-testid="total"]').textContent(), String(s.total));
        assert.equal(await page.locator('[data-testid="fixable"]').textContent(), String(s.fixable));
        // Rows are in severity order by default.
        const shown = await page.locator('.vrow.finding .chip').allTextContents();
        assert.deepEqual(shown, [...report.findings].map((f) => f.severity).sort((a, b) => SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b)));
        // The detail pane shows the clicked finding.
        await page.locator('.vrow.finding').first().click();
        const key = Number(await page.locator('.vrow.finding.selected').getAttribute('data-key'));
        assert.equal(await page.locator('.detail .fid').textContent(), report.findings[key].id);
        assert.deepEqual(log.pageErrors, []);
        assert.deepEqual(log.consoleErrors, []);
        assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), []);
      } finally {
        await page.close();
      }
    });
  }

  test('links and exports are posted to the host', async () => {
    const report = inputs.find(([n]) => n.startsWith('alpine'))![1];
    const { page } = await openReportPage(h.browser, h.server, report);
    try {
      await page.locator('.vrow.finding').first().click();
      const link = page.locator('.detail .refs a').first();
      const href = await link.getAttribute('href');
      await link.click();
      for (const format of ['json', 'csv', 'sarif']) await page.locator(`vscode-button[data-export="${format}"]`).click();
      const msgs = await posted(page);
      assert.deepEqual(msgs.filter((m) => m.type === 'openLink'), [{ type: 'openLink', url: href }]);
      assert.deepEqual(msgs.filter((m) => m.type === 'export').map((m) => m.format), ['json', 'csv', 'sarif']);
      assert.equal(page.url().startsWith('http://127.0.0.1'), true, 'the page did not navigate');
      // Arrow keys move the selection and the detail pane follows.
      await page.locator('.vrow.finding').first().click();
      await page.keyboard.press('ArrowDown');
      const second = await page.locator('.vrow.finding').nth(1).getAttribute('data-key');
      await page.waitForFunction((k) => document.querySelector('.vrow.finding.selected')?.getAttribute('data-key') === k, second);
      assert.equal(await page.locator('.detail').getAttribute('data-key'), second);
    } finally {
      await page.close();
    }
  });

  test('filters, sort and grouping on the alpine report', async () => {
    const report = inputs.find(([n]) => n.startsWith('alpine'))![1];
    const { page } = await openReportPage(h.browser, h.server, report);
    try {
      // Clicking the CRITICAL bar shows only CRITICAL findings.
      await page.locator('#summary .bar[data-severity="CRITICAL"]').click();
      const critical = report.findings.filter((f) => f.severity === 'CRITICAL').length;
      await page.waitForFunction((n) => document.querySelector('#status')?.getAttribute('data-matched') === String(n), critical);
      assert.equal(await page.locator('.vrow.finding').count(), critical);
      await page.locator('[data-testid="clear-filters"]').click();
      await page.waitForFunction((n) => document.querySelector('#status')?.getAttribute('data-matched') === String(n), report.findings.length);
      // Package filter.
      await page.locator('#package input').fill('libssl');
      const libssl = report.findings.filter((f) => f.package?.includes('libssl')).length;
      await page.waitForFunction((n) => document.querySelector('#status')?.getAttribute('data-matched') === String(n), libssl);
      assert.ok(libssl > 0 && libssl < report.findings.length);
      // Export under a filter names exactly the findings shown (the host writes those, or all if asked).
      await page.locator('vscode-button[data-export="csv"]').click();
      const exp = (await posted(page)).filter((m) => m.type === 'export').at(-1) as { shown?: number[] } | undefined;
      assert.deepEqual([...(exp?.shown ?? [])].sort((a, b) => a - b),
        report.findings.filter((f) => f.package?.includes('libssl')).map((f) => f.key).sort((a, b) => a - b));
      await page.locator('#package input').fill('');
      // Group by package: one header per package.
      await page.evaluate(() => {
        const s = document.querySelector('#group') as HTMLElement & { value: string };
        s.value = 'package';
        s.dispatchEvent(new Event('change'));
      });
      const pkgs = new Set(report.findings.map((f) => f.package)).size;
      await page.waitForFunction((n) => document.querySelectorAll('.vrow.group').length === n, pkgs);
      assert.equal(await page.locator('.vrow.finding').count(), report.findings.length);
      // Collapsing a group hides its rows.
      await page.locator('.vrow.group').first().click();
      await page.waitForFunction((n) => document.querySelectorAll('.vrow.finding').length < n, report.findings.length);
    } finally {
      await page.close();
    }
  });

  test('filters and selection survive a reload (setState)', async () => {
    const report = inputs.find(([n]) => n.startsWith('alpine'))![1];
    const { page } = await openReportPage(h.browser, h.server, report);
    try {
      await page.locator('#search input').fill('openssl');
      const expected = report.findings.filter((f) => `${f.id} ${f.package} ${f.title} ${f.description}`.toLowerCase().includes('openssl')).length;
      await page.waitForFunction((n) => document.querySelector('#status')?.getAttribute('data-matched') === String(n), expected);
      await page.locator('.vrow.finding').nth(1).click();
      const key = await page.locator('.vrow.finding.selected').getAttribute('data-key');
      await page.waitForFunction((k) => (window as unknown as { __state?: { text: string; selected?: number } }).__state?.selected === Number(k), key);
      await page.reload();
      await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
      await postReport(page, report, 'again');
      assert.equal(await page.getAttribute('#status', 'data-matched'), String(expected));
      assert.equal(await page.locator('#search').evaluate((t) => (t as HTMLElement & { value: string }).value), 'openssl');
      assert.equal(await page.locator('.vrow.finding.selected').getAttribute('data-key'), key);
      assert.equal(await page.locator('.detail').getAttribute('data-key'), key);
    } finally {
      await page.close();
    }
  });

  test('misconfiguration and secret details show their cause lines', async () => {
    const report = inputs.find(([n]) => n.includes('mixed-kinds'))![1];
    const { page } = await openReportPage(h.browser, h.server, report, { theme: 'light' });
    try {
      for (const kind of ['misconfiguration', 'secret'] as const) {
        const f = report.findings.find((x) => x.kind === kind && x.causeLines?.length)!;
        await page.locator(`.vrow.finding[data-key="${f.key}"]`).click();
        const lines = await page.locator('.detail .cause .line').allTextContents();
        assert.deepEqual(lines, f.causeLines!.map((l) => `${l.number}${l.content}`));
        assert.equal(await page.locator('.detail .cause .line.is-cause').count(), f.causeLines!.filter((l) => l.isCause).length);
        await page.screenshot({ path: join(artifactsDir(), `report-${kind}-detail.png`) });
      }
    } finally {
      await page.close();
    }
  });

  test('screenshots in light, dark and high contrast', async () => {
    const dir = artifactsDir();
    mkdirSync(dir, { recursive: true });
    const report = inputs.find(([n]) => n.startsWith('alpine'))![1];
    for (const theme of ['light', 'dark', 'high-contrast'] as const) {
      const { page } = await openReportPage(h.browser, h.server, report, { theme });
      try {
        await page.locator('.vrow.finding').first().click();
        const file = join(dir, `report-${theme}.png`);
        await page.screenshot({ path: file });
        const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        assert.equal(bg, { light: 'rgb(255, 255, 255)', dark: 'rgb(31, 31, 31)', 'high-contrast': 'rgb(0, 0, 0)' }[theme]);
      } finally {
        await page.close();
      }
    }
  });
});
