// Add / Edit Registry as a new user meets it: every prompt is scripted and recorded (./fakeVscode), the
// registry is a small HTTP server on loopback that wants Basic credentials.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { choose, dismiss, installCommandFakes, type, type Fakes } from './fakeVscode';
import { startServer, json, type TestServer } from '../registry/servers';

const fakes: Fakes = installCommandFakes();
/* eslint-disable @typescript-eslint/no-require-imports */
const { harness } = require('./harness') as typeof import('./harness');
const { addRegistry, editRegistry } = require('../../../src/commands/addRegistry') as typeof import('../../../src/commands/addRegistry');

const RIGHT = `Basic ${Buffer.from('alice:right').toString('base64')}`;
let reg: TestServer;
let open: TestServer;

before(async () => {
  // /v2/ and the catalog want alice:right; anything else is a 401 with a Basic challenge.
  reg = await startServer((req, res) => {
    if (req.headers.authorization !== RIGHT) {
      json(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }, { 'www-authenticate': 'Basic realm="test"' });
      return;
    }
    if (req.url?.startsWith('/v2/_catalog')) { json(res, 200, { repositories: ['team/app'] }); return; }
    if (req.url === '/v2/') { json(res, 200, {}); return; }
    json(res, 404, { errors: [{ code: 'NOT_FOUND', message: 'no' }] });
  });
  // A registry open to anyone (a Docker Hub test server answers /v2/ the same way).
  open = await startServer((req, res) => {
    if (req.url === '/v2/') { json(res, 200, {}); return; }
    if (req.url?.startsWith('/v2/_catalog')) { json(res, 200, { repositories: [] }); return; }
    json(res, 404, { errors: [{ code: 'NOT_FOUND', message: 'no' }] });
  });
});
after(async () => { await reg.close(); await open.close(); });
beforeEach(() => { fakes.calls.length = 0; fakes.script.length = 0; });

const texts = () => fakes.calls.map((c) => `${c.kind}: ${c.text}${c.items.length ? ` [${c.items.join(' | ')}]` : ''}`).join('\n');

describe('Add Registry', () => {
  test('a wrong password is corrected in place: the method stays chosen and the user name is prefilled', async () => {
    const h = harness();
    fakes.script.push(
      type(reg.host),                       // 1/4 URL
      choose(/^User name and password$/),  // 2/4 method
      type('alice'),                        // 3/4 user name
      type('wrong'),                        // 3/4 password
      choose(/credentials/i),               // the 401: correct the credentials
      choose(/^User name and password$/),   // the method again (remembered)
      type('alice'),
      type('right'),
      type('test registry'),                // 4/4 name
    );
    const id = await addRegistry(h.ctx);
    assert.ok(id, `not saved:\n${texts()}`);
    assert.equal((await h.ctx.registries.secret(id))?.credentials.password, 'right');
    const picks = fakes.calls.filter((c) => c.kind === 'quickPick');
    assert.equal(picks.length, 2, texts());
    assert.deepEqual(picks[1]?.active, ['User name and password'], 'the second method pick highlights what the user chose');
    const names = fakes.calls.filter((c) => c.kind === 'input' && /User name/.test(c.text));
    assert.equal(names[1]?.value, 'alice', 'the user name is prefilled');
    const err = fakes.calls.find((c) => c.kind === 'error');
    assert.match(err?.text ?? '', /rejected the credentials/);
  });

  test('anonymous on a registry that wants credentials: it says so (no "rejected") and offers to enter them', async () => {
    const h = harness();
    fakes.script.push(
      type(reg.host),
      choose(/^Anonymous$/),
      choose(/credentials/i),               // "Enter Credentials"
      choose(/^User name and password$/),
      type('alice'),
      type('right'),
      type('test registry'),
    );
    const id = await addRegistry(h.ctx);
    const err = fakes.calls.find((c) => c.kind === 'error');
    assert.ok(err, texts());
    assert.doesNotMatch(err.text, /rejected/, 'no credentials were sent, so none were rejected');
    assert.match(err.text, /needs credentials/);
    assert.ok(id, `not saved:\n${texts()}`);
    assert.equal((await h.ctx.registries.secret(id))?.method, 'password');
  });
});

describe('Edit Registry', () => {
  test('keeps the stored kind when the URL is unchanged, and says when detection disagrees', async () => {
    const h = harness();
    await h.ctx.registries.save({ id: 'r-hub', name: 'Hub (test)', url: open.url, kind: 'dockerhub' }, null);
    fakes.script.push(
      type(open.url),             // URL unchanged
      choose(/^Anonymous$/),
    );
    const id = await editRegistry(h.ctx, 'r-hub');
    assert.equal(id, 'r-hub', texts());
    assert.equal(h.ctx.registries.get('r-hub')?.kind, 'dockerhub', texts());
    assert.ok(fakes.calls.some((c) => /distribution/.test(c.text) && /dockerhub/.test(c.text)), `nothing said about the detected kind:\n${texts()}`);
  });

  test('a changed URL is detected again', async () => {
    const h = harness();
    await h.ctx.registries.save({ id: 'r-x', name: 'X', url: reg.url, kind: 'harbor' }, null);
    fakes.script.push(type(open.url), choose(/^Anonymous$/));
    await editRegistry(h.ctx, 'r-x');
    assert.equal(h.ctx.registries.get('r-x')?.kind, 'distribution', texts());
  });

  test('Escape at the URL changes nothing', async () => {
    const h = harness();
    await h.ctx.registries.save({ id: 'r-y', name: 'Y', url: open.url, kind: 'dockerhub' }, null);
    fakes.script.push(dismiss);
    assert.equal(await editRegistry(h.ctx, 'r-y'), undefined);
    assert.equal(h.ctx.registries.get('r-y')?.kind, 'dockerhub');
  });
});
