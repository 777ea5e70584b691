// A referrers-capable registry for tests: the real registry 2.8 (which has no referrers API) behind a proxy that
// adds what distribution-spec 1.1 asks of a registry with one (test/fixtures/oci-referrers/listing-referrers.md):
// it records manifests pushed with a `subject` and answers the push with `OCI-Subject`, and it serves
// GET /v2/<name>/referrers/<digest> as an image index of their descriptors (artifactType from the manifest or
// its config media type, their annotations), paged by Link, filtered by artifactType with OCI-Filters-Applied
// (or, with `filters: false`, unfiltered and without the header, as a registry that does not filter may).
// Everything else goes to the registry unchanged. Every referrers response is checked by referrers-rules.ts.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import { listenLoopback } from './listen';
import { referrersViolations, type ReferrersExchange } from './referrers-rules';

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DIGEST = /^sha(256:[a-f0-9]{64}|384:[a-f0-9]{96}|512:[a-f0-9]{128})$/;

interface Referrer { repository: string; subject: string; descriptor: { mediaType: string; digest: string; size: number; artifactType?: string; annotations?: Record<string, string> } }

export interface ReferrersProxy {
  url: string;
  registry: string;
  /** Referrers responses served, each with the spec violations found in it (none expected). */
  served(): Array<ReferrersExchange & { violations: string[] }>;
  /** Request lines forwarded to or answered for clients ("GET /v2/…"). */
  requests(): string[];
  /** What it learned from pushes (another proxy over the same registry may share it). */
  readonly store: Referrer[];
  stop(): Promise<void>;
}

export async function startReferrersProxy(target: { url: string }, opts: { pageSize?: number; filters?: boolean; sharesWith?: ReferrersProxy } = {}): Promise<ReferrersProxy> {
  const upstream = new URL(target.url);
  const pageSize = opts.pageSize ?? 100;
  const referrers: Referrer[] = opts.sharesWith?.store ?? [];
  const served: Array<ReferrersExchange & { violations: string[] }> = [];
  const requests: string[] = [];
  const sockets = new Set<Socket>();

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer | undefined, onDone?: (status: number) => Record<string, string>): void => {
    const headers = { ...req.headers };
    if (body) headers['content-length'] = String(body.length);
    const up = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (r) => {
      const extra = onDone?.(r.statusCode ?? 502) ?? {};
      res.writeHead(r.statusCode ?? 502, { ...r.headers, ...extra });
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    if (body) up.end(body); else req.pipe(up);
  };

  const listReferrers = (res: ServerResponse, repository: string, digest: string, url: URL): void => {
    const artifactType = url.searchParams.get('artifactType') ?? undefined;
    const headers: Record<string, string> = { 'content-type': OCI_INDEX };
    let status = 200;
    let body: unknown;
    const mine = referrers.filter((r) => r.repository === repository && r.subject === digest).map((r) => r.descriptor);
    if (!DIGEST.test(digest)) {
      status = 400;
      body = { errors: [{ code: 'DIGEST_INVALID', message: 'invalid digest' }] };
      headers['content-type'] = 'application/json';
    } else {
      const filter = artifactType !== undefined && opts.filters !== false;
      if (filter) headers['oci-filters-applied'] = 'artifactType';
      const list = filter ? mine.filter((d) => d.artifactType === artifactType) : mine;
      const start = Number(url.searchParams.get('page') ?? '0');
      const page = list.slice(start, start + pageSize);
      if (start + pageSize < list.length) {
        const next = new URL(url.pathname, 'http://x');
        if (artifactType !== undefined) next.searchParams.set('artifactType', artifactType);
        next.searchParams.set('page', String(start + pageSize));
        headers.link = `<${next.pathname}${next.search}>; rel="next"`;
      }
      body = { schemaVersion: 2, mediaType: OCI_INDEX, manifests: page };
    }
    const x: ReferrersExchange = { digest, artifactType, status, headers, body, referrers: mine };
    served.push({ ...x, violations: referrersViolations(x) });
    const bytes = Buffer.from(JSON.stringify(body));
    res.writeHead(status, { ...headers, 'content-length': String(bytes.length), 'docker-distribution-api-version': 'registry/2.0' });
    res.end(bytes);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const ref = /^\/v2\/(.+)\/referrers\/([^/]+)$/.exec(url.pathname);
    if (ref && req.method === 'GET') { listReferrers(res, ref[1], decodeURIComponent(ref[2]), url); return; }
    const put = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
    if (!put || req.method !== 'PUT') { forward(req, res, undefined); return; }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      let m: { subject?: { digest?: string }; artifactType?: string; config?: { mediaType?: string }; annotations?: Record<string, string>; mediaType?: string } | undefined;
      try { m = JSON.parse(body.toString('utf8')) as typeof m; } catch { m = undefined; }
      forward(req, res, body, (status): Record<string, string> => {
        const subject = m?.subject?.digest;
        if ((status !== 201 && status !== 200) || !subject) return {};
        // "If the artifactType is empty or missing in the image manifest, the value of artifactType MUST be set to
        // the config descriptor mediaType value"; an index without one has none.
        const artifactType = m?.artifactType || m?.config?.mediaType || undefined;
        const descriptor = {
          mediaType: m?.mediaType ?? String(req.headers['content-type'] ?? ''), digest: `sha256:${createHash('sha256').update(body).digest('hex')}`, size: body.length,
          ...(artifactType ? { artifactType } : {}), ...(m?.annotations ? { annotations: m.annotations } : {}),
        };
        if (!referrers.some((r) => r.repository === put[1] && r.descriptor.digest === descriptor.digest)) referrers.push({ repository: put[1], subject, descriptor });
        return { 'oci-subject': subject };
      });
    });
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  const port = await listenLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    registry: `127.0.0.1:${port}`,
    served: () => served.slice(),
    requests: () => requests.slice(),
    store: referrers,
    stop: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
