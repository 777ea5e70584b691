// A stand-in for GitHub's packages REST API (api.github.com) in front of a REAL distribution registry that plays
// ghcr.io (token mode: the token server takes the GitHub user name and the token as basic auth, as ghcr.io's
// realm does). It answers only the operations kept in test/fixtures/github/packages-openapi.json (copied from
// github/rest-api-description, see its README) and checks each request (path, declared parameters, their
// types) and each response body against that description; what does not conform is recorded in `violations()`
// and a request outside the description gets 404 like GitHub's unknown routes.
//
// Packages are the registry's repositories under "<owner>/"; a version is one manifest digest with its tags
// (metadata.container.tags), so pushes through /v2/ show up in the API and a version delete removes the manifest.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { RegistryClient, StaticCredentials, Reference } from '../../src/registry/index';
import { startRegistry, type TestRegistry } from './registry';
import { listenLoopback } from './listen';
import { GITHUB_RECORDS_PATH, type GitHubRequestRecord } from './github-records';

export interface GitHubServerOptions {
  /** Organisations whose packages are the repositories under "<org>/". */
  orgs?: string[];
}

export { GITHUB_RECORDS_PATH, type GitHubRequestRecord };

export interface GitHubServer {
  apiUrl: string;            // http://127.0.0.1:PORT (the REST API base)
  registry: TestRegistry;    // the registry playing ghcr.io (url, registry host)
  user: string;              // the GitHub login (the registry's user)
  token: string;             // the personal access token (also the registry password)
  orgs: string[];
  requests(): GitHubRequestRecord[];
  clearRequests(): void;
  /** Requests or responses that the description does not allow (empty when everything conformed). */
  violations(): string[];
  stop(): Promise<void>;
}

interface Param { name: string; in: 'path' | 'query'; required?: boolean; schema: Record<string, unknown> }
interface Operation { operationId: string; parameters: Array<Param | { $ref: string }>; responses: Record<string, { $ref?: string; content?: { 'application/json': { schema: unknown } } }> }
type Doc = { paths: Record<string, Record<string, Operation>>; components: { parameters: Record<string, Param>; responses: Record<string, { content?: { 'application/json': { schema: unknown } } }> } };

export const GITHUB_DESCRIPTION: Doc = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'github', 'packages-openapi.json'), 'utf8')) as Doc;

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
// The other formats the published description uses (schemas of package.owner / package.repository).
ajv.addFormat('uri', { type: 'string', validate: (s: string) => URL.canParse(s) });
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
ajv.addSchema({ ...GITHUB_DESCRIPTION, $id: 'gh' } as object);
const validators = new Map<string, ValidateFunction>();
/** The description's schema for `schema` (refs resolved against the kept description). */
export function validatorFor(schema: unknown): ValidateFunction {
  const key = JSON.stringify(schema);
  let v = validators.get(key);
  if (!v) {
    const rewrite = (s: unknown): unknown => (Array.isArray(s) ? s.map(rewrite) : s && typeof s === 'object'
      ? Object.fromEntries(Object.entries(s).map(([k, x]) => [k, k === '$ref' && typeof x === 'string' && x.startsWith('#/') ? `gh${x}` : rewrite(x)])) : s);
    v = ajv.compile(rewrite(schema) as object);
    validators.set(key, v);
  }
  return v;
}

const deref = <T>(x: T | { $ref: string }, table: Record<string, T>): T =>
  (x && typeof x === 'object' && '$ref' in x ? table[(x as { $ref: string }).$ref.split('/').pop()!] : x as T);

/** The description's operation for a method and path, with the path parameters. */
export function matchOperation(method: string, path: string): { template: string; op: Operation; params: Record<string, string> } | undefined {
  for (const [template, ops] of Object.entries(GITHUB_DESCRIPTION.paths)) {
    const op = ops[method.toLowerCase()];
    if (!op) continue;
    const names: string[] = [];
    const re = new RegExp(`^${template.replace(/\{([^}]+)\}/g, (_m, n: string) => { names.push(n); return '([^/]+)'; })}$`);
    const m = re.exec(path);
    if (m) return { template, op, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])])) };
  }
  return undefined;
}

/** What in a request the operation does not allow (undeclared or missing parameters, wrong types). */
export function requestProblems(op: Operation, pathParams: Record<string, string>, query: URLSearchParams): string[] {
  const problems: string[] = [];
  const params = op.parameters.map((p) => deref(p, GITHUB_DESCRIPTION.components.parameters));
  const check = (p: Param, raw: string) => {
    const value = (p.schema.type === 'integer' && /^-?\d+$/.test(raw)) ? Number(raw) : raw;
    const v = validatorFor(p.schema);
    if (!v(value)) problems.push(`${p.in} parameter ${p.name}=${JSON.stringify(raw)}: ${ajv.errorsText(v.errors)}`);
  };
  for (const p of params) {
    const raw = p.in === 'path' ? pathParams[p.name] : query.get(p.name) ?? undefined;
    if (raw === undefined) { if (p.required) problems.push(`missing required ${p.in} parameter ${p.name}`); continue; }
    check(p, raw);
  }
  for (const k of new Set(query.keys())) if (!params.some((p) => p.in === 'query' && p.name === k)) problems.push(`query parameter ${k} is not declared by ${op.operationId}`);
  return problems;
}

