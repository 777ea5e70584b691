// Fast seeding of a test registry over the distribution HTTP API, independent of the project's client
// (so a client bug cannot hide behind a seeding bug): keep-alive undici Agent, ~8 requests in flight,
// its own tiny Basic/Bearer handling, works against all four test-bed modes.
// Images are tiny but valid OCI images: a config with created/architecture/os/rootfs and gzip layers of real tars.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Agent, request } from 'undici';
import type { TestRegistry } from './registry';
import { tar } from './tar';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';
const ACCEPT = [OCI_MANIFEST, OCI_INDEX,
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json'].join(', ');

export interface SeedPlatform { os: string; architecture: string; variant?: string }
export interface ImageOptions {
  layers?: number;                       // default 1
  platform?: string | SeedPlatform;      // "linux/arm64/v8"; default linux/amd64
  created?: string | Date;               // default now
  labels?: Record<string, string>;
  salt?: string;                         // extra content to make otherwise equal images differ
}
export interface BuiltImage {
  digest: string;
  mediaType: string;
  manifest: Buffer;
  size: number;                          // manifest + config + layers, bytes
  config: { digest: string; data: Buffer };
  layers: Array<{ digest: string; data: Buffer }>;
}

export function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export function toPlatform(p: string | SeedPlatform | undefined): SeedPlatform {
  if (!p) return { os: 'linux', architecture: 'amd64' };
  if (typeof p !== 'string') return p;
  const [os, architecture, variant] = p.split('/');
  if (!os || !architecture) throw new Error(`platform must be os/arch[/variant]: ${p}`);
  return variant ? { os, architecture, variant } : { os, architecture };
}

/** Builds a tiny valid OCI image in memory; `id` makes its layer content unique. */
export function buildImage(id: string, opts: ImageOptions = {}): BuiltImage {
  const platform = toPlatform(opts.platform);
  const created = opts.created === undefined ? new Date().toISOString()
    : typeof opts.created === 'string' ? opts.created : opts.created.toISOString();
  const layers: Array<{ digest: string; data: Buffer; diffId: string }> = [];
  for (let i = 0; i < (opts.layers ?? 1); i++) {
    const t = tar([{ name: `regx/layer-${i}.txt`, content: `${id} layer ${i} ${opts.salt ?? ''}\n` }]);
    const gz = gzipSync(t);
    layers.push({ digest: sha256(gz), data: gz, diffId: sha256(t) });
  }
  const configJson = {
    created,
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    config: { Labels: opts.labels ?? {}, Cmd: ['/bin/sh'] },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    history: layers.map(() => ({ created, created_by: 'regx test seed' })),
  };
  const config = Buffer.from(JSON.stringify(configJson));
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, digest: sha256(config), size: config.length },
    layers: layers.map((l) => ({ mediaType: OCI_LAYER, digest: l.digest, size: l.data.length })),
  }));
  return {
    digest: sha256(manifest),
    mediaType: OCI_MANIFEST,
    manifest,
    size: manifest.length + config.length + layers.reduce((n, l) => n + l.data.length, 0),
    config: { digest: sha256(config), data: config },
    layers: layers.map(({ digest, data }) => ({ digest, data })),
  };
}

/** Runs fn over items with at most `limit` in flight; results in input order. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

function header(h: Reply['headers'], name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

/** One seeding session per registry: a keep-alive agent and cached auth (Basic, or Bearer per scope). */
class Seeder {
  private readonly agent: Agent;
  private scheme?: 'basic' | 'bearer';
  private realm?: string;
  private service?: string;
  private readonly tokens = new Map<string, Promise<string>>();
  requests = 0;

  constructor(private readonly reg: TestRegistry) {
    const ca = reg.caFile ? readFileSync(reg.caFile, 'utf8') : undefined;
    this.agent = new Agent({ connections: 8, pipelining: 1, ...(ca ? { connect: { ca } } : {}) });
    reg.onStop(() => this.agent.close());
  }

  private basic(): string {
    return `Basic ${Buffer.from(`${this.reg.username ?? ''}:${this.reg.password ?? ''}`).toString('base64')}`;
  }

  private token(scopes: string[]): Promise<string> {
    const key = scopes.slice().sort().join(' ');
    let p = this.tokens.get(key);
    if (!p) {
      const u = new URL(this.realm as string);
      if (this.service) u.searchParams.set('service', this.service);
      for (const s of scopes) u.searchParams.append('scope', s);
      p = (async () => {
        this.requests++;
        const r = await request(u, { dispatcher: this.agent, headers: { authorization: this.basic() } });
        const body = await r.body.text();
        if (r.statusCode !== 200) throw new Error(`token request failed: ${r.statusCode} ${body}`);
        const j = JSON.parse(body) as { token?: string; access_token?: string };
        return (j.token ?? j.access_token) as string;
      })();
      p.catch(() => this.tokens.delete(key));
      this.tokens.set(key, p);
    }
    return p;
  }

