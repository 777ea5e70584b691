// A Harbor API test server: Harbor itself (a dozen services) cannot run here, so this follows the
// Harbor API v2.0 swagger (goharbor/harbor api/v2.0/swagger.yaml, copied to test/fixtures/harbor/) and Harbor's
// handlers (src/server/v2.0/handler/) for every endpoint the client uses, with `/v2/` served by a REAL distribution registry (token mode) behind it.
//
// Like Harbor's core, it proxies `/v2/` to the registry and answers `/service/token` itself; artifacts come
// from the registry's content (tags, manifests, configs), so pushes through `/v2/` show up in the API. Harbor
// keeps tags in its database: a tag deleted through the API disappears from the API and from `/v2/…/tags/list`
// (Harbor core serves tags/list from its DB) while the manifest stays. A small metadata store keeps push
// times, ids, scan state and those deleted tags.
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRegistry, type TestRegistry } from './registry';
import { listenLoopback } from './listen';
import { HarborPolicyState, type AuditSeed, type ReplicationSeed } from './harbor-policy-state';
import type { HarborImmutableRule } from '../../src/registry/harborPolicyTypes';

export interface HarborServerOptions {
  /** Projects that exist even without repositories (besides those implied by repository names). */
  projects?: string[];
  /** Projects readable anonymously; default ['library']. */
  publicProjects?: string[];
  /** Polls of a triggered scan that report Pending, then Running, before Success (default 1 and 1). */
  scanPendingPolls?: number;
  scanRunningPolls?: number;
  /**
   * "repo:tag" entries that Harbor's tag immutability rules (POST /projects/{id}/immutabletagrules) would match:
   * listed with `immutable: true` when `with_immutable_status=true` (Harbor API v2.0 swagger, Tag.immutable).
   */
  immutableTags?: string[];
  /** Memberships: project → user or group name → role (default: HARBOR_USERS in `library` with their own roles). */
  members?: Record<string, Record<string, HarborRole>>;
  /** Proxy-cache projects and their upstream registry endpoint. */
  proxyProjects?: Record<string, { name: string; url: string }>;
  /** Audit rows per project, before anything the tests do (which the server records too). */
  audit?: Record<string, AuditSeed[]>;
  /** Replication policies and executions to list (Harbor's replication cannot run here). */
  replication?: ReplicationSeed;
  /** Immutability rules per project. */
  immutableRules?: Record<string, HarborImmutableRule[]>;
}

/** Project roles (swagger ProjectMember.role_id: 1 projectAdmin, 2 developer, 3 guest, 4 maintainer; 5 limitedGuest). */
export type HarborRole = 'projectAdmin' | 'developer' | 'guest' | 'maintainer' | 'limitedGuest';
const ROLE_IDS: Record<HarborRole, number> = { projectAdmin: 1, developer: 2, guest: 3, maintainer: 4, limitedGuest: 5 };
/** Harbor database users besides the system admin, one per role, each with the role of its name in `library` by default. */
export const HARBOR_USERS: Record<string, { password: string; role: HarborRole; id: number }> = {
  guest: { password: 'Guest12345', role: 'guest', id: 2 },
  developer: { password: 'Dev12345', role: 'developer', id: 3 },
  maintainer: { password: 'Maint12345', role: 'maintainer', id: 4 },
  padmin: { password: 'PAdmin12345', role: 'projectAdmin', id: 5 },
};
/** Groups that can be made members (an LDAP/OIDC group in a real Harbor). */
export const HARBOR_GROUPS: Record<string, number> = { 'ci-team': 1 };

/**
 * What each role may do in a project, relative to the project (Harbor src/common/rbac/project/rbac_role.go, the
 * subset this server models). `project` stands for the project itself (rbac.ResourceSelf).
 */
const GUEST_PERMS = ['project-read', 'repository-list', 'repository-pull', 'repository-read', 'artifact-list', 'artifact-read', 'tag-list', 'scan-read', 'member-read', 'member-list'];
const DEVELOPER_PERMS = [...GUEST_PERMS, 'repository-push', 'artifact-create', 'tag-create', 'scan-create'];
const MAINTAINER_PERMS = [...DEVELOPER_PERMS, 'repository-delete', 'repository-update', 'artifact-delete', 'tag-delete', 'robot-read', 'robot-list', 'immutable-tag-list', 'immutable-tag-create', 'immutable-tag-update', 'immutable-tag-delete', 'scan-stop'];
const ADMIN_PERMS = [...MAINTAINER_PERMS, 'project-update', 'project-delete', 'member-create', 'member-update', 'member-delete', 'robot-create', 'robot-update', 'robot-delete', 'quota-read', 'metadata-read', 'metadata-update'];
const ROLE_PERMS: Record<HarborRole, string[]> = { limitedGuest: ['project-read', 'repository-pull', 'artifact-read', 'tag-list'], guest: GUEST_PERMS, developer: DEVELOPER_PERMS, maintainer: MAINTAINER_PERMS, projectAdmin: ADMIN_PERMS };
const ROLE_ORDER: HarborRole[] = ['projectAdmin', 'maintainer', 'developer', 'guest', 'limitedGuest'];

export interface HarborRequestRecord { method: string; path: string; query: string }

export interface HarborServer {
  url: string;               // http://127.0.0.1:PORT
  registry: string;          // 127.0.0.1:PORT (the same host serves /v2/)
  username: string;
  password: string;
  robot: { name: string; secret: string };
  backend: TestRegistry;     // the real registry behind /v2/
  /** Project metadata, allowlists, immutability rules, labels, audit rows (harbor-policy-state.ts). */
  policy: HarborPolicyState;
  requests(): HarborRequestRecord[];
  clearRequests(): void;
  stop(): Promise<void>;
}

const ADMIN = { name: 'admin', password: 'Harbor12345' };
// A project-level robot: `robot$<project>+<name>` (src: src/controller/robot/controller.go); `$` is literal.
const ROBOT = { name: 'robot$ci+builder', secret: 'Rb0t-s3cret-for-tests', project: 'ci' };

export const MIME_V11 = 'application/vnd.security.vulnerability.report; version=1.1';
export const MIME_V10 = 'application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0';
const DEFAULT_ACCEPT_VULN = `${MIME_V11}, ${MIME_V10}`;

const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');
const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);
const IMAGE_CONFIG_TYPES = new Set(['application/vnd.oci.image.config.v1+json', 'application/vnd.docker.container.image.v1+json']);
const COSIGN_TAG = /^sha256-([0-9a-f]{64})\.(sig|att|sbom)$/;

type User = { kind: 'admin' | 'robot' | 'user'; name: string } | undefined;
class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) { super(message); }
}

interface Descriptor { mediaType: string; digest: string; size: number; platform?: { architecture?: string; os?: string; variant?: string; 'os.version'?: string }; annotations?: Record<string, string> }
interface ManifestInfo {
  digest: string; mediaType: string; bytes: Buffer; size: number;
  isIndex: boolean; children: Descriptor[]; configMediaType?: string; config?: Record<string, unknown>;
  subject?: string; artifactType?: string; annotations?: Record<string, string>;
}
interface ArtifactView {
  digest: string; info: ManifestInfo; tags: string[]; pushTime: string;
  accessories: Array<{ digest: string; type: string; size: number; created: string }>;
}
interface ScanState { reportId: string; polls: number; start: string; end?: string }

// ---------- q / sort / paging (Harbor API v2.0 swagger: the `q`, `sort`, `page` and `page_size` parameters) ----------

export interface QTerm { key: string; op: 'exact' | 'fuzzy' | 'range' | 'or' | 'and'; values: string[] }

/** Parses Harbor's `q`: comma-separated `k=v`, `k=~v`, `k=[min~max]`, `k={v1 v2}`, `k=(v1 v2)`. */
export function parseQuery(q: string): QTerm[] {
  const terms: string[] = [];
  let depth = 0; let quote = false; let cur = '';
  for (const ch of q) {
    if (ch === '"') quote = !quote;
    if (!quote && (ch === '[' || ch === '{' || ch === '(')) depth++;
    if (!quote && (ch === ']' || ch === '}' || ch === ')')) depth--;
    if (ch === ',' && depth === 0 && !quote) { terms.push(cur); cur = ''; } else cur += ch;
  }
  if (cur) terms.push(cur);
  const unq = (s: string): string => s.trim().replace(/^"(.*)"$/, '$1');
  return terms.map((t) => {
    const i = t.indexOf('=');
    if (i <= 0) throw new HttpError(400, 'BAD_REQUEST', `invalid query term: ${t}`);
    const key = t.slice(0, i).trim();
    const v = t.slice(i + 1);
    if (v.startsWith('~')) return { key, op: 'fuzzy', values: [unq(v.slice(1))] };
    if (v.startsWith('[') && v.endsWith(']')) return { key, op: 'range', values: v.slice(1, -1).split('~').map(unq) };
    if (v.startsWith('{') && v.endsWith('}')) return { key, op: 'or', values: v.slice(1, -1).trim().split(/\s+/).map(unq) };
    if (v.startsWith('(') && v.endsWith(')')) return { key, op: 'and', values: v.slice(1, -1).trim().split(/\s+/).map(unq) };
    return { key, op: 'exact', values: [unq(v)] };
  });
}

function matchValue(term: QTerm, value: unknown): boolean {
  const values = Array.isArray(value) ? value.map(String) : value === undefined || value === null ? [] : [String(value)];
  switch (term.op) {
    case 'exact': return values.includes(term.values[0]);
    case 'fuzzy': return values.some((v) => v.includes(term.values[0]));
    case 'or': return values.some((v) => term.values.includes(v));
    case 'and': return term.values.every((t) => values.includes(t));
    case 'range': {
      const [lo, hi] = term.values;
      return values.some((v) => (lo === '' || cmp(v, lo) >= 0) && (hi === '' || cmp(v, hi) <= 0));
    }
  }
}
function cmp(a: string, b: string): number {
  const na = Number(a); const nb = Number(b);
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

function applySort<T extends object>(items: T[], sort: string | null, fallback: string): T[] {
  const keys = (sort || fallback).split(',').map((s) => s.trim()).filter(Boolean);
  return items.slice().sort((a, b) => {
    for (const k of keys) {
      const desc = k.startsWith('-');
      const f = desc ? k.slice(1) : k;
      const va = (a as Record<string, unknown>)[f]; const vb = (b as Record<string, unknown>)[f];
      const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va ?? '').localeCompare(String(vb ?? ''));
      if (c !== 0) return desc ? -c : c;
    }
    return 0;
  });
}

interface Paging { page: number; pageSize: number }
function paging(url: URL): Paging {
  const page = url.searchParams.has('page') ? Number(url.searchParams.get('page')) : 1;
  const pageSize = url.searchParams.has('page_size') ? Number(url.searchParams.get('page_size')) : 10;
  // swagger parameters.pageSize: maximum 100; go-swagger answers 422 for a violated parameter constraint.
  if (!Number.isInteger(pageSize) || pageSize > 100) throw new HttpError(422, 'UNPROCESSABLE_ENTITY', 'page_size in query should be less than or equal to 100');
  if (!Number.isInteger(page) || page < 1) throw new HttpError(422, 'UNPROCESSABLE_ENTITY', 'page in query should be greater than or equal to 1');
  return { page, pageSize: pageSize <= 0 ? 10 : pageSize };
}

