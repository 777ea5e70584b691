// Create a Harbor robot account through the real UI: VS Code's workbench (code-server) in headless Chromium, the
// packaged extension, the Harbor test server (its /v2/ a real distribution registry). Signed in as a project
// admin, the user opens "Create Robot Account…" from a private project's context menu, answers the quick inputs
// (name, permissions, expiry) and sees the secret once in a modal, where "Save as Registry Entry" stores it.
// Proves: the secret works against Harbor; it is shown once (no later view of the robot carries it); it is in no
// log (the extension's output channel files, code-server's output, the browser console) and not in settings.json;
// the new registry entry signs in with it (it lists the private project). Screenshots go to $REGX_ARTIFACTS and
// the modal's to docs/screenshots/h-projects-robot.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startHarbor, HARBOR_USERS, type HarborServer } from '../support/harbor-server';
import { pushImage } from '../support/seed';
import type { CodeServer } from '../support/codeserver';
import { openExtensionWorkbench, type ExtensionWorkbench } from '../support/extensionWorkbench';
import { waitFor } from '../support/wait';
import { answerInput, contextMenu, expandRow, openContainer, pickItem, screenshot, treeRow, type Workbench } from '../support/workbench';

const root = join(__dirname, '..', '..');
const REGISTRY_NAME = 'Harbor e2e';
const PROJECT = 'team';
const ROBOT = 'e2e-ci';

/** Every file under `dir` (logs), as [path, text]. */
function filesUnder(dir: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let names: string[] = [];
  try { names = readdirSync(dir); } catch { return out; }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push([p, readFileSync(p, 'utf8')]);
  }
  return out;
}

