// A Quay stand-in answering only what Quay's API description allows for the operations the extension uses
// (test/fixtures/quay/swagger-repository-tags.yaml; exchanges recorded for the conformance check): listRepos with
// its `next_page` token, listRepoTags with page / limit / has_additional and active tags only, deleteFullTag;
// `Authorization: Bearer <OAuth token>` on the API (ApiError 401 otherwise). The registry is a REAL distribution
// registry behind this server's /v2/, whose challenge names this server's /v2/auth (service = the registry host),
// taking `$oauthtoken` + the OAuth token or a robot account (`demo+ci`) by Basic, as Quay does.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startRegistry, type TestRegistry } from './registry';
import { fetchManifest, listTags } from './seed';
import { sendJson, serveStandIn, startV2Front, type V2Front } from './v2-front';
import type { Exchange } from './swagger-check';

export interface QuayServer {
  url: string; apiUrl: string; registry: string;
  /** OAuth application token (API and registry with username `$oauthtoken`). */
  token: string;
  robot: { username: string; password: string };
  backend: TestRegistry; front: V2Front;
  exchanges(): Exchange[]; clear(): void; stop(): Promise<void>;
}

const TOKEN = 'quayOAuthTokenRegxTest0123456789abcdef';
const ROBOT = { username: 'demo+ci', password: 'ROBOTTOKENREGX0123456789' };
export const QUAY_REPOS = [{ namespace: 'demo', name: 'web' }, { namespace: 'demo', name: 'api' }, { namespace: 'demo', name: 'db' }];

function apiError(status: number, detail: string) {
  const title = status === 401 ? 'unauthorized' : status === 404 ? 'not_found' : 'invalid_request';
  return { status, error_message: detail, title, error_type: title, detail, type: `https://quay.io/api/v1/error/${title}` };
}

export async function startQuay(opts: { reposPerPage?: number } = {}): Promise<QuayServer> {
  const backend = await startRegistry('token');
  let origin = '';
  const log: Exchange[] = [];
  const starts = new Map<string, number>();
  const registryHost = () => origin.replace(/^https?:\/\//, '');
  const front = startV2Front({
    backend, origin: () => origin, mode: 'token', realmPath: '/v2/auth', service: registryHost,
    accept: (u, p) => (u === '$oauthtoken' && p === TOKEN) || (u === ROBOT.username && p === ROBOT.password),
  });
  const perPage = opts.reposPerPage ?? 100;

  const reply = (res: ServerResponse, x: Exchange, status: number, body: unknown) => {
    x.status = status; x.body = body; log.push(x);
    sendJson(res, status, body);
  };

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const x: Exchange = { method: req.method ?? 'GET', path: url.pathname, query: url.search, status: 0 };
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return reply(res, x, 401, apiError(401, 'Requires authentication'));
    const p = url.pathname.slice('/api/v1/'.length);
    if (p === 'repository' && req.method === 'GET') {
      const ns = url.searchParams.get('namespace');
      if (!ns) return reply(res, x, 400, apiError(400, 'namespace, starred or public are required for this API call'));
      const all = QUAY_REPOS.filter((r) => r.namespace === ns);
      const start = Number(url.searchParams.get('next_page') ? Buffer.from(url.searchParams.get('next_page')!, 'base64url').toString() : '0') || 0;
      const page = all.slice(start, start + perPage).map((r) => ({
        namespace: r.namespace, name: r.name, description: null, is_public: false, kind: 'image', state: 'NORMAL',
        ...(url.searchParams.get('last_modified') === 'true' ? { last_modified: 1767225600 } : {}), is_starred: false,
      }));
      return reply(res, x, 200, { repositories: page, ...(start + perPage < all.length ? { next_page: Buffer.from(String(start + perPage)).toString('base64url') } : {}) });
    }
    const m = /^repository\/([^/]+)\/([^/]+)\/tag\/(?:([^/]+))?$/.exec(p);
    const repo = m && QUAY_REPOS.find((r) => r.namespace === decodeURIComponent(m[1]) && r.name === decodeURIComponent(m[2]));
    if (!m || !repo) return reply(res, x, 404, apiError(404, 'Not Found'));
    const path = `${repo.namespace}/${repo.name}`;
    const tags = (await listTags(backend, path)).filter((t) => !front.hidden(path).has(t));
    if (m[3] === undefined && req.method === 'GET') {
      const page = Math.max(1, Number(url.searchParams.get('page') ?? '1') || 1);
      const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? '50') || 50));
      const rows = await Promise.all(tags.map(async (t) => {
        const man = await fetchManifest(backend, path, t);
        const j = JSON.parse(man.bytes.toString('utf8')) as { config?: { size: number }; layers?: Array<{ size: number }>; manifests?: unknown[] };
        const key = `${path}:${t}:${man.digest}`;
        if (!starts.has(key)) starts.set(key, Math.floor(Date.now() / 1000) - starts.size);
        const start = starts.get(key)!;
        return {
          name: t, reversion: false, start_ts: start, manifest_digest: man.digest, is_manifest_list: Array.isArray(j.manifests),
          size: (j.layers ?? []).reduce((a, l) => a + l.size, 0), last_modified: new Date(start * 1000).toUTCString().replace('GMT', '-0000'),
        };
      }));
      // Newest first (list_repository_tag_history orders by lifetime_start_ts desc).
      rows.sort((a, b) => b.start_ts - a.start_ts || a.name.localeCompare(b.name));
      return reply(res, x, 200, { tags: rows.slice((page - 1) * limit, page * limit), page, has_additional: page * limit < rows.length });
    }
    if (m[3] !== undefined && req.method === 'DELETE') {
      const tag = decodeURIComponent(m[3]);
      if (!tags.includes(tag)) return reply(res, x, 404, apiError(404, 'Not Found'));
      front.hideTag(path, tag);
      return reply(res, x, 204, undefined);
    }
    return reply(res, x, 404, apiError(404, 'Not Found'));
  }

  const served = await serveStandIn(backend, front, async (req, res, url) => (url.pathname.startsWith('/api/v1/') ? api(req, res, url) : sendJson(res, 404, apiError(404, 'Not Found'))), { apiFirst: true });
  origin = served.origin;
  return {
    url: origin, apiUrl: `${origin}/api/v1`, registry: registryHost(), token: TOKEN, robot: ROBOT, backend, front,
    exchanges: () => log.slice(), clear: () => { log.length = 0; },
    stop: served.stop,
  };
}
