// Proxies: HTTP(S)_PROXY from the environment and an explicit proxy option; loopback registries bypass them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { MemoryChallengeCache, RegistryClient, parseReference } from '../../../src/registry/index';
import { json, startServer } from './servers';

const T = { timeout: 15_000 };

/** A CONNECT proxy that tunnels every request to one local target, recording what was asked for. */
async function startProxy(targetPort: number): Promise<{ url: string; connects: string[]; close: () => Promise<void> }> {
  const connects: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => { res.writeHead(405); res.end(); });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    connects.push(req.url ?? '');
    sockets.add(client);
    const upstream = connect(targetPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connects,
    close: () => new Promise<void>((resolve) => { for (const s of sockets) s.destroy(); server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

test('HTTP_PROXY from the environment carries a non-loopback registry; NO_PROXY and loopback bypass it', T, async () => {
  const target = await startServer((req, res) => json(res, 200, { tags: [`via-${req.headers.host}`] }));
  const proxy = await startProxy(Number(target.host.split(':')[1]));
  const env = { HTTP_PROXY: proxy.url, NO_PROXY: 'skip.example' };
  const c = new RegistryClient({ registry: 'http://registry.example:5000', env, challengeCache: new MemoryChallengeCache() });
  const local = new RegistryClient({ registry: target.url, env, challengeCache: new MemoryChallengeCache() });
  try {
    assert.deepEqual((await c.tags('r')).items, ['via-registry.example:5000']);
    assert.deepEqual(proxy.connects, ['registry.example:5000']);
    assert.deepEqual((await local.tags('r')).items, [`via-${target.host}`]);
    assert.equal(proxy.connects.length, 1, 'a loopback registry does not go through the proxy');
  } finally {
    await c.close();
    await local.close();
    await proxy.close();
    await target.close();
  }
});

test('an explicit proxy option wins over the environment', T, async () => {
  const target = await startServer((req, res) => json(res, 200, { tags: ['x'] }));
  const proxy = await startProxy(Number(target.host.split(':')[1]));
  const c = new RegistryClient({ registry: 'http://other.example', proxy: proxy.url, env: {}, challengeCache: new MemoryChallengeCache() });
  try {
    assert.deepEqual((await c.tags('r')).items, ['x']);
    assert.deepEqual(proxy.connects, ['other.example:80']);
    // The reference type and the client agree on names.
    assert.equal(parseReference('other.example/r:x').registry, c.registry);
  } finally {
    await c.close();
    await proxy.close();
    await target.close();
  }
});
