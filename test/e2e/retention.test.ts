// Clean Up Repository… end to end, as a user drives it: VS Code's workbench (code-server) in headless
// Chromium, the packaged extension, a real CNCF registry seeded with dates over months, shared digests,
// multi-arch indexes with tagged children and a cosign signature tag. From the repository's context menu:
// the rules through the real quick inputs, the preview webview (what goes, what stays and why), Apply in the
// page, the modal naming the count, and the report; then the registry itself has exactly the expected tags.
// Screenshots go to $REGX_ARTIFACTS, and the preview's to docs/screenshots/retention-preview.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startRegistry, type TestRegistry } from '../support/registry';
import { listTags, seedRetention } from '../support/seed';
import type { CodeServer } from '../support/codeserver';
import { openExtensionWorkbench, type ExtensionWorkbench } from '../support/extensionWorkbench';
import { answerDialog, answerInput, contextMenu, expandRow, openContainer, pickItem, screenshot, treeRow, type Workbench } from '../support/workbench';

const root = join(__dirname, '..', '..');
const NAME = 'Retention registry';
const REPO = 'ret/app';

describe('Clean Up Repository in the browser (code-server + Chromium)', () => {
  let reg: TestRegistry;
  let server: CodeServer;
  let wb: Workbench;
  let ew: ExtensionWorkbench | undefined;
  let d: Record<string, string>;

  before(async () => {
    const b = spawnSync(process.execPath, [join(root, 'esbuild.mjs'), '--no-snapshot'], { cwd: root, stdio: 'inherit' });
    assert.equal(b.status, 0, 'esbuild.mjs failed');
    reg = await startRegistry('plain');
    d = await seedRetention(reg, REPO);
    ew = await openExtensionWorkbench('regx-e2e-retention-', { viewport: { width: 1400, height: 900 } });
    ({ server, wb } = ew);
  });

  after(async () => {
    await ew?.close('e2e-retention-final');
    await reg?.stop();
  });

  test('rules → preview (what goes, what stays, why) → Apply → modal naming the count → report; the registry keeps exactly the kept tags', async () => {
    const page = wb.page;
    await openContainer(page);
    await page.locator('.part.sidebar .welcome-view-content .monaco-button', { hasText: 'Add Registry' }).first().click({ timeout: 60_000 });
    await answerInput(page, reg.registry, { expect: '(1/4)' });
    await pickItem(page, 'Anonymous', { expect: '(2/4)', timeoutMs: 30_000 });
    await answerInput(page, NAME, { expect: '(4/4)', timeoutMs: 30_000 });
    await expandRow(treeRow(page, NAME));
    const repo = treeRow(page, REPO);
    await repo.waitFor({ state: 'visible', timeout: 30_000 });

    await contextMenu(page, repo, 'Clean Up Repository…');
    await answerInput(page, '2', { expect: 'keep the last N', timeoutMs: 30_000 });
    await answerInput(page, '', { expect: 'newer than D days' });
    await answerInput(page, 'semver, latest, production', { expect: 'protected tags' });
    await pickItem(page, 'Preview', { expect: 'keep the last 2' });

    // The preview: a webview (VS Code nests the page in an inner frame).
    const frame = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
    const summary = frame.locator('#summary');
    await summary.waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await summary.innerText(), /^7 of 14 tags \(6 images\) go; 7 tags stay/);
    const why = async (tag: string) => (await frame.locator(`tr[data-tag="${tag}"]`).innerText()).replace(/\s+/g, ' ');
    assert.match(await why('v1.0.0'), /Keep .*protected: v1\.0\.0 matches semver/);
    assert.match(await why('production-amd64'), /Keep .*part of the kept index production/);
    assert.match(await why('candidate'), /Delete .*same digest as build-3/);
    assert.match(await why(`${d['build-5']!.replace(':', '-')}.sig`), /Keep .*attached to the kept image/);
    const shot = await screenshot(page, 'retention-preview');
    mkdirSync(join(root, 'docs', 'screenshots'), { recursive: true });
    copyFileSync(shot, join(root, 'docs', 'screenshots', 'retention-preview.png'));
    assert.equal((await listTags(reg, REPO)).length, 14, 'nothing is deleted before the confirmation');

    await frame.locator('#apply').click();
    const text = await answerDialog(page, 'Delete 7 Tags', { timeoutMs: 30_000, screenshot: 'retention-confirm' });
    assert.match(text, /Delete 7 tags \(6 images\) from ret\/app\?/);
    const report = frame.locator('#report');
    await report.waitFor({ state: 'visible', timeout: 120_000 });
    const reportText = await report.innerText();
    assert.match(reportText, /Deleted 6 images \(7 tags\); kept 6 images; 0 failed\./);
    assert.match(reportText, /registry garbage-collect/);
    await screenshot(page, 'retention-report');
    assert.deepEqual((await listTags(reg, REPO)).sort(),
      ['build-4', 'build-5', 'latest', 'production', 'production-amd64', `${d['build-5']!.replace(':', '-')}.sig`, 'v1.0.0'].sort());
  });
});
