// A GitLab stand-in (gitlab.com is unreachable here) answering only what GitLab's OpenAPI description allows for
// its container registry API (test/fixtures/gitlab/openapi-container-registry.yaml; every exchange is recorded
// for test/integration/providers/gitlab-conformance.test.ts): group and project repository lists, tag lists and
// tag details and deletes, offset paging with X-Next-Page / X-Total (GitLab REST API docs, "Pagination"),
// PRIVATE-TOKEN auth (`{"message":"401 Unauthorized"}` otherwise). The tags are the REAL registry's behind this
// server's /v2/, whose Bearer challenge names this server's /jwt/auth (service container_registry), which takes
// the same token as a Basic password, as GitLab's registry does.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startRegistry, type TestRegistry } from './registry';
import { fetchManifest, listTags } from './seed';
import { sendJson, serveStandIn, startV2Front, type V2Front } from './v2-front';
import type { Exchange } from './swagger-check';

export interface GitLabServer {
  url: string;              // origin: API at /api/v4, registry at /v2/
  apiUrl: string;           // http://127.0.0.1:PORT/api/v4
  registry: string;         // 127.0.0.1:PORT
  username: string;
  token: string;
  backend: TestRegistry;
  front: V2Front;
  exchanges(): Exchange[];
  clear(): void;
  stop(): Promise<void>;
}

interface Repo { id: number; project_id: number; name: string; path: string; created_at: string }

const USER = 'regx-gitlab';
const TOKEN = 'glpat-regxTEST0123456789ab';
export const GITLAB_GROUPS: Record<string, number[]> = { demo: [7, 8] };
export const GITLAB_PROJECTS: Record<number, string> = { 7: 'demo/app', 8: 'demo/tools' };
export const GITLAB_REPOS: Repo[] = [
  { id: 11, project_id: 7, name: '', path: 'demo/app', created_at: '2026-01-10T13:38:57.391Z' },
  { id: 12, project_id: 7, name: 'worker', path: 'demo/app/worker', created_at: '2026-01-10T13:39:08.229Z' },
  { id: 13, project_id: 8, name: '', path: 'demo/tools', created_at: '2026-01-11T09:00:00.000Z' },
];