/** What in a response the operation does not allow (an undeclared status, a body outside its schema). */
export function responseProblems(op: Operation, status: number, body: unknown): string[] {
  const r = op.responses[String(status)];
  if (!r) return [`status ${status} is not declared by ${op.operationId}`];
  const resp = r.$ref ? GITHUB_DESCRIPTION.components.responses[r.$ref.split('/').pop()!] : r;
  const schema = resp?.content?.['application/json']?.schema;
  if (!schema) return body === undefined ? [] : [`${op.operationId} ${status} declares no body`];
  const v = validatorFor(schema);
  return v(body) ? [] : [`${op.operationId} ${status}: ${ajv.errorsText(v.errors)}`];
}

/** Whether the operation declares `status` with no content (its answer has no body). */
function declaresNoBody(op: Operation, status: number): boolean {
  const r = op.responses[String(status)];
  if (!r) return false;
  const resp = r.$ref ? GITHUB_DESCRIPTION.components.responses[r.$ref.split('/').pop()!] : r;
  return !!resp && !resp.content;
}

export async function startGitHubServer(opts: GitHubServerOptions = {}): Promise<GitHubServer> {
  const token = `ghp_${randomBytes(18).toString('hex')}`;
  const registry = await startRegistry('token', { deleteEnabled: true, password: token });
  const user = registry.username!;
  const orgs = opts.orgs ?? ['acme'];
  const client = new RegistryClient({ registry: registry.registry, insecure: true, credentials: new StaticCredentials({ [registry.registry]: { username: user, password: token } }), retries: 0 });
  const requests: GitHubRequestRecord[] = [];
  const violations: string[] = [];
  // Version ids and first-seen times per digest; package ids per repository (GitHub ids are stable integers).
  const ids = new Map<string, number>();
  const seen = new Map<string, string>();
  let nextId = 1000;
  const idOf = (key: string) => { let i = ids.get(key); if (i === undefined) ids.set(key, (i = nextId++)); return i; };
  const firstSeen = (key: string) => { let t = seen.get(key); if (!t) seen.set(key, (t = new Date(Date.now() - 1000 * (1000 - seen.size)).toISOString().replace(/\.\d+Z$/, 'Z'))); return t; };

  async function repositoriesOf(owner: string): Promise<string[]> {
    const all: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.catalog({ n: 1000, cursor });
      all.push(...page.items);
      cursor = page.next;
    } while (cursor);
    return all.filter((r) => r.startsWith(`${owner.toLowerCase()}/`)).sort();
  }

  async function versionsOf(repository: string) {
    const tags = (await client.tags(repository, { n: 1000 }).catch(() => ({ items: [] as string[] }))).items;
    const byDigest = new Map<string, string[]>();
    for (const tag of tags) {
      const head = await client.headManifest(new Reference(registry.registry, repository, tag));
      if (head?.digest) byDigest.set(head.digest, [...(byDigest.get(head.digest) ?? []), tag]);
    }
    return [...byDigest].map(([digest, t]) => ({ id: idOf(`${repository}@${digest}`), digest, tags: t.sort() })).sort((a, b) => b.id - a.id);
  }

  const apiBase = () => `http://127.0.0.1:${port}`;
  const pkgJson = async (owner: string, kind: 'users' | 'orgs', repository: string) => {
    const name = repository.slice(owner.length + 1);
    const versions = await versionsOf(repository);
    return {
      id: idOf(repository), name, package_type: 'container', visibility: 'private',
      url: `${apiBase()}/${kind}/${owner}/packages/container/${encodeURIComponent(name)}`,
      html_url: `https://github.com/${kind === 'orgs' ? `orgs/${owner}` : owner}/packages/container/package/${encodeURIComponent(name)}`,
      version_count: versions.length, created_at: firstSeen(repository), updated_at: firstSeen(repository),
    };
  };
  const versionJson = (owner: string, kind: 'users' | 'orgs', name: string, v: { id: number; digest: string; tags: string[] }, repository: string) => ({
    id: v.id, name: v.digest,
    url: `${apiBase()}/${kind}/${owner}/packages/container/${encodeURIComponent(name)}/versions/${v.id}`,
    package_html_url: `https://github.com/${kind === 'orgs' ? `orgs/${owner}` : owner}/packages/container/package/${encodeURIComponent(name)}`,
    html_url: `https://github.com/${kind === 'orgs' ? `orgs/${owner}` : owner}/packages/container/${encodeURIComponent(name)}/${v.id}`,
    created_at: firstSeen(`${repository}@${v.digest}`), updated_at: firstSeen(`${repository}@${v.digest}`),
    metadata: { package_type: 'container', container: { tags: v.tags } },
  });

  /** page / per_page over a list, with GitHub's Link header when more follows. */
  const pageOf = <T>(items: T[], q: URLSearchParams, res: ServerResponse, path: string): T[] => {
    const page = Math.max(1, Number(q.get('page') ?? 1));
    const per = Math.min(100, Math.max(1, Number(q.get('per_page') ?? 30)));
    if (page * per < items.length) {
      const next = new URLSearchParams(q); next.set('page', String(page + 1));
      res.setHeader('link', `<${apiBase()}${path}?${next}>; rel="next"`);
    }
    return items.slice((page - 1) * per, page * per);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const u = new URL(req.url ?? '/', 'http://x');
      if (req.method === 'GET' && u.pathname === GITHUB_RECORDS_PATH) {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(requests));
        return;
      }
      const m = matchOperation(req.method ?? 'GET', u.pathname);
      const auth = String(req.headers.authorization ?? '');
      requests.push({ method: req.method ?? '', path: u.pathname, query: u.search, operationId: m?.op.operationId,
        auth: auth === `Bearer ${token}` || auth === `token ${token}` ? 'token' : auth ? 'other' : 'none' });
      const send = (status: number, body?: unknown) => {
        // A response the description declares without content (e.g. 400 package_es_list_error) goes out bodiless.
        if (m && body !== undefined && declaresNoBody(m.op, status)) body = undefined;
        if (m) for (const p of responseProblems(m.op, status, body)) violations.push(`${req.method} ${u.pathname}: ${p}`);
        if (body === undefined) { res.writeHead(status).end(); return; }
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
      };
      if (!m) {
        violations.push(`${req.method} ${u.pathname} is not an operation of the kept description`);
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }));
        return;
      }
      const problems = requestProblems(m.op, m.params, u.searchParams);
      if (problems.length) {
        violations.push(...problems.map((p) => `${req.method} ${u.pathname}: ${p}`));
        // GitHub answers 400/422 to bad parameters; the description declares 400 only for the list operations.
        send(m.op.responses['400'] ? 400 : 404, { message: problems.join('; '), documentation_url: 'https://docs.github.com/rest' });
        return;
      }
      if (auth !== `Bearer ${token}` && auth !== `token ${token}`) {
        send(401, { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest' });
        return;
      }
      const kind: 'users' | 'orgs' = m.template.startsWith('/orgs/') ? 'orgs' : 'users';
      const owner = m.params.username ?? m.params.org;
      const known = kind === 'users' ? owner.toLowerCase() === user.toLowerCase() : orgs.some((o) => o.toLowerCase() === owner.toLowerCase());
      if (!known) { send(m.op.responses['404'] ? 404 : 403, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }); return; }
      if (m.template.endsWith('/packages')) {
        const repos = await repositoriesOf(owner);
        send(200, await Promise.all(pageOf(repos, u.searchParams, res, u.pathname).map((r) => pkgJson(owner, kind, r))));
        return;
      }
      if (m.params.package_type !== 'container') { send(404, { message: 'Not Found' }); return; }
      const name = m.params.package_name;
      const repository = `${owner.toLowerCase()}/${name}`;
      const versions = (await repositoriesOf(owner)).includes(repository) ? await versionsOf(repository) : undefined;
      if (!versions) { send(404, { message: 'Package not found.', documentation_url: 'https://docs.github.com/rest' }); return; }
      if (req.method === 'GET') {
        const shown = kind === 'orgs' ? pageOf(versions, u.searchParams, res, u.pathname) : versions;
        send(200, shown.map((v) => versionJson(owner, kind, name, v, repository)));
        return;
      }
      const v = versions.find((x) => x.id === Number(m.params.package_version_id));
      if (!v) { send(404, { message: 'Package version not found.', documentation_url: 'https://docs.github.com/rest' }); return; }
      await client.deleteManifest(repository, v.digest);
      send(204);
    })().catch((err: unknown) => {
      violations.push(`${req.method} ${req.url}: stand-in failed: ${String(err)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const port = await listenLoopback(server);
  return {
    apiUrl: apiBase(), registry, user, token, orgs,
    requests: () => requests.slice(),
    clearRequests: () => { requests.length = 0; },
    violations: () => violations.slice(),
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await client.close();
      await registry.stop();
    },
  };
}
