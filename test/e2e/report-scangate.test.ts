// The report page in a real browser for what the scan gate adds: a Harbor report names the scanner Harbor ran
// (here Clair, from the report's `scanner`) and its version; a finding Harbor's CVE allowlist covers is listed,
// set back, with "ignored: <rule>" and the rule in the detail pane, and left out of the counts; a Grype SARIF
// golden opens with Grype named. Screenshots go to .test-artifacts/ (copies in docs/screenshots/).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyIgnores, harborAllowlistRules, parseHarborReport, parseReportFile } from '../../src/scan/index';
import { artifactsDir, openReportPage, usePageHarness } from '../support/report-page';

const fixtures = join(__dirname, '../fixtures');
const shots = join(__dirname, '../../docs/screenshots');

describe('report page: scanners and ignored findings', () => {
  const h = usePageHarness();

  test('a Harbor report by Clair with an allowlisted finding', async () => {
    const example = JSON.parse(readFileSync(join(fixtures, 'harbor/example-vulnerability-report.json'), 'utf8')) as Record<string, unknown>;
    const clair = parseHarborReport({ ...example, scanner: { name: 'Clair', vendor: 'CoreOS', version: '4.3.6' } });
    const { report } = applyIgnores({ ...clair, artifact: { ...clair.artifact, name: 'harbor.example.com/library/app:v1' } },
      harborAllowlistRules({ items: [{ cve_id: 'CVE-2013-7445' }], expires_at: 32503680000 }, 'Harbor CVE allowlist of project library'));
    const { page, log } = await openReportPage(h.browser, h.server, report, { theme: 'dark', viewport: { width: 1200, height: 640 } });
    try {
      const meta = await page.locator('.meta .muted').textContent();
      assert.match(meta ?? '', /^Clair 4\.3\.6 \(Harbor\)/);
      assert.match(meta ?? '', /1 ignored/);
      assert.equal(await page.locator('.vrow.finding').count(), 3, 'the ignored finding is listed');
      const ignored = page.locator('.vrow.finding.ignored');
      assert.equal(await ignored.count(), 1);
      assert.match((await ignored.textContent()) ?? '', /CVE-2013-7445.*ignored: Harbor CVE allowlist of project library \(until 3000-01-01\)/);
      assert.equal(await page.locator('#status').getAttribute('data-total'), '3');
      await ignored.click();
      const detail = page.locator('[data-testid="detail"]');
      assert.match((await detail.textContent()) ?? '', /IgnoredHarbor CVE allowlist of project library \(until 3000-01-01\)/);
      mkdirSync(artifactsDir(), { recursive: true });
      const file = join(artifactsDir(), 'scangate-harbor-allowlist.png');
      await page.screenshot({ path: file });
      mkdirSync(shots, { recursive: true });
      copyFileSync(file, join(shots, 'scangate-harbor-allowlist.png'));
      assert.deepEqual([...log.pageErrors, ...log.consoleErrors], []);
    } finally {
      await page.close();
    }
  });

  test('a Grype SARIF golden: Grype named in the header, both findings with their packages', async () => {
    const report = parseReportFile(readFileSync(join(fixtures, 'scan/grype/TestSarifPresenter_image.golden'), 'utf8'));
    const { page, log } = await openReportPage(h.browser, h.server, report, { theme: 'light', viewport: { width: 1200, height: 520 } });
    try {
      assert.match((await page.locator('.meta .muted').textContent()) ?? '', /^grype 0\.0\.0-dev/);
      const rows = await page.locator('.vrow.finding').allTextContents();
      assert.equal(rows.length, 2);
      assert.match(rows[0]!, /CRITICAL.*CVE-1999-0002.*package-2/);
      assert.match(rows[1]!, /LOW.*CVE-1999-0001.*package-1/);
      const file = join(artifactsDir(), 'scangate-grype-sarif.png');
      await page.screenshot({ path: file });
      copyFileSync(file, join(shots, 'scangate-grype-sarif.png'));
      assert.deepEqual([...log.pageErrors, ...log.consoleErrors], []);
    } finally {
      await page.close();
    }
  });
});
