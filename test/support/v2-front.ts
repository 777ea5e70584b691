// The registry half of a provider stand-in (GitLab, Quay, ECR): the provider's own registry host is played by
// this server, which forwards /v2/ to a REAL distribution registry and rewrites how it authenticates to what the
// provider documents:
// - `token`: the registry's Bearer challenge names this server's realm (GitLab: /jwt/auth, service
//   container_registry — GitLab docs "Container registry" / "token authentication"; Quay: /v2/auth, service
//   quay.io), which checks the provider's credentials (Basic) and hands out a token of the real token server;
// - `basic`: a Basic challenge (ECR: `WWW-Authenticate: Basic realm=…`, "Private registry authentication in Amazon
//   ECR"), the provider's credentials checked here and swapped for the real registry's.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenLoopback } from './listen';
import type { TestRegistry } from './registry';

export interface V2Front {
  /** True when the request was a registry request (/v2/…, the realm) and has been answered. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<boolean>;
  /** Manifests deleted / tags hidden per repository (a provider that deletes a tag alone, over a 2.8 registry). */
  hideTag(repository: string, tag: string): void;
  unhideTag(repository: string, tag: string): void;
  hidden(repository: string): ReadonlySet<string>;
}

export interface V2FrontOptions {
  backend: TestRegistry;
  origin: () => string;
  mode: 'token' | 'basic';
  /** token mode: the realm path on this server and the service name in the challenge. */
  realmPath?: string;
  service?: string | (() => string);
  /** Whether the provider's Basic credentials are valid. */
  accept(user: string, pass: string): boolean;
  /** token mode: an OAuth2 `grant_type=refresh_token` POST to the realm (ACR, Azure/acr docs/AAD-OAuth.md); answers {access_token}. */
  acceptRefreshToken?(token: string): boolean;
  /** Realm requests seen: how the client authenticated. */
  onRealm?(how: { method: string; user?: string; grant?: string; scopes: string[] }): void;
}

