/**
 * How a builder reaches a configured registry: host, TLS material and whether it must skip TLS
 * (`--tls-verify=false`). Plain Node (no `vscode`), shared by Build and Push, Push Local Image and Pull.
 */
import type { RegistryClient } from '../registry/index';
import type { BuildCredentials } from './auth';
import type { TargetRegistry } from './pipeline';

/** The parts of a registry definition (src/context.ts) the builder needs. */
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
  return !!src.insecure || /^http:\/\//i.test(src.url);
}

export function targetRegistry(registry: string, src: TargetSource, credentials?: BuildCredentials): TargetRegistry {
  return { registry, insecure: needsInsecure(src), caFile: src.caFile, credentials };
}

/**
 * The scheme the client uses for its registry, learned by one ping when it is still a guess (a loopback or
 * insecure host added as "127.0.0.1:5000" is stored as https:// but may speak plain HTTP: the client falls
 * back to http once and remembers it).
 */
export async function learnScheme(client: RegistryClient, signal?: AbortSignal): Promise<'http' | 'https'> {
  const now = (): 'http' | 'https' => (client.baseUrl.startsWith('http:') ? 'http' : 'https');
  if (now() === 'http') return 'http';
  // A 401 (or any answer) still settles the scheme; only the scheme matters here.
  await client.ping({ signal }).catch(() => undefined);
  return now();
}
