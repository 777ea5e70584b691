// An HTTP proxy in front of a real registry whose speed the test controls: while its gate is open it
// forwards every request unchanged (Host header included, so the registry's upload Locations point back
// through the proxy); once the test closes the gate, every new request waits at the proxy and reaches the
// registry only if the gate opens again while its client is still waiting. It records what it forwarded and
// when, and what its clients abandoned, so a test can tell that a cancelled operation sent nothing more.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { listenLoopback } from './listen';

export interface ProxyRecord { method: string; path: string; at: number }
export interface HeldRequest extends ProxyRecord { abandoned: boolean }

export interface GateProxy {
  url: string;               // http://127.0.0.1:PORT
  registry: string;          // 127.0.0.1:PORT
  /** Requests passed on to the registry, in order. */
  forwarded(): ProxyRecord[];
  /** Requests that arrived while the gate was closed (abandoned: their client went away while held). */
  held(): HeldRequest[];
  /** From now on requests wait at the proxy. */
  close(): void;
  /** Lets waiting requests whose client is still there through, and every later one. */
  open(): void;
  stop(): Promise<void>;
}

export interface GateProxyOptions {
  /**
   * Answers a request itself instead of forwarding it: a status (with a distribution error body), e.g. to play a
   * registry that refuses GET /v2/_catalog. Refused requests are recorded in `refused()`, not `forwarded()`.
   */
  refuse?: (method: string, path: string) => number | undefined;
}

export async function startGateProxy(target: { url: string }, options: GateProxyOptions = {}): Promise<GateProxy & { refused(): ProxyRecord[] }> {
  const upstream = new URL(target.url);
  if (upstream.protocol !== 'http:') throw new Error(`gate proxy: only a plain-HTTP registry (got ${target.url})`);
  const forwarded: ProxyRecord[] = [];
  const refused: ProxyRecord[] = [];
  const held: Array<HeldRequest & { released: boolean; release: () => void }> = [];
  let gateOpen = true;
  const sockets = new Set<Socket>();

  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    forwarded.push({ method: req.method ?? '', path: req.url ?? '', at: Date.now() });
    const up = httpRequest({
      host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers,
    }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    res.on('close', () => { if (!res.writableFinished) up.destroy(); });
    req.pipe(up);
  };

  const server = createServer((req, res) => {
    const status = options.refuse?.(req.method ?? '', req.url ?? '');
    if (status !== undefined) {
      refused.push({ method: req.method ?? '', path: req.url ?? '', at: Date.now() });
      const code = status === 401 ? 'UNAUTHORIZED' : status === 404 ? 'NAME_UNKNOWN' : status === 405 ? 'UNSUPPORTED' : 'DENIED';
      req.resume();
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ code, message: 'catalog listing refused' }] }));
      return;
    }
    if (gateOpen) { forward(req, res); return; }
    req.pause(); // a body (blob upload) stays unread until the request is let through
    const h = {
      method: req.method ?? '', path: req.url ?? '', at: Date.now(), abandoned: false, released: false,
      release: () => {
        if (h.released || h.abandoned) return;
        h.released = true;
        req.resume();
        forward(req, res);
      },
    };
    held.push(h);
    res.on('close', () => { if (!res.writableFinished) h.abandoned = true; });
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  const port = await listenLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    registry: `127.0.0.1:${port}`,
    forwarded: () => forwarded.slice(),
    refused: () => refused.slice(),
    held: () => held.map((h) => ({ method: h.method, path: h.path, at: h.at, abandoned: h.abandoned })),
    close: () => { gateOpen = false; },
    open: () => {
      gateOpen = true;
      for (const h of held) h.release();
    },
    stop: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
