// `regx tags` on a repository whose registry returns 150,000 tags in one page (a registry without paging, or a
// huge n): every tag, sorted, one per line, from one request. (Collecting a page with push(...page) exceeded
// V8's argument limit: "Maximum call stack size exceeded".) A minimal registry of our own serves the list:
// seeding 150,000 real tags would take the real registry many minutes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/cli';

const N = 150_000;
const tags = Array.from({ length: N }, (_, i) => `v${(i * 7919) % N}.${i % 13}-b${i}`);
let server: Server;
let registry: string;
let requests = 0;
let dir: string;

before(async () => {
  const body = JSON.stringify({ name: 'big/repo', tags });
  server = createServer((req, res) => {
    requests++;
    if (req.url?.startsWith('/v2/big/repo/tags/list')) {
      res.writeHead(200, { 'content-type': 'application/json', 'docker-distribution-api-version': 'registry/2.0' });
      res.end(body);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"errors":[{"code":"NAME_UNKNOWN","message":"unknown"}]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registry = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'regx-many-'));
});
after(async () => {
  await new Promise((resolve) => server?.close(resolve));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('150,000 tags in one page: all printed, sorted, from one request (plain HTTP remembered)', async () => {
  const env = { REGX_CACHE_DIR: join(dir, 'c'), DOCKER_CONFIG: join(dir, 'none') };
  await runCli(['tags', `${registry}/big/repo`, '--limit', '1'], { env });
  requests = 0;
  const r = await runCli(['tags', `${registry}/big/repo`], { env, verbose: true });
  assert.equal(r.code, 0, r.stderr.slice(-500));
  assert.equal(r.requests, 1, r.stderr);
  assert.equal(requests, 1);
  const lines = r.stdout.split('\n');
  assert.equal(lines.pop(), '');
  assert.equal(lines.length, N);
  assert.deepEqual(lines, [...tags].sort());
  const j = await runCli(['tags', `${registry}/big/repo`, '--json'], { env });
  assert.equal(j.code, 0, j.stderr.slice(-500));
  assert.equal((JSON.parse(j.stdout) as string[]).length, N);
});
