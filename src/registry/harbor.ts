// Harbor's REST API (/api/v2.0) over the shared RegistryClient transport.
// Follows Harbor's API v2.0 swagger (api/v2.0/swagger.yaml in goharbor/harbor): Basic auth on every call and no
// cookies (so Harbor's CSRF check never applies), page/page_size/q/sort with X-Total-Count and Link,
// repository names URL-encoded twice, robot names (`robot$…`) kept literally in the Basic username.
import type { RegistryClient, RegistryResponse } from './client';
import { RegistryError } from './errors';
import { sleep } from './sleep';
import type { CallOptions, Page } from './types';
import {
  HARBOR_ACCEPT_VULNERABILITIES,
  type HarborAccessory, type HarborArtifact, type HarborCveAllowlist, type HarborProject, type HarborRepository, type HarborScanSummary, type HarborSystemInfo, type HarborTag, type HarborUser,
  type HarborRetentionPolicy, type HarborRetentionExecution, type HarborRetentionTask,
} from './harbor-types';

const API = '/api/v2.0';
/** swagger parameters.pageSize: maximum 100. */
export const HARBOR_MAX_PAGE_SIZE = 100;
const TERMINAL_SCAN = new Set(['Success', 'Error', 'Stopped']);

/** One term value of Harbor's `q` (ENDPOINTS.md "Conventions"). */
export type HarborQueryValue =
  | string | number
  | { fuzzy: string }
  | { range: [string | number | undefined, string | number | undefined] }
  | { anyOf: Array<string | number> }
  | { allOf: Array<string | number> };

export interface HarborListOptions extends CallOptions {
  page?: number;
  pageSize?: number;
  /** A ready `q` string (`name=~nginx,tags=*`) or terms to build one from. */
  q?: string | Record<string, HarborQueryValue>;
  sort?: string;
  /** The `next` of a previous page (a page number). */
  cursor?: string;
}

export interface HarborArtifactListOptions extends HarborListOptions {
  withTag?: boolean;            // default true
  withScanOverview?: boolean;   // default true
  withAccessory?: boolean;      // default true
  withLabel?: boolean;          // default false
  /** Tags carry `immutable` as the project's immutability rules decide (swagger: with_immutable_status). */
  withImmutableStatus?: boolean; // default false
}

