// Small hostile/odd HTTP(S) servers for the client's unit tests. Bound to 127.0.0.1 on a free port.
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

export interface SeenRequest { method: string; url: string; authorization?: string; at: number }

export interface TestServer {
  url: string;       // http(s)://127.0.0.1:PORT
  host: string;      // 127.0.0.1:PORT
  seen: SeenRequest[];
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, server: TestServer) => void;

export async function startServer(handler: Handler, tls?: { certFile: string; keyFile: string }): Promise<TestServer> {
  const seen: SeenRequest[] = [];
  let self: TestServer | undefined;
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, at: Date.now() });
    // Drain request bodies so keep-alive works.
    req.resume();
    handler(req, res, self as TestServer);
  };
  const server: Server = tls
    ? createHttps({ cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) }, listener)
    : createHttp(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  self = {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  return self;
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const b = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(b.length), ...headers });
  res.end(b);
}

/**
 * Never idle long enough for an idle timeout, and never done: headers at once, then one byte of a JSON body
 * every `everyMs` until the client goes away.
 */
export async function tricklingServer(everyMs: number): Promise<TestServer & { bytes: () => number }> {
  let bytes = 0;
  const s = await startServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const body = Buffer.from(`{"name":"r","tags":[${'"t",'.repeat(10_000)}"t"]}`);
    let i = 0;
    const timer = setInterval(() => { if (i < body.length) { res.write(body.subarray(i, i + 1)); i++; bytes++; } }, everyMs);
    res.on('close', () => clearInterval(timer));
  });
  return Object.assign(s, { bytes: () => bytes });
}
