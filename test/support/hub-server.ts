// A Docker Hub test server (the Hub is unreachable here), from fixtures (test/fixtures/dockerhub/) written from the
// Docker Hub API reference (docker/docs content/reference/api/hub/latest.yaml) and the registry token
// documentation (docker/docs content/reference/api/registry/auth.md). One origin serves:
// - the Hub API: POST /v2/auth/token, /v2/namespaces/{ns}/repositories[/{repo}[/tags[/{tag}]]],
//   /v2/search/repositories (NOT in the Hub API reference: the shape the Hub answers today, see the fixtures' README);
//   `{count,next,previous,results}` with absolute `next`, 404 past the end, 400 for a bad ordering,
//   X-RateLimit-* on every response, 429 + Retry-After when a test asks for it;
// - a stand-in for registry-1.docker.io: /v2/ proxied to a REAL distribution registry (token mode), the
//   challenge rewritten to this server's /token with service "registry.docker.io" (Docker's registry token documentation, docker/docs content/reference/api/registry/auth.md), and the pull
//   rate-limit headers `ratelimit-limit: 100;w=21600` / `ratelimit-remaining` / `docker-ratelimit-source` on
//   manifest GET and HEAD (a GET counts as a pull, a HEAD does not; Docker Hub pull usage, docker/docs content/manuals/docker-hub/usage/pulls.md).
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRegistry, type TestRegistry } from './registry';
import { listenLoopback } from './listen';

export interface HubServerOptions {
  /** Pull limits per window; `false` = no headers (a paid plan). Defaults: 100 anonymous, 200 authenticated. */
  pullLimit?: { anonymous: number; authenticated: number } | false;
  /** Hub API requests per minute (X-RateLimit-Limit). Default 180. */
  apiLimit?: number;
}

export interface HubServer {
  url: string;              // Hub API origin, and the registry origin
  registry: string;         // 127.0.0.1:PORT
  username: string;         // owns namespace "regxdemo"
  password: string;         // a PAT (dckr_pat_…)
  backend: TestRegistry;
  requests(): Array<{ method: string; path: string; query: string; authorization?: 'basic' | 'bearer' }>;
  clearRequests(): void;
  /** The next `count` Hub API requests answer 429 with Retry-After: seconds. */
  throttle(count: number, retryAfterSeconds: number): void;
  /** Pulls (manifest GETs) counted so far, per user ('' = anonymous). */
  pulls(user?: string): number;
  stop(): Promise<void>;
}

const USER = 'regxdemo';
const PAT = 'dckr_pat_regx-test-0123456789abcdef';
const WINDOW = 21600;
const ORDERINGS = ['name', '-name', 'last_updated', '-last_updated', 'pull_count', '-pull_count'];
const PULL_LIMIT_BODY = 'You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limits';

type Json = Record<string, unknown>;

function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'dockerhub', name), 'utf8')) as T;
}

