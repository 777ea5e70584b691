import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { DetailLoader, viewScope } from '../../../src/tree/details';
import { Reference, type RegistryClient } from '../../../src/registry/index';

/**
 * A stand-in with the one call DetailLoader makes (imageConfig: the manifest by tag, then the config through the
 * loader's digest memo, which the real client honours; the v2 tree tests count that on the wire); counts the calls
 * and the peak concurrency.
 */
function fakeClient(digestOf: (tag: string) => string) {
  const calls = { config: 0, active: 0, peak: 0 };
  // Each call stays in flight for one event-loop turn (setImmediate: after every load has been started), so the
  // loads really overlap and the peak measures the loader's limit, with no timer involved.
  const tick = async () => { calls.active++; calls.peak = Math.max(calls.peak, calls.active); await new Promise((r) => setImmediate(r)); calls.active--; };
  const client = {
    registry: 'h',
    async imageConfig(ref: Reference) {
      calls.config++;
      await tick();
      if (ref.tag === 'missing') throw Object.assign(new Error('manifest unknown'), { status: 404 });
      return { digest: ref.digest ?? digestOf(ref.tag!), mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 10, created: '2026-01-01T00:00:00Z', platforms: [] };
    },
  } as unknown as RegistryClient;
  return { client, calls };
}

describe('DetailLoader', () => {
  test('bounded concurrency; one load per tag, and rows of one digest share its details object', async () => {
    const { client, calls } = fakeClient((t) => `sha256:${(Number(t.slice(1)) % 3).toString().padStart(64, '0')}`);
    const loader = new DetailLoader(4);
    const refs = Array.from({ length: 30 }, (_, i) => new Reference('127.0.0.1:5000', 'a/b', `v${i}`));
    const out = await Promise.all(refs.map((r) => loader.load(client, r)));
    assert.equal(out.filter(Boolean).length, 30);
    assert.equal(calls.config, 30, 'one manifest load per tag (a GET by tag answers the digest too)');
    assert.ok(calls.peak <= 4, `peak ${calls.peak}`);
    assert.equal(new Set(out).size, 3, 'one details object per distinct digest');
    assert.ok(loader.cached(out[0]!.digest));
    const again = calls.config;
    await loader.load(client, refs[5]!.withDigest(out[5]!.digest));
    assert.equal(calls.config, again, 'a known digest costs nothing');
  });

  test('a missing tag resolves to undefined; an aborted signal skips the work', async () => {
    const { client, calls } = fakeClient(() => `sha256:${'1'.repeat(64)}`);
    const loader = new DetailLoader(2);
    assert.equal(await loader.load(client, new Reference('h', 'a/b', 'missing')), undefined);
    const ac = new AbortController();
    ac.abort();
    assert.equal(await loader.load(client, new Reference('h', 'a/b', 'x'), ac.signal), undefined);
    assert.equal(calls.config, 1);
  });

  test('loadTag: rows rebuilt while a load runs join it; the outcome is kept for the view until forgotten', async () => {
    const { client, calls } = fakeClient(() => `sha256:${'2'.repeat(64)}`);
    const loader = new DetailLoader(4);
    const scope = viewScope('r', 'a/b');
    const ref = new Reference('h', 'a/b', 'v1');
    const [x, y] = await Promise.all([loader.loadTag(scope, client, ref), loader.loadTag(scope, client, ref)]);
    assert.equal(calls.config, 1, 'one load for two rows of the same tag');
    assert.equal(x, y);
    assert.equal(loader.peekTag(scope, 'v1')?.state, 'ok');
    await loader.loadTag(scope, client, ref);
    assert.equal(calls.config, 1, 'a known tag costs nothing');
    assert.equal(await loader.loadTag(scope, client, new Reference('h', 'a/b', 'missing')), undefined);
    assert.equal(loader.peekTag(scope, 'missing')?.state, 'missing');
    loader.forget('r', 'a/b');
    assert.equal(loader.peekTag(scope, 'v1'), undefined, 'a refresh forgets where tags pointed');
    assert.ok(loader.cached(x!.digest), 'but not what a digest holds');
    await loader.loadTag(scope, client, ref);
    assert.equal(calls.config, 3, 'after the refresh the tag is read again');
  });

  test('forget(registry) drops every view of that registry only', async () => {
    const { client } = fakeClient(() => `sha256:${'3'.repeat(64)}`);
    const loader = new DetailLoader(2);
    await loader.loadTag(viewScope('r1', 'a/b'), client, new Reference('h', 'a/b', 'x'));
    await loader.loadTag(viewScope('r10', 'a/b'), client, new Reference('h', 'a/b', 'x'));
    loader.forget('r1');
    assert.equal(loader.peekTag(viewScope('r1', 'a/b'), 'x'), undefined);
    assert.equal(loader.peekTag(viewScope('r10', 'a/b'), 'x')?.state, 'ok');
  });

  test('a load that ends after a refresh is not remembered for the refreshed view', async () => {
    const { client, calls } = fakeClient(() => `sha256:${'4'.repeat(64)}`);
    const loader = new DetailLoader(2);
    const scope = viewScope('r', 'a/b');
    const ref = new Reference('h', 'a/b', 'v1');
    const running = loader.loadTag(scope, client, ref);
    loader.forget('r', 'a/b');
    assert.equal(loader.loadingTag(scope, 'v1'), false, 'rows drawn after the refresh start their own load');
    await running;
    assert.equal(loader.peekTag(scope, 'v1'), undefined, 'what the tag pointed at before the refresh is not kept');
    await loader.loadTag(scope, client, ref);
    assert.equal(loader.peekTag(scope, 'v1')?.state, 'ok');
    assert.equal(calls.config, 2);
  });
});

