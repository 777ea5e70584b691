// registryExplorer.showSbomDocument and the SBOM panel's exports in Node with the stand-in `vscode`: the page
// gets the parsed SBOM after 'ready'; "Save SBOM" writes the document as given, the CSV the packages the page
// names; keys the SBOM does not have and malformed messages are ignored.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeUri, fakeExtensionContext, installFakeVscode } from '../scan/fakeVscode';
import { waitFor } from '../../support/wait';

const rec = installFakeVscode();
const { showSbomDocument } = require('../../../src/commands/sbomCommands') as typeof import('../../../src/commands/sbomCommands');

const dir = mkdtempSync(join(tmpdir(), 'regx-sbom-cmd-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const errors: unknown[] = [];
const ctx = { extension: fakeExtensionContext(join(dir, 'storage')), reportError: async (e: unknown) => void errors.push(e) };
const document = JSON.parse(readFileSync(join(__dirname, '../../fixtures/sbom/centos-7-spdx.json'), 'utf8')) as unknown;

test('showSbomDocument: the page gets the SBOM; exports write the document and the shown packages', async () => {
  const sbom = await showSbomDocument(ctx as never, { title: 'Attached SBOM', document });
  assert.deepEqual(errors, []);
  assert.deepEqual(sbom?.packages.map((p) => p.name), ['centos', 'bash', 'openssl-libs']);
  const panel = rec.panels.at(-1)!;
  assert.equal(panel.title, 'Attached SBOM');
  assert.match(panel.html, /dist\/webview\/sbom\.js/);
  panel.onMessage!({ type: 'ready' });
  await waitFor(() => panel.posted.length === 1, { what: 'the SBOM after "ready"' });
  assert.deepEqual(JSON.parse((panel.posted[0] as { sbomJson: string }).sbomJson), sbom);

  const csv = join(dir, 'out.csv');
  rec.saveTarget = FakeUri.file(csv);
  panel.onMessage!({ type: 'export', format: 'csv', shown: [1] });
  await waitFor(() => existsSync(csv), { what: 'the CSV' });
  assert.deepEqual(readFileSync(csv, 'utf8').split('\r\n'), ['name,version,licenses,type,purl,group,supplier', 'bash,4.2.46,GPLv3+,,pkg:rpm/centos/bash@4.2.46-31.el7?arch=x86_64&distro=centos-7.6.1810,,', '']);

  const json = join(dir, 'out.spdx.json');
  rec.saveTarget = FakeUri.file(json);
  panel.onMessage!({ type: 'export', format: 'json' });
  await waitFor(() => existsSync(json), { what: 'the JSON' });
  assert.deepEqual(JSON.parse(readFileSync(json, 'utf8')), document);

  const stale = join(dir, 'stale.csv');
  rec.saveTarget = FakeUri.file(stale);
  panel.onMessage!({ type: 'export', format: 'csv', shown: [1, 99] });
  panel.onMessage!({ type: 'export', format: 'html' });
  panel.onMessage!({ type: 'export', format: 'csv', shown: [-1] });
  panel.onMessage!({ type: 'ready' });
  await waitFor(() => panel.posted.length === 2, { what: 'the second "ready" answered' });
  assert.ok(!existsSync(stale), 'a stale or malformed export request wrote a file');
});

test('showSbomDocument refuses what is not { title, document } or not an SBOM', async () => {
  const before = rec.panels.length;
  assert.equal(await showSbomDocument(ctx as never, undefined), undefined);
  assert.equal(await showSbomDocument(ctx as never, { title: 'x', document: { SchemaVersion: 2 } }), undefined);
  await waitFor(() => errors.length === 2, { what: 'two errors reported' });
  assert.match(String(errors[1]), /CycloneDX.*SPDX/);
  assert.equal(rec.panels.length, before);
});
