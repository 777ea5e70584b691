// The explorer end to end, as a user drives it: VS Code's workbench (code-server) in headless Chromium,
// the extension packaged from this checkout (.vsix, as users install it), a real CNCF registry with Basic auth.
// Add the registry through the welcome view's "Add Registry" button and its quick inputs, expand to tags,
// retag and delete from the tree's context menu (answering the modal confirmation), build and push from a
// Dockerfile's context menu in the Explorer (buildah, vfs storage, chroot isolation), cancel a copy from its
// progress notification while the destination registry is held behind a proxy the test controls, and check
// every change on the registry itself over HTTP. Screenshots go to $REGX_ARTIFACTS.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { startRegistry, type TestRegistry } from '../support/registry';
import { pushImage, tagImage } from '../support/seed';
import { installVsix, packageVsix, startCodeServer, type CodeServer } from '../support/codeserver';
import { startGateProxy, type GateProxy } from '../support/gate-proxy';
import { waitFor } from '../support/wait';
import {
  answerDialog, answerInput, contextMenu, expandRow, launchWorkbench, openContainer, openWorkbench, pickItem,
  runCommand, screenshot, treeLabels, treeRow, waitRowGone, type Workbench,
} from '../support/workbench';

const root = join(__dirname, '..', '..');
const REGISTRY_NAME = 'E2E registry';
const SLOW_NAME = 'Slow registry';
const REPO = 'demo/app';
const BUILT_REPO = 'built/e2e';

/** Fails (never skips) when a program the test needs is missing. */
function requireProgram(name: string, hint: string): void {
  const r = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', name]);
  assert.equal(r.status, 0, `${name} is not installed: ${hint}`);
}

async function registryGet(reg: Pick<TestRegistry, 'url' | 'username' | 'password'>, path: string, accept?: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const auth = Buffer.from(`${reg.username}:${reg.password}`).toString('base64');
  const r = await request(`${reg.url}${path}`, { headers: { authorization: `Basic ${auth}`, ...(accept ? { accept } : {}) } });
  return { status: r.statusCode, body: await r.body.text(), headers: r.headers };
}
async function tagsOf(reg: Pick<TestRegistry, 'url' | 'username' | 'password'>, repo: string): Promise<string[]> {
  const r = await registryGet(reg, `/v2/${repo}/tags/list`);
  assert.equal(r.status, 200, r.body);
  return ((JSON.parse(r.body) as { tags: string[] | null }).tags ?? []).sort();
}
const MANIFEST_ACCEPT = 'application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json';
async function digestOf(reg: TestRegistry, repo: string, tag: string): Promise<string | undefined> {
  const r = await registryGet(reg, `/v2/${repo}/manifests/${tag}`, MANIFEST_ACCEPT);
  if (r.status === 404) return undefined;
  assert.equal(r.status, 200, r.body);
  return String(r.headers['docker-content-digest']);
}