function quoteIfNeeded(v: string | number): string {
  const s = String(v);
  // Values with separators or spaces are quoted; Harbor strips the quotes (src/lib/q/query.go).
  return /[,\s{}()[\]~="]/.test(s) ? `"${s.replace(/"/g, '')}"` : s;
}

/** Builds Harbor's `q`: comma-separated `k=v` (exact), `k=~v` (fuzzy), `k=[a~b]`, `k={a b}`, `k=(a b)`. */
export function buildHarborQuery(terms: Record<string, HarborQueryValue>): string {
  const out: string[] = [];
  for (const [k, v] of Object.entries(terms)) {
    if (!/^[A-Za-z_][\w.]*$/.test(k)) throw new RegistryError(`invalid Harbor query key ${JSON.stringify(k)}`, { code: 'QUERY_INVALID' });
    if (typeof v === 'string' || typeof v === 'number') out.push(`${k}=${quoteIfNeeded(v)}`);
    else if ('fuzzy' in v) out.push(`${k}=~${quoteIfNeeded(v.fuzzy)}`);
    else if ('range' in v) out.push(`${k}=[${v.range[0] === undefined ? '' : quoteIfNeeded(v.range[0])}~${v.range[1] === undefined ? '' : quoteIfNeeded(v.range[1])}]`);
    else if ('anyOf' in v) out.push(`${k}={${v.anyOf.map(quoteIfNeeded).join(' ')}}`);
    else out.push(`${k}=(${v.allOf.map(quoteIfNeeded).join(' ')})`);
  }
  return out.join(',');
}

/** Harbor wants repository names (which may contain `/`) URL-encoded twice in paths: a/b → a%252Fb. */
export function encodeHarborRepository(name: string): string {
  return encodeURIComponent(encodeURIComponent(name));
}

/** "proj/a/b" → { project: "proj", repository: "a/b" } (a Harbor project is the first path segment). */
export function splitHarborRepository(full: string): { project: string; repository: string } {
  const i = full.indexOf('/');
  if (i <= 0 || i === full.length - 1) throw new RegistryError(`not a Harbor repository name (project/repository): ${JSON.stringify(full)}`, { code: 'NAME_INVALID' });
  return { project: full.slice(0, i), repository: full.slice(i + 1) };
}

function headerValue(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h.join(', ') : h;
}

/** X-Total-Count → a non-negative integer, or undefined when absent or malformed. */
export function parseTotalCount(h: string | string[] | undefined): number | undefined {
  const v = headerValue(h)?.trim();
  if (!v || !/^\d+$/.test(v)) return undefined;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Harbor's Link header: `</api/v2.0/x?page=1&page_size=10>; rel="prev" , </api/v2.0/x?page=3&page_size=10>; rel="next"`
 * (entries joined by " , ", server-relative URLs; src/lib/link.go). Also accepts RFC 8288's plain ", ".
 */
export function parseHarborLink(h: string | string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const v = headerValue(h);
  if (!v) return out;
  for (const m of v.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
    const rel = /rel\s*=\s*"?([^";,\s]+)"?/i.exec(m[2])?.[1];
    if (rel && !(rel in out)) out[rel] = m[1];
  }
  return out;
}

/** The page number a `next` Link points to, if it stays on the API of this server. */
export function nextPageFromLink(h: string | string[] | undefined, base: string): number | undefined {
  const next = parseHarborLink(h).next;
  if (!next) return undefined;
  let u: URL;
  try { u = new URL(next, base); } catch { return undefined; }
  // A Link to another origin is ignored: the cursor must never lead the client (and its credentials) elsewhere.
  if (u.origin !== new URL(base).origin || !u.pathname.startsWith(`${API}/`)) return undefined;
  const p = Number(u.searchParams.get('page'));
  return Number.isSafeInteger(p) && p > 0 ? p : undefined;
}

export class HarborClient {
  constructor(readonly client: RegistryClient) {}

  /** Whether the registry is a Harbor: GET /api/v2.0/systeminfo answers a GeneralInfo (anonymous is enough). */
  static async detect(client: RegistryClient, opts: CallOptions = {}): Promise<boolean> {
    const res = await client.request({ method: 'GET', path: `${API}/systeminfo`, auth: 'none', signal: opts.signal, maxBodyBytes: 256 * 1024 });
    if (res.status === 200) {
      try {
        const j = JSON.parse(res.body.toString('utf8')) as unknown;
        if (j && typeof j === 'object' && !Array.isArray(j)) return true;
      } catch { /* not JSON: not Harbor */ }
    }
    // Older or locked-down installs: the unauthenticated ping answers "Pong".
    const ping = await client.request({ method: 'GET', path: `${API}/ping`, auth: 'none', signal: opts.signal, maxBodyBytes: 64 * 1024 });
    return ping.status === 200 && ping.body.toString('utf8').trim().replace(/^"|"$/g, '') === 'Pong';
  }

  /** One API call (also used by harborPolicy.ts, harborAudit.ts, harborReplication.ts). */
  async call(method: string, path: string, what: string, opts: {
    query?: Record<string, string | number | undefined>; headers?: Record<string, string>; body?: unknown; signal?: AbortSignal; expect?: number[];
  } = {}): Promise<RegistryResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    let body: string | undefined;
    if (opts.body !== undefined) { body = JSON.stringify(opts.body); headers['content-type'] = 'application/json'; }
    const res = await this.client.request({ method, path: `${API}${path}`, query: opts.query, headers, body, auth: 'basic', signal: opts.signal });
    if (!(opts.expect ?? [200]).includes(res.status)) throw this.client.errorFor(res, what);
    return res;
  }

  json<T>(res: RegistryResponse, what: string): T {
    try {
      return JSON.parse(res.body.toString('utf8')) as T;
    } catch {
      throw new RegistryError(`Harbor sent a malformed response for ${what} (not JSON)`, { code: 'MALFORMED_RESPONSE', status: res.status });
    }
  }

  async list<T>(path: string, what: string, opts: HarborListOptions, extra: Record<string, string | number | undefined> = {}, headers?: Record<string, string>): Promise<Page<T>> {
    const page = opts.cursor !== undefined ? Number(opts.cursor) : opts.page ?? 1;
    if (!Number.isSafeInteger(page) || page < 1) throw new RegistryError(`invalid page cursor ${JSON.stringify(opts.cursor ?? opts.page)}`, { code: 'CURSOR_INVALID' });
    const pageSize = Math.min(Math.max(1, opts.pageSize ?? 10), HARBOR_MAX_PAGE_SIZE);
    const q = typeof opts.q === 'string' ? opts.q || undefined : opts.q ? buildHarborQuery(opts.q) || undefined : undefined;
    const res = await this.call('GET', path, what, { query: { ...extra, q, sort: opts.sort, page, page_size: pageSize }, headers, signal: opts.signal });
    const items = this.json<T[] | null>(res, what) ?? [];
    if (!Array.isArray(items)) throw new RegistryError(`Harbor sent a malformed response for ${what} (expected a list)`, { code: 'MALFORMED_RESPONSE' });
    const total = parseTotalCount(res.headers['x-total-count']);
    let next = nextPageFromLink(res.headers.link, this.client.baseUrl);
    // Without a Link, the total still tells whether more pages exist.
    if (next === undefined && !res.headers.link && total !== undefined && page * pageSize < total) next = page + 1;
    return { items, next: next === undefined ? undefined : String(next), total };
  }

  repoPath(project: string, repository: string): string {
    return `/projects/${encodeURIComponent(project)}/repositories/${encodeHarborRepository(repository)}`;
  }
  artifactPath(project: string, repository: string, reference: string): string {
    return `${this.repoPath(project, repository)}/artifacts/${encodeURIComponent(reference)}`;
  }

  systemInfo(opts: CallOptions = {}): Promise<HarborSystemInfo> {
    return this.call('GET', '/systeminfo', 'Harbor system info', opts).then((r) => this.json<HarborSystemInfo>(r, 'Harbor system info'));
  }

  currentUser(opts: CallOptions = {}): Promise<HarborUser> {
    return this.call('GET', '/users/current', 'the current Harbor user', opts).then((r) => this.json<HarborUser>(r, 'the current Harbor user'));
  }

  projects(opts: HarborListOptions = {}): Promise<Page<HarborProject>> {
    return this.list<HarborProject>('/projects', `projects of ${this.client.registry}`, opts);
  }

  project(name: string, opts: CallOptions = {}): Promise<HarborProject> {
    // X-Is-Resource-Name: a project named "123" is a name, not an id.
    return this.call('GET', `/projects/${encodeURIComponent(name)}`, `project ${name}`, { signal: opts.signal, headers: { 'x-is-resource-name': 'true' } })
      .then((r) => this.json<HarborProject>(r, `project ${name}`));
  }

  /** GET /system/CVEAllowlist: the system-wide CVE allowlist (any authenticated user may read it). */
  systemCveAllowlist(opts: CallOptions = {}): Promise<HarborCveAllowlist> {
    return this.call('GET', '/system/CVEAllowlist', 'the system CVE allowlist', opts).then((r) => this.json<HarborCveAllowlist>(r, 'the system CVE allowlist'));
  }

  /** HEAD /projects?project_name=: whether a project exists. */
  async projectExists(name: string, opts: CallOptions = {}): Promise<boolean> {
    const res = await this.call('HEAD', '/projects', `project ${name}`, { query: { project_name: name }, signal: opts.signal, expect: [200, 404] });
    return res.status === 200;
  }

  repositories(project: string, opts: HarborListOptions = {}): Promise<Page<HarborRepository>> {
    return this.list<HarborRepository>(`/projects/${encodeURIComponent(project)}/repositories`, `repositories of project ${project}`, opts);
  }

  repository(project: string, repository: string, opts: CallOptions = {}): Promise<HarborRepository> {
    const what = `repository ${project}/${repository}`;
    return this.call('GET', this.repoPath(project, repository), what, opts).then((r) => this.json<HarborRepository>(r, what));
  }

  /** One request gives tags, sizes, push times, platforms (`references`), scan overview and accessories. */
  artifacts(project: string, repository: string, opts: HarborArtifactListOptions = {}): Promise<Page<HarborArtifact>> {
    return this.list<HarborArtifact>(`${this.repoPath(project, repository)}/artifacts`, `artifacts of ${project}/${repository}`, opts, {
      with_tag: String(opts.withTag ?? true),
      with_scan_overview: String(opts.withScanOverview ?? true),
      with_accessory: String(opts.withAccessory ?? true),
      with_label: opts.withLabel ? 'true' : undefined,
      ...(opts.withImmutableStatus ? { with_immutable_status: 'true' } : {}),
    }, { 'x-accept-vulnerabilities': HARBOR_ACCEPT_VULNERABILITIES });
  }

  artifact(project: string, repository: string, reference: string, opts: CallOptions & { withScanOverview?: boolean; withAccessory?: boolean } = {}): Promise<HarborArtifact> {
    const what = `artifact ${project}/${repository}${reference.includes(':') ? '@' : ':'}${reference}`;
    return this.call('GET', this.artifactPath(project, repository, reference), what, {
      query: { with_tag: 'true', with_scan_overview: String(opts.withScanOverview ?? true), with_accessory: String(opts.withAccessory ?? true) },
      headers: { 'x-accept-vulnerabilities': HARBOR_ACCEPT_VULNERABILITIES }, signal: opts.signal,
    }).then((r) => this.json<HarborArtifact>(r, what));
  }

  /** GET …/artifacts/{reference}/accessories (operationId listAccessories): cosign and Notation signatures, SBOMs, … */
  accessories(project: string, repository: string, reference: string, opts: HarborListOptions = {}): Promise<Page<HarborAccessory>> {
    return this.list<HarborAccessory>(`${this.artifactPath(project, repository, reference)}/accessories`, `accessories of ${project}/${repository}@${reference}`, opts);
  }

  artifactTags(project: string, repository: string, reference: string, opts: HarborListOptions = {}): Promise<Page<HarborTag>> {
    return this.list<HarborTag>(`${this.artifactPath(project, repository, reference)}/tags`, `tags of ${project}/${repository}@${reference}`, opts);
  }


  /** GET /retentions/{id}: a project's tag retention policy (its id is the project metadata `retention_id`). */
  retentionPolicy(id: number, opts: CallOptions = {}): Promise<HarborRetentionPolicy> {
    return this.call('GET', `/retentions/${id}`, `retention policy ${id}`, opts).then((r) => this.json<HarborRetentionPolicy>(r, `retention policy ${id}`));
  }

  /**
   * POST /retentions/{id}/executions {dry_run}: runs the policy now (a dry run deletes nothing). Harbor answers
   * 201 with the new execution's Location (…/executions/{eid}); returns that id when the answer names it.
   */
  async triggerRetention(id: number, dryRun: boolean, opts: CallOptions = {}): Promise<number | undefined> {
    const res = await this.call('POST', `/retentions/${id}/executions`, `retention run of policy ${id}`, { body: { dry_run: dryRun }, signal: opts.signal, expect: [200, 201] });
    const location = res.headers.location;
    const m = /\/executions\/(\d+)$/.exec(Array.isArray(location) ? String(location[0]) : String(location ?? ''));
    return m ? Number(m[1]) : undefined;
  }

  /** GET /retentions/{id}/executions: newest first (Harbor orders by id descending). */
  retentionExecutions(id: number, opts: HarborListOptions = {}): Promise<Page<HarborRetentionExecution>> {
    return this.list<HarborRetentionExecution>(`/retentions/${id}/executions`, `retention runs of policy ${id}`, opts);
  }

  /** GET /retentions/{id}/executions/{eid}/tasks: per repository, how many artifacts there were and how many stay. */
  retentionTasks(id: number, executionId: number, opts: HarborListOptions = {}): Promise<Page<HarborRetentionTask>> {
    return this.list<HarborRetentionTask>(`/retentions/${id}/executions/${executionId}/tasks`, `tasks of retention run ${executionId}`, opts);
  }

  /** POST …/tags {name}: 201; a tag that exists gives 409 CONFLICT. */
  async createTag(project: string, repository: string, reference: string, tag: string, opts: CallOptions = {}): Promise<void> {
    await this.call('POST', `${this.artifactPath(project, repository, reference)}/tags`, `new tag ${tag} on ${project}/${repository}`, {
      body: { name: tag }, signal: opts.signal, expect: [201],
    });
  }

  async deleteTag(project: string, repository: string, reference: string, tag: string, opts: CallOptions = {}): Promise<void> {
    await this.call('DELETE', `${this.artifactPath(project, repository, reference)}/tags/${encodeURIComponent(tag)}`, `tag ${project}/${repository}:${tag}`, opts);
  }

  /** Deletes the artifact and every tag on it (ENDPOINTS.md). */
  async deleteArtifact(project: string, repository: string, reference: string, opts: CallOptions = {}): Promise<void> {
    await this.call('DELETE', this.artifactPath(project, repository, reference), `artifact ${project}/${repository}@${reference}`, opts);
  }

  async deleteRepository(project: string, repository: string, opts: CallOptions = {}): Promise<void> {
    await this.call('DELETE', this.repoPath(project, repository), `repository ${project}/${repository}`, opts);
  }

  /** Triggers a vulnerability scan (202). 422 means the artifact cannot be scanned. */
  async scan(project: string, repository: string, reference: string, opts: CallOptions = {}): Promise<void> {
    await this.call('POST', `${this.artifactPath(project, repository, reference)}/scan`, `scan of ${project}/${repository}@${reference}`, {
      body: { scan_type: 'vulnerability' }, signal: opts.signal, expect: [202],
    });
  }

  /** The scan overview entry (first report MIME type present), or undefined when the artifact was never scanned. */
  async scanStatus(project: string, repository: string, reference: string, opts: CallOptions = {}): Promise<HarborScanSummary | undefined> {
    const a = await this.artifact(project, repository, reference, { withScanOverview: true, withAccessory: false, signal: opts.signal });
    return pickOverview(a.scan_overview);
  }

  /** Polls the scan overview with backoff until Success, Error or Stopped. */
  async waitForScan(project: string, repository: string, reference: string, opts: CallOptions & { intervalMs?: number; maxIntervalMs?: number; timeoutMs?: number; onStatus?: (s: HarborScanSummary | undefined) => void } = {}): Promise<HarborScanSummary> {
    let delay = opts.intervalMs ?? 1000;
    const maxDelay = opts.maxIntervalMs ?? 10_000;
    const deadline = Date.now() + (opts.timeoutMs ?? 10 * 60_000);
    for (;;) {
      const s = await this.scanStatus(project, repository, reference, opts);
      opts.onStatus?.(s);
      if (s && TERMINAL_SCAN.has(s.scan_status)) return s;
      if (Date.now() + delay > deadline) {
        throw new RegistryError(`the Harbor scan of ${project}/${repository}@${reference} did not finish in time (last status: ${s?.scan_status ?? 'none'})`, { code: 'SCAN_TIMEOUT', temporary: true });
      }
      await sleep(delay, opts.signal).catch((e: unknown) => { throw new RegistryError('cancelled', { code: 'ABORTED', cause: e }); });
      delay = Math.min(maxDelay, Math.round(delay * 1.5));
    }
  }

  /**
   * GET …/additions/vulnerabilities with X-Accept-Vulnerabilities (the 1.1 type first). Returns Harbor's raw JSON:
   * an object keyed by the MIME type that matched, `{}` when there is no report (parsed by src/scan).
   */
  async vulnerabilityReport(project: string, repository: string, reference: string, opts: CallOptions = {}): Promise<unknown> {
    const what = `vulnerability report of ${project}/${repository}@${reference}`;
    const res = await this.call('GET', `${this.artifactPath(project, repository, reference)}/additions/vulnerabilities`, what, {
      headers: { 'x-accept-vulnerabilities': HARBOR_ACCEPT_VULNERABILITIES }, signal: opts.signal,
    });
    return this.json<unknown>(res, what);
  }
}

/** scan_overview is keyed by report MIME type; the server already chose by X-Accept-Vulnerabilities. */
export function pickOverview(o: Record<string, HarborScanSummary> | undefined): HarborScanSummary | undefined {
  if (!o) return undefined;
  for (const mime of HARBOR_ACCEPT_VULNERABILITIES.split(', ')) if (o[mime]) return o[mime];
  const first = Object.values(o)[0];
  return first;
}