export async function startGitLab(): Promise<GitLabServer> {
  const backend = await startRegistry('token');
  let origin = '';
  const log: Exchange[] = [];
  const created = new Map<string, string>();
  const front = startV2Front({ backend, origin: () => origin, mode: 'token', realmPath: '/jwt/auth', service: 'container_registry', accept: (_u, p) => p === TOKEN });
  const host = () => origin.replace(/^https?:\/\//, '');

  const reply = (res: ServerResponse, x: Exchange, status: number, body: unknown, headers: Record<string, string> = {}) => {
    x.status = status; x.body = body;
    log.push(x);
    sendJson(res, status, body, headers);
  };
  const notFound = (res: ServerResponse, x: Exchange, what = '404 Not found') => reply(res, x, 404, { message: what });

  /** Offset pagination ("Pagination": page, per_page ≤ 100, X-Page / X-Per-Page / X-Next-Page / X-Total / X-Total-Pages). */
  function paged(res: ServerResponse, x: Exchange, url: URL, items: unknown[]) {
    const page = Math.max(1, Number(url.searchParams.get('page') ?? '1') || 1);
    const per = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? '20') || 20));
    const pages = Math.max(1, Math.ceil(items.length / per));
    reply(res, x, 200, items.slice((page - 1) * per, page * per), {
      'x-page': String(page), 'x-per-page': String(per), 'x-total': String(items.length), 'x-total-pages': String(pages),
      'x-next-page': page < pages ? String(page + 1) : '', 'x-prev-page': page > 1 ? String(page - 1) : '',
    });
  }

  const repoJson = (r: Repo, tagsCount?: number) => ({
    id: r.id, name: r.name, path: r.path, project_id: r.project_id, location: `${host()}/${r.path}`, created_at: r.created_at,
    ...(tagsCount === undefined ? {} : { tags_count: tagsCount }),
  });
  const visibleTags = async (r: Repo) => (await listTags(backend, r.path)).filter((t) => !front.hidden(r.path).has(t)).sort();

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const raw = url.pathname;
    const x: Exchange = { method: req.method ?? 'GET', path: raw, query: url.search, status: 0 };
    if (req.headers['private-token'] !== TOKEN) return reply(res, x, 401, { message: '401 Unauthorized' });
    const seg = raw.slice('/api/v4/'.length).split('/').map(decodeURIComponent);
    const projectOf = (id: string) => { const n = /^\d+$/.test(id) ? Number(id) : Number(Object.entries(GITLAB_PROJECTS).find(([, p]) => p === id)?.[0]); return GITLAB_PROJECTS[n] ? n : undefined; };
    if (req.method === 'GET' && seg.length === 4 && seg[0] === 'groups' && seg[2] === 'registry' && seg[3] === 'repositories') {
      const projects = GITLAB_GROUPS[seg[1]];
      if (!projects) return notFound(res, x, '404 Group Not Found');
      return paged(res, x, url, GITLAB_REPOS.filter((r) => projects.includes(r.project_id)).map((r) => repoJson(r)));
    }
    if (seg[0] !== 'projects' || seg[2] !== 'registry' || seg[3] !== 'repositories') return notFound(res, x);
    const pid = projectOf(seg[1]);
    if (pid === undefined) return notFound(res, x, '404 Project Not Found');
    if (req.method === 'GET' && seg.length === 4) {
      const repos = GITLAB_REPOS.filter((r) => r.project_id === pid);
      const withCount = url.searchParams.get('tags_count') === 'true';
      const items = await Promise.all(repos.map(async (r) => repoJson(r, withCount ? (await visibleTags(r)).length : undefined)));
      return paged(res, x, url, items);
    }
    const repo = GITLAB_REPOS.find((r) => r.project_id === pid && String(r.id) === seg[4]);
    if (!repo || seg[5] !== 'tags') return notFound(res, x, '404 Repository Not Found');
    const tags = await visibleTags(repo);
    if (req.method === 'GET' && seg.length === 6) {
      return paged(res, x, url, tags.map((t) => ({ name: t, path: `${repo.path}:${t}`, location: `${host()}/${repo.path}:${t}` })));
    }
    const tag = seg[6];
    if (seg.length !== 7 || !tags.includes(tag)) return notFound(res, x, '404 Tag Not Found');
    if (req.method === 'DELETE') {
      front.hideTag(repo.path, tag);
      return reply(res, x, 204, undefined);
    }
    if (req.method !== 'GET') return reply(res, x, 405, { message: '405 Method Not Allowed' });
    const m = await fetchManifest(backend, repo.path, tag);
    const j = JSON.parse(m.bytes.toString('utf8')) as { config?: { size: number }; layers?: Array<{ size: number }>; manifests?: Array<{ size: number }> };
    const total = (j.config?.size ?? 0) + [...(j.layers ?? []), ...(j.manifests ?? [])].reduce((a, l) => a + l.size, 0) + m.bytes.length;
    const key = `${repo.path}:${tag}:${m.digest}`;
    if (!created.has(key)) created.set(key, new Date().toISOString());
    return reply(res, x, 200, {
      name: tag, path: `${repo.path}:${tag}`, location: `${host()}/${repo.path}:${tag}`,
      revision: m.digest.slice(7), short_revision: m.digest.slice(7, 16), digest: m.digest, created_at: created.get(key), total_size: total,
    });
  }

  const served = await serveStandIn(backend, front, async (req, res, url) => (url.pathname.startsWith('/api/v4/') ? api(req, res, url) : sendJson(res, 404, { message: '404 Not Found' })));
  origin = served.origin;
  return {
    url: origin, apiUrl: `${origin}/api/v4`, registry: served.registry, username: USER, token: TOKEN, backend, front,
    exchanges: () => log.slice(), clear: () => { log.length = 0; },
    stop: served.stop,
  };
}
