// Every test server listens on loopback only, on a port the OS picks.
import type { AddressInfo, Server } from 'node:net';

/** Listens on 127.0.0.1 at a free port; resolves to the port, rejects on a listen error. */
export function listenLoopback(server: Server): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
