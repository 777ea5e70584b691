// A report whose every string carries script and HTML payloads renders them as inert text: no script runs,
// no element is created from report text, no dialog opens, and the CSP is never even tested.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { parseTrivyReport } from '../../src/scan/index';
import { artifactsDir, openReportPage, posted, usePageHarness } from '../support/report-page';

const P = [
  `<img src=x onerror="window.__pwned='img';alert(1)">`,
  `<script>window.__pwned='script';alert(2)</script>`,
  `"><svg onload="window.__pwned='svg'">`,
  `<iframe src="javascript:parent.__pwned='iframe'"></iframe>`,
  `{{constructor.constructor('window.__pwned=1')()}}`,
  `</span></div><b style="color:red" onclick="window.__pwned='b'">bold</b>`,
].join(' ');
const JS_LINK = `javascript:window.__pwned='link';alert(3)`;

function hostileTrivy(): unknown {
  const lines = [{ Number: 1, Content: P, IsCause: true }];
  return {
    SchemaVersion: 2,
    ArtifactName: `evil ${P}`,
    ArtifactType: 'container_image',
    CreatedAt: P,
    Trivy: { Version: P },
    Metadata: { OS: { Family: P, Name: P } },
    Results: [
      {
        Target: `t ${P}`,
        Class: 'os-pkgs',
        Vulnerabilities: [
          {
            VulnerabilityID: `CVE ${P}`, PkgName: `pkg ${P}`, InstalledVersion: P, FixedVersion: P, Status: P, Severity: 'CRITICAL',
            Title: `title ${P}`, Description: `desc ${P}`, PrimaryURL: JS_LINK, References: [JS_LINK, `data:text/html,${P}`, `vbscript:${P}`, 'https://example.com/?q="><script>window.__pwned=1</script>'],
            CweIDs: [P], PublishedDate: P, Layer: { Digest: P }, PkgPath: P,
            CVSS: { [P]: { V3Score: 9.9, V3Vector: P } },
          },
        ],
        Misconfigurations: [{ ID: `M ${P}`, Title: P, Description: P, Message: P, Resolution: P, Severity: 'HIGH', Status: P, Type: P, References: [JS_LINK], CauseMetadata: { Resource: P, StartLine: 1, EndLine: 1, Code: { Lines: lines } } }],
        Secrets: [{ RuleID: `S ${P}`, Category: P, Severity: 'MEDIUM', Title: P, StartLine: 1, EndLine: 1, Match: P, Code: { Lines: lines } }],
        Licenses: [{ Severity: 'LOW', Category: P, PkgName: P, FilePath: P, Name: `L ${P}`, Confidence: 1, Link: JS_LINK }],
      },
    ],
  };
}

describe('report page: hostile report', () => {
  const h = usePageHarness();

  test('every payload shows as literal text and nothing runs', async () => {
    const report = parseTrivyReport(hostileTrivy());
    assert.equal(report.findings.length, 4);
    const { page, log } = await openReportPage(h.browser, h.server, report, { theme: 'dark' });
    try {
      assert.equal(await page.locator('.vrow.finding').count(), 4);
      assert.equal(await page.locator('.meta h1').textContent(), `evil ${P}`);
      // Open every finding's detail pane, and click every reference and link-like thing in it.
      for (let i = 0; i < 4; i++) {
        await page.locator('.vrow.finding').nth(i).click();
        const id = await page.locator('.detail .fid').textContent();
        assert.ok(report.findings.some((f) => f.id === id), `detail shows a finding id literally: ${id}`);
        for (const a of await page.locator('.detail .refs a, .detail .refs .unsafe-link').all()) await a.click();
      }
      await page.locator('.vrow.finding').first().click();
      const detail = (await page.locator('.detail').textContent()) ?? '';
      assert.ok(detail.includes(`desc ${P}`), 'the description shows the payload literally');
      assert.ok(detail.includes(`pkg ${P}`));
      // Typing a payload into the search box is just a search.
      await page.locator('#search input').fill('<img src=x onerror');
      await page.waitForFunction(() => document.querySelector('#status')?.getAttribute('data-matched') === '4');
      // Had anything been injected, its image would now be loading and its error handler or CSP violation
      // pending: wait until every image in the document has finished (error events dispatched), then for two
      // rendered frames, before which queued events run. Conditions of the page, not a length of time.
      await page.waitForFunction(() => [...document.images].every((i) => i.complete));
      await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));

      const probe = await page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: unknown }).__pwned,
        violations: (window as unknown as { __violations: string[] }).__violations,
        injected: document.querySelectorAll('#app img, #app script, #app svg, #app iframe, #app b, #app [onerror], #app [onload], #app [onclick]').length,
        anchors: [...document.querySelectorAll('#app a')].map((a) => a.getAttribute('href')),
      }));
      assert.equal(probe.pwned, undefined, 'no payload ran');
      assert.equal(probe.injected, 0, 'no element was created from report text');
      assert.deepEqual(probe.violations, [], 'nothing even tried to run (CSP never triggered)');
      assert.ok(probe.anchors.every((h) => h !== null && /^https?:/.test(h)), `only http(s) hrefs: ${probe.anchors.join(' ')}`);
      assert.deepEqual(log.dialogs, []);
      assert.deepEqual(log.pageErrors, []);
      assert.deepEqual(log.consoleErrors, []);
      // Only the http(s) reference reached the host; the javascript:/data:/vbscript: ones never did.
      const links = (await posted(page)).filter((m) => m.type === 'openLink').map((m) => m.url);
      assert.ok(links.length >= 1);
      assert.ok(links.every((u) => u!.startsWith('https://example.com/')), links.join(' '));
      assert.ok(page.url().startsWith(h.server.url), 'the page did not navigate');

      mkdirSync(artifactsDir(), { recursive: true });
      await page.screenshot({ path: join(artifactsDir(), 'report-hostile.png') });

      // Control: the probes do detect an injection attempt. Inject one by hand; CSP blocks it and reports it.
      await page.evaluate(() => {
        const d = document.createElement('div');
        d.innerHTML = `<img src="x" onerror="window.__pwned='control'">`;
        document.body.append(d);
      });
      await page.waitForFunction(() => (window as unknown as { __violations: string[] }).__violations.length > 0);
      assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined, 'CSP blocked the inline handler');
    } finally {
      await page.close();
    }
  });
});