describe('Harbor robot account in the browser (code-server + Chromium)', () => {
  let h: HarborServer;
  let server: CodeServer;
  let wb: Workbench;
  let ew: ExtensionWorkbench | undefined;
  let secret = '';

  before(async () => {
    const b = spawnSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
    assert.equal(b.status, 0, 'esbuild.mjs failed');
    h = await startHarbor({ projects: [PROJECT] });
    await pushImage(h.backend, `${PROJECT}/app`, '1.0.0', { salt: 'robot-e2e' });
    ew = await openExtensionWorkbench('regx-e2e-robot-');
    ({ server, wb } = ew);
  });

  after(async () => {
    await ew?.close('e2e-robot-final');
    await h?.stop();
  });

  test('sign in to Harbor as a project admin; the private project shows the role', async () => {
    const page = wb.page;
    await openContainer(page);
    await page.locator('.part.sidebar .welcome-view-content .monaco-button', { hasText: 'Add Registry' }).first().click();
    await answerInput(page, h.registry, { expect: '(1/4)' });
    await pickItem(page, 'User name and password', { expect: '(2/4)', timeoutMs: 30_000 });
    await answerInput(page, 'padmin', { expect: 'User name' });
    await answerInput(page, HARBOR_USERS.padmin.password, { expect: 'Password' });
    await answerInput(page, REGISTRY_NAME, { expect: '(4/4)', timeoutMs: 30_000 });
    const reg = treeRow(page, REGISTRY_NAME);
    await reg.waitFor({ state: 'visible', timeout: 30_000 });
    await expandRow(reg);
    const project = treeRow(page, PROJECT);
    await project.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await project.innerText(), /private.*Project Admin/s);
  });

  test('Create Robot Account…: name, permissions, expiry; the secret is shown once and saved as a registry entry', async () => {
    const page = wb.page;
    await contextMenu(page, treeRow(page, PROJECT), 'Create Robot Account…');
    await answerInput(page, ROBOT, { expect: `New robot account in ${PROJECT}` });
    // Permissions: Pull is preselected; add Push, then accept the multi-select.
    const widget = page.locator('.quick-input-widget');
    await widget.filter({ hasText: `Permissions of ${ROBOT}` }).waitFor({ state: 'visible', timeout: 15_000 });
    // A click on a row of a multi-select pick toggles its checkbox.
    const push = widget.locator('.monaco-list-row', { hasText: 'repository:push' }).first();
    await push.click();
    await waitFor(async () => (await push.getAttribute('aria-checked')) === 'true' || (await push.locator('input[type=checkbox]:checked, .monaco-custom-toggle.checked').count()) > 0,
      { what: 'Push to be checked', timeout: 10_000 });
    await page.keyboard.press('Enter');
    await pickItem(page, '30 days', { expect: `Expiry of ${ROBOT}` });
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    const text = ((await dialog.innerText()) || '').trim();
    assert.match(text, /this secret is shown only now/);
    secret = /Secret: (\S+)/.exec(text)?.[1] ?? '';
    assert.match(secret, /^\S{16,}$/, `no secret in the dialog: ${text}`);
    const shot = await screenshot(page, 'e2e-robot-secret');
    mkdirSync(join(root, 'docs', 'screenshots'), { recursive: true });
    copyFileSync(shot, join(root, 'docs', 'screenshots', 'h-projects-robot.png'));
    await dialog.locator('.monaco-button', { hasText: 'Save as Registry Entry' }).first().click();
    await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
    // The secret works against Harbor as the robot (robot$team+e2e-ci), on the private project.
    const r = await fetch(`${h.url}/api/v2.0/projects/${PROJECT}/repositories`, { headers: { authorization: `Basic ${Buffer.from(`robot$${PROJECT}+${ROBOT}:${secret}`).toString('base64')}` } });
    assert.equal(r.status, 200, await r.text());
  });

  test('the secret is not shown again: the robot list and the page carry no secret', async () => {
    const page = wb.page;
    assert.ok(secret, 'the secret was not captured by the previous test');
    await waitFor(async () => !(await page.content()).includes(secret), { what: 'the secret to leave the page', timeout: 15_000 });
    await contextMenu(page, treeRow(page, PROJECT), 'Robot Accounts…');
    const widget = page.locator('.quick-input-widget');
    await widget.locator('.monaco-list-row', { hasText: `robot$${PROJECT}+${ROBOT}` }).first().waitFor({ state: 'visible', timeout: 30_000 });
    const listed = await widget.innerText();
    assert.match(listed, /expires in 30 days/);
    assert.match(listed, /Pull, Push/);
    assert.ok(!(await page.content()).includes(secret), 'the robot list shows no secret');
    copyFileSync(await screenshot(page, 'e2e-robot-list'), join(root, 'docs', 'screenshots', 'h-projects-robots.png'));
    await page.keyboard.press('Escape');
  });

  test('the saved registry entry signs in as the robot; the secret is in no log and not in settings.json', async () => {
    const page = wb.page;
    const entry = treeRow(page, `${REGISTRY_NAME} (robot$${PROJECT}+${ROBOT})`);
    await entry.waitFor({ state: 'visible', timeout: 30_000 });
    await expandRow(entry);
    // `team` is private: only a signed-in member (here the robot) lists it.
    const rows = page.locator('.part.sidebar .monaco-list-row .label-name', { hasText: new RegExp(`^\\s*${PROJECT}\\s*$`) });
    await waitFor(async () => (await rows.count()) >= 2, { what: 'the private project under the robot\'s registry entry', timeout: 30_000 });
    copyFileSync(await screenshot(page.locator('.part.sidebar'), 'e2e-robot-entry'), join(root, 'docs', 'screenshots', 'h-projects-tree.png'));
    const settings = readFileSync(join(server.userDataDir, 'User', 'settings.json'), 'utf8');
    assert.ok(settings.includes(`robot$${PROJECT}+${ROBOT}`), 'the entry (with the robot as user name) is in settings');
    assert.ok(!settings.includes(secret), 'settings.json has no secret');
    const logs = filesUnder(join(server.userDataDir, 'logs'));
    assert.ok(logs.some(([p, t]) => /Registry Explorer/.test(p) && t.includes(`created robot account robot$${PROJECT}+${ROBOT}`)), 'the extension\'s log was found and records the creation');
    for (const [p, t] of logs) assert.ok(!t.includes(secret), `the secret is in ${p}`);
    assert.ok(!server.output().includes(secret), 'the secret is in code-server\'s output');
    assert.ok(!wb.consoleLines.some((l) => l.includes(secret)), 'the secret is in the browser console');
  });
});