export async function startHub(opts: HubServerOptions = {}): Promise<HubServer> {
  const backend = await startRegistry('token');
  const repositories = fixture<Record<string, Json[]>>('repositories.json');
  const tags = fixture<Record<string, Json[]>>('tags.json');
  const search = fixture<Json[]>('search.json');
  const secret = randomBytes(32);
  const pullLimit = opts.pullLimit === undefined ? { anonymous: 100, authenticated: 200 } : opts.pullLimit;
  const apiLimit = opts.apiLimit ?? 180;
  let apiUsed = 0;
  let throttled = 0;
  let retryAfter = 0;
  const pulls = new Map<string, number>();
  const registryTokens = new Map<string, string>(); // token → user ('' anonymous)
  const log: Array<{ method: string; path: string; query: string; authorization?: 'basic' | 'bearer' }> = [];
  let origin = '';

  // --- Hub JWTs: 10-minute HS256 tokens (Docker Hub API reference, POST /v2/auth/token: the token expires in 10 minutes) ---
  const b64 = (x: string | Buffer): string => Buffer.from(x).toString('base64url');
  function issueJwt(sub: string): string {
    const now = Math.floor(Date.now() / 1000);
    const input = `${b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64(JSON.stringify({ sub, username: sub, iat: now, exp: now + 600, jti: randomBytes(8).toString('hex') }))}`;
    return `${input}.${b64(createHmac('sha256', secret).update(input).digest())}`;
  }
  function verifyJwt(token: string): string | undefined {
    const [h, p, s] = token.split('.');
    if (!h || !p || !s) return undefined;
    if (b64(createHmac('sha256', secret).update(`${h}.${p}`).digest()) !== s) return undefined;
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { sub: string; exp: number };
    return claims.exp > Date.now() / 1000 ? claims.sub : undefined;
  }
  function basic(req: IncomingMessage): { user: string; pass: string } | undefined {
    const a = req.headers.authorization;
    if (!a || !/^basic /i.test(a)) return undefined;
    const raw = Buffer.from(a.slice(6), 'base64').toString('utf8');
    const i = raw.indexOf(':');
    return { user: raw.slice(0, i), pass: raw.slice(i + 1) };
  }

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
    res.end(text);
  };
  const readBody = (req: IncomingMessage): Promise<Buffer> => new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

  /** Django-REST paging as the Hub does it: page (default 1), page_size (default 10, max 100). */
  function pageOf(res: ServerResponse, url: URL, items: Json[], headers: Record<string, string>): void {
    const page = Number(url.searchParams.get('page') ?? '1');
    const size = Math.min(Number(url.searchParams.get('page_size') ?? '10'), 100);
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(size) || size < 1) {
      return json(res, 400, { fields: { page: ['A valid integer is required.'] }, text: 'invalid paging' }, headers);
    }
    const start = (page - 1) * size;
    // Docker Hub API reference: 404 when page > 1 is past the end (the body is not documented; the Hub sends a short message).
    if (page > 1 && start >= items.length) return json(res, 404, { message: 'Not Found', errinfo: {} }, headers);
    const link = (p: number): string => {
      const u = new URL(url.pathname, origin);
      for (const [k, v] of url.searchParams) u.searchParams.set(k, v);
      u.searchParams.set('page', String(p));
      u.searchParams.set('page_size', String(size));
      return u.toString();
    };
    json(res, 200, {
      count: items.length,
      next: start + size < items.length ? link(page + 1) : null,
      previous: page > 1 ? link(page - 1) : null,
      results: items.slice(start, start + size),
    }, headers);
  }

  function ordered(items: Json[], url: URL, headers: Record<string, string>, res: ServerResponse): Json[] | undefined {
    const ordering = url.searchParams.get('ordering');
    if (ordering === null || ordering === '') return items;
    if (!ORDERINGS.includes(ordering)) {
      json(res, 400, { fields: { ordering: [`Select a valid choice. ${ordering} is not one of the available choices.`] }, text: `invalid ordering: ${ordering}` }, headers);
      return undefined;
    }
    const desc = ordering.startsWith('-');
    const key = desc ? ordering.slice(1) : ordering;
    return items.slice().sort((a, b) => {
      const va = a[key] as string | number; const vb = b[key] as string | number;
      const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
      return desc ? -c : c;
    });
  }

  async function hubApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    apiUsed++;
    const headers: Record<string, string> = {
      'x-ratelimit-limit': String(apiLimit),
      'x-ratelimit-remaining': String(Math.max(0, apiLimit - apiUsed)),
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 60),
    };
    if (throttled > 0) {
      throttled--;
      return json(res, 429, { message: 'Too Many Requests' }, { ...headers, 'x-ratelimit-remaining': '0', 'retry-after': String(retryAfter) });
    }
    const auth = req.headers.authorization;
    let user: string | undefined;
    if (auth) {
      const m = /^bearer (.+)$/i.exec(auth);
      user = m ? verifyJwt(m[1]) : undefined;
      if (!user) return json(res, 401, { message: 'invalid or expired token', errinfo: {} }, headers);
    }
    const p = url.pathname;
    if (p === '/v2/auth/token' && req.method === 'POST') {
      let body: { identifier?: unknown; secret?: unknown };
      try { body = JSON.parse((await readBody(req)).toString('utf8')) as typeof body; } catch { return json(res, 400, { message: 'invalid JSON' }, headers); }
      if (body.identifier !== USER || body.secret !== PAT) return json(res, 401, { message: 'incorrect username or password', errinfo: {} }, headers);
      return json(res, 200, { access_token: issueJwt(USER) }, headers);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { message: 'method not allowed' }, headers);
    if (p === '/v2/search/repositories') {
      const q = (url.searchParams.get('query') ?? '').toLowerCase();
      if (!q) return json(res, 400, { message: 'query is required' }, headers);
      return pageOf(res, url, search.filter((r) => String(r.repo_name).toLowerCase().includes(q) || String(r.short_description).toLowerCase().includes(q)), headers);
    }
    const m = /^\/v2\/namespaces\/([^/]+)\/repositories(?:\/([^/]+)(?:\/tags(?:\/([^/]+))?)?)?\/?$/.exec(p);
    if (!m) return json(res, 404, { message: 'Not Found', errinfo: {} }, headers);
    const [, ns, repoName, tagName] = m;
    const visible = (repositories[ns] ?? []).filter((r) => !r.is_private || user === ns);
    const isTags = /\/tags(\/[^/]+)?\/?$/.test(p);
    if (!repoName) {
      const name = url.searchParams.get('name');
      const items = ordered(visible.filter((r) => !name || String(r.name).includes(name)), url, headers, res);
      if (items) pageOf(res, url, items, headers);
      return;
    }
    const repo = visible.find((r) => r.name === repoName);
    if (!repo) return json(res, 404, { message: 'object not found', errinfo: {} }, headers);
    if (!isTags) {
      return json(res, 200, { ...repo, user: ns, full_description: `# ${repoName}\n`, is_automated: false, collaborator_count: 0,
        hub_user: ns, has_starred: false, permissions: { read: true, write: user === ns, admin: user === ns },
        immutable_tags_settings: { enabled: false, rules: [] } }, headers);
    }
    const list = tags[`${ns}/${repoName}`] ?? [];
    if (tagName) {
      const t = list.find((x) => x.name === tagName);
      return t ? json(res, 200, t, headers) : json(res, 404, { message: 'object not found', errinfo: {} }, headers);
    }
    // `name` and `ordering` on tags are not in the Docker Hub API reference (documented there for repositories); the Hub accepts
    // them on tags too, so the stand-in applies the same rules.
    const name = url.searchParams.get('name');
    const items = ordered(list.filter((t) => !name || String(t.name).includes(name)), url, headers, res);
    if (items) pageOf(res, url, items, headers);
  }

  // --- registry side ---
  const backendBasic = `Basic ${Buffer.from(`${backend.username}:${backend.password}`).toString('base64')}`;
  async function tokenService(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.searchParams.get('service') !== 'registry.docker.io') return json(res, 400, { details: 'unknown service' });
    const creds = basic(req);
    let user = '';
    if (creds) {
      if (creds.user !== USER || creds.pass !== PAT) return json(res, 401, { details: 'incorrect username or password' });
      user = USER;
    }
    const granted: string[] = [];
    for (const s of url.searchParams.getAll('scope').flatMap((x) => x.split(' ')).filter(Boolean)) {
      const first = s.indexOf(':'); const last = s.lastIndexOf(':');
      if (s.slice(0, first) !== 'repository') continue; // the Hub grants no catalog access
      const name = s.slice(first + 1, last);
      // Partial grants are not an error (docker/docs content/reference/api/registry/auth.md): everyone may pull, only the owner may push.
      const actions = s.slice(last + 1).split(',').filter((a) => a === 'pull' || (user && name.startsWith(`${user}/`)));
      if (actions.length) granted.push(`repository:${name}:${actions.join(',')}`);
    }
    const u = new URL(backend.realm as string);
    u.searchParams.set('service', backend.service as string);
    for (const s of granted) u.searchParams.append('scope', s);
    const r = await fetch(u, { headers: { authorization: backendBasic } });
    const body = (await r.json()) as { token?: string; access_token?: string; expires_in?: number; issued_at?: string };
    const token = body.token ?? body.access_token ?? '';
    registryTokens.set(token, user);
    json(res, r.status, { token, access_token: token, expires_in: body.expires_in, issued_at: body.issued_at });
  }

  function proxy(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): void {
    const target = new URL(backend.url);
    const isManifest = /^\/v2\/.+\/manifests\/[^/]+$/.test(url.pathname) && (req.method === 'GET' || req.method === 'HEAD');
    const bearer = /^bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const who = bearer !== undefined ? registryTokens.get(bearer) ?? '' : '';
    const extra: Record<string, string> = {};
    if (isManifest && pullLimit && bearer !== undefined) {
      const limit = who ? pullLimit.authenticated : pullLimit.anonymous;
      const used = pulls.get(who) ?? 0;
      if (req.method === 'GET' && used >= limit) {
        return json(res, 429, { errors: [{ code: 'TOOMANYREQUESTS', message: PULL_LIMIT_BODY }] },
          { 'ratelimit-limit': `${limit};w=${WINDOW}`, 'ratelimit-remaining': `0;w=${WINDOW}`, 'docker-ratelimit-source': who || '127.0.0.1' });
      }
      extra['ratelimit-limit'] = `${limit};w=${WINDOW}`;
      extra['docker-ratelimit-source'] = who || '127.0.0.1';
    }
    const headers = { ...req.headers };
    delete headers['content-length'];
    if (body.length) headers['content-length'] = String(body.length);
    const up = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (ur) => {
      const h: Record<string, string | string[] | undefined> = { ...ur.headers };
      const ch = h['www-authenticate'];
      if (typeof ch === 'string') {
        // registry-1.docker.io's challenge names auth.docker.io/token and service registry.docker.io.
        h['www-authenticate'] = ch.replace(/realm="[^"]*"/, `realm="${origin}/token"`).replace(/service="[^"]*"/, 'service="registry.docker.io"');
      }
      if (extra['ratelimit-limit'] && ur.statusCode === 200) {
        const limit = Number(extra['ratelimit-limit'].split(';')[0]);
        if (req.method === 'GET') pulls.set(who, (pulls.get(who) ?? 0) + 1);
        Object.assign(h, extra, { 'ratelimit-remaining': `${Math.max(0, limit - (pulls.get(who) ?? 0))};w=${WINDOW}` });
      }
      res.writeHead(ur.statusCode ?? 502, h);
      ur.pipe(res);
    });
    up.on('error', (e) => { if (!res.headersSent) json(res, 502, { errors: [{ code: 'UNKNOWN', message: e.message }] }); else res.destroy(); });
    up.end(body);
  }

  const isRegistryPath = (p: string): boolean => p === '/v2/' || p === '/v2' || p === '/v2/_catalog'
    || /^\/v2\/.+\/(manifests|blobs|tags\/list|referrers)(\/.*)?$/.test(p) || /^\/v2\/.+\/blobs\/uploads\/?/.test(p);

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin || 'http://127.0.0.1');
    const a = req.headers.authorization;
    log.push({ method: req.method ?? 'GET', path: url.pathname, query: url.search, authorization: a ? (/^basic /i.test(a) ? 'basic' : 'bearer') : undefined });
    const fail = (e: unknown): void => { if (!res.headersSent) json(res, 500, { message: (e as Error).message }); else res.destroy(); };
    if (url.pathname === '/token') { tokenService(req, res, url).catch(fail); return; }
    if (isRegistryPath(url.pathname) && !url.pathname.startsWith('/v2/namespaces/') && !url.pathname.startsWith('/v2/search/')) {
      readBody(req).then((b) => proxy(req, res, url, b), fail);
      return;
    }
    if (url.pathname.startsWith('/v2/')) { hubApi(req, res, url).catch(fail); return; }
    json(res, 404, { message: 'Not Found' });
  });
  let port: number;
  try {
    port = await listenLoopback(server);
  } catch (e) {
    await backend.stop();
    throw e;
  }
  origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    registry: `127.0.0.1:${port}`,
    username: USER,
    password: PAT,
    backend,
    requests: () => log.slice(),
    clearRequests: () => { log.length = 0; },
    throttle: (count, seconds) => { throttled = count; retryAfter = seconds; },
    pulls: (user = '') => pulls.get(user) ?? 0,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.stop();
    },
  };
}