export function basicOf(req: IncomingMessage): { user: string; pass: string } | undefined {
  const a = req.headers.authorization;
  if (!a || !/^basic /i.test(a)) return undefined;
  const raw = Buffer.from(a.slice(6), 'base64').toString('utf8');
  const i = raw.indexOf(':');
  return i < 0 ? undefined : { user: raw.slice(0, i), pass: raw.slice(i + 1) };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { ...(text ? { 'content-type': 'application/json' } : {}), 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function startV2Front(o: V2FrontOptions): V2Front {
  const service = (): string => (typeof o.service === 'function' ? o.service() : o.service ?? '');
  const backendBasic = `Basic ${Buffer.from(`${o.backend.username}:${o.backend.password}`).toString('base64')}`;
  const hiddenTags = new Map<string, Set<string>>();
  const hidden = (repo: string) => hiddenTags.get(repo) ?? new Set<string>();
  const unauthorized = (res: ServerResponse) => sendJson(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] },
    { 'www-authenticate': `Basic realm="${o.origin()}"`, 'docker-distribution-api-version': 'registry/2.0' });

  async function realm(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<void> {
    const form = req.method === 'POST' ? new URLSearchParams(body.toString('utf8')) : undefined;
    const params = form ?? url.searchParams;
    const scopes = params.getAll('scope').flatMap((x) => x.split(' ')).filter(Boolean);
    const creds = basicOf(req);
    o.onRealm?.({ method: req.method ?? 'GET', user: creds?.user, grant: form?.get('grant_type') ?? undefined, scopes });
    const ok = form
      ? form.get('grant_type') === 'refresh_token' && !!o.acceptRefreshToken?.(form.get('refresh_token') ?? '')
      : !!creds && o.accept(creds.user, creds.pass);
    if (!ok) return sendJson(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'HTTP Basic: Access denied' }] });
    if (params.get('service') !== service()) return sendJson(res, 400, { errors: [{ code: 'INVALID_SERVICE', message: 'unknown service' }] });
    const u = new URL(o.backend.realm as string);
    u.searchParams.set('service', o.backend.service as string);
    for (const sc of scopes) u.searchParams.append('scope', sc);
    const r = await fetch(u, { headers: { authorization: backendBasic } });
    const j = (await r.json()) as { token?: string; access_token?: string; expires_in?: number };
    // A refresh-token exchange answers {access_token} only, as ACR's /oauth2/token does.
    sendJson(res, r.status, form ? { access_token: j.access_token ?? j.token } : j);
  }

  function proxy(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): void {
    const target = new URL(o.backend.url);
    const headers = { ...req.headers };
    delete headers['content-length'];
    if (body.length) headers['content-length'] = String(body.length);
    if (o.mode === 'basic') headers.authorization = backendBasic;
    const m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
    if (m && (req.method === 'PUT')) hidden(m[1]).delete(decodeURIComponent(m[2]));
    if (m && (req.method === 'GET' || req.method === 'HEAD') && hidden(m[1]).has(decodeURIComponent(m[2]))) {
      return sendJson(res, 404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] });
    }
    const up = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (ur) => {
      const h: Record<string, string | string[] | undefined> = { ...ur.headers };
      const ch = h['www-authenticate'];
      if (typeof ch === 'string' && o.mode === 'token') {
        h['www-authenticate'] = ch.replace(/realm="[^"]*"/, `realm="${o.origin()}${o.realmPath}"`).replace(/service="[^"]*"/, `service="${service()}"`);
      }
      const tagsList = /^\/v2\/(.+)\/tags\/list$/.exec(url.pathname);
      if (tagsList && ur.statusCode === 200 && hidden(tagsList[1]).size) {
        const chunks: Buffer[] = [];
        ur.on('data', (c: Buffer) => chunks.push(c));
        ur.on('end', () => {
          const j = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { name: string; tags: string[] | null };
          j.tags = (j.tags ?? []).filter((t) => !hidden(tagsList[1]).has(t));
          delete h['content-length'];
          sendJson(res, 200, j, Object.fromEntries(Object.entries(h).filter(([k, v]) => typeof v === 'string' && k !== 'content-type')) as Record<string, string>);
        });
        return;
      }
      res.writeHead(ur.statusCode ?? 502, h);
      ur.pipe(res);
    });
    up.on('error', (e) => { if (!res.headersSent) sendJson(res, 502, { errors: [{ code: 'UNKNOWN', message: e.message }] }); else res.destroy(); });
    up.end(body);
  }

  return {
    async handle(req, res, url, body) {
      if (o.mode === 'token' && url.pathname === o.realmPath) { await realm(req, res, url, body); return true; }
      if (url.pathname !== '/v2' && !url.pathname.startsWith('/v2/')) return false;
      if (o.mode === 'basic') {
        const c = basicOf(req);
        if (!c || !o.accept(c.user, c.pass)) { unauthorized(res); return true; }
      }
      proxy(req, res, url, body);
      return true;
    },
    hideTag: (repo, tag) => { hiddenTags.set(repo, hidden(repo).add(tag)); },
    unhideTag: (repo, tag) => { hidden(repo).delete(tag); },
    hidden,
  };
}

/**
 * Serves a stand-in on a loopback port: each request's body is read, the registry front answers /v2/ (and its
 * realm), `api` everything else. Resolves to the origin and a stop() that also stops the real registry behind.
 */
export async function serveStandIn(backend: TestRegistry, front: V2Front, api: (req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer) => Promise<void>,
  opts: { apiFirst?: boolean } = {}): Promise<{ origin: string; registry: string; stop(): Promise<void> }> {
  let origin = 'http://127.0.0.1';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const fail = (e: unknown) => { if (!res.headersSent) sendJson(res, 500, { message: (e as Error).message }); else res.destroy(); };
    readBody(req).then(async (body) => {
      if (opts.apiFirst && url.pathname.startsWith('/api/')) return api(req, res, url, body);
      if (await front.handle(req, res, url, body)) return;
      return api(req, res, url, body);
    }).catch(fail);
  });
  let port: number;
  try { port = await listenLoopback(server); } catch (e) { await backend.stop(); throw e; }
  origin = `http://127.0.0.1:${port}`;
  return {
    origin, registry: `127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.stop();
    },
  };
}
