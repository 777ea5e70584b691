/**
 * The one place that maps a registry kind to its backend. A new kind (GitHub, GitLab, Quay, a cloud registry)
 * is a new `…Backend.ts` here plus one case below; callers keep calling the RegistryBackend interface.
 */
import type { DockerHubClient, HarborClient, RegistryClient } from '../registry/index';
import type { GitHubClient } from '../registry/index';
import type { BackendDefinition, RegistryBackend } from './registryBackend';
import { DistributionBackend } from './distributionBackend';
import { HarborBackend } from './harborBackend';
import { DockerHubBackend } from './dockerHubBackend';
import { GitHubBackend } from './githubBackend';

/** Where a backend gets its clients: the extension's pool (SecretClientPool) or a CLI session. */
export interface BackendClients {
  get(id: string): RegistryClient;
  harbor(id: string): HarborClient;
  hub(id: string): DockerHubClient;
  /** GitHub's packages API client of a `github` registry (optional: the CLI lists through v2 only). */
  github?(id: string): GitHubClient;
}

export function backendFor(def: BackendDefinition & { id: string }, host: string, clients: BackendClients): RegistryBackend {
  switch (def.kind) {
    case 'harbor': return new HarborBackend(clients.get(def.id), host, clients.harbor(def.id));
    case 'dockerhub': return new DockerHubBackend(clients.get(def.id), host, clients.hub(def.id), def);
    case 'github': if (clients.github) return new GitHubBackend(clients.get(def.id), host, clients.github(def.id), def); break;
    // Plain distribution is also what any kind this version does not know gets (a setting from a newer version).
    default: break;
  }
  return new DistributionBackend(clients.get(def.id), host);
}