  private async auth(scopes: string[]): Promise<string | undefined> {
    if (this.scheme === 'basic') return this.basic();
    if (this.scheme === 'bearer') return `Bearer ${await this.token(scopes)}`;
    return undefined;
  }

  private learn(challenge: string): void {
    const scheme = /^\s*(\w+)/.exec(challenge)?.[1]?.toLowerCase();
    const params: Record<string, string> = {};
    for (const m of challenge.matchAll(/(\w+)="([^"]*)"/g)) params[m[1] as string] = m[2] as string;
    if (scheme === 'basic') this.scheme = 'basic';
    else if (scheme === 'bearer') {
      this.scheme = 'bearer';
      this.realm = params.realm;
      this.service = params.service;
    } else throw new Error(`seed: unsupported challenge ${challenge}`);
  }

  async send(method: string, pathOrUrl: string, opts: { scopes: string[]; headers?: Record<string, string>; body?: Buffer; expect: number[] }): Promise<Reply> {
    const url = new URL(pathOrUrl, this.reg.url);
    for (let attempt = 0; ; attempt++) {
      const authorization = await this.auth(opts.scopes);
      this.requests++;
      const r = await request(url, {
        method: method as 'GET',
        dispatcher: this.agent,
        headers: { ...opts.headers, ...(authorization ? { authorization } : {}) },
        body: opts.body,
      });
      const body = Buffer.from(await r.body.arrayBuffer());
      const reply: Reply = { status: r.statusCode, headers: r.headers, body };
      if (r.statusCode === 401 && attempt === 0) {
        const ch = header(r.headers, 'www-authenticate');
        if (!ch) throw new Error(`seed: 401 without a challenge from ${method} ${url.pathname}`);
        this.learn(ch);
        continue;
      }
      if (!opts.expect.includes(r.statusCode)) {
        throw new Error(`seed: ${method} ${url.pathname} → ${r.statusCode} ${body.toString('utf8').slice(0, 300)}`);
      }
      return reply;
    }
  }

  async uploadBlob(repo: string, digest: string, data: Buffer): Promise<void> {
    const scopes = [`repository:${repo}:pull,push`];
    // POST then PUT: registry 2.8 answers a single-request monolithic POST with 202 (TESTING.md).
    const start = await this.send('POST', `/v2/${repo}/blobs/uploads/`, { scopes, expect: [202] });
    const loc = new URL(header(start.headers, 'location') as string, this.reg.url);
    loc.searchParams.set('digest', digest);
    await this.send('PUT', loc.toString(), {
      scopes, expect: [201], body: data,
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(data.length) },
    });
  }

  async mountBlob(repo: string, digest: string, from: string): Promise<boolean> {
    const scopes = [`repository:${repo}:pull,push`, `repository:${from}:pull`];
    const u = `/v2/${repo}/blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from)}`;
    const r = await this.send('POST', u, { scopes, expect: [201, 202] });
    if (r.status === 202) {
      // Not mounted: cancel the upload session the registry opened instead.
      const loc = header(r.headers, 'location');
      if (loc) await this.send('DELETE', loc, { scopes, expect: [204, 404] });
      return false;
    }
    return true;
  }

  async putManifest(repo: string, ref: string, bytes: Buffer, mediaType: string): Promise<string> {
    const r = await this.send('PUT', `/v2/${repo}/manifests/${ref}`, {
      scopes: [`repository:${repo}:pull,push`], expect: [201], body: bytes,
      headers: { 'content-type': mediaType },
    });
    const digest = header(r.headers, 'docker-content-digest');
    if (digest !== sha256(bytes)) throw new Error(`seed: registry returned digest ${digest}, expected ${sha256(bytes)}`);
    return digest;
  }

  async getManifest(repo: string, ref: string): Promise<{ bytes: Buffer; mediaType: string; digest: string }> {
    const r = await this.send('GET', `/v2/${repo}/manifests/${ref}`, {
      scopes: [`repository:${repo}:pull`], expect: [200], headers: { accept: ACCEPT },
    });
    return { bytes: r.body, mediaType: header(r.headers, 'content-type') as string, digest: sha256(r.body) };
  }

  async pushBuilt(repo: string, ref: string, img: BuiltImage): Promise<string> {
    await pool([img.config, ...img.layers], 8, (b) => this.uploadBlob(repo, b.digest, b.data));
    return this.putManifest(repo, ref, img.manifest, img.mediaType);
  }
}

