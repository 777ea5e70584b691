// GitHub Container Registry in a real extension host: the registry added through the real command (kind github,
// a GitHub token, an organization, the API of the stand-in), the tree expanded user/org → packages → tags (from
// the packages API: no manifest request per tag), retag through the distribution API and delete of a version
// through the packages API, both through the real commands. The token is in SecretStorage only: never in
// settings, globalState or the extension's logs.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { testbed } from '../testbed';
import { addRegistry, child, childLabels, extensionApi, rootOf, item } from '../tree';
import type { ExtensionApi } from '../../../src/extension';
import { waitFor } from '../../support/wait';
import { filesUnder } from '../../support/filesUnder';

let api: ExtensionApi;
const added: string[] = [];


suite('github', function () {
  this.timeout(120_000);
  suiteSetup(async () => { api = await extensionApi(); });
  suiteTeardown(async () => { for (const id of added) await api.ctx.registries.remove(id).catch(() => undefined); });

  test('add, expand user/org → packages → tags, retag, delete a version; the token stays in SecretStorage', async () => {
    const gh = testbed().github;
    assert.ok(gh, 'testbed has no GitHub server');
    const id = await addRegistry({ url: gh.url, name: 't-github', kind: 'github', username: gh.user, password: gh.token, namespaces: ['acme'], apiUrl: gh.apiUrl }, added);
    const def = api.ctx.registries.get(id)!;
    assert.equal(def.kind, 'github');
    assert.equal(def.apiUrl, gh.apiUrl);
    assert.equal(api.ctx.backends.get(id).kind, 'github');

    const root = await rootOf(id);
    assert.match(String((await item(root)).description), /GitHub Container Registry/);
    assert.deepEqual(await childLabels(root), [gh.user, 'acme']);
    const user = await child(root, gh.user);
    assert.deepEqual(await childLabels(user), ['app']);
    const app = await child(user, 'app');
    assert.deepEqual((await childLabels(app)).sort(), ['1.0', '1.1', '2.0']);
    // Dates and digests came with the version list: no row waits for details.
    const row = await child(app, '1.0');
    assert.ok(!String((await item(row)).description).includes('…'), String((await item(row)).description));
    assert.deepEqual(await childLabels(await child(await child(root, 'acme'), 'tool')), ['latest']);

    // Retag through the real command (distribution API on the registry), then the version carries both tags.
    const newTag = await vscode.commands.executeCommand<string>('registryExplorer.retag', { registryId: id, repository: `${gh.user}/app`, tag: '2.0' }, 'stable');
    assert.ok(newTag);
    await waitFor(async () => (await childLabels(await child(await child(await rootOf(id), gh.user), 'app'))).includes('stable') || undefined, { what: 'stable in the tree', timeout: 30_000 });

    // Delete tag 1.0: ghcr.io deletes versions, so 1.1 (same version) goes too; the API delete runs.
    const ok = await vscode.commands.executeCommand<boolean>('registryExplorer.deleteTag', { registryId: id, repository: `${gh.user}/app`, tag: '1.0' }, true);
    assert.equal(ok, true);
    await waitFor(async () => {
      const tags = await childLabels(await child(await child(await rootOf(id), gh.user), 'app'));
      return !tags.includes('1.0') && !tags.includes('1.1') ? tags : undefined;
    }, { what: '1.0 and 1.1 gone from the tree', timeout: 30_000 });
    assert.deepEqual((await childLabels(await child(await child(await rootOf(id), gh.user), 'app'))).sort(), ['2.0', 'stable']);

    // The token: in SecretStorage, nowhere else.
    assert.equal((await api.ctx.registries.secret(id))?.credentials.password, gh.token);
    const settings = JSON.stringify(vscode.workspace.getConfiguration('registryExplorer').get('registries'));
    assert.ok(!settings.includes(gh.token), 'token found in settings');
    const state = JSON.stringify(api.ctx.extension.globalState.keys().map((k) => api.ctx.extension.globalState.get(k)));
    assert.ok(!state.includes(gh.token), 'token found in globalState');
    api.ctx.log.info('github suite: checking logs');
    const logsRoot = dirname(dirname(dirname(api.ctx.extension.logUri.fsPath)));
    const files = filesUnder(logsRoot);
    assert.ok(files.length > 0, `no log files under ${logsRoot}`);
    for (const f of files) assert.ok(!readFileSync(f, 'utf8').includes(gh.token), `token found in ${f}`);
  });
});
