// A token server of our own for the registry's `auth.token` mode (Debian ships none).
// It follows the Docker token protocol the way distribution 2.8 checks it
// (registry/auth/token/token.go): GET realm?service=&scope=… answers {token, access_token, expires_in, issued_at};
// the token is an RS256 JWT whose header carries x5c (the signing certificate, base64 DER, which the registry
// chains to its rootcertbundle) and whose claims are iss, sub, aud (= service), exp, nbf, iat, jti, access.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createPrivateKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import { signingMaterial } from './tls';
import { listenLoopback } from './listen';

export interface AccessEntry { type: string; name: string; actions: string[] }

export interface TokenServerOptions {
  service: string;
  issuer: string;
  username: string;
  password: string;
  expiresIn?: number;          // seconds, default 300
}

export interface TokenServer {
  url: string;                 // realm: http://127.0.0.1:PORT/token
  requests(): number;          // every request received (for request budgets in tests)
  log(): Array<{ scopes: string[]; user?: string; status: number }>;
  close(): Promise<void>;
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

export function signJwt(claims: Record<string, unknown>, key: KeyObject, x5c: string[]): string {
  const header = { typ: 'JWT', alg: 'RS256', x5c };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const sig = sign('sha256', Buffer.from(input), key); // RSASSA-PKCS1-v1_5 with SHA-256 = RS256
  return `${input}.${b64url(sig)}`;
}

/** Parses scopes as the token spec writes them: `type:name:actions`, where name may contain ':' (a port). */
export function parseScope(scope: string): AccessEntry | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last === first) return undefined;
  return {
    type: scope.slice(0, first),
    name: scope.slice(first + 1, last),
    actions: scope.slice(last + 1).split(',').filter(Boolean),
  };
}

function basicUser(req: IncomingMessage): { user: string; pass: string } | undefined {
  const h = req.headers.authorization;
  if (!h || !/^basic /i.test(h)) return undefined;
  const raw = Buffer.from(h.slice(6).trim(), 'base64').toString('utf8');
  const i = raw.indexOf(':');
  if (i < 0) return undefined;
  return { user: raw.slice(0, i), pass: raw.slice(i + 1) };
}

export async function startTokenServer(opts: TokenServerOptions): Promise<TokenServer> {
  const material = signingMaterial();
  const key = createPrivateKey(material.keyPem);
  const expiresIn = opts.expiresIn ?? 300;
  let count = 0;
  const entries: Array<{ scopes: string[]; user?: string; status: number }> = [];

  const handle = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    count++;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const params = req.method === 'POST' ? new URLSearchParams(body) : url.searchParams;
    // Docker clients send one `scope` parameter per scope; some join several with spaces.
    const scopes = params.getAll('scope').flatMap((s) => s.split(' ')).filter(Boolean);
    let creds = basicUser(req);
    if (req.method === 'POST' && params.get('grant_type') === 'password') {
      creds = { user: params.get('username') ?? '', pass: params.get('password') ?? '' };
    }
    const reply = (status: number, json: unknown): void => {
      entries.push({ scopes, user: creds?.user, status });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    if (url.pathname !== '/token') return reply(404, { errors: [{ code: 'NOT_FOUND', message: 'no such endpoint' }] });
    if (params.get('service') !== opts.service) {
      return reply(400, { errors: [{ code: 'INVALID_SERVICE', message: `unknown service ${params.get('service') ?? ''}` }] });
    }
    if (creds && (creds.user !== opts.username || creds.pass !== opts.password)) {
      res.setHeader('www-authenticate', 'Basic realm="regx-token"');
      return reply(401, { errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] });
    }
    // Anonymous callers get a valid token that grants nothing, as public token services do for private
    // repositories; the registry then answers 401 with insufficient_scope.
    const access: AccessEntry[] = [];
    if (creds) {
      for (const s of scopes) {
        const a = parseScope(s);
        if (a && (a.type === 'repository' || a.type === 'registry')) access.push(a);
      }
    }
    const now = Math.floor(Date.now() / 1000);
    const token = signJwt({
      iss: opts.issuer,
      sub: creds?.user ?? '',
      aud: opts.service,
      exp: now + expiresIn,
      nbf: now - 5,
      iat: now,
      jti: randomBytes(12).toString('hex'),
      access,
    }, key, [material.certDerBase64]);
    reply(200, { token, access_token: token, expires_in: expiresIn, issued_at: new Date(now * 1000).toISOString() });
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  const port = await listenLoopback(server);
  return {
    url: `http://127.0.0.1:${port}/token`,
    requests: () => count,
    log: () => entries.slice(),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