const sessions = new WeakMap<TestRegistry, Seeder>();
function seeder(reg: TestRegistry): Seeder {
  let s = sessions.get(reg);
  if (!s) {
    s = new Seeder(reg);
    sessions.set(reg, s);
  }
  return s;
}

/** HTTP requests (token fetches included) the seeder has sent to this registry. */
export function seedRequestCount(reg: TestRegistry): number {
  return sessions.get(reg)?.requests ?? 0;
}

/** Pushes a tiny OCI image as repo:tag; resolves to its manifest digest. */
export async function pushImage(reg: TestRegistry, repo: string, tag: string, opts: ImageOptions = {}): Promise<string> {
  return (await pushImageDetailed(reg, repo, tag, opts)).digest;
}

export async function pushImageDetailed(reg: TestRegistry, repo: string, tag: string, opts: ImageOptions = {}): Promise<BuiltImage> {
  const img = buildImage(`${reg.registry}/${repo}:${tag}`, opts);
  await seeder(reg).pushBuilt(repo, tag, img);
  return img;
}

/** Pushes one image per platform (by digest) and an OCI index over them as repo:tag; resolves to the index digest. */
export async function pushIndex(reg: TestRegistry, repo: string, tag: string, platforms: Array<string | SeedPlatform>,
  opts: Omit<ImageOptions, 'platform'> = {}): Promise<string> {
  const s = seeder(reg);
  const children = await pool(platforms, 4, async (p) => {
    const platform = toPlatform(p);
    const img = buildImage(`${reg.registry}/${repo}:${tag}/${platform.os}/${platform.architecture}/${platform.variant ?? ''}`, { ...opts, platform });
    await s.pushBuilt(repo, img.digest, img);
    return { mediaType: img.mediaType, digest: img.digest, size: img.manifest.length, platform };
  });
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: children }));
  return s.putManifest(repo, tag, index, OCI_INDEX);
}

/** Points one more tag at an existing manifest (tag or digest); resolves to the digest. */
export async function tagImage(reg: TestRegistry, repo: string, from: string, newTag: string): Promise<string> {
  const s = seeder(reg);
  const m = await s.getManifest(repo, from);
  return s.putManifest(repo, newTag, m.bytes, m.mediaType);
}

/** Puts n tags (`${prefix}00001`…) on one manifest: one GET, then n PUTs with 8 in flight. Resolves to the tag names. */
export async function tagMany(reg: TestRegistry, repo: string, digest: string, n: number, opts: { prefix?: string } = {}): Promise<string[]> {
  const s = seeder(reg);
  const m = await s.getManifest(repo, digest);
  const width = String(n).length;
  const tags = Array.from({ length: n }, (_, i) => `${opts.prefix ?? 'tag-'}${String(i + 1).padStart(width, '0')}`);
  await pool(tags, 8, (t) => s.putManifest(repo, t, m.bytes, m.mediaType));
  return tags;
}

/** Creates nRepos repositories (`${prefix}0001`…) each with tag `latest`, mounting the blobs of the first one. */
export async function seedMany(reg: TestRegistry, nRepos: number, opts: { prefix?: string } = {}): Promise<string[]> {
  const s = seeder(reg);
  const width = String(nRepos).length;
  const repos = Array.from({ length: nRepos }, (_, i) => `${opts.prefix ?? 'many/repo-'}${String(i + 1).padStart(width, '0')}`);
  if (repos.length === 0) return repos;
  const img = buildImage(`${reg.registry}/${repos[0]}`, {});
  await s.pushBuilt(repos[0] as string, 'latest', img);
  const blobs = [img.config, ...img.layers];
  await pool(repos.slice(1), 8, async (repo) => {
    for (const b of blobs) {
      if (!(await s.mountBlob(repo, b.digest, repos[0] as string))) await s.uploadBlob(repo, b.digest, b.data);
    }
    await s.putManifest(repo, 'latest', img.manifest, img.mediaType);
  });
  return repos;
}

/** Fetches a manifest (any type) as the seeder sees it: for assertions that must not trust the client under test. */
export function fetchManifest(reg: TestRegistry, repo: string, ref: string): Promise<{ bytes: Buffer; mediaType: string; digest: string }> {
  return seeder(reg).getManifest(repo, ref);
}

/** Lists tags without the client under test (registry 2.8 returns them all at once). */
export async function listTags(reg: TestRegistry, repo: string): Promise<string[]> {
  const r = await seeder(reg).send('GET', `/v2/${repo}/tags/list`, { scopes: [`repository:${repo}:pull`], expect: [200, 404] });
  if (r.status === 404) return [];
  return (JSON.parse(r.body.toString('utf8')) as { tags: string[] | null }).tags ?? [];
}

