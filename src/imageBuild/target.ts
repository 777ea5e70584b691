/**
 * How a builder reaches a configured registry: host, TLS material and whether it must skip TLS
 * (`--tls-verify=false`). Plain Node (no `vscode`), shared by Build and Push, Push Local Image and Pull.
 */
import { isLoopbackHost, type RegistryClient } from '../registry/index';
import type { BuildCredentials } from './auth';
import type { TargetRegistry } from './pipeline';

/** The parts of a registry definition (src/editorContext.ts) the builder needs. */
export interface TargetSource {
  url: string;
  insecure?: boolean;
  caFile?: string;
  /** The scheme the client learned talking to it (see learnScheme). */
  scheme?: 'http' | 'https';
}

/** True when the builder must not insist on verified TLS for this registry. */
export function needsInsecure(src: TargetSource): boolean {
  // A registry configured with http:// is plain HTTP: podman/buildah need --tls-verify=false for it.
  if (src.insecure || /^http:\/\//i.test(src.url)) return true;
  // "127.0.0.1:5000" is stored as https://, and the client falls back to plain HTTP only for loopback or
  // insecure hosts (as Docker does). The builders do not fall back by themselves: without the flag
  // podman/buildah fail with "server gave HTTP response to HTTPS client".
  return src.scheme === 'http';
}

/**
 * docker decides about plain HTTP in its daemon, not per command: it allows it for loopback (127.0.0.0/8,
 * localhost) and for the daemon's `insecure-registries`. True when the user should be told about the latter.
 */
export function dockerNeedsInsecureRegistries(registry: string, insecure: boolean | undefined): boolean {
  return !!insecure && !isLoopbackHost(registry);
}

/** Builder output that means "TLS was tried against a plain-HTTP registry". */
export const PLAIN_HTTP_REPLY = /server gave HTTP response to HTTPS client|http: server gave HTTP response/i;

export function targetRegistry(registry: string, src: TargetSource, credentials?: BuildCredentials): TargetRegistry {
  // With insecure, auth.ts skips the CA (no verification happens): the plain-HTTP decision wins.
  return { registry, insecure: needsInsecure(src), caFile: src.caFile, credentials };
}

/**
 * The scheme the client uses for its registry, learned by one ping when it is still a guess (a loopback or
 * insecure host added as "127.0.0.1:5000" is stored as https:// but may speak plain HTTP: the client falls
 * back to http once and remembers it).
 */
export async function learnScheme(client: RegistryClient, signal?: AbortSignal): Promise<'http' | 'https'> {
  const now = (): 'http' | 'https' => (client.baseUrl.startsWith('http:') ? 'http' : 'https');
  // Only a loopback host's scheme is a guess (an insecure one needs no answer: it is insecure either way).
  if (now() === 'http' || !isLoopbackHost(client.registry)) return now();
  // A 401 (or any answer) still settles the scheme; only the scheme matters here.
  await client.ping({ signal }).catch(() => undefined);
  return now();
}
