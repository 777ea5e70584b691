// Defects from a new user's tour that show in plain Node: Search Docker Hub with only a Harbor registry,
// Docker Hub API calls in the log, Pull against a plain-HTTP loopback registry stored as https://, the
// Inspect tab titles, Trivy's "not found" message in a remote window, settings from an untrusted workspace.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { choose, installCommandFakes, type Fakes } from './fakeVscode';
import { startServer, json, type TestServer } from '../registry/servers';

const fakes: Fakes = installCommandFakes();
/* eslint-disable @typescript-eslint/no-require-imports */
const { harness } = require('./harness') as typeof import('./harness');
const { searchDockerHub, pull } = require('../../../src/commands/imageCommands') as typeof import('../../../src/commands/imageCommands');
const { inspectUri } = require('../../../src/commands/inspectProvider') as typeof import('../../../src/commands/inspectProvider');
const { scanImage } = require('../../../src/commands/scan') as typeof import('../../../src/commands/scan');
const { Config } = require('../../../src/config') as typeof import('../../../src/config');
const { importFromDocker } = require('../../../src/commands/importFromDocker') as typeof import('../../../src/commands/importFromDocker');
const { Reference } = require('../../../src/registry/index') as typeof import('../../../src/registry/index');

const TOKEN = 'hub-jwt-SECRET-0123456789';
let hub: TestServer;
let plain: TestServer;

before(async () => {
  // The Hub API's search, and its login (whose token must never reach the log).
  hub = await startServer((req, res) => {
    if (req.url?.startsWith('/v2/search/repositories')) {
      json(res, 200, { count: 1, next: null, previous: null, results: [{ repo_name: 'nginx', short_description: 'web server', star_count: 9, is_official: true }] });
      return;
    }
    if (req.url === '/v2/auth/token') { json(res, 200, { access_token: TOKEN }); return; }
    if (req.url?.startsWith('/v2/namespaces/')) { json(res, 200, { count: 0, next: null, results: [] }); return; }
    if (req.url === '/v2/') { json(res, 200, {}); return; }
    json(res, 404, {});
  });
  // A plain-HTTP registry on loopback.
  plain = await startServer((req, res) => json(res, req.url === '/v2/' ? 200 : 404, {}));
});
after(async () => { await hub.close(); await plain.close(); });
beforeEach(() => {
  fakes.calls.length = 0; fakes.script.length = 0; fakes.terminals.length = 0; fakes.executed.length = 0;
  fakes.config = {}; fakes.trusted = true; fakes.remoteName = undefined;
});
const texts = () => fakes.calls.map((c) => `${c.kind}: ${c.text}${c.items.length ? ` [${c.items.join(' | ')}]` : ''}`).join('\n');

describe('Search Docker Hub', () => {
  test('with only a Harbor registry configured it searches Docker Hub anonymously and offers to add it', async () => {
    const h = harness();
    await h.ctx.registries.save({ id: 'h1', name: 'Harbor', url: 'https://harbor.example.com', kind: 'harbor' }, null);
    // The anonymous Hub client the pool hands out points at the test server.
    (h.clients as unknown as { hubApiUrl: string }).hubApiUrl = hub.url;
    fakes.script.push(choose(/^nginx$/), choose(/Add Docker Hub/));
    await searchDockerHub(h.ctx, undefined, 'nginx');
    assert.ok(hub.seen.some((r) => r.url.startsWith('/v2/search/repositories?') && !r.authorization), `no anonymous search:\n${texts()}`);
    assert.ok(!fakes.calls.some((c) => /No registries are configured/.test(c.text)), texts());
    assert.ok(fakes.executed.some((e) => e.command === 'registryExplorer.addRegistry'), `Add Docker Hub not offered:\n${texts()}`);
  });
});