/** `Link` as Harbor writes it: server-relative URLs, entries joined by " , " (src: src/lib/link.go). */
function linkHeader(url: URL, p: Paging, total: number): string | undefined {
  const make = (page: number, rel: string): string => {
    const u = new URLSearchParams(url.searchParams);
    u.set('page', String(page)); u.set('page_size', String(p.pageSize));
    return `<${url.pathname}?${u.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (p.page > 1) links.push(make(p.page - 1, 'prev'));
  if (p.page * p.pageSize < total) links.push(make(p.page + 1, 'next'));
  return links.length ? links.join(' , ') : undefined;
}

// ---------- the server ----------

export async function startHarbor(opts: HarborServerOptions = {}): Promise<HarborServer> {
  const backend = await startRegistry('token');
  const publicProjects = new Set(opts.publicProjects ?? ['library']);
  const extraProjects = new Set(['library', ROBOT.project, ...(opts.projects ?? [])]);
  const pendingPolls = opts.scanPendingPolls ?? 1;
  const runningPolls = opts.scanRunningPolls ?? 1;
  const immutable = new Set(opts.immutableTags ?? []);
  const exampleReport = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'harbor', 'example-vulnerability-report.json'), 'utf8')) as {
    scanner: { name: string; vendor: string; version: string };
    vulnerabilities: Array<Record<string, unknown> & { severity: string; fix_version?: string }>;
  };
  const log: HarborRequestRecord[] = [];
  const policy = new HarborPolicyState(opts.replication);
  for (const [p, rows] of Object.entries(opts.audit ?? {})) policy.seedAudit(p, rows);
  for (const [p, rules] of Object.entries(opts.immutableRules ?? {})) for (const r of rules) policy.addRule(p, r);

  // --- metadata store ---
  const ids = new Map<string, number>();
  let nextId = 1;
  const idOf = (key: string): number => { let v = ids.get(key); if (v === undefined) { v = nextId++; ids.set(key, v); } return v; };
  const firstSeen = new Map<string, string>();
  let lastStamp = Date.now() - 60_000;
  const stamp = (key: string): string => {
    let v = firstSeen.get(key);
    if (!v) { lastStamp = Math.max(Date.now(), lastStamp + 1); v = new Date(lastStamp).toISOString(); firstSeen.set(key, v); }
    return v;
  };
  const projectCreated = new Map<string, string>();
  const deletedTags = new Map<string, Map<string, string>>(); // repo → tag → digest it pointed at when deleted
  const knownDigests = new Map<string, Set<string>>();      // repo → digests (untagged artifacts stay)
  const deletedRepos = new Set<string>();
  const scans = new Map<string, ScanState>();                // repo@digest
  const manifestCache = new Map<string, ManifestInfo>();    // digest → info (digests never change)

  // --- talking to the real registry (tokens fetched from its token server with its admin account) ---
  const tokens = new Map<string, { token: string; until: number }>();
  const basicBackend = `Basic ${Buffer.from(`${backend.username}:${backend.password}`).toString('base64')}`;
  async function backendToken(scopes: string[]): Promise<string> {
    const key = scopes.slice().sort().join(' ');
    const hit = tokens.get(key);
    if (hit && hit.until > Date.now()) return hit.token;
    const u = new URL(backend.realm as string);
    u.searchParams.set('service', backend.service as string);
    for (const s of scopes) u.searchParams.append('scope', s);
    const r = await fetch(u, { headers: { authorization: basicBackend } });
    if (r.status !== 200) throw new Error(`backend token server answered ${r.status}`);
    const j = await r.json() as { token?: string; access_token?: string; expires_in?: number };
    const token = (j.token ?? j.access_token) as string;
    tokens.set(key, { token, until: Date.now() + ((j.expires_in ?? 60) - 10) * 1000 });
    return token;
  }
  async function reg(method: string, path: string, scopes: string[], init: { headers?: Record<string, string>; body?: Buffer } = {}): Promise<Response> {
    const token = await backendToken(scopes);
    return fetch(`${backend.url}${path}`, { method, headers: { ...init.headers, authorization: `Bearer ${token}` }, body: init.body ? new Uint8Array(init.body) : undefined });
  }
  const pull = (repo: string): string[] => [`repository:${repo}:pull`];
  const all = (repo: string): string[] => [`repository:${repo}:pull,push,delete`];

  async function catalog(): Promise<string[]> {
    const out: string[] = [];
    let path: string | undefined = '/v2/_catalog?n=1000';
    while (path) {
      const r: Response = await reg('GET', path, ['registry:catalog:*']);
      if (r.status !== 200) throw new Error(`catalog: ${r.status}`);
      out.push(...((await r.json()) as { repositories: string[] | null }).repositories ?? []);
      const link = r.headers.get('link');
      path = link ? /<([^>]+)>/.exec(link)?.[1] : undefined;
    }
    return out.filter((n) => n.includes('/') && !deletedRepos.has(n));
  }
  async function registryTags(repo: string): Promise<string[]> {
    const r = await reg('GET', `/v2/${repo}/tags/list`, pull(repo));
    if (r.status === 404) return [];
    if (r.status !== 200) throw new Error(`tags/list ${repo}: ${r.status}`);
    return ((await r.json()) as { tags: string[] | null }).tags ?? [];
  }
  async function headDigest(repo: string, ref: string): Promise<string | undefined> {
    const r = await reg('HEAD', `/v2/${repo}/manifests/${ref}`, pull(repo), { headers: { accept: MANIFEST_ACCEPT } });
    if (r.status === 404) return undefined;
    if (r.status !== 200) throw new Error(`HEAD manifest ${repo}:${ref}: ${r.status}`);
    return r.headers.get('docker-content-digest') ?? undefined;
  }
  async function manifest(repo: string, digest: string): Promise<ManifestInfo | undefined> {
    const hit = manifestCache.get(digest);
    if (hit) return hit;
    const r = await reg('GET', `/v2/${repo}/manifests/${digest}`, pull(repo), { headers: { accept: MANIFEST_ACCEPT } });
    if (r.status === 404) return undefined;
    if (r.status !== 200) throw new Error(`GET manifest ${repo}@${digest}: ${r.status}`);
    const bytes = Buffer.from(await r.arrayBuffer());
    const json = JSON.parse(bytes.toString('utf8')) as {
      mediaType?: string; manifests?: Descriptor[]; layers?: Descriptor[]; config?: Descriptor;
      subject?: Descriptor; artifactType?: string; annotations?: Record<string, string>;
    };
    const mediaType = json.mediaType ?? r.headers.get('content-type') ?? '';
    const isIndex = INDEX_TYPES.has(mediaType) || Array.isArray(json.manifests);
    let size = bytes.length;
    let config: Record<string, unknown> | undefined;
    if (isIndex) {
      for (const c of json.manifests ?? []) {
        const child = await manifest(repo, c.digest);
        size += child ? child.size : c.size;
      }
    } else {
      size += (json.config?.size ?? 0) + (json.layers ?? []).reduce((n, l) => n + l.size, 0);
      if (json.config && IMAGE_CONFIG_TYPES.has(json.config.mediaType)) {
        const b = await reg('GET', `/v2/${repo}/blobs/${json.config.digest}`, pull(repo));
        if (b.status === 200) { try { config = (await b.json()) as Record<string, unknown>; } catch { config = undefined; } }
      }
    }
    const info: ManifestInfo = {
      digest, mediaType, bytes, size, isIndex, children: json.manifests ?? [], configMediaType: json.config?.mediaType, config,
      subject: json.subject?.digest, artifactType: json.artifactType ?? (json.config && !IMAGE_CONFIG_TYPES.has(json.config.mediaType) ? json.config.mediaType : undefined),
      annotations: json.annotations,
    };
    manifestCache.set(digest, info);
    return info;
  }

  async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
    const out: R[] = new Array(items.length);
    let i = 0;
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (i < items.length) { const k = i++; out[k] = await fn(items[k]); }
    }));
    return out;
  }

  /** The repository as Harbor's database would show it: visible tags, artifacts, accessories. */
  async function repoState(repo: string): Promise<{ tags: Map<string, string>; artifacts: ArtifactView[] }> {
    const hidden = deletedTags.get(repo) ?? new Map<string, string>();
    const rawTags = await registryTags(repo);
    const digests = await mapLimit(rawTags, 8, (t) => headDigest(repo, t));
    const tags = new Map<string, string>();
    rawTags.forEach((t, i) => { const d = digests[i]; if (d && hidden.get(t) !== d) tags.set(t, d); });
    const known = knownDigests.get(repo) ?? new Set<string>();
    knownDigests.set(repo, known);
    for (const d of tags.values()) known.add(d);
    const infos = new Map<string, ManifestInfo>();
    for (const d of [...known]) {
      const info = await manifest(repo, d).catch(() => undefined);
      if (info && (await headDigest(repo, d))) infos.set(d, info); else known.delete(d);
    }
    // Accessories: cosign's tag schema (sha256-<hex>.sig/.att/.sbom) and OCI 1.1 manifests with a `subject`.
    const accessories = new Map<string, ArtifactView['accessories']>();
    const accessoryDigests = new Set<string>();
    const addAcc = (subject: string, digest: string, type: string): void => {
      const info = infos.get(digest);
      const list = accessories.get(subject) ?? [];
      if (!list.some((a) => a.digest === digest)) list.push({ digest, type, size: info?.size ?? 0, created: stamp(`${repo}@${digest}`) });
      accessories.set(subject, list);
      accessoryDigests.add(digest);
    };
    for (const [t, d] of tags) {
      const m = COSIGN_TAG.exec(t);
      if (m) addAcc(`sha256:${m[1]}`, d, m[2] === 'sig' ? 'signature.cosign' : 'subject.accessory');
    }
    for (const [d, info] of infos) {
      if (!info.subject) continue;
      const type = info.artifactType === 'application/vnd.cncf.notary.signature' ? 'signature.notation'
        : info.artifactType === 'application/vnd.dev.cosign.artifact.sig.v1+json' ? 'signature.cosign' : 'subject.accessory';
      addAcc(info.subject, d, type);
    }
    // Children of an index that carry no tag of their own are shown through the index's `references`.
    const children = new Set<string>();
    for (const info of infos.values()) for (const c of info.children) children.add(c.digest);
    const artifacts: ArtifactView[] = [];
    for (const [d, info] of infos) {
      const own = [...tags].filter(([t, td]) => td === d && !COSIGN_TAG.test(t)).map(([t]) => t);
      if (accessoryDigests.has(d)) continue;
      if (children.has(d) && own.length === 0) continue;
      artifacts.push({ digest: d, info, tags: own, pushTime: stamp(`${repo}@${d}`), accessories: accessories.get(d) ?? [] });
    }
    for (const [t] of tags) if (!COSIGN_TAG.test(t)) stamp(`${repo}:${t}`);
    return { tags, artifacts };
  }

  // --- users and permissions ---
  function authenticate(req: IncomingMessage): User | 'bad' {
    const h = req.headers.authorization;
    if (!h) return undefined;
    if (!/^basic /i.test(h)) return 'bad';
    const raw = Buffer.from(h.slice(6).trim(), 'base64').toString('utf8');
    const i = raw.indexOf(':');
    const name = raw.slice(0, i); const pass = raw.slice(i + 1);
    if (name === ADMIN.name && pass === ADMIN.password) return { kind: 'admin', name };
    if (name === ROBOT.name && pass === ROBOT.secret) return { kind: 'robot', name };
    const du = HARBOR_USERS[name];
    if (du && du.password === pass) return { kind: 'user', name };
    const r = [...robots.values()].find((x) => x.name === name);
    if (r && r.secret === pass && !r.disable && (r.expires_at === -1 || r.expires_at * 1000 > Date.now())) return { kind: 'robot', name };
    return 'bad';
  }
  /** What `u` may do in `project` as relative `resource-action` words. */
  function permsOf(u: User, project: string): string[] {
    if (u?.kind === 'admin') return [...ADMIN_PERMS, 'quota-update'];
    if (u?.kind === 'robot') {
      if (u.name === ROBOT.name) return project === ROBOT.project ? ['project-read', 'repository-pull', 'repository-push', 'repository-delete', 'artifact-delete', 'tag-create', 'tag-delete', 'scan-create', 'artifact-read', 'artifact-list'] : [];
      const r = [...robots.values()].find((x) => x.name === u.name);
      const perm = r?.permissions.find((p) => p.namespace === project || p.namespace === '*');
      return perm ? ['project-read', ...perm.access.map((a) => `${a.resource}-${a.action}`)] : [];
    }
    const role = u ? roleOf(u.name, project) : undefined;
    const own = role ? ROLE_PERMS[role] : [];
    return publicProjects.has(project) && !own.includes('repository-pull') ? [...own, 'project-read', 'repository-pull', 'repository-list', 'artifact-read', 'artifact-list', 'tag-list'] : own;
  }
  const can = (u: User, project: string, perm: string): boolean => publicProjects.has(project) && perm === 'repository-pull' ? true : permsOf(u, project).includes(perm);
  const canRead = (u: User, project: string): boolean => can(u, project, 'repository-pull');
  const canWrite = (u: User, project: string): boolean => can(u, project, 'repository-push');
  function requirePerm(u: User, project: string, perm: string): void {
    if (!u) throw new HttpError(401, 'UNAUTHORIZED', 'unauthorized');
    if (!can(u, project, perm)) throw new HttpError(403, 'FORBIDDEN', 'forbidden');
  }
  function requireRead(u: User, project: string): void {
    if (!canRead(u, project)) throw u ? new HttpError(403, 'FORBIDDEN', 'forbidden') : new HttpError(401, 'UNAUTHORIZED', 'unauthorized');
  }
  function requireWrite(u: User, project: string): void {
    if (!u) throw new HttpError(401, 'UNAUTHORIZED', 'unauthorized');
    if (!canWrite(u, project)) throw new HttpError(403, 'FORBIDDEN', 'forbidden');
  }

  // --- models ---
  async function projectNames(): Promise<string[]> {
    const names = new Set(extraProjects);
    for (const r of await catalog()) names.add(r.split('/')[0]);
    return [...names];
  }
  async function projectModel(name: string, u: User, repos: string[]): Promise<Record<string, unknown>> {
    if (!projectCreated.has(name)) projectCreated.set(name, new Date(Date.now() - 3_600_000).toISOString());
    return {
      project_id: idOf(`project:${name}`), owner_id: 1, name, owner_name: 'admin',
      creation_time: projectCreated.get(name), update_time: projectCreated.get(name), deleted: false, togglable: true,
      current_user_role_ids: u?.kind === 'admin' ? [1] : u?.kind === 'robot' && name === ROBOT.project ? [2] : u?.kind === 'user' && roleOf(u.name, name) ? [ROLE_IDS[roleOf(u.name, name)!]] : [],
      ...(proxies.has(name) ? { registry_id: proxies.get(name)!.id } : {}),
      repo_count: repos.filter((r) => r.startsWith(`${name}/`)).length,
      metadata: { ...policy.metadata.get(name), public: publicProjects.has(name) ? 'true' : 'false' },
      cve_allowlist: policy.allowlistModel(name, { id: idOf(`allow:${name}`), projectId: idOf(`project:${name}`) }),
    };
  }
  async function repositoryModel(name: string): Promise<Record<string, unknown>> {
    const st = await repoState(name);
    const times = st.artifacts.map((a) => a.pushTime).sort();
    return {
      id: idOf(`repo:${name}`), project_id: idOf(`project:${name.split('/')[0]}`), name,
      artifact_count: st.artifacts.length, pull_count: 0,
      creation_time: times[0] ?? stamp(`repo:${name}`), update_time: times[times.length - 1] ?? stamp(`repo:${name}`),
    };
  }

  function scanSummary(repo: string, a: ArtifactView, observe: boolean): Record<string, unknown> | undefined {
    const s = scans.get(`${repo}@${a.digest}`);
    if (!s) return undefined;
    if (observe) s.polls++;
    const status = s.polls <= pendingPolls ? 'Pending' : s.polls <= pendingPolls + runningPolls ? 'Running' : 'Success';
    const base: Record<string, unknown> = { report_id: s.reportId, scan_status: status, start_time: s.start, complete_percent: status === 'Success' ? 100 : status === 'Running' ? 50 : 0,
      scanner: exampleReport.scanner };
    if (status !== 'Success') return base;
    s.end ??= new Date().toISOString();
    const counts: Record<string, number> = {};
    let fixable = 0;
    for (const v of exampleReport.vulnerabilities) { counts[v.severity] = (counts[v.severity] ?? 0) + 1; if (v.fix_version) fixable++; }
    return { ...base, severity: worst(Object.keys(counts)), duration: 2, end_time: s.end,
      summary: { total: exampleReport.vulnerabilities.length, fixable, summary: counts } };
  }
  function worst(sevs: string[]): string {
    const order = ['None', 'Unknown', 'Negligible', 'Low', 'Medium', 'High', 'Critical'];
    return sevs.reduce((w, s) => (order.indexOf(s) > order.indexOf(w) ? s : w), 'None');
  }
  /** The first MIME type in X-Accept-Vulnerabilities that has a report wins; this server keeps only 1.1 reports. */
  function chooseMime(req: IncomingMessage): string | undefined {
    const h = (req.headers['x-accept-vulnerabilities'] as string | undefined) ?? DEFAULT_ACCEPT_VULN;
    return h.split(',').map((s) => s.trim()).find((m) => m.replace(/\s+/g, '') === MIME_V11.replace(/\s+/g, ''));
  }

  function artifactModel(project: string, repo: string, a: ArtifactView, url: URL, req: IncomingMessage, observeScan: boolean): Record<string, unknown> {
    const flag = (k: string, dflt: boolean): boolean => (url.searchParams.has(k) ? url.searchParams.get(k) === 'true' : dflt);
    const info = a.info;
    const isImage = info.isIndex || (info.configMediaType !== undefined && IMAGE_CONFIG_TYPES.has(info.configMediaType));
    const artId = idOf(`artifact:${repo}@${a.digest}`);
    const repoId = idOf(`repo:${repo}`);
    const enc = encodeURIComponent(encodeURIComponent(repo.slice(project.length + 1)));
    const base = `/api/v2.0/projects/${project}/repositories/${enc}/artifacts/${a.digest}/additions`;
    const out: Record<string, unknown> = {
      id: artId, type: isImage ? 'IMAGE' : 'UNKNOWN',
      media_type: info.isIndex ? info.mediaType : info.configMediaType ?? info.mediaType,
      manifest_media_type: info.mediaType, project_id: idOf(`project:${project}`), repository_id: repoId, repository_name: repo,
      digest: a.digest, size: info.size, icon: '', push_time: a.pushTime, pull_time: '0001-01-01T00:00:00.000Z',
      extra_attrs: {}, annotations: info.annotations ?? {},
      labels: flag('with_label', false) ? (policy.artifactLabels.get(`${repo}@${a.digest}`) ?? []).map((id) => policy.labelModel(id)).filter(Boolean) : null,
      addition_links: info.isIndex ? {} : { build_history: { href: `${base}/build_history`, absolute: false }, vulnerabilities: { href: `${base}/vulnerabilities`, absolute: false } },
    };
    if (info.artifactType) out.artifact_type = info.artifactType;
    if (info.config) {
      const c = info.config as { architecture?: string; os?: string; created?: string; author?: string; config?: Record<string, unknown> };
      out.extra_attrs = { architecture: c.architecture, os: c.os, created: c.created, author: c.author ?? '', config: c.config ?? {} };
    }
    if (info.isIndex) {
      out.references = info.children.map((c) => ({
        parent_id: artId, child_id: idOf(`artifact:${repo}@${c.digest}`), child_digest: c.digest,
        platform: c.platform ? { architecture: c.platform.architecture, os: c.platform.os, ...(c.platform.variant ? { variant: c.platform.variant } : {}) } : undefined,
      }));
    }
    if (flag('with_tag', true)) {
      out.tags = a.tags.length === 0 ? null : a.tags.sort().map((t) => ({
        id: idOf(`tag:${repo}:${t}`), repository_id: repoId, artifact_id: artId, name: t,
        push_time: stamp(`${repo}:${t}`), pull_time: '0001-01-01T00:00:00.000Z',
        immutable: flag('with_immutable_status', false) && (immutable.has(`${repo}:${t}`) || !!policy.protecting(project, repo.slice(project.length + 1), t)),
      }));
    }
    if (flag('with_scan_overview', false)) {
      const mime = chooseMime(req);
      const s = mime ? scanSummary(repo, a, observeScan) : undefined;
      if (s && mime) out.scan_overview = { [mime]: s };
    }
    if (flag('with_accessory', false)) {
      out.accessories = a.accessories.length === 0 ? null : a.accessories.map((x) => ({
        id: idOf(`accessory:${repo}@${x.digest}`), artifact_id: idOf(`artifact:${repo}@${x.digest}`), subject_artifact_id: artId,
        subject_artifact_digest: a.digest, subject_artifact_repo: repo, size: x.size, digest: x.digest, type: x.type, icon: '', creation_time: x.created,
      }));
    }
    return out;
  }

  function findArtifact(st: { tags: Map<string, string>; artifacts: ArtifactView[] }, ref: string): ArtifactView {
    const digest = ref.startsWith('sha256:') ? ref : st.tags.get(ref);
    const a = st.artifacts.find((x) => x.digest === digest);
    if (!a) throw new HttpError(404, 'NOT_FOUND', `artifact ${ref} not found`);
    return a;
  }

  // --- HTTP plumbing ---
  function send(res: ServerResponse, reqId: string, status: number, body?: unknown, headers: Record<string, string> = {}): void {
    const h: Record<string, string> = { 'x-request-id': reqId, ...headers };
    if (body === undefined) { res.writeHead(status, h); res.end(); return; }
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    h['content-type'] ??= typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
    res.writeHead(status, h);
    res.end(text);
  }
  function list(res: ServerResponse, reqId: string, url: URL, items: unknown[], p: Paging, total: number): void {
    const headers: Record<string, string> = { 'x-total-count': String(total) };
    const link = linkHeader(url, p, total);
    if (link) headers.link = link;
    send(res, reqId, 200, items, headers);
  }
  const readBody = (req: IncomingMessage): Promise<Buffer> => new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
  function filterQ<T extends Record<string, unknown>>(items: T[], url: URL, fields: Record<string, (t: T) => unknown>): T[] {
    const q = url.searchParams.get('q');
    if (!q) return items;
    const terms = parseQuery(q);
    for (const t of terms) if (!(t.key in fields)) throw new HttpError(400, 'BAD_REQUEST', `unsupported query key ${t.key}`);
    return items.filter((it) => terms.every((t) => matchValue(t, fields[t.key](it))));
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL, reqId: string): Promise<void> {
    // Go's router matches on the decoded path; the handler then unescapes the repository name once more
    // (Harbor API v2.0 swagger, `repository_name`: names with `/` are encoded twice, a/b → a%252Fb). A singly-encoded `a%2Fb` therefore does not match.
    let decoded: string;
    try { decoded = decodeURIComponent(url.pathname); } catch { throw new HttpError(400, 'BAD_REQUEST', 'bad path'); }
    const seg = decoded.slice('/api/v2.0'.length).split('/').filter((s, i) => i > 0 || s !== '');
    const m = req.method ?? 'GET';
    const user = authenticate(req);
    if (user === 'bad' && !(seg[0] === 'ping' || seg[0] === 'health')) throw new HttpError(401, 'UNAUTHORIZED', 'invalid credentials');
    const u: User = user === 'bad' ? undefined : user;

    if (seg.length === 1 && seg[0] === 'ping' && m === 'GET') return send(res, reqId, 200, 'Pong');
    if (seg.length === 1 && seg[0] === 'health' && m === 'GET') {
      return send(res, reqId, 200, { status: 'healthy', components: [{ name: 'core', status: 'healthy' }, { name: 'registry', status: 'healthy' }] });
    }
    if (seg.length === 1 && seg[0] === 'systeminfo' && m === 'GET') {
      const info: Record<string, unknown> = { auth_mode: 'db_auth', harbor_version: 'v2.15.2-test', self_registration: false, has_ca_root: false, read_only: false,
        primary_auth_mode: false, banner_message: '', current_time: new Date().toISOString(), oidc_provider_name: '' };
      if (u) Object.assign(info, { registry_url: url.host, external_url: `http://${url.host}`, project_creation_restriction: 'everyone', notification_enable: true, registry_storage_provider_name: 'filesystem' });
      return send(res, reqId, 200, info);
    }
    if (seg.length === 2 && seg[0] === 'users' && seg[1] === 'current' && m === 'GET') {
      if (!u) throw new HttpError(401, 'UNAUTHORIZED', 'unauthorized');
      // Robots are not users: Harbor answers 401 for them here (src: security context of a robot has no user).
      if (u.kind === 'robot') throw new HttpError(401, 'UNAUTHORIZED', 'robot accounts have no user profile');
      if (u.kind === 'user') {
        return send(res, reqId, 200, { user_id: HARBOR_USERS[u.name].id, username: u.name, email: `${u.name}@example.com`, realname: u.name, comment: '',
          sysadmin_flag: false, admin_role_in_auth: false, creation_time: '2024-01-01T00:00:00.000Z', update_time: '2024-01-01T00:00:00.000Z' });
      }
      return send(res, reqId, 200, { user_id: 1, username: 'admin', email: 'admin@example.com', realname: 'Harbor Admin', comment: 'admin user',
        sysadmin_flag: true, admin_role_in_auth: false, creation_time: '2024-01-01T00:00:00.000Z', update_time: '2024-01-01T00:00:00.000Z' });
    }
    if (seg[0] === 'repositories' && seg.length === 1 && m === 'GET') {
      const p = paging(url);
      const names = (await catalog()).filter((n) => canRead(u, n.split('/')[0]));
      const base = names.map((name) => ({ name }));
      const sorted = applySort(filterQ(base, url, { name: (r) => r.name }), url.searchParams.get('sort'), 'name');
      const slice = sorted.slice((p.page - 1) * p.pageSize, p.page * p.pageSize);
      return list(res, reqId, url, await Promise.all(slice.map((r) => repositoryModel(r.name))), p, sorted.length);
    }
    if (await adminApi(req, res, url, reqId, seg, m, u)) return;
    if (await policyTopRoutes(req, res, url, reqId, seg, m, u)) return;
    if (seg[0] !== 'projects') throw new HttpError(404, 'NOT_FOUND', `no route for ${m} ${url.pathname}`);

    if (seg.length === 1) {
      if (m === 'HEAD') {
        const name = url.searchParams.get('project_name');
        if (!name) throw new HttpError(400, 'BAD_REQUEST', 'project_name is required');
        return send(res, reqId, (await projectNames()).includes(name) ? 200 : 404);
      }
      if (m !== 'GET') throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'method not allowed');
      const p = paging(url);
      const repos = await catalog();
      const names = (await projectNames()).filter((n) => canRead(u, n));
      let models = await Promise.all(names.map((n) => projectModel(n, u, repos)));
      const nameParam = url.searchParams.get('name');
      if (nameParam) models = models.filter((x) => String(x.name).includes(nameParam));
      if (url.searchParams.has('public')) models = models.filter((x) => (x.metadata as { public: string }).public === url.searchParams.get('public'));
      models = filterQ(models, url, { name: (x) => x.name, public: (x) => (x.metadata as { public: string }).public, project_id: (x) => x.project_id, owner_name: (x) => x.owner_name });
      models = applySort(models, url.searchParams.get('sort'), 'name');
      return list(res, reqId, url, models.slice((p.page - 1) * p.pageSize, p.page * p.pageSize), p, models.length);
    }

    // /projects/{name_or_id}...
    const names = await projectNames();
    let project = seg[1];
    if (/^\d+$/.test(project) && req.headers['x-is-resource-name'] !== 'true') {
      project = names.find((n) => idOf(`project:${n}`) === Number(project)) ?? project;
    }
    if (!names.includes(project)) throw new HttpError(u ? 404 : 401, u ? 'NOT_FOUND' : 'UNAUTHORIZED', u ? `project ${project} not found` : 'unauthorized');
    requireRead(u, project);
    if (seg.length === 2 && m === 'GET') return send(res, reqId, 200, await projectModel(project, u, await catalog()));
    if (await projectAdminApi(req, res, url, reqId, seg, m, u, project)) return;
    if (await policyProjectRoutes(req, res, url, reqId, seg, m, u, project)) return;
    if (seg[2] !== 'repositories') throw new HttpError(404, 'NOT_FOUND', `no route for ${m} ${url.pathname}`);

    if (seg.length === 3 && m === 'GET') {
      const p = paging(url);
      const base = (await catalog()).filter((n) => n.startsWith(`${project}/`)).map((name) => ({ name }));
      const sorted = applySort(filterQ(base, url, { name: (r) => r.name }), url.searchParams.get('sort'), 'name');
      const slice = sorted.slice((p.page - 1) * p.pageSize, p.page * p.pageSize);
      return list(res, reqId, url, await Promise.all(slice.map((r) => repositoryModel(r.name))), p, sorted.length);
    }
    let repoSeg: string;
    try { repoSeg = decodeURIComponent(seg[3] ?? ''); } catch { throw new HttpError(400, 'BAD_REQUEST', 'bad repository name'); }
    const repo = `${project}/${repoSeg}`;
    if (seg.length === 5 && seg[4] === 'artifacts' && m === 'POST') return copyArtifact(req, res, url, reqId, u, project, repo);
    const exists = (await catalog()).includes(repo);
    if (!exists) throw new HttpError(404, 'NOT_FOUND', `repository ${repo} not found`);

    if (seg.length === 4) {
      if (m === 'GET') return send(res, reqId, 200, await repositoryModel(repo));
      if (m === 'DELETE') {
        requirePerm(u, project, 'repository-delete');
        const st = await repoState(repo);
        refuseImmutable(project, repo, [...st.tags.keys()]);
        policy.record(project, userName(u), 'delete', 'repository', repo);
        const digests = new Set([...st.artifacts.map((a) => a.digest), ...st.tags.values()]);
        for (const d of digests) await reg('DELETE', `/v2/${repo}/manifests/${d}`, all(repo));
        knownDigests.delete(repo); deletedTags.delete(repo);
        deletedRepos.add(repo);
        return send(res, reqId, 200);
      }
      throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'method not allowed');
    }
    if (seg[4] !== 'artifacts') throw new HttpError(404, 'NOT_FOUND', `no route for ${m} ${url.pathname}`);

    if (seg.length === 5) {
      if (m !== 'GET') throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'method not allowed');
      const p = paging(url);
      const st = await repoState(repo);
      let arts = st.artifacts.map((a) => ({ a, digest: a.digest, push_time: a.pushTime, tags: a.tags, type: 'IMAGE', media_type: a.info.mediaType, size: a.info.size }));
      const q = url.searchParams.get('q');
      if (q) {
        const terms = parseQuery(q);
        arts = arts.filter((x) => terms.every((t) => {
          if (t.key === 'tags' && t.op === 'exact' && t.values[0] === '*') return x.tags.length > 0;
          if (t.key === 'tags' && t.op === 'exact' && t.values[0] === 'nil') return x.tags.length === 0;
          if (!['tags', 'digest', 'type', 'media_type', 'push_time', 'size'].includes(t.key)) throw new HttpError(400, 'BAD_REQUEST', `unsupported query key ${t.key}`);
          return matchValue(t, (x as Record<string, unknown>)[t.key]);
        }));
      }
      arts = applySort(arts, url.searchParams.get('sort'), '-push_time');
      const slice = arts.slice((p.page - 1) * p.pageSize, p.page * p.pageSize);
      return list(res, reqId, url, slice.map((x) => artifactModel(project, repo, x.a, url, req, true)), p, arts.length);
    }
    const ref = seg[5];
    const st = await repoState(repo);
    const art = findArtifact(st, ref);
    if (seg.length === 6) {
      if (m === 'GET') return send(res, reqId, 200, artifactModel(project, repo, art, url, req, true));
      if (m === 'DELETE') {
        requirePerm(u, project, 'artifact-delete');
        refuseImmutable(project, repo, art.tags);
        policy.record(project, userName(u), 'delete', 'artifact', `${repo}@${art.digest}`);
        const r = await reg('DELETE', `/v2/${repo}/manifests/${art.digest}`, all(repo));
        if (r.status !== 202) throw new HttpError(500, 'UNKNOWN', `registry answered ${r.status}`);
        knownDigests.get(repo)?.delete(art.digest);
        for (const [t, d] of deletedTags.get(repo) ?? []) if (d === art.digest) deletedTags.get(repo)?.delete(t);
        scans.delete(`${repo}@${art.digest}`);
        return send(res, reqId, 200);
      }
      throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'method not allowed');
    }
    const sub = seg[6];
    if (sub === 'tags' && seg.length === 7 && m === 'GET') {
      const p = paging(url);
      const tags = art.tags.map((t) => ({ id: idOf(`tag:${repo}:${t}`), repository_id: idOf(`repo:${repo}`), artifact_id: idOf(`artifact:${repo}@${art.digest}`),
        name: t, push_time: stamp(`${repo}:${t}`), pull_time: '0001-01-01T00:00:00.000Z',
        immutable: url.searchParams.get('with_immutable_status') === 'true' && !!policy.protecting(project, repoSeg, t) }));
      const sorted = applySort(filterQ(tags, url, { name: (t) => t.name }), url.searchParams.get('sort'), 'name');
      return list(res, reqId, url, sorted.slice((p.page - 1) * p.pageSize, p.page * p.pageSize), p, sorted.length);
    }
    if (sub === 'tags' && seg.length === 7 && m === 'POST') {
      requireWrite(u, project);
      let body: { name?: unknown };
      try { body = JSON.parse((await readBody(req)).toString('utf8')) as { name?: unknown }; } catch { throw new HttpError(400, 'BAD_REQUEST', 'invalid JSON body'); }
      const name = body.name;
      if (typeof name !== 'string' || !/^[\w][\w.-]{0,127}$/.test(name)) throw new HttpError(400, 'BAD_REQUEST', 'invalid tag name');
      if (st.tags.has(name)) throw new HttpError(409, 'CONFLICT', `the tag ${name} already exists in repository ${repo}`);
      // A real tag in the registry: PUT the same manifest bytes under the new tag.
      const r = await reg('PUT', `/v2/${repo}/manifests/${name}`, all(repo), { headers: { 'content-type': art.info.mediaType }, body: art.info.bytes });
      if (r.status !== 201) throw new HttpError(500, 'UNKNOWN', `registry answered ${r.status}`);
      deletedTags.get(repo)?.delete(name);
      firstSeen.delete(`${repo}:${name}`);
      policy.record(project, userName(u), 'create', 'tag', `${repo}:${name}`);
      const location = `/api/v2.0/projects/${project}/repositories/${encodeURIComponent(encodeURIComponent(repoSeg))}/artifacts/${art.digest}/tags/${name}`;
      return send(res, reqId, 201, undefined, { location });
    }
    if (sub === 'tags' && seg.length === 8 && m === 'DELETE') {
      requirePerm(u, project, 'tag-delete');
      const tag = seg[7];
      if (!art.tags.includes(tag)) throw new HttpError(404, 'NOT_FOUND', `tag ${tag} not found on ${ref}`);
      refuseImmutable(project, repo, [tag]);
      policy.record(project, userName(u), 'delete', 'tag', `${repo}:${tag}`);
      const hidden = deletedTags.get(repo) ?? new Map<string, string>();
      hidden.set(tag, art.digest);
      deletedTags.set(repo, hidden);
      knownDigests.get(repo)?.add(art.digest); // the artifact stays, untagged
      return send(res, reqId, 200);
    }
    if (sub === 'labels' && seg.length === 7 && m === 'POST') {
      requireWrite(u, project);
      const b = await jsonBody<{ id?: unknown }>(req);
      const label = policy.labels.find((l) => l.id === b.id);
      if (!label || (label.scope === 'p' && label.project_id !== idOf(`project:${project}`))) throw new HttpError(404, 'NOT_FOUND', `label ${String(b.id)} not found`);
      const key = `${repo}@${art.digest}`;
      const ids = policy.artifactLabels.get(key) ?? [];
      if (ids.includes(label.id)) throw new HttpError(409, 'CONFLICT', `label ${label.name} is already on the artifact`);
      policy.artifactLabels.set(key, [...ids, label.id]);
      return send(res, reqId, 200);
    }
    if (sub === 'labels' && seg.length === 8 && m === 'DELETE') {
      requireWrite(u, project);
      const key = `${repo}@${art.digest}`;
      const ids = policy.artifactLabels.get(key) ?? [];
      if (!ids.includes(Number(seg[7]))) throw new HttpError(404, 'NOT_FOUND', `label ${seg[7]} is not on the artifact`);
      policy.artifactLabels.set(key, ids.filter((i) => i !== Number(seg[7])));
      return send(res, reqId, 200);
    }
    if (sub === 'scan' && seg.length === 7 && m === 'POST') {
      requireWrite(u, project);
      const body = (await readBody(req)).toString('utf8');
      if (body) {
        let t: { scan_type?: unknown };
        try { t = JSON.parse(body) as { scan_type?: unknown }; } catch { throw new HttpError(400, 'BAD_REQUEST', 'invalid JSON body'); }
        if (t.scan_type !== undefined && t.scan_type !== 'vulnerability' && t.scan_type !== 'sbom') throw new HttpError(400, 'BAD_REQUEST', 'invalid scan_type');
      }
      const isImage = art.info.isIndex || (art.info.configMediaType !== undefined && IMAGE_CONFIG_TYPES.has(art.info.configMediaType));
      if (!isImage) throw new HttpError(422, 'UNPROCESSABLE_ENTITY', 'the artifact cannot be scanned');
      scans.set(`${repo}@${art.digest}`, { reportId: randomBytes(16).toString('hex'), polls: 0, start: new Date().toISOString() });
      return send(res, reqId, 202);
    }
    if (sub === 'accessories' && seg.length === 7 && m === 'GET') {
      const p = paging(url);
      const model = artifactModel(project, repo, art, new URL(`${url.pathname}?with_accessory=true&with_tag=false`, url), req, false);
      const items = (model.accessories as unknown[] | null) ?? [];
      return list(res, reqId, url, items.slice((p.page - 1) * p.pageSize, p.page * p.pageSize), p, items.length);
    }
    if (sub === 'additions' && seg.length === 8 && m === 'GET') {
      if (seg[7] === 'vulnerabilities') {
        const mime = chooseMime(req);
        const s = scanSummary(repo, art, true);
        // The body is keyed by the MIME type that matched, `{}` when there is no report
        // (src: src/server/v2.0/handler/artifact.go GetVulnerabilitiesAddition).
        if (!mime || !s || s.scan_status !== 'Success') return send(res, reqId, 200, {});
        return send(res, reqId, 200, { [mime]: harborReport(art.digest) });
      }
      if (seg[7] === 'build_history') {
        const hist = (art.info.config as { history?: unknown[] } | undefined)?.history ?? [];
        return send(res, reqId, 200, hist);
      }
      throw new HttpError(404, 'NOT_FOUND', `addition ${seg[7]} not found`);
    }
    throw new HttpError(404, 'NOT_FOUND', `no route for ${m} ${url.pathname}`);
  }


  // --- project policy, labels, audit, replication, artifact copy (state in harbor-policy-state.ts) ---
  function requireAdmin(u: User): void {
    if (!u) throw new HttpError(401, 'UNAUTHORIZED', 'unauthorized');
    if (u.kind !== 'admin') throw new HttpError(403, 'FORBIDDEN', 'forbidden');
  }
  const userName = (u: User): string => u?.name ?? 'anonymous';
  /** Harbor's 412 for a protected tag (src/server/middleware/immutable); repository deletes declare it in the swagger. */
  function refuseImmutable(project: string, repo: string, tags: string[]): void {
    const t = tags.find((x) => policy.protecting(project, repo.slice(project.length + 1), x));
    if (t !== undefined) throw new HttpError(412, 'PRECONDITION', `Failed to process request due to 'immutable tag' ${repo}:${t}`);
  }
  function allowlistFrom(body: unknown): { items: Array<{ cve_id: string }>; expires_at: number | null; update_time: string } {
    const b = (body ?? {}) as { items?: unknown; expires_at?: unknown };
    if (b.items !== undefined && b.items !== null && !Array.isArray(b.items)) throw new HttpError(400, 'BAD_REQUEST', 'items must be a list');
    const items = ((b.items as Array<{ cve_id?: unknown }> | null) ?? []).map((i) => {
      if (!i || typeof i.cve_id !== 'string' || !i.cve_id.trim()) throw new HttpError(400, 'BAD_REQUEST', 'invalid CVE id');
      return { cve_id: i.cve_id };
    });
    if (b.expires_at !== undefined && b.expires_at !== null && (typeof b.expires_at !== 'number' || !Number.isInteger(b.expires_at))) throw new HttpError(400, 'BAD_REQUEST', 'expires_at must be an integer');
    return { items, expires_at: (b.expires_at as number | null | undefined) ?? null, update_time: new Date().toISOString() };
  }
  const METADATA_KEYS = new Set(['public', 'enable_content_trust', 'enable_content_trust_cosign', 'prevent_vul', 'severity', 'auto_scan', 'reuse_sys_cve_allowlist']);
  const BOOL_KEYS = new Set(['public', 'enable_content_trust', 'enable_content_trust_cosign', 'prevent_vul', 'auto_scan', 'reuse_sys_cve_allowlist']);

  /** Routes outside /projects: /labels, /system/CVEAllowlist, /replication/*. Returns false when not one of them. */
  async function policyTopRoutes(req: IncomingMessage, res: ServerResponse, url: URL, reqId: string, seg: string[], m: string, u: User): Promise<boolean> {
    if (seg[0] === 'labels' && seg.length === 1 && m === 'GET') {
      if (!u) throw new HttpError(401, 'UNAUTHORIZED', 'unauthorized');
      const p = paging(url);
      const scope = url.searchParams.get('scope') ?? 'g';
      if (scope !== 'g' && scope !== 'p') throw new HttpError(400, 'BAD_REQUEST', 'invalid scope');
      const pid = Number(url.searchParams.get('project_id'));
      if (scope === 'p' && !Number.isInteger(pid)) throw new HttpError(400, 'BAD_REQUEST', 'project_id is required for scope p');
      const items = policy.labels.filter((l) => l.scope === scope && (scope === 'g' || l.project_id === pid));
      const sorted = applySort(filterQ(items, url, { name: (l) => l.name }), url.searchParams.get('sort'), 'name');
      list(res, reqId, url, sorted.slice((p.page - 1) * p.pageSize, p.page * p.pageSize), p, sorted.length);
      return true;
    }
    if (seg[0] === 'labels' && seg.length === 1 && m === 'POST') {
      if (!u) throw new HttpError(401, 'UNAUTHORIZED', 'unauthorized');
      const b = await jsonBody<{ name?: unknown; description?: unknown; color?: unknown; scope?: unknown; project_id?: unknown }>(req);
      if (typeof b.name !== 'string' || !b.name.trim() || b.name.length > 128) throw new HttpError(400, 'BAD_REQUEST', 'invalid label name');
      if (b.scope !== 'g' && b.scope !== 'p') throw new HttpError(400, 'BAD_REQUEST', 'invalid scope');
      if (b.scope === 'g') requireAdmin(u);
      const pid = typeof b.project_id === 'number' ? b.project_id : 0;
      if (b.scope === 'p') {
        const proj = (await projectNames()).find((n) => idOf(`project:${n}`) === pid);
        if (!proj) throw new HttpError(400, 'BAD_REQUEST', 'project_id does not name a project');
        requireAdmin(u);
      }
      if (policy.labels.some((l) => l.name === b.name && l.scope === b.scope && (b.scope === 'g' || l.project_id === pid))) throw new HttpError(409, 'CONFLICT', `label ${b.name} already exists`);
      const id = policy.addLabel({ name: b.name, description: typeof b.description === 'string' ? b.description : '', color: typeof b.color === 'string' ? b.color : '', scope: b.scope, project_id: pid });
      send(res, reqId, 201, undefined, { location: `/api/v2.0/labels/${id}` });
      return true;
    }
    if (seg[0] === 'system' && seg[1] === 'CVEAllowlist' && seg.length === 2) {
      if (!u) throw new HttpError(401, 'UNAUTHORIZED', 'unauthorized');
      const a = policy.systemAllowlist;
      if (m === 'GET') { send(res, reqId, 200, { id: 1, project_id: 0, items: a.items, ...(a.expires_at ? { expires_at: a.expires_at } : {}), creation_time: '0001-01-01T00:00:00.000Z', update_time: a.update_time }); return true; }
      if (m === 'PUT') { requireAdmin(u); policy.systemAllowlist = allowlistFrom(await jsonBody<unknown>(req)); send(res, reqId, 200); return true; }
    }
    if (seg[0] === 'replication' && seg.length === 2 && m === 'GET' && (seg[1] === 'policies' || seg[1] === 'executions')) {
      requireAdmin(u); // replication is a system-admin page in Harbor
      const p = paging(url);
      let items: Array<Record<string, unknown>>;
      if (seg[1] === 'policies') {
        items = applySort(filterQ(policy.replication.policies, url, { name: (x) => x.name }), url.searchParams.get('sort'), 'name');
      } else {
        const pid = url.searchParams.get('policy_id');
        items = policy.replication.executions.filter((e) => pid === null || String(e.policy_id) === pid);
        items = applySort(items, url.searchParams.get('sort'), '-start_time');
      }
      list(res, reqId, url, items.slice((p.page - 1) * p.pageSize, p.page * p.pageSize), p, items.length);
      return true;
    }
    return false;
  }

  /** updateProject's metadata (swagger ProjectMetadata, all strings) and cve_allowlist, into the policy state. */
  function updateProjectPolicy(project: string, b: { metadata?: Record<string, unknown>; cve_allowlist?: unknown }): void {
    if (b.metadata !== undefined) {
      const md = { ...policy.metadata.get(project) };
      for (const [k, v] of Object.entries(b.metadata ?? {})) {
        if (!METADATA_KEYS.has(k) || typeof v !== 'string') throw new HttpError(400, 'BAD_REQUEST', `invalid metadata ${k}`);
        if (BOOL_KEYS.has(k) && v !== 'true' && v !== 'false') throw new HttpError(400, 'BAD_REQUEST', `invalid value of ${k}`);
        if (k === 'severity' && !['none', 'low', 'medium', 'high', 'critical'].includes(v)) throw new HttpError(400, 'BAD_REQUEST', 'invalid severity');
        if (k === 'public') continue; // public/private belongs to the projects feature of this server
        md[k] = v;
      }
      policy.metadata.set(project, md);
    }
    if (b.cve_allowlist !== undefined) policy.allowlists.set(project, allowlistFrom(b.cve_allowlist));
  }

  /** /projects/{p}/immutabletagrules, /projects/{p}/logs (PUT /projects/{p}: projectAdminApi). Returns false when not one of them. */
  async function policyProjectRoutes(req: IncomingMessage, res: ServerResponse, url: URL, reqId: string, seg: string[], m: string, u: User, project: string): Promise<boolean> {
    if (seg[2] === 'immutabletagrules') {
      if (seg.length === 3 && m === 'GET') {
        if (!u) throw new HttpError(401, 'UNAUTHORIZED', 'unauthorized');
        const p = paging(url);
        const rules = policy.rules.get(project) ?? [];
        list(res, reqId, url, rules.slice((p.page - 1) * p.pageSize, p.page * p.pageSize).map((r) => ({ ...r, params: r.params ?? {} })), p, rules.length);
        return true;
      }
      if (seg.length === 3 && m === 'POST') {
        requireAdmin(u);
        const b = await jsonBody<HarborImmutableRule>(req);
        const sel = (x: unknown): boolean => Array.isArray(x) && x.length > 0 && x.every((y) => y && typeof y === 'object' && typeof (y as { pattern?: unknown }).pattern === 'string');
        if (!sel(b.tag_selectors) || !sel(b.scope_selectors?.repository)) throw new HttpError(400, 'BAD_REQUEST', 'a rule needs tag and repository selectors');
        const id = policy.addRule(project, { disabled: !!b.disabled, action: b.action ?? 'immutable', template: b.template ?? 'immutable_template', priority: b.priority ?? 0, tag_selectors: b.tag_selectors, scope_selectors: { repository: b.scope_selectors!.repository } });
        send(res, reqId, 201, undefined, { location: `/api/v2.0/projects/${project}/immutabletagrules/${id}` });
        return true;
      }
      if (seg.length === 4 && m === 'DELETE') {
        requireAdmin(u);
        const rules = policy.rules.get(project) ?? [];
        const i = rules.findIndex((r) => String(r.id) === seg[3]);
        if (i < 0) throw new HttpError(404, 'NOT_FOUND', `rule ${seg[3]} not found`);
        rules.splice(i, 1);
        send(res, reqId, 200);
        return true;
      }
    }
    if (seg[2] === 'logs' && seg.length === 3 && m === 'GET') {
      if (!u) throw new HttpError(401, 'UNAUTHORIZED', 'unauthorized');
      const p = paging(url);
      const rows = policy.audit.filter((r) => r.project === project).map(({ project: _p, ...r }) => r);
      const matched = filterQ(rows, url, { username: (r) => r.username, resource: (r) => r.resource, resource_type: (r) => r.resource_type, operation: (r) => r.operation,
        // Times compare as times: the row's RFC 3339 time in the "2006-01-02 15:04:05" form q values use (UTC).
        op_time: (r) => new Date(r.op_time).toISOString().slice(0, 19).replace('T', ' ') });
      const sorted = applySort(matched, url.searchParams.get('sort'), '-op_time');
      list(res, reqId, url, sorted.slice((p.page - 1) * p.pageSize, p.page * p.pageSize), p, sorted.length);
      return true;
    }
    return false;
  }

  /** Harbor's artifact copy (CopyArtifact): blobs mounted from the source repository, the manifest and its tags put. */
  async function copyArtifact(req: IncomingMessage, res: ServerResponse, url: URL, reqId: string, u: User, project: string, repo: string): Promise<void> {
    requireWrite(u, project);
    const from = url.searchParams.get('from') ?? '';
    const mm = /^([^/]+)\/(.+?)(?:@(sha256:[0-9a-f]{64})|:([\w][\w.-]{0,127}))$/.exec(from);
    if (!mm) throw new HttpError(400, 'BAD_REQUEST', `invalid from: ${from}`);
    const srcProject = mm[1];
    const srcRepo = `${mm[1]}/${mm[2]}`;
    requireRead(u, srcProject);
    if (!(await catalog()).includes(srcRepo)) throw new HttpError(404, 'NOT_FOUND', `repository ${srcRepo} not found`);
    const src = findArtifact(await repoState(srcRepo), mm[3] ?? mm[4]);
    const dstState = (await catalog()).includes(repo) ? await repoState(repo) : undefined;
    refuseImmutable(project, repo, src.tags.filter((t) => dstState?.tags.has(t) && dstState.tags.get(t) !== src.digest));
    const scopes = [...pull(srcRepo), ...all(repo)];
    const put = async (digest: string): Promise<ManifestInfo> => {
      const info = await manifest(srcRepo, digest);
      if (!info) throw new HttpError(404, 'NOT_FOUND', `artifact ${digest} not found`);
      const j = JSON.parse(info.bytes.toString('utf8')) as { config?: Descriptor; layers?: Descriptor[] };
      for (const c of info.children) await put(c.digest);
      for (const b of [...(j.config ? [j.config] : []), ...(j.layers ?? [])]) {
        const r = await reg('POST', `/v2/${repo}/blobs/uploads/?mount=${b.digest}&from=${srcRepo}`, scopes);
        if (r.status !== 201) throw new HttpError(500, 'UNKNOWN', `mount ${b.digest}: registry answered ${r.status}`);
      }
      const r = await reg('PUT', `/v2/${repo}/manifests/${digest}`, scopes, { headers: { 'content-type': info.mediaType }, body: info.bytes });
      if (r.status !== 201) throw new HttpError(500, 'UNKNOWN', `registry answered ${r.status}`);
      return info;
    };
    const info = await put(src.digest);
    for (const t of src.tags) {
      const r = await reg('PUT', `/v2/${repo}/manifests/${t}`, scopes, { headers: { 'content-type': info.mediaType }, body: info.bytes });
      if (r.status !== 201) throw new HttpError(500, 'UNKNOWN', `registry answered ${r.status}`);
      deletedTags.get(repo)?.delete(t);
    }
    deletedRepos.delete(repo);
    const k = knownDigests.get(repo) ?? new Set<string>(); k.add(src.digest); knownDigests.set(repo, k);
    policy.record(project, userName(u), 'create', 'artifact', `${repo}@${src.digest}`);
    const enc = encodeURIComponent(encodeURIComponent(repo.slice(project.length + 1)));
    send(res, reqId, 201, undefined, { location: `/api/v2.0/projects/${project}/repositories/${enc}/artifacts/${src.digest}` });
  }

  /** Harbor's report (src/pkg/scan/vuln/report.go) built from the scanner-adapter example. */
  function harborReport(digest: string): Record<string, unknown> {
    return {
      generated_at: new Date().toISOString(),
      scanner: exampleReport.scanner,
      severity: worst(exampleReport.vulnerabilities.map((v) => v.severity)),
      vulnerabilities: exampleReport.vulnerabilities.map((v) => ({
        id: v.id, package: v.package, version: v.version, fix_version: v.fix_version ?? '', severity: v.severity, status: '',
        description: v.description, links: v.links ?? [], artifact_digests: [digest],
        preferred_cvss: v.preferred_cvss, cwe_ids: v.cwe_ids ?? [], vendor_attributes: v.vendor_attributes,
      })),
    };
  }

  // --- /service/token: Harbor's token service, with Harbor's users and permissions ---
  async function tokenService(req: IncomingMessage, res: ServerResponse, url: URL, reqId: string): Promise<void> {
    const user = authenticate(req);
    if (user === 'bad') return send(res, reqId, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'invalid credentials' }] }, { 'www-authenticate': 'Basic realm="harbor"' });
    const granted: string[] = [];
    for (const s of url.searchParams.getAll('scope').flatMap((x) => x.split(' ')).filter(Boolean)) {
      const first = s.indexOf(':'); const last = s.lastIndexOf(':');
      const type = s.slice(0, first); const name = s.slice(first + 1, last);
      const actions = s.slice(last + 1).split(',');
      if (type === 'registry' && user?.kind === 'admin') { granted.push(s); continue; }
      if (type !== 'repository') continue;
      const project = name.split('/')[0];
      const ok = actions.filter((a) => (a === 'pull' ? canRead(user, project) : a === 'delete' ? can(user, project, 'repository-delete') : canWrite(user, project)) || (a === '*' && canWrite(user, project)));
      if (ok.length) granted.push(`repository:${name}:${ok.join(',')}`);
    }
    // The backing registry trusts its own token server: ask it for exactly the granted scopes.
    const u = new URL(backend.realm as string);
    u.searchParams.set('service', backend.service as string);
    for (const s of granted) u.searchParams.append('scope', s);
    const r = await fetch(u, { headers: granted.length ? { authorization: basicBackend } : {} });
    const body = Buffer.from(await r.arrayBuffer());
    res.writeHead(r.status, { 'content-type': 'application/json', 'x-request-id': reqId });
    res.end(body);
  }

  // --- /v2/: proxied to the real registry, the challenge pointing at /service/token ---
  function proxy(req: IncomingMessage, res: ServerResponse, url: URL, selfUrl: string, body: Buffer): void {
    const target = new URL(backend.url);
    const tagsList = /^\/v2\/(.+)\/tags\/list$/.exec(url.pathname);
    const catalogPath = url.pathname === '/v2/_catalog';
    const manifestPath = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
    const headers = { ...req.headers };
    delete headers['content-length'];
    if (body.length) headers['content-length'] = String(body.length);
    const up = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (ur) => {
      const h = { ...ur.headers };
      const challenge = h['www-authenticate'];
      if (typeof challenge === 'string') h['www-authenticate'] = challenge.replace(/realm="[^"]*"/, `realm="${selfUrl}/service/token"`);
      const filter = (tagsList || catalogPath) && ur.statusCode === 200 && req.method === 'GET';
      if (!filter) {
        if (manifestPath && req.method === 'PUT' && ur.statusCode === 201) {
          // Harbor core sees every push: the artifact and tag become visible again if they were deleted.
          const repo = decodeURIComponent(manifestPath[1]);
          const d = ur.headers['docker-content-digest'];
          deletedRepos.delete(repo);
          deletedTags.get(repo)?.delete(manifestPath[2]);
          if (typeof d === 'string') { const k = knownDigests.get(repo) ?? new Set<string>(); k.add(d); knownDigests.set(repo, k); stamp(`${repo}@${d}`); }
        }
        res.writeHead(ur.statusCode ?? 502, h);
        ur.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      ur.on('data', (c: Buffer) => chunks.push(c));
      ur.on('end', () => {
        let out = Buffer.concat(chunks);
        try {
          if (tagsList) {
            const j = JSON.parse(out.toString('utf8')) as { name: string; tags: string[] | null };
            const hidden = deletedTags.get(j.name);
            if (hidden && j.tags) j.tags = j.tags.filter((t) => !hidden.has(t));
            out = Buffer.from(JSON.stringify(j));
          } else {
            const j = JSON.parse(out.toString('utf8')) as { repositories: string[] };
            j.repositories = (j.repositories ?? []).filter((n) => !deletedRepos.has(n));
            out = Buffer.from(JSON.stringify(j));
          }
        } catch { /* pass the body through unchanged */ }
        h['content-length'] = String(out.length);
        res.writeHead(ur.statusCode ?? 200, h);
        res.end(out);
      });
    });
    up.on('error', (e) => { if (!res.headersSent) send(res, 'proxy', 502, { errors: [{ code: 'UNKNOWN', message: e.message }] }); else res.destroy(); });
    up.end(body);
  }

  // --- project administration: members, quotas, proxy caches, robots (Harbor API v2.0 swagger tags project,
  // member, quota, registry, robot, user; handlers in src/server/v2.0/handler/{project,member,quota,registry,robot,user}.go) ---
  interface MemberRec { id: number; name: string; type: 'u' | 'g'; role: HarborRole }
  const memberships = new Map<string, MemberRec[]>();
  /** A project's members: as configured, or by default every HARBOR_USERS user with the role of its name. */
  function membersOf(project: string): MemberRec[] {
    let ms = memberships.get(project);
    if (!ms) {
      const who = opts.members ? opts.members[project] ?? {} : Object.fromEntries(Object.entries(HARBOR_USERS).map(([n, x]) => [n, x.role]));
      ms = Object.entries(who).map(([name, role]) => ({ id: idOf(`member:${project}:${name}`), name, type: name in HARBOR_GROUPS ? 'g' as const : 'u' as const, role }));
      memberships.set(project, ms);
    }
    return ms;
  }
  function roleOf(user: string, project: string): HarborRole | undefined {
    const roles = membersOf(project).filter((m) => m.type === 'u' && m.name === user).map((m) => m.role);
    return ROLE_ORDER.find((r) => roles.includes(r));
  }
  const proxies = new Map<string, { id: number; name: string; url: string }>();
  for (const [project, up] of Object.entries(opts.proxyProjects ?? {})) { extraProjects.add(project); proxies.set(project, { id: idOf(`registry:${up.name}`), ...up }); }
  const storageLimits = new Map<string, number>(); // project → bytes (-1 unlimited)
  interface RobotRec {
    id: number; name: string; secret: string; description: string; level: string; duration: number; disable: boolean; expires_at: number;
    permissions: Array<{ kind: string; namespace: string; access: Array<{ resource: string; action: string; effect?: string }> }>;
    creation_time: string; update_time: string;
  }
  const robots = new Map<number, RobotRec>();
  const robotModel = (r: RobotRec): Record<string, unknown> => ({
    id: r.id, name: r.name, description: r.description, level: r.level, duration: r.duration, editable: true, disable: r.disable, expires_at: r.expires_at,
    permissions: r.permissions, creator_type: 'local', creator_ref: 1, creation_time: r.creation_time, update_time: r.update_time,
  });
  async function jsonBody<T>(req: IncomingMessage): Promise<T> {
    try { return JSON.parse((await readBody(req)).toString('utf8')) as T; } catch { throw new HttpError(400, 'BAD_REQUEST', 'invalid JSON body'); }
  }
  async function storageUsed(project: string): Promise<number> {
    let used = 0;
    for (const r of (await catalog()).filter((n) => n.startsWith(`${project}/`))) for (const a of (await repoState(r)).artifacts) used += a.info.size;
    return used;
  }
  const isSysadmin = (u: User): boolean => u?.kind === 'admin';
  function robotProject(r: RobotRec): string | undefined { return r.level === 'project' ? r.permissions[0]?.namespace : undefined; }
  function requireRobotPerm(u: User, r: RobotRec | { level: string; namespace?: string }, action: string): void {
    const project = 'id' in r ? robotProject(r) : r.namespace;
    if (r.level === 'system' || !project) { if (!isSysadmin(u)) throw new HttpError(u ? 403 : 401, u ? 'FORBIDDEN' : 'UNAUTHORIZED', 'system robots need a system admin'); return; }
    requirePerm(u, project, `robot-${action}`);
  }

  /** Routes outside /projects/{p}: project creation, permissions, registries, quotas, robots. */
  async function adminApi(req: IncomingMessage, res: ServerResponse, url: URL, reqId: string, seg: string[], m: string, u: User): Promise<boolean> {
    if (seg[0] === 'projects' && seg.length === 1 && m === 'POST') {
      if (!u || u.kind === 'robot') throw new HttpError(401, 'UNAUTHORIZED', 'unauthorized');
      const body = await jsonBody<{ project_name?: unknown; metadata?: { public?: unknown }; storage_limit?: unknown; public?: unknown }>(req);
      const name = body.project_name;
      // Harbor's rule (handler/project.go): lower case, digits, single separators; at most 255.
      if (typeof name !== 'string' || name.length > 255 || !/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(name)) throw new HttpError(400, 'BAD_REQUEST', 'project name is not in lower case or contains illegal characters');
      if ((await projectNames()).includes(name)) throw new HttpError(409, 'CONFLICT', `the project named ${name} already exists`);
      if (body.storage_limit !== undefined && body.storage_limit !== null && (typeof body.storage_limit !== 'number' || !Number.isInteger(body.storage_limit) || (body.storage_limit < 1 && body.storage_limit !== -1))) {
        throw new HttpError(400, 'BAD_REQUEST', 'invalid storage_limit');
      }
      extraProjects.add(name);
      projectCreated.set(name, new Date().toISOString());
      if (body.metadata?.public === 'true' || body.public === true) publicProjects.add(name);
      storageLimits.set(name, typeof body.storage_limit === 'number' ? body.storage_limit : -1);
      // The creator becomes the project's admin (Harbor adds the owner as a projectAdmin member).
      memberships.set(name, [{ id: idOf(`member:${name}:${u.name}`), name: u.name, type: 'u', role: 'projectAdmin' }]);
      send(res, reqId, 201, undefined, { location: `/api/v2.0/projects/${idOf(`project:${name}`)}` });
      return true;
    }
    if (seg.length === 3 && seg[0] === 'users' && seg[1] === 'current' && seg[2] === 'permissions' && m === 'GET') {
      if (!u) throw new HttpError(401, 'UNAUTHORIZED', 'unauthorized');
      const scope = url.searchParams.get('scope') ?? '';
      const relative = url.searchParams.get('relative') === 'true';
      const mm = /^\/project\/(\d+)$/.exec(scope);
      const project = mm ? (await projectNames()).find((n) => idOf(`project:${n}`) === Number(mm[1])) : undefined;
      if (!project) { send(res, reqId, 200, []); return true; }
      const perms = permsOf(u, project).map((w) => {
        const i = w.lastIndexOf('-');
        const resource = w.slice(0, i) === 'project' ? '' : w.slice(0, i);
        return { resource: relative ? resource : `${scope}${resource ? `/${resource}` : ''}`, action: w.slice(i + 1) };
      });
      send(res, reqId, 200, perms);
      return true;
    }
    if (seg.length === 2 && seg[0] === 'registries' && m === 'GET') {
      if (!u) throw new HttpError(401, 'UNAUTHORIZED', 'unauthorized');
      if (!isSysadmin(u)) throw new HttpError(403, 'FORBIDDEN', 'forbidden');
      const r = [...proxies.values()].find((x) => x.id === Number(seg[1]));
      if (!r) throw new HttpError(404, 'NOT_FOUND', `registry ${seg[1]} not found`);
      send(res, reqId, 200, { id: r.id, name: r.name, url: r.url, type: 'docker-hub', insecure: false, description: '', status: 'healthy', credential: { type: 'basic', access_key: '', access_secret: '*****' },
        creation_time: '2024-01-01T00:00:00.000Z', update_time: '2024-01-01T00:00:00.000Z' });
      return true;
    }
    if (seg[0] === 'quotas') {
      if (!u) throw new HttpError(401, 'UNAUTHORIZED', 'unauthorized');
      const names = await projectNames();
      if (seg.length === 1 && m === 'GET') {
        const p = paging(url);
        const refId = url.searchParams.get('reference_id');
        const chosen = names.filter((n) => (!refId || String(idOf(`project:${n}`)) === refId) && (isSysadmin(u) || can(u, n, 'quota-read')));
        const items = await Promise.all(chosen.map(async (n) => ({ id: idOf(`quota:${n}`), ref: { id: idOf(`project:${n}`), name: n, owner_name: 'admin' },
          hard: { storage: storageLimits.get(n) ?? -1 }, used: { storage: await storageUsed(n) }, creation_time: projectCreated.get(n) ?? '2024-01-01T00:00:00.000Z', update_time: projectCreated.get(n) ?? '2024-01-01T00:00:00.000Z' })));
        list(res, reqId, url, items.slice((p.page - 1) * p.pageSize, p.page * p.pageSize), p, items.length);
        return true;
      }
      if (seg.length === 2 && m === 'PUT') {
        // Harbor: only a system admin changes quotas (rbac system resource "quota").
        if (!isSysadmin(u)) throw new HttpError(403, 'FORBIDDEN', 'forbidden');
        const n = names.find((x) => String(idOf(`quota:${x}`)) === seg[1]);
        if (!n) throw new HttpError(404, 'NOT_FOUND', `quota ${seg[1]} not found`);
        const body = await jsonBody<{ hard?: { storage?: unknown } }>(req);
        const v = body.hard?.storage;
        if (typeof v !== 'number' || !Number.isInteger(v) || (v < 1 && v !== -1)) throw new HttpError(400, 'BAD_REQUEST', 'invalid hard limits');
        storageLimits.set(n, v);
        send(res, reqId, 200);
        return true;
      }
    }
    if (seg[0] === 'robots') {
      // GET /robots declares only 200, 400, 404 and 500 (swagger operation ListRobot): a caller who may not list
      // robots at that level gets 400, the closest declared answer (Harbor itself answers 401/403 there).
      const listing = seg.length === 1 && m === 'GET';
      if (!u) throw listing ? new HttpError(400, 'BAD_REQUEST', 'sign in to list robot accounts') : new HttpError(401, 'UNAUTHORIZED', 'unauthorized');
      if (listing) {
        const p = paging(url);
        const terms = parseQuery(url.searchParams.get('q') ?? '');
        const level = terms.find((t) => t.key === 'Level')?.values[0];
        const pid = terms.find((t) => t.key === 'ProjectID')?.values[0];
        const project = pid ? (await projectNames()).find((n) => String(idOf(`project:${n}`)) === pid) : undefined;
        if (level === 'project' && !project) throw new HttpError(404, 'NOT_FOUND', 'project not found');
        if (level === 'project' ? !can(u, project!, 'robot-list') : !isSysadmin(u)) throw new HttpError(400, 'BAD_REQUEST', 'no permission to list these robot accounts');
        const items = [...robots.values()].filter((r) => (!level || r.level === level) && (!project || robotProject(r) === project)).sort((a, b) => a.id - b.id);
        list(res, reqId, url, items.slice((p.page - 1) * p.pageSize, p.page * p.pageSize).map(robotModel), p, items.length);
        return true;
      }
      if (seg.length === 1 && m === 'POST') {
        const body = await jsonBody<{ name?: unknown; description?: unknown; level?: unknown; duration?: unknown; disable?: unknown; permissions?: RobotRec['permissions'] }>(req);
        if (typeof body.name !== 'string' || !/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(body.name)) throw new HttpError(400, 'BAD_REQUEST', 'invalid robot name');
        if (body.level !== 'project' && body.level !== 'system') throw new HttpError(400, 'BAD_REQUEST', 'invalid level');
        if (typeof body.duration !== 'number' || !Number.isInteger(body.duration) || (body.duration < 1 && body.duration !== -1)) throw new HttpError(400, 'BAD_REQUEST', 'duration must be either -1(Never) or a positive integer');
        const perms = Array.isArray(body.permissions) ? body.permissions : [];
        if (!perms.length || perms.some((x) => x.kind !== 'project' || typeof x.namespace !== 'string' || !Array.isArray(x.access) || !x.access.length)) throw new HttpError(400, 'BAD_REQUEST', 'invalid permissions');
        const project = body.level === 'project' ? perms[0].namespace : undefined;
        if (project && !(await projectNames()).includes(project)) throw new HttpError(404, 'NOT_FOUND', `project ${project} not found`);
        requireRobotPerm(u, { level: body.level, namespace: project }, 'create');
        // Names are robot$<project>+<name> for project robots, robot$<name> for system robots (src/controller/robot/controller.go).
        const full = project ? `robot$${project}+${body.name}` : `robot$${body.name}`;
        if ([...robots.values()].some((r) => r.name === full) || full === ROBOT.name) throw new HttpError(409, 'CONFLICT', `robot account ${full} already exists`);
        const id = idOf(`robot:${full}:${robots.size}`);
        const now = new Date().toISOString();
        const rec: RobotRec = { id, name: full, secret: randomBytes(16).toString('hex'), description: typeof body.description === 'string' ? body.description : '', level: body.level,
          duration: body.duration, disable: body.disable === true, expires_at: body.duration === -1 ? -1 : Math.floor(Date.now() / 1000) + body.duration * 86400,
          permissions: perms.map((x) => ({ kind: x.kind, namespace: x.namespace, access: x.access.map((a) => ({ resource: a.resource, action: a.action, effect: a.effect ?? 'allow' })) })), creation_time: now, update_time: now };
        robots.set(id, rec);
        send(res, reqId, 201, { id, name: full, secret: rec.secret, creation_time: now, expires_at: rec.expires_at }, { location: `/api/v2.0/robots/${id}` });
        return true;
      }
      const r = robots.get(Number(seg[1]));
      if (seg.length === 2 && !r) throw new HttpError(404, 'NOT_FOUND', `robot ${seg[1]} not found`);
      if (seg.length === 2 && r) {
        if (m === 'GET') { requireRobotPerm(u, r, 'read'); send(res, reqId, 200, robotModel(r)); return true; }
        if (m === 'PUT') {
          requireRobotPerm(u, r, 'update');
          const body = await jsonBody<{ id?: unknown; name?: unknown; level?: unknown; disable?: unknown; description?: unknown }>(req);
          if (body.id !== r.id || body.name !== r.name || body.level !== r.level) throw new HttpError(400, 'BAD_REQUEST', 'cannot change the id, name or level of a robot');
          r.disable = body.disable === true;
          if (typeof body.description === 'string') r.description = body.description;
          r.update_time = new Date().toISOString();
          send(res, reqId, 200);
          return true;
        }
        if (m === 'PATCH') {
          requireRobotPerm(u, r, 'update');
          const body = await jsonBody<{ secret?: unknown }>(req);
          // An empty RobotSec: Harbor generates the new secret (handler/robot.go RefreshSec).
          r.secret = typeof body.secret === 'string' && body.secret ? body.secret : randomBytes(16).toString('hex');
          send(res, reqId, 200, { secret: r.secret });
          return true;
        }
        if (m === 'DELETE') { requireRobotPerm(u, r, 'delete'); robots.delete(r.id); send(res, reqId, 200); return true; }
      }
    }
    return false;
  }

  /** Routes under /projects/{p} besides repositories: update, delete, summary, members. */
  async function projectAdminApi(req: IncomingMessage, res: ServerResponse, url: URL, reqId: string, seg: string[], m: string, u: User, project: string): Promise<boolean> {
    const repos = (await catalog()).filter((n) => n.startsWith(`${project}/`));
    if (seg.length === 2 && m === 'PUT') {
      requirePerm(u, project, 'project-update');
      // updateProject with a ProjectReq: metadata.public here, the other metadata and the CVE allowlist in the
      // policy state (updateProjectPolicy).
      const body = await jsonBody<{ metadata?: Record<string, unknown>; cve_allowlist?: unknown }>(req);
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'BAD_REQUEST', 'invalid project');
      updateProjectPolicy(project, body);
      if (body.metadata?.public === 'true') publicProjects.add(project);
      else if (body.metadata?.public === 'false') publicProjects.delete(project);
      send(res, reqId, 200);
      return true;
    }
    if (seg.length === 2 && m === 'DELETE') {
      requirePerm(u, project, 'project-delete');
      if (repos.length) throw new HttpError(412, 'PRECONDITION', `the project contains repositories, can not be deleted`);
      extraProjects.delete(project); publicProjects.delete(project); memberships.delete(project); storageLimits.delete(project);
      send(res, reqId, 200);
      return true;
    }
    if (seg.length === 3 && seg[2] === '_deletable' && m === 'GET') {
      requirePerm(u, project, 'project-delete');
      send(res, reqId, 200, repos.length ? { deletable: false, message: 'the project contains repositories, can not be deleted' } : { deletable: true });
      return true;
    }
    if (seg.length === 3 && seg[2] === 'summary' && m === 'GET') {
      const ms = membersOf(project);
      const count = (role: HarborRole): number => ms.filter((x) => x.role === role).length;
      const out: Record<string, unknown> = { repo_count: repos.length, project_admin_count: count('projectAdmin'), maintainer_count: count('maintainer'), developer_count: count('developer'),
        guest_count: count('guest'), limited_guest_count: count('limitedGuest'), quota: { hard: { storage: storageLimits.get(project) ?? -1 }, used: { storage: await storageUsed(project) } } };
      const up = proxies.get(project);
      if (up) out.registry = { id: up.id, name: up.name, url: up.url, type: 'docker-hub', insecure: false, description: '', status: 'healthy', creation_time: '2024-01-01T00:00:00.000Z', update_time: '2024-01-01T00:00:00.000Z' };
      send(res, reqId, 200, out);
      return true;
    }
    if (seg[2] !== 'members') return false;
    const ms = membersOf(project);
    const entity = (x: MemberRec): Record<string, unknown> => ({ id: x.id, project_id: idOf(`project:${project}`), entity_name: x.name, role_name: x.role === 'projectAdmin' ? 'projectAdmin' : x.role,
      role_id: ROLE_IDS[x.role], entity_id: x.type === 'u' ? HARBOR_USERS[x.name]?.id ?? 1 : HARBOR_GROUPS[x.name], entity_type: x.type });
    const roleName = (id: unknown): HarborRole => {
      const r = (Object.keys(ROLE_IDS) as HarborRole[]).find((k) => ROLE_IDS[k] === id);
      if (!r) throw new HttpError(400, 'BAD_REQUEST', 'invalid role_id');
      return r;
    };
    if (seg.length === 3 && m === 'GET') {
      requirePerm(u, project, 'member-list');
      const p = paging(url);
      const q = url.searchParams.get('entityname');
      const items = ms.filter((x) => !q || x.name.includes(q));
      list(res, reqId, url, items.slice((p.page - 1) * p.pageSize, p.page * p.pageSize).map(entity), p, items.length);
      return true;
    }
    if (seg.length === 3 && m === 'POST') {
      requirePerm(u, project, 'member-create');
      const body = await jsonBody<{ role_id?: unknown; member_user?: { username?: unknown }; member_group?: { group_name?: unknown } }>(req);
      const role = roleName(body.role_id);
      const user = body.member_user?.username; const group = body.member_group?.group_name;
      const name = typeof user === 'string' ? user : typeof group === 'string' ? group : undefined;
      if (!name || (typeof user === 'string' ? !(user in HARBOR_USERS) && user !== ADMIN.name : !(name in HARBOR_GROUPS))) throw new HttpError(400, 'BAD_REQUEST', `${name ?? 'member'} is not a user or group of this Harbor`);
      if (ms.some((x) => x.name === name)) throw new HttpError(409, 'CONFLICT', `${name} is already a member of ${project}`);
      const rec: MemberRec = { id: idOf(`member:${project}:${name}`), name, type: typeof user === 'string' ? 'u' : 'g', role };
      ms.push(rec);
      send(res, reqId, 201, undefined, { location: `/api/v2.0/projects/${project}/members/${rec.id}` });
      return true;
    }
    const rec = ms.find((x) => String(x.id) === seg[3]);
    if (seg.length === 4 && !rec) throw new HttpError(404, 'NOT_FOUND', `member ${seg[3]} not found`);
    if (seg.length === 4 && rec) {
      if (m === 'GET') { requirePerm(u, project, 'member-read'); send(res, reqId, 200, entity(rec)); return true; }
      if (m === 'PUT') { requirePerm(u, project, 'member-update'); rec.role = roleName((await jsonBody<{ role_id?: unknown }>(req)).role_id); send(res, reqId, 200); return true; }
      if (m === 'DELETE') { requirePerm(u, project, 'member-delete'); ms.splice(ms.indexOf(rec), 1); send(res, reqId, 200); return true; }
    }
    return false;
  }

  let selfUrl = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    url.host = req.headers.host ?? url.host;
    log.push({ method: req.method ?? 'GET', path: url.pathname, query: url.search });
    const reqId = (req.headers['x-request-id'] as string | undefined) || randomBytes(8).toString('hex');
    const fail = (e: unknown): void => {
      const err = e instanceof HttpError ? e : new HttpError(500, 'UNKNOWN', (e as Error).message);
      if (res.headersSent) { res.destroy(); return; }
      // Harbor's API answers 401 with the error body only (no WWW-Authenticate: no browser prompt, no challenge).
      send(res, reqId, err.status, req.method === 'HEAD' ? undefined : { errors: [{ code: err.code, message: err.message }] });
    };
    if (url.pathname === '/v2' || url.pathname.startsWith('/v2/')) {
      readBody(req).then((b) => proxy(req, res, url, selfUrl, b), fail);
      return;
    }
    if (url.pathname === '/service/token') { tokenService(req, res, url, reqId).catch(fail); return; }
    if (url.pathname.startsWith('/api/v2.0/')) { api(req, res, url, reqId).catch(fail); return; }
    fail(new HttpError(404, 'NOT_FOUND', 'not found'));
  });
  server.keepAliveTimeout = 5000;
  let port: number;
  try {
    port = await listenLoopback(server);
  } catch (e) {
    await backend.stop();
    throw e;
  }
  selfUrl = `http://127.0.0.1:${port}`;
  return {
    url: selfUrl,
    registry: `127.0.0.1:${port}`,
    username: ADMIN.name,
    password: ADMIN.password,
    robot: { name: ROBOT.name, secret: ROBOT.secret },
    backend,
    policy,
    requests: () => log.slice(),
    clearRequests: () => { log.length = 0; },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.stop();
    },
  };
}
