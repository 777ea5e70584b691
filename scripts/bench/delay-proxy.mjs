// A TCP proxy on 127.0.0.1 that holds every chunk the registry sends for `delayMs` before passing it on
// (order kept), so each request/response exchange costs one extra `delayMs`: a registry one round trip
// away, as most users have. It also counts HTTP request lines going to the registry, which tells how many
// requests a whole-process tool made (skopeo has no request log of its own).
import { createConnection, createServer } from 'node:net';

const REQUEST_LINE = /(?:^|\r\n)(GET|HEAD|PUT|POST|PATCH|DELETE|OPTIONS) (\S+) HTTP\/1\.[01]\r\n/g;

export async function startDelayProxy({ targetPort, delayMs }) {
  let requests = 0;
  let tlsHandshakes = 0;
  /** Requests by kind ("HEAD manifest", "GET blob", …), for the rows that report what a page of details costs. */
  let byKind = {};
  const sockets = new Set();
  const server = createServer((client) => {
    sockets.add(client);
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    sockets.add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    let first = true;
    client.on('data', (chunk) => {
      if (first && chunk[0] === 0x16) tlsHandshakes++; // a TLS ClientHello (probing for HTTPS)
      first = false;
      // Request lines start a message; tiny bench bodies are gzip/JSON and never contain one.
      const text = chunk.toString('latin1');
      for (const m of text.matchAll(REQUEST_LINE)) {
        requests++;
        const what = /\/manifests\//.test(m[2]) ? 'manifest' : /\/blobs\//.test(m[2]) ? 'blob' : /\/tags\/list/.test(m[2]) ? 'tags/list' : 'other';
        byKind[`${m[1]} ${what}`] = (byKind[`${m[1]} ${what}`] ?? 0) + 1;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (delayMs <= 0) { client.write(chunk); return; }
      // Timers with the same delay fire in creation order, so chunks keep their order.
      setTimeout(() => { if (!client.destroyed) client.write(chunk); }, delayMs);
    });
    const end = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
    upstream.on('end', () => setTimeout(() => client.end(), delayMs));
    client.on('end', () => upstream.end());
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
  });
  await new Promise((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', resolve); });
  return {
    port: server.address().port,
    requests: () => requests,
    tlsHandshakes: () => tlsHandshakes,
    byKind: () => ({ ...byKind }),
    reset: () => { requests = 0; tlsHandshakes = 0; byKind = {}; },
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}
