// Adding a GitHub Container Registry through the real UI: VS Code's workbench (code-server) in headless Chromium,
// the packaged extension, the GitHub packages API stand-in (test/support/github-server.ts, checked against GitHub's
// published description) with a real registry playing ghcr.io. Add Registry → URL → the probed kind changed to
// GitHub → GitHub token → organizations → API URL → name; the tree shows the user's and the organization's
// packages and their tags. The token never reaches settings.json, the logs, or any process's argv.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startGitHubServer, type GitHubServer } from '../support/github-server';
import { pushImage, tagImage } from '../support/seed';
import type { CodeServer } from '../support/codeserver';
import { openExtensionWorkbench, type ExtensionWorkbench } from '../support/extensionWorkbench';
import { answerInput, expandRow, openContainer, pickItem, screenshot, treeRow, type Workbench } from '../support/workbench';
import { filesUnder } from '../support/filesUnder';

const root = join(__dirname, '..', '..');
const NAME = 'GitHub e2e';


/** Every process's command line on this machine that contains `needle` (the token is random: any hit is a leak). */
function argvLeaks(needle: string): string[] {
  const hits: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (argv.includes(needle)) hits.push(`${pid}: ${argv.replace(/\0/g, ' ').slice(0, 200)}`);
    } catch { /* the process ended */ }
  }
  return hits;
}

describe('GitHub Container Registry in the browser', { timeout: 600_000 }, () => {
  let gh: GitHubServer;
  let server: CodeServer;
  let wb: Workbench;
  let ew: ExtensionWorkbench | undefined;

  before(async () => {
    const b = spawnSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
    assert.equal(b.status, 0, 'esbuild.mjs failed');
    gh = await startGitHubServer({ orgs: ['acme'] });
    await pushImage(gh.registry, `${gh.user}/app`, '1.0', { created: '2025-01-10T10:00:00Z', salt: 'a' });
    await tagImage(gh.registry, `${gh.user}/app`, '1.0', 'latest');
    await pushImage(gh.registry, 'acme/tool', '2.1', { salt: 'b' });
    ew = await openExtensionWorkbench('regx-e2e-gh-');
    ({ server, wb } = ew);
  });

  after(async () => {
    await ew?.close();
    await gh?.stop();
  });

  test('Add Registry → URL → kind GitHub → token → organizations → API URL: the packages show; the token stays secret', async () => {
    const page = wb.page;
    await openContainer(page);
    await page.locator('.part.sidebar .welcome-view-content .monaco-button', { hasText: 'Add Registry' }).first().click({ timeout: 60_000 });
    await answerInput(page, gh.registry.url, { expect: '(1/4)' });
    // A local stand-in is not ghcr.io: the probe says "Registry v2"; the user changes the kind.
    await pickItem(page, 'Change kind…', { expect: '(2/4)', timeoutMs: 30_000 });
    await pickItem(page, 'GitHub Container Registry', { expect: 'Registry kind' });
    await pickItem(page, 'GitHub token', { expect: '· github' });
    await answerInput(page, gh.user, { expect: 'GitHub user name' });
    await answerInput(page, gh.token, { expect: 'Token' });
    await answerInput(page, 'acme', { expect: 'GitHub organizations' });
    await answerInput(page, gh.apiUrl, { expect: 'GitHub REST API URL' });
    await answerInput(page, NAME, { expect: '(4/4)', timeoutMs: 30_000 });
    const row = treeRow(page, NAME);
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await expandRow(row);
    await treeRow(page, 'acme').waitFor({ state: 'visible', timeout: 30_000 });
    await expandRow(treeRow(page, gh.user));
    await expandRow(treeRow(page, 'app'));
    for (const t of ['1.0', 'latest']) await treeRow(page, t).waitFor({ state: 'visible', timeout: 30_000 });
    await expandRow(treeRow(page, 'acme'));
    await expandRow(treeRow(page, 'tool'));
    await treeRow(page, '2.1').waitFor({ state: 'visible', timeout: 30_000 });
    const shot = await screenshot(page.locator('.part.sidebar'), 'anyreg-github');
    mkdirSync(join(root, 'docs', 'screenshots'), { recursive: true });
    copyFileSync(shot, join(root, 'docs', 'screenshots', 'anyreg-github.png'));

    // Settings hold the definition (kind, user, organization, API URL), never the token.
    const settings = readFileSync(join(server.userDataDir, 'User', 'settings.json'), 'utf8');
    assert.match(settings, /"kind": "github"/);
    assert.match(settings, /"acme"/);
    assert.ok(!settings.includes(gh.token), 'token in settings.json');
    // Nor in any log the workbench, the extension host or the output channel wrote, nor in code-server's output.
    const logs = filesUnder(join(server.userDataDir, 'logs')).filter((f) => !f.includes('secrets'));
    assert.ok(logs.length > 0, 'no logs found');
    for (const f of logs) assert.ok(!readFileSync(f).includes(gh.token), `token in ${f}`);
    assert.ok(!server.output().includes(gh.token), 'token in code-server output');
    // Nor in any command line (helpers, the extension host, code-server).
    assert.deepEqual(argvLeaks(gh.token), []);
    // The stand-in saw only what GitHub's description allows.
    assert.deepEqual(gh.violations(), []);
    assert.ok(gh.requests().some((r) => r.operationId === 'packages/list-packages-for-organization'));
  });
});
