// "Any registry" in a real extension host: a registry whose credentials come from Docker's credential helper
// (`"credentials": "docker-helper"`): a fake docker-credential-test on PATH answers for the testbed's Basic-auth
// registry; the tree lists it through the helper, the helper is asked again when credentials are needed again,
// and nothing secret reaches settings or SecretStorage. Pinned repositories are listed first.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testbed } from '../testbed';
import { addRegistry, childLabels, extensionApi, rootOf } from '../tree';
import type { ExtensionApi } from '../../../src/extension';

let api: ExtensionApi;
const added: string[] = [];

suite('anyreg', function () {
  this.timeout(120_000);
  const saved = { PATH: process.env.PATH, DOCKER_CONFIG: process.env.DOCKER_CONFIG };
  let dir: string;
  suiteSetup(async () => {
    api = await extensionApi();
    const r = testbed().registries.basic!;
    dir = mkdtempSync(join(tmpdir(), 'regx-host-helper-'));
    writeFileSync(join(dir, 'docker-credential-test'), `#!/bin/sh
read server
echo "$*|$server" >> "${dir}/calls"
if [ "$server" = "${r.registry}" ]; then printf '{"Username":"%s","Secret":"%s"}' "${r.username}" "${r.password}"; else echo "credentials not found"; exit 1; fi
`);
    chmodSync(join(dir, 'docker-credential-test'), 0o755);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ credHelpers: { [r.registry]: 'test' } }));
    // The extension host is this process: the helper is found on its PATH, the config in DOCKER_CONFIG.
    process.env.PATH = `${dir}:${saved.PATH ?? ''}`;
    process.env.DOCKER_CONFIG = dir;
  });
  suiteTeardown(async () => {
    process.env.PATH = saved.PATH;
    if (saved.DOCKER_CONFIG === undefined) delete process.env.DOCKER_CONFIG; else process.env.DOCKER_CONFIG = saved.DOCKER_CONFIG;
    for (const id of added) await api.ctx.registries.remove(id).catch(() => undefined);
  });

  test('credentials from Docker\'s credential helper: asked when needed, never stored', async () => {
    const r = testbed().registries.basic!;
    const calls = () => (existsSync(join(dir, 'calls')) ? readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n') : []);
    const id = await addRegistry({ url: r.url, name: 't-helper', credentialsFrom: 'docker-helper' }, added);
    const def = api.ctx.registries.get(id)!;
    assert.equal(def.credentials, 'docker-helper');
    assert.equal(await api.ctx.registries.secret(id), undefined, 'nothing in SecretStorage');
    const afterAdd = calls().length;
    assert.ok(afterAdd >= 1, 'the connection test asked the helper');
    assert.ok(calls().every((c) => c === `get|${r.registry}`), calls().join(', '));
    const repos = await childLabels(await rootOf(id));
    for (const repo of Object.keys(r.seeded)) assert.ok(repos.includes(repo), `${repo} missing in ${repos.join(', ')}`);
    // A fresh client (Reconnect) needs credentials again: the helper is asked again, not a copy.
    api.ctx.clients.invalidate(id);
    await childLabels(await rootOf(id));
    assert.ok(calls().length > afterAdd, 'the helper was asked again');
    const settings = JSON.stringify(vscode.workspace.getConfiguration('registryExplorer').get('registries'));
    assert.ok(settings.includes('"credentials":"docker-helper"'));
    assert.ok(!settings.includes(r.password!), 'password in settings');
  });

  test('pinned repositories are listed first', async () => {
    const r = testbed().registries.plain!;
    const id = await addRegistry({ url: r.url, name: 't-pinned' }, added);
    assert.equal(await vscode.commands.executeCommand('registryExplorer.addRepository', { registryId: id }, 'tools/busy'), 'tools/busy');
    assert.deepEqual(api.ctx.registries.get(id)!.repositories, ['tools/busy']);
    const labels = await childLabels(await rootOf(id));
    assert.equal(labels[0], 'tools/busy');
    assert.equal(labels.filter((l) => l === 'tools/busy').length, 1, 'a pinned repository is not listed twice');
    await vscode.commands.executeCommand('registryExplorer.removePinnedRepository', { registryId: id }, 'tools/busy');
    assert.equal(api.ctx.registries.get(id)!.repositories?.length ?? 0, 0);
  });
});
