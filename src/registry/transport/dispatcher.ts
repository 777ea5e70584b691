// One keep-alive undici dispatcher per client: bounded connections per origin, custom CA, optional
// skip-verify, and proxies (explicit, or HTTPS_PROXY/HTTP_PROXY/NO_PROXY). Loopback never goes through
// a proxy (as Go's http.ProxyFromEnvironment).
import { readFileSync } from 'node:fs';
import { Agent, loadProxyAgents, type Dispatcher } from './undici';
import { extraCaConnector, withExtraCa } from './extraCa';
import { RegistryError } from '../errors';
import { isLoopbackHost } from '../reference';

export interface DispatcherOptions {
  maxConnections: number;
  caFile?: string;
  /** false = skip TLS verification. */
  rejectUnauthorized: boolean;
  proxy?: string;
  env: NodeJS.ProcessEnv;
  connectTimeoutMs: number;
}

/**
 * The certificates of a PEM file (RFC 7468 §5.1, "-----BEGIN CERTIFICATE-----" blocks; text around them, as
 * in CA bundles, is allowed). Node's TLS skips anything else without a word, so a file holding none (empty,
 * a key, DER, a typo'd path to another file) would leave the user wondering why the CA is not trusted: refuse it.
 */
export function pemCertificates(pem: string, file: string): string[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  const { X509Certificate } = require('node:crypto') as typeof import('node:crypto');
  const valid = blocks.filter((b) => { try { new X509Certificate(b); return true; } catch { return false; } });
  if (valid.length === 0) {
    throw new RegistryError(`the CA file ${file} holds no valid certificate: expected PEM ("-----BEGIN CERTIFICATE-----")`, { code: 'CA_FILE' });
  }
  return valid;
}

export class Dispatchers {
  private readonly direct: Agent;
  private proxied?: Dispatcher;
  private readonly tls: { ca?: string[]; rejectUnauthorized: boolean };

  constructor(private readonly o: DispatcherOptions) {
    let ca: string[] | undefined;
    if (o.caFile) {
      let pem: string;
      try { pem = readFileSync(o.caFile, 'utf8'); } catch (e) {
        throw new RegistryError(`cannot read the CA file ${o.caFile}: ${(e as Error).message}`, { code: 'CA_FILE' });
      }
      // `ca` replaces Node's bundled roots: keep them, and add the registry's CA.
      // node:tls loaded only here: a plain-HTTP or default-CA run never needs it at start-up.
      const { rootCertificates } = require('node:tls') as typeof import('node:tls');
      ca = [...rootCertificates, ...pemCertificates(pem, o.caFile)];
    }
    this.tls = { ca, rejectUnauthorized: o.rejectUnauthorized };
    // NODE_EXTRA_CA_CERTS as handed over by the regx launcher (see extraCa.ts): added when TLS is first used.
    const extraCa = ca ? undefined : o.env.REGX_EXTRA_CA_CERTS || undefined;
    const agentOpts = {
      connections: o.maxConnections,
      keepAliveTimeout: 30_000,
      connectTimeout: o.connectTimeoutMs,
    };
    const connect = { ...this.tls, timeout: o.connectTimeoutMs };
    this.direct = new Agent({ ...agentOpts, connect: extraCa ? extraCaConnector(connect, extraCa) : connect });
    const env = o.env;
    if (extraCa && (o.proxy || env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy)) this.tls = withExtraCa(this.tls, extraCa);
    const httpsProxy = env.HTTPS_PROXY ?? env.https_proxy;
    const httpProxy = env.HTTP_PROXY ?? env.http_proxy;
    if (o.proxy) {
      const { ProxyAgent } = loadProxyAgents();
      this.proxied = new ProxyAgent({ ...agentOpts, uri: o.proxy, requestTls: this.tls });
    } else if (httpsProxy || httpProxy) {
      const { EnvHttpProxyAgent } = loadProxyAgents();
      this.proxied = new EnvHttpProxyAgent({
        ...agentOpts,
        httpProxy, httpsProxy,
        noProxy: env.NO_PROXY ?? env.no_proxy ?? '',
        requestTls: this.tls,
        connect: { ...this.tls, timeout: o.connectTimeoutMs },
      });
    }
  }

  /** The dispatcher for a URL: direct for loopback hosts, the proxy (which applies NO_PROXY itself) otherwise. */
  for(url: URL): Dispatcher {
    if (!this.proxied || isLoopbackHost(url.host)) return this.direct;
    return this.proxied;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.direct.close(), this.proxied?.close()]);
  }
}
