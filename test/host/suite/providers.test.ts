// GitLab, Quay and Amazon ECR in a real extension host: each provider's stand-in (its API checked against the
// provider's description by the integration suites; a real registry behind it) is started here, the registry is
// added through the real command, the tree is expanded through the real TreeDataProvider, and retag and delete
// run through the commands. The token is looked for in settings, the log and the process arguments afterwards.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { addRegistry, child, childLabels, children, extensionApi, label, rootOf } from '../tree';
import type { ExtensionApi } from '../../../src/extension';
import { startGitLab, type GitLabServer } from '../../support/gitlab-server';
import { startQuay, type QuayServer } from '../../support/quay-server';
import { startEcr, type EcrServer } from '../../support/ecr-server';
import { pushImage, tagImage, listTags } from '../../support/seed';
import { waitFor } from '../../support/wait';

let api: ExtensionApi;
const added: string[] = [];
const secrets: string[] = [];
let gl: GitLabServer | undefined;
let quay: QuayServer | undefined;
let ecr: EcrServer | undefined;

/** Retag a → b through the command, then delete b; the tag list (read past the client under test) follows. */
async function retagAndDelete(id: string, registry: { backend: Parameters<typeof listTags>[0] }, repository: string, from: string, to: string): Promise<void> {
  await vscode.commands.executeCommand('registryExplorer.retag', { registryId: id, repository, tag: from }, to);
  assert.ok((await listTags(registry.backend, repository)).includes(to), `${to} after retag`);
  assert.equal(await vscode.commands.executeCommand('registryExplorer.deleteTag', { registryId: id, repository, tag: to }, true), true);
}

suite('providers', function () {
  this.timeout(180_000);

  suiteSetup(async () => {
    api = await extensionApi();
    [gl, quay, ecr] = await Promise.all([startGitLab(), startQuay(), startEcr()]);
    await pushImage(gl.backend, 'demo/app', '1.0');
    await tagImage(gl.backend, 'demo/app', '1.0', 'latest');
    await pushImage(gl.backend, 'demo/tools', '0.1');
    await pushImage(quay.backend, 'demo/web', '1.0');
    await pushImage(ecr.backend, 'demo/app', '2.0');
    await tagImage(ecr.backend, 'demo/app', '2.0', 'prod');
    secrets.push(gl.token, quay.token, ecr.secretAccessKey);
  });

  suiteTeardown(async () => {
    for (const id of added) await api.ctx.registries.remove(id).catch(() => undefined);
    delete process.env.AWS_ACCESS_KEY_ID; delete process.env.AWS_SECRET_ACCESS_KEY;
    await Promise.all([gl?.stop(), quay?.stop(), ecr?.stop()]);
  });

  test('GitLab: group → repositories → tags with sizes and dates; retag; delete the tag through GitLab\'s API', async () => {
    const id = await addRegistry({ url: gl!.url, name: 'p-gitlab', kind: 'gitlab', username: gl!.username, password: gl!.token, apiUrl: gl!.apiUrl, namespaces: ['demo'] }, added);
    const root = await rootOf(id);
    assert.deepEqual(await childLabels(root), ['demo']);
    const demo = await child(root, 'demo');
    assert.deepEqual(await childLabels(demo), ['app', 'app/worker', 'tools']);
    const app = await child(demo, 'app');
    const tags = await children(app);
    assert.deepEqual((await Promise.all(tags.map(label))).sort(), ['1.0', 'latest']);
    const desc = String((await tags[0].getTreeItem()).description);
    assert.match(desc, /^[0-9a-f]{12} · /, `details straight from the API: ${desc}`);
    gl!.clear();
    await retagAndDelete(id, gl!, 'demo/app', '1.0', 'host-rc');
    assert.ok(gl!.exchanges().some((x) => x.method === 'DELETE' && x.path.endsWith('/tags/host-rc') && x.status === 204), 'deleted through the API');
    await waitFor(async () => !(await childLabels(app)).includes('host-rc'), { timeout: 20_000, what: 'the tree to drop host-rc' });
    assert.deepEqual((await childLabels(app)).sort(), ['1.0', 'latest']);
  });

  test('Quay: namespace → repositories → tags; retag; delete through Quay\'s API', async () => {
    const id = await addRegistry({ url: quay!.url, name: 'p-quay', kind: 'quay', username: '$oauthtoken', password: quay!.token, apiUrl: quay!.apiUrl, namespaces: ['demo'] }, added);
    const root = await rootOf(id);
    const demo = await child(root, 'demo');
    assert.deepEqual(await childLabels(demo), ['web', 'api', 'db']);
    const web = await child(demo, 'web');
    assert.deepEqual(await childLabels(web), ['1.0']);
    quay!.clear();
    await retagAndDelete(id, quay!, 'demo/web', '1.0', 'host-rc');
    assert.ok(quay!.exchanges().some((x) => x.method === 'DELETE' && x.path === '/api/v1/repository/demo/web/tag/host-rc' && x.status === 204));
    assert.deepEqual(await childLabels(web), ['1.0']);
  });

  test('Amazon ECR: credentials from the AWS chain, repositories → images; retag; delete; scan findings from ECR', async () => {
    // The default chain reads the environment first; the extension host is this process.
    process.env.AWS_ACCESS_KEY_ID = ecr!.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = ecr!.secretAccessKey;
    const id = await addRegistry({ url: ecr!.endpoint, name: 'p-ecr', kind: 'ecr', awsRegion: 'us-east-1', apiUrl: ecr!.endpoint }, added);
    assert.equal(await api.ctx.registries.secret(id), undefined, 'nothing stored: the AWS chain signs in');
    const root = await rootOf(id);
    assert.deepEqual(await childLabels(root), ['demo/app', 'demo/job']);
    const app = await child(root, 'demo/app');
    assert.deepEqual((await childLabels(app)).sort(), ['2.0', 'prod']);
    await retagAndDelete(id, ecr!, 'demo/app', '2.0', 'host-rc');
    assert.ok(ecr!.calls().some((c) => c.operation === 'BatchDeleteImage'));
    assert.deepEqual((await childLabels(app)).sort(), ['2.0', 'prod']);
    const report = await vscode.commands.executeCommand<{ findings: unknown[]; format: string } | undefined>('registryExplorer.showServerScanFindings', { registryId: id, repository: 'demo/app', tag: 'prod' });
    assert.equal(report?.format, 'ecr');
    assert.equal(report?.findings.length, 4);
  });

  test('the tokens are in no setting, no log and no process argument', async () => {
    secrets.push(...ecr!.passwords()); // the ECR registry passwords handed out during the suite
    assert.ok(ecr!.passwords().length > 0);
    const settings = JSON.stringify(vscode.workspace.getConfiguration('registryExplorer').get('registries'));
    for (const s of secrets) assert.ok(!settings.includes(s), 'a token in settings');
    assert.ok(!process.argv.join(' ').includes(gl!.token));
    // The extension's own log folder (its LogOutputChannel writes there) and the window's logs around it.
    const logs = join(api.ctx.extension.logUri.fsPath, '..');
    const files: string[] = [];
    const walk = (d: string) => { for (const n of readdirSync(d)) { const p = join(d, n); if (statSync(p).isDirectory()) walk(p); else files.push(p); } };
    walk(logs);
    assert.ok(files.some((f) => /Registry Explorer|registry-explorer/i.test(f)), `the extension's log is among ${files.length} files`);
    let lines = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      lines += text.split('\n').length;
      for (const s of secrets) assert.ok(!text.includes(s), `a token in ${f}`);
    }
    assert.ok(lines > 0);
  });
});