/** Whether a blob exists in repo, checked without the client under test. */
export async function blobExists(reg: TestRegistry, repo: string, digest: string): Promise<boolean> {
  const r = await seeder(reg).send('HEAD', `/v2/${repo}/blobs/${digest}`, { scopes: [`repository:${repo}:pull`], expect: [200, 404] });
  return r.status === 200;
}

/** PUTs exact manifest bytes as repo:ref (a tag, or the bytes' digest): for shapes the helpers above do not build, such as an index of indexes. */
export function putManifest(reg: TestRegistry, repo: string, ref: string, bytes: Buffer, mediaType: string): Promise<string> {
  return seeder(reg).putManifest(repo, ref, bytes, mediaType);
}

/** Whether repo:tag can be pulled: the manifest and, for an index, every manifest it names (recursively) are there. */
export async function pullable(reg: TestRegistry, repo: string, tag: string): Promise<boolean> {
  const s = seeder(reg);
  const check = async (ref: string): Promise<boolean> => {
    const r = await s.send('GET', `/v2/${repo}/manifests/${ref}`, { scopes: [`repository:${repo}:pull`], expect: [200, 404], headers: { accept: ACCEPT } });
    if (r.status !== 200) return false;
    const m = JSON.parse(r.body.toString('utf8')) as { manifests?: Array<{ digest: string }> };
    for (const c of m.manifests ?? []) if (!(await check(c.digest))) return false;
    return true;
  };
  return check(tag);
}

/**
 * A two-platform index tagged `latest` whose amd64 child is also tagged `c-amd64`, plus an unrelated image `other`:
 * the delete tests' case of a tag that is a child of another tag's index. Resolves to the child's digest.
 */
export async function seedIndexWithTaggedChild(reg: TestRegistry, repo: string): Promise<string> {
  await pushIndex(reg, repo, 'latest', ['linux/amd64', 'linux/arm64']);
  const amd64 = (JSON.parse((await fetchManifest(reg, repo, 'latest')).bytes.toString('utf8')) as { manifests: Array<{ digest: string }> }).manifests[0]!.digest;
  await tagImage(reg, repo, amd64, 'c-amd64');
  await pushImage(reg, repo, 'other', { salt: 'other' });
  return amd64;
}

/** Uploads one blob (monolithic) and returns its digest: for artifacts the helpers above do not build (cosign signatures, SBOMs). */
export async function uploadBlob(reg: TestRegistry, repo: string, data: Buffer): Promise<string> {
  const digest = sha256(data);
  await seeder(reg).uploadBlob(repo, digest, data);
  return digest;
}

/**
 * A repository for retention tests, dates spread over months (image config `created`), relative to `now`:
 * build-1 (180 days), build-2 (120), build-3 = candidate (60, two tags on one digest), build-4 (20),
 * build-5 = latest (2), v1.0.0 (200, a semantic version), an index `production` (90 days, amd64 + arm64)
 * whose amd64 child is tagged `production-amd64`, an index `old-multi` (150) whose arm64 child is tagged
 * `old-multi-arm64`, and cosign signature tags for build-1 and build-5. Resolves to the digests by tag.
 */
export async function seedRetention(reg: TestRegistry, repo: string, now = Date.now()): Promise<Record<string, string>> {
  const ago = (days: number) => new Date(now - days * 86_400_000);
  const d: Record<string, string> = {};
  for (const [tag, days] of [['build-1', 180], ['build-2', 120], ['build-3', 60], ['build-4', 20], ['build-5', 2], ['v1.0.0', 200]] as const) {
    d[tag] = await pushImage(reg, repo, tag, { created: ago(days), salt: tag });
  }
  d.candidate = await tagImage(reg, repo, 'build-3', 'candidate');
  d.latest = await tagImage(reg, repo, 'build-5', 'latest');
  d.production = await pushIndex(reg, repo, 'production', ['linux/amd64', 'linux/arm64'], { created: ago(90) });
  d['old-multi'] = await pushIndex(reg, repo, 'old-multi', ['linux/amd64', 'linux/arm64'], { created: ago(150) });
  const childOf = async (tag: string, i: number) => (JSON.parse((await fetchManifest(reg, repo, tag)).bytes.toString('utf8')) as { manifests: Array<{ digest: string }> }).manifests[i]!.digest;
  d['production-amd64'] = await tagImage(reg, repo, await childOf('production', 0), 'production-amd64');
  d['old-multi-arm64'] = await tagImage(reg, repo, await childOf('old-multi', 1), 'old-multi-arm64');
  for (const subject of ['build-1', 'build-5']) {
    const tag = `${d[subject]!.replace(':', '-')}.sig`;
    d[`${subject}.sig`] = await pushImage(reg, repo, tag, { created: ago(0), salt: `sig of ${subject}` });
  }
  return d;
}