describe('explorer in the browser (code-server + Chromium)', () => {
  let reg: TestRegistry;
  let server: CodeServer;
  let wb: Workbench;
  let tmp: string;
  let slow: TestRegistry;
  let proxy: GateProxy;
  const digests: Record<string, string> = {};

  before(async () => {
    requireProgram('buildah', 'the Build and Push test builds with buildah (apt-get install buildah; scripts/setup.mjs does)');
    const b = spawnSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
    assert.equal(b.status, 0, 'esbuild.mjs failed');
    reg = await startRegistry('basic');
    digests['1.0.0'] = await pushImage(reg, REPO, '1.0.0', { created: '2025-01-10T10:00:00Z', salt: 'one' });
    digests['1.1.0'] = await pushImage(reg, REPO, '1.1.0', { created: '2025-02-10T10:00:00Z', salt: 'two' });
    await tagImage(reg, REPO, '1.1.0', 'latest');
    // The workbench honours a development-path payload only with the smoke-test driver, which also skips
    // modal dialogs; this test wants the real confirmation dialog, so it installs the packaged extension.
    tmp = mkdtempSync(join(tmpdir(), 'regx-e2e-'));
    const extensionsDir = join(tmp, 'extensions');
    installVsix(packageVsix(tmp), { extensionsDir });
    const folder = join(tmp, 'workspace');
    mkdirSync(folder, { recursive: true });
    // What "Build and Push…" builds: FROM scratch, so no base image and no RUN step (no OCI runtime here).
    writeFileSync(join(folder, 'Dockerfile'), 'FROM scratch\nLABEL org.example.e2e=build-and-push\nCOPY hello.txt /hello.txt\n');
    writeFileSync(join(folder, 'hello.txt'), 'hello from the e2e build\n');
    // The copy destination for the cancel test: a plain registry reached only through a proxy the test can hold.
    slow = await startRegistry('plain');
    proxy = await startGateProxy(slow);
    server = await startCodeServer({
      folder, extensionsDir,
      settings: { 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false, 'chat.disableAIFeatures': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden',
        // buildah as root without an OCI runtime: vfs storage in this test's own folders, chroot isolation.
        'registryExplorer.builder': 'buildah', 'registryExplorer.build.isolation': 'chroot',
        'registryExplorer.build.storage': { root: join(tmp, 'buildah', 'root'), runroot: join(tmp, 'buildah', 'run'), driver: 'vfs' } },
    });
    wb = await launchWorkbench();
    await openWorkbench(wb.page, server.workbenchUrl());
  });

  after(async () => {
    if (wb) await screenshot(wb.page, 'e2e-explorer-final').catch(() => undefined);
    await wb?.close();
    await server?.stop();
    await proxy?.stop();
    await slow?.stop();
    await reg?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('the view container opens on the welcome view with "Add Registry"', async () => {
    await openContainer(wb.page);
    const welcome = wb.page.locator('.part.sidebar .welcome-view-content');
    await welcome.waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await welcome.innerText(), /No container registries yet/);
    await screenshot(wb.page.locator('.part.sidebar'), 'e2e-1-welcome');
  });

  test('Add Registry through the real quick inputs (URL, sign-in, user, password, name)', async () => {
    await wb.page.locator('.part.sidebar .welcome-view-content .monaco-button', { hasText: 'Add Registry' }).first().click();
    await answerInput(wb.page, reg.registry, { expect: '(1/4)' });
    await pickItem(wb.page, 'User name and password', { expect: '(2/4)', timeoutMs: 30_000 });
    await answerInput(wb.page, reg.username as string, { expect: 'User name' });
    await answerInput(wb.page, reg.password as string, { expect: 'Password' });
    await answerInput(wb.page, REGISTRY_NAME, { expect: '(4/4)', timeoutMs: 30_000 });
    const row = treeRow(wb.page, REGISTRY_NAME);
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    // The definition is in settings; the password is not (it is in SecretStorage).
    const settingsFile = join(server.userDataDir, 'User', 'settings.json');
    assert.ok(existsSync(settingsFile));
    const settings = readFileSync(settingsFile, 'utf8');
    assert.match(settings, new RegExp(reg.registry.replace(/\./g, '\\.')));
    assert.ok(!settings.includes(reg.password as string), 'the password must not be written to settings.json');
    await screenshot(wb.page.locator('.part.sidebar'), 'e2e-2-added');
  });

  test('expanding the registry and the repository shows its tags', async () => {
    await expandRow(treeRow(wb.page, REGISTRY_NAME));
    const repo = treeRow(wb.page, REPO);
    await repo.waitFor({ state: 'visible', timeout: 30_000 });
    await expandRow(repo);
    for (const t of ['1.0.0', '1.1.0', 'latest']) await treeRow(wb.page, t).waitFor({ state: 'visible', timeout: 30_000 });
    const labels = await treeLabels(wb.page);
    assert.deepEqual(labels.filter((l) => ['1.0.0', '1.1.0', 'latest'].includes(l)).sort(), ['1.0.0', '1.1.0', 'latest']);
    await screenshot(wb.page.locator('.part.sidebar'), 'e2e-3-tags');
  });

  test('Retag… from the context menu adds the tag on the registry (same digest)', async () => {
    await contextMenu(wb.page, treeRow(wb.page, '1.0.0'), 'Retag…');
    await answerInput(wb.page, 'stable', { expect: 'New tag' });
    await treeRow(wb.page, 'stable').waitFor({ state: 'visible', timeout: 30_000 });
    assert.deepEqual(await tagsOf(reg, REPO), ['1.0.0', '1.1.0', 'latest', 'stable']);
    assert.equal(await digestOf(reg, REPO, 'stable'), digests['1.0.0']);
    await screenshot(wb.page.locator('.part.sidebar'), 'e2e-4-retagged');
  });

  test('Delete Tag… names every tag that goes, then the registry no longer has them', async () => {
    await contextMenu(wb.page, treeRow(wb.page, '1.0.0'), 'Delete Tag…');
    // Registry 2.8 deletes by digest: deleting 1.0.0 also removes `stable` (same manifest); the dialog must say so.
    const text = await answerDialog(wb.page, 'Delete', { timeoutMs: 30_000, screenshot: 'e2e-5-confirm-delete' });
    assert.match(text, /1\.0\.0/);
    assert.match(text, /stable/);
    await waitRowGone(wb.page, '1.0.0');
    await waitRowGone(wb.page, 'stable');
    assert.deepEqual(await tagsOf(reg, REPO), ['1.1.0', 'latest']);
    assert.equal(await digestOf(reg, REPO, '1.0.0'), undefined);
    assert.equal(await digestOf(reg, REPO, 'latest'), digests['1.1.0']);
    const labels = await treeLabels(wb.page);
    assert.ok(labels.includes('1.1.0') && labels.includes('latest'), labels.join(', '));
    await screenshot(wb.page.locator('.part.sidebar'), 'e2e-5-deleted');
  });
  test('Build and Push… from the Dockerfile\'s context menu in the Explorer: the image arrives in the registry', async () => {
    const page = wb.page;
    await page.locator('.part.activitybar [aria-label^="Explorer"]').first().click();
    const dockerfile = treeRow(page, 'Dockerfile');
    await dockerfile.waitFor({ state: 'visible', timeout: 30_000 });
    await contextMenu(page, dockerfile, 'Build and Push…');
    await pickItem(page, REGISTRY_NAME, { expect: 'Push to which registry?', timeoutMs: 30_000 });
    await answerInput(page, BUILT_REPO, { expect: `Repository in ${REGISTRY_NAME}`, timeoutMs: 30_000 });
    await answerInput(page, '1.0.0', { expect: `Tag for ${BUILT_REPO}`, timeoutMs: 30_000 });
    // The registry is the judge: the tag appears there once buildah has pushed it.
    // A failure notification ends the wait at once, with its text.
    const failed = page.locator('.notification-toast', { hasText: 'Build and push failed' });
    const outcome = await waitFor(async () => {
      if (await failed.count() > 0) return { error: await failed.first().innerText() };
      return (await tagsOf(reg, BUILT_REPO).catch((): string[] => [])).includes('1.0.0') ? { error: undefined } : undefined;
    }, { what: `${BUILT_REPO}:1.0.0 in the registry (buildah build + push)`, timeout: 240_000, interval: 250 });
    assert.equal(outcome.error, undefined, `the build failed: ${outcome.error}`);
    const manifest = await registryGet(reg, `/v2/${BUILT_REPO}/manifests/1.0.0`, MANIFEST_ACCEPT);
    assert.equal(manifest.status, 200, manifest.body);
    const config = JSON.parse(manifest.body) as { config: { digest: string } };
    const blob = await registryGet(reg, `/v2/${BUILT_REPO}/blobs/${config.config.digest}`);
    assert.equal(blob.status, 200, blob.body);
    assert.equal((JSON.parse(blob.body) as { config?: { Labels?: Record<string, string> } }).config?.Labels?.['org.example.e2e'], 'build-and-push',
      'the pushed image is the one built from this Dockerfile');
    // The user is told, with the reference.
    const pushed = page.locator('.notification-toast .notification-list-item-message', { hasText: `Pushed ${reg.registry}/${BUILT_REPO}:1.0.0` });
    await pushed.first().waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'e2e-6-build-and-push');
  });

  test('Copy To… cancelled from its progress notification: nothing more reaches the registry, no tag, a cancelled message', async () => {
    const page = wb.page;
    // The destination registry, added through the palette's Add Registry and its quick inputs (anonymous).
    await runCommand(page, 'Registry Explorer: Add Registry…');
    await answerInput(page, proxy.registry, { expect: '(1/4)' });
    await pickItem(page, 'Anonymous', { expect: '(2/4)', timeoutMs: 30_000 });
    await answerInput(page, SLOW_NAME, { expect: '(4/4)', timeoutMs: 30_000 });
    await openContainer(page);
    await treeRow(page, SLOW_NAME).waitFor({ state: 'visible', timeout: 30_000 });
    // The repository as the user left it may have been redrawn collapsed by the push's refresh: open it if so.
    await expandRow(treeRow(page, REGISTRY_NAME));
    const repoRow = treeRow(page, REPO);
    await repoRow.waitFor({ state: 'visible', timeout: 30_000 });
    await expandRow(repoRow);
    const source = treeRow(page, '1.1.0');
    await source.waitFor({ state: 'visible', timeout: 30_000 });
    await contextMenu(page, source, 'Copy To…');
    await pickItem(page, SLOW_NAME, { expect: 'to which registry?', timeoutMs: 30_000 });
    await answerInput(page, 'copied/app', { expect: 'Destination repository' });
    // From here on the destination answers nothing until the test says so.
    proxy.close();
    const before = proxy.forwarded().length;
    await answerInput(page, 'cancelme', { expect: 'Destination tag' });
    await waitFor(() => proxy.held().length > 0, { what: 'the copy to reach the held destination registry', timeout: 30_000 });
    const toast = page.locator('.notification-toast', { hasText: 'Copying' }).first();
    await toast.waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'e2e-7-copy-in-progress');
    const cancelAt = Date.now();
    await toast.locator('.monaco-button', { hasText: 'Cancel' }).first().click();
    const cancelled = page.locator('.notification-toast .notification-list-item-message', { hasText: /^Copy to \S*copied\/app:cancelme cancelled\.$/ });
    await cancelled.first().waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'e2e-7-copy-cancelled');
    // The command has ended (its message is up), and every request it had in flight was dropped by the client.
    await waitFor(() => proxy.held().every((h) => h.abandoned),
      { what: `the extension to abandon its held requests (${JSON.stringify(proxy.held())})`, timeout: 10_000 });
    proxy.open(); // nothing is waiting any more, so nothing goes through
    assert.equal(proxy.forwarded().length, before, `requests reached the registry after the gate closed: ${JSON.stringify(proxy.forwarded().slice(before))}`);
    assert.deepEqual(proxy.forwarded().filter((f) => f.at >= cancelAt), []);
    const tags = await registryGet(slow, '/v2/copied/app/tags/list');
    assert.ok(tags.status === 404 || ((JSON.parse(tags.body) as { tags: string[] | null }).tags ?? []).length === 0,
      `the destination has a tag: ${tags.status} ${tags.body}`);
    const digest = await registryGet(slow, '/v2/copied/app/manifests/cancelme', MANIFEST_ACCEPT);
    assert.equal(digest.status, 404, 'no manifest under the cancelled tag');
    // A cancel is not a failure: no error notification about the copy.
    const errors = page.locator('.notification-toast', { hasText: /Copy to .*failed/ });
    assert.equal(await errors.count(), 0, `error notifications: ${(await errors.allInnerTexts()).join(' | ')}`);
  });
});
