/**
 * The registry kind a URL names by itself, before any request: well-known hosts of hosted registries. One line
 * per kind; `undefined` means "probe it" (Add Registry asks /v2/ and Harbor's /api/v2.0/ping). Plain Node.
 */
import type { RegistryKind } from './registryBackend';

/** Host patterns → kind. The first match wins; the user can still override the kind in Add Registry. */
const KNOWN_HOSTS: ReadonlyArray<readonly [RegExp, RegistryKind]> = [
  [/(^|\.)docker\.(io|com)$/i, 'dockerhub'],
  // GitHub Container Registry (docs.github.com "Working with the Container registry").
  [/^ghcr\.io$/i, 'github'],
];

export function detectKind(url: string): RegistryKind | undefined {
  let host: string;
  try { host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `https://${url}`).hostname; } catch { return undefined; }
  return KNOWN_HOSTS.find(([re]) => re.test(host))?.[1];
}