describe('Docker Hub API calls in the log', () => {
  test('each Hub API request is a log line like the registry calls, without the token', async () => {
    const h = harness();
    await h.ctx.registries.save({ id: 'd1', name: 'Hub', url: hub.url, kind: 'dockerhub', username: 'alice' },
      { method: 'password', credentials: { username: 'alice', password: 'pat-SECRET-xyz' } });
    await h.ctx.clients.hub('d1').search('nginx');
    const lines = h.log.lines.join('\n');
    assert.match(lines, /POST http:\/\/127\.0\.0\.1:\d+\/v2\/auth\/token 200/);
    assert.match(lines, /GET http:\/\/127\.0\.0\.1:\d+\/v2\/search\/repositories\?\S* 200/);
    assert.doesNotMatch(lines, /SECRET/);
  });
});

describe('Pull', () => {
  test('podman gets --tls-verify=false for a plain-HTTP loopback registry stored as https://', async () => {
    const h = harness();
    fakes.config['registryExplorer.pullClient'] = { globalValue: 'podman' };
    await h.ctx.registries.save({ id: 'p1', name: 'local', url: `https://${plain.host}`, kind: 'distribution' }, null);
    await pull(h.ctx, { registryId: 'p1', repository: 'team/app', tag: '1.0' });
    const t = fakes.terminals[0];
    assert.ok(t, texts());
    assert.equal(t.shellPath, 'podman');
    assert.deepEqual(t.shellArgs, ['pull', '--tls-verify=false', `${plain.host}/team/app:1.0`]);
  });

  test('docker is told how to reach a plain-HTTP registry that is not on loopback', async () => {
    // Docker allows plain HTTP to 127.0.0.0/8 by itself; anything else needs the daemon's insecure-registries.
    const h = harness();
    await h.ctx.registries.save({ id: 'p2', name: 'lan', url: 'http://registry.lan:5000', kind: 'distribution' }, null);
    await pull(h.ctx, { registryId: 'p2', repository: 'team/app', tag: '1.0' });
    assert.deepEqual(fakes.terminals[0]?.shellArgs, ['pull', 'registry.lan:5000/team/app:1.0']);
    assert.ok(fakes.calls.some((c) => /insecure-registries/.test(c.text)), texts());
  });
});

describe('Inspect tab titles', () => {
  test('manifest and config of one tag have different, readable titles', () => {
    const ref = new Reference('127.0.0.1:5000', 'team/app', '1.0');
    const base = (u: { path: string }) => u.path.slice(u.path.lastIndexOf('/') + 1);
    assert.equal(base(inspectUri('r1', ref, 'manifest')), 'app:1.0 · manifest');
    assert.equal(base(inspectUri('r1', ref, 'config')), 'app:1.0 · config');
    const byDigest = new Reference('127.0.0.1:5000', 'team/app', undefined, `sha256:${'ab'.repeat(32)}`);
    assert.equal(base(inspectUri('r1', byDigest, 'config')), 'app@sha256-abababababab · config');
  });
});

describe('Trivy path', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { scope?: string }> } };
    capabilities?: { untrustedWorkspaces?: { supported: unknown; restrictedConfigurations?: string[] } };
  };

  test('is not machine-overridable (a User value is ignored in remote windows)', () => {
    assert.notEqual(pkg.contributes.configuration.properties['registryExplorer.trivy.path']?.scope, 'machine-overridable');
  });

  test('"not found" in a remote window names the Remote settings and opens them', async () => {
    const h = harness();
    fakes.remoteName = 'ssh-remote';
    fakes.config['registryExplorer.trivy.path'] = { defaultValue: 'trivy', globalValue: '/nonexistent/trivy' };
    await h.ctx.registries.save({ id: 't1', name: 'local', url: `http://${plain.host}`, kind: 'distribution' }, null);
    fakes.script.push(choose(/Open Remote Settings/));
    await scanImage(h.ctx, { registryId: 't1', repository: 'team/app', digest: `sha256:${'cd'.repeat(32)}` });
    const err = fakes.calls.find((c) => c.kind === 'error');
    assert.match(err?.text ?? '', /Remote/, texts());
    assert.ok(fakes.executed.some((e) => e.command === 'workbench.action.openRemoteSettings'), texts());
  });
});

