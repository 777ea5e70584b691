// An in-process distribution (v2) registry for the tree's unit tests: tags/list (everything at once, like
// registry 2.8, which ignores `n`), manifest HEAD/GET by tag or digest, blob GET. Every request is recorded so
// tests can count HEADs, manifest GETs and config-blob GETs (the request budgets).
import { createHash } from 'node:crypto';
import { startServer, type TestServer } from '../registry/servers';

export interface SeedTag {
  tag: string;
  /** Image config "created". */
  created?: string;
  /**
   * Tags with the same `config` share one config blob. Manifests are distinct per tag unless `shareManifest` is set
   * (an annotation carries the tag), so the blob is shared by many manifests, as with images rebuilt and re-tagged.
   */
  config?: string;
  shareManifest?: boolean;
}

export interface V2Server extends TestServer {
  count(kind: 'head' | 'manifest' | 'blob' | 'tags' | 'all'): number;
  digestOf(repository: string, tag: string): string;
}

const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const CONFIG = 'application/vnd.oci.image.config.v1+json';
const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

export async function startV2(repos: Record<string, SeedTag[]>): Promise<V2Server> {
  const blobs = new Map<string, Buffer>();
  const manifests = new Map<string, Buffer>();
  const tagIndex = new Map<string, string>(); // repo:tag → digest
  const layer = Buffer.from('layer');
  blobs.set(sha(layer), layer);
  for (const [repo, tags] of Object.entries(repos)) {
    for (const t of tags) {
      const cfg = Buffer.from(JSON.stringify({ created: t.created, os: 'linux', architecture: 'amd64', config: {}, rootfs: { type: 'layers', diff_ids: [] }, key: t.config ?? t.tag }));
      blobs.set(sha(cfg), cfg);
      const m = Buffer.from(JSON.stringify({
        schemaVersion: 2, mediaType: MANIFEST,
        config: { mediaType: CONFIG, digest: sha(cfg), size: cfg.length },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha(layer), size: layer.length }],
        annotations: t.shareManifest ? undefined : { 'org.example.tag': t.tag },
      }));
      manifests.set(sha(m), m);
      tagIndex.set(`${repo}:${t.tag}`, sha(m));
    }
  }
  const server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const p = url.pathname;
    if (p === '/v2/' || p === '/v2') { res.writeHead(200, { 'content-length': '2', 'content-type': 'application/json' }); res.end('{}'); return; }
    if (p === '/v2/_catalog') {
      const body = Buffer.from(JSON.stringify({ repositories: Object.keys(repos).sort() }));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      res.end(body);
      return;
    }
    let m = /^\/v2\/(.+)\/tags\/list$/.exec(p);
    if (m && repos[m[1]]) {
      const body = Buffer.from(JSON.stringify({ name: m[1], tags: repos[m[1]].map((t) => t.tag) }));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      res.end(body);
      return;
    }
    m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(p);
    if (m) {
      const digest = m[2].includes(':') ? m[2] : tagIndex.get(`${m[1]}:${m[2]}`);
      const bytes = digest ? manifests.get(digest) : undefined;
      if (!digest || !bytes) { res.writeHead(404, { 'content-type': 'application/json' }); res.end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}'); return; }
      res.writeHead(200, { 'content-type': MANIFEST, 'content-length': String(bytes.length), 'docker-content-digest': digest });
      res.end(req.method === 'HEAD' ? undefined : bytes);
      return;
    }
    m = /^\/v2\/(.+)\/blobs\/([^/]+)$/.exec(p);
    if (m && blobs.has(m[2])) {
      const b = blobs.get(m[2])!;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(b.length), 'docker-content-digest': m[2] });
      res.end(req.method === 'HEAD' ? undefined : b);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"errors":[{"code":"NAME_UNKNOWN"}]}');
  });
  const kindOf = (method: string, url: string): 'head' | 'manifest' | 'blob' | 'tags' | 'other' =>
    /\/manifests\//.test(url) ? (method === 'HEAD' ? 'head' : 'manifest') : /\/blobs\//.test(url) ? 'blob' : /\/tags\/list/.test(url) ? 'tags' : 'other';
  return Object.assign(server, {
    count: (kind: 'head' | 'manifest' | 'blob' | 'tags' | 'all') => server.seen.filter((s) => kind === 'all' || kindOf(s.method, s.url) === kind).length,
    digestOf: (repository: string, tag: string) => tagIndex.get(`${repository}:${tag}`)!,
  });
}
