// A generated 10,000-finding report: the first screen shows, the DOM stays small (virtualized rows), and
// filtering and sorting work over all of it.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrivyReport, summarize, SEVERITIES } from '../../src/scan/index';
import { artifactsDir, generateTrivyReport, openReportPage, usePageHarness } from '../support/report-page';

const matched = (want: number) => document.querySelector('#status')?.getAttribute('data-matched') === String(want);

describe('report page: 10,000 findings', () => {
  const h = usePageHarness();

  test('first screen, small DOM, filter and sort', async () => {
    const report = parseTrivyReport(generateTrivyReport(10_000));
    assert.equal(report.findings.length, 10_000);
    const s = summarize(report);
    const { page, log } = await openReportPage(h.browser, h.server, report);
    try {
      assert.equal(await page.getAttribute('#status', 'data-total'), '10000');
      for (const sev of SEVERITIES) assert.equal(await page.locator(`#summary .bar[data-severity="${sev}"] .count`).textContent(), String(s.bySeverity[sev]));
      await page.locator('.vrow.finding').first().waitFor({ state: 'visible' });
      const rows = await page.locator('.viewport .vrow').count();
      assert.ok(rows > 5 && rows < 100, `virtualized: ${rows} row elements for 10,000 findings`);

      // Free text: one package (ids are unique per finding; package names repeat).
      const pkg = report.findings[123].package!;
      const expected = report.findings.filter((f) => [f.id, f.package, f.title, f.target, f.installed, f.fixed, f.description].some((t) => t?.toLowerCase().includes(pkg))).length;
      await page.locator('#search input').fill(pkg);
      await page.waitForFunction(matched, expected);
      assert.ok(expected > 0 && expected < 10_000);
      assert.ok((await page.locator('.viewport .vrow').count()) <= Math.min(expected, 100));

      // Fixable only + HIGH only.
      await page.locator('#search input').fill('');
      await page.waitForFunction(matched, 10_000);
      await page.locator('#summary .bar[data-severity="HIGH"]').click();
      await page.locator('[data-testid="fixable-only"]').click();
      const highFixable = report.findings.filter((f) => f.severity === 'HIGH' && f.fixed).length;
      await page.waitForFunction(matched, highFixable);

      // Sort by CVSS: the first row has the highest score among the matches.
      await page.locator('button.th[data-sort="cvss"]').click();
      const top = Math.max(...report.findings.filter((f) => f.severity === 'HIGH' && f.fixed).map((f) => f.cvss!.score!));
      await page.waitForFunction((t) => document.querySelector('.vrow.finding .num')?.textContent === t, top.toFixed(1));

      // Scrolling to the end draws the last rows, still with a small DOM.
      await page.locator('.viewport').evaluate((v) => (v.scrollTop = v.scrollHeight));
      await page.waitForFunction((n) => [...document.querySelectorAll('.viewport .vrow')].some((r) => r.getAttribute('data-index') === String(n - 1)), highFixable);
      assert.ok((await page.locator('.viewport .vrow').count()) < 100);
      // Grouped by package: one header per package among the matches, collapsed groups hide rows.
      await page.locator('[data-testid="clear-filters"]').click();
      await page.waitForFunction(matched, 10_000);
      await page.evaluate(() => {
        const s = document.querySelector('#group') as HTMLElement & { value: string };
        s.value = 'package';
        s.dispatchEvent(new Event('change'));
      });
      await page.waitForSelector('.vrow.group');
      assert.ok((await page.locator('.viewport .vrow').count()) < 100);
      mkdirSync(artifactsDir(), { recursive: true });
      await page.screenshot({ path: join(artifactsDir(), 'report-10k-grouped.png') });
      assert.deepEqual(log.pageErrors, []);
      assert.deepEqual(log.consoleErrors, []);
    } finally {
      await page.close();
    }
  });
});