describe('Trivy against a plain-HTTP loopback registry stored as https://', () => {
  test('gets --insecure, as buildah gets --tls-verify=false', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const record = join(mkdtempSync(join(tmpdir(), 'regx-tour-trivy-')), 'argv.json');
    process.env.FAKE_TRIVY_RECORD = record;
    const h = harness();
    fakes.config['registryExplorer.trivy.path'] = { defaultValue: 'trivy', globalValue: join(__dirname, '../../support/fake-trivy/trivy') };
    await h.ctx.registries.save({ id: 't2', name: 'local', url: `https://${plain.host}`, kind: 'distribution' }, null);
    await scanImage(h.ctx, { registryId: 't2', repository: 'team/app', digest: `sha256:${'ef'.repeat(32)}` }).catch(() => undefined);
    const r = JSON.parse(readFileSync(record, 'utf8')) as { argv: string[] };
    assert.ok(r.argv.includes('--insecure'), r.argv.join(' '));
  });
});

describe('Workspace trust', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
    capabilities?: { untrustedWorkspaces?: { supported: unknown; restrictedConfigurations?: string[] } };
  };

  test('Restricted Mode is supported in part; settings naming executables or files are restricted', () => {
    const u = pkg.capabilities?.untrustedWorkspaces;
    assert.equal(u?.supported, 'limited');
    for (const k of ['trivy.path', 'trivy.serverUrl', 'builder', 'pullClient', 'build.storage', 'build.context', 'build.args']) {
      assert.ok(u?.restrictedConfigurations?.includes(`registryExplorer.${k}`), `${k} is not restricted`);
    }
  });

  test('an untrusted workspace cannot choose the executables', () => {
    const config = new Config();
    fakes.config['registryExplorer.trivy.path'] = { defaultValue: 'trivy', workspaceValue: './evil' };
    fakes.config['registryExplorer.pullClient'] = { defaultValue: 'docker', workspaceValue: 'podman' };
    fakes.trusted = false;
    assert.equal(config.trivyPath, 'trivy');
    assert.equal(config.pullClient, 'docker');
    fakes.config['registryExplorer.trivy.path'] = { defaultValue: 'trivy', globalValue: '/opt/trivy', workspaceValue: './evil' };
    assert.equal(config.trivyPath, '/opt/trivy', 'the user\'s own value still counts');
    fakes.trusted = true;
    assert.equal(config.trivyPath, './evil');
  });

  test('Build and Push and Pull ask for trust instead of running', async () => {
    const h = harness();
    fakes.trusted = false;
    await h.ctx.registries.save({ id: 'p3', name: 'local', url: `https://${plain.host}`, kind: 'distribution' }, null);
    await pull(h.ctx, { registryId: 'p3', repository: 'team/app', tag: '1.0' });
    assert.equal(fakes.terminals.length, 0, 'nothing ran');
    assert.ok(fakes.calls.some((c) => /Restricted Mode/.test(c.text) && c.items.some((i) => /Trust/.test(i))), texts());
  });

  test('Import from Docker (it runs credential helpers) asks for trust too', async () => {
    const h = harness();
    fakes.trusted = false;
    fakes.script.push(choose(/Manage Workspace Trust/));
    assert.deepEqual(await importFromDocker(h.ctx, { configPath: '/nonexistent/config.json' }), []);
    assert.ok(fakes.calls.some((c) => /Restricted Mode/.test(c.text)), texts());
    assert.ok(fakes.executed.some((e) => e.command === 'workbench.trust.manage'), texts());
  });
});

describe('Welcome text', () => {
  test('says where credentials are kept in a browser too, in English and Chinese', () => {
    const en = JSON.parse(readFileSync(join(__dirname, '../../../package.nls.json'), 'utf8')) as Record<string, string>;
    const zh = JSON.parse(readFileSync(join(__dirname, '../../../package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;
    assert.match(en['view.welcome'] ?? '', /VS Code's secret storage \(the OS keychain on desktop\)/);
    assert.match(zh['view.welcome'] ?? '', /VS Code 的机密存储（桌面版为操作系统钥匙串）/);
  });
});
