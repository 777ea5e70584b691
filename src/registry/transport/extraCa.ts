// NODE_EXTRA_CA_CERTS without its start-up cost. Node 20 reads and parses that file (and its own bundled roots)
// when the process starts, about 85 ms on the bench machine, even when the process then only speaks plain HTTP.
// The regx launcher (src/cli/regx.sh) therefore starts Node without it and passes the path on as
// REGX_EXTRA_CA_CERTS; the connector below adds those CAs to Node's bundled roots, exactly the trust Node would
// have had, when the first TLS connection is made. Only used when no explicit CA (--ca-file) is configured:
// an explicit `ca` replaces the default store, with or without NODE_EXTRA_CA_CERTS, as in Node.
import { readFileSync } from 'node:fs';
import type * as Undici from 'undici';
import type { SecureContext } from 'node:tls';

type BuildConnector = typeof Undici.buildConnector;
type ConnectOptions = Undici.buildConnector.BuildOptions;

/* eslint-disable @typescript-eslint/no-require-imports */
const buildConnector: BuildConnector = require('undici/lib/core/connect');

/** Node's default trust plus the CAs in `file`, as a secure context (null: the file could not be read). */
function extraCaContext(file: string): SecureContext | null {
  let pem: string;
  try { pem = readFileSync(file, 'utf8'); } catch (e) {
    // What Node does with an unreadable NODE_EXTRA_CA_CERTS: a warning, and the default roots.
    process.emitWarning(`Ignoring extra certs from \`${file}\`, load failed: ${(e as Error).message}`);
    return null;
  }
  const tls = require('node:tls') as typeof import('node:tls');
  return tls.createSecureContext({ ca: [...tls.rootCertificates, pem] });
}

/** TLS options with the extra CAs, for a proxy's TLS settings (built when a proxy is configured). */
export function withExtraCa<T extends object>(tlsOpts: T, file: string): T {
  const secureContext = extraCaContext(file);
  return secureContext ? { ...tlsOpts, secureContext } : tlsOpts;
}

/** undici's connector for `base`, whose TLS connections also trust the CAs in `file` (read at the first one). */
export function extraCaConnector(base: ConnectOptions, file: string): Undici.buildConnector.connector {
  const plain = buildConnector(base);
  let secure: Undici.buildConnector.connector | undefined;
  return (opts, callback) => {
    if (opts.protocol !== 'https:') return plain(opts, callback);
    if (!secure) {
      const secureContext = extraCaContext(file);
      secure = secureContext ? buildConnector({ ...base, secureContext } as ConnectOptions) : plain;
    }
    return secure(opts, callback);
  };
}
