/**
 * The backend of each configured registry, over the pooled clients: a backend is a thin typed layer (its state
 * — tokens, learned schemes, delete support — lives in the clients), rebuilt when the definition or the client
 * under it changes (edit, reconnect, proxy change).
 */
import type { Backends, RegistryDefinition, RegistryStore } from '../editorContext';
import type { CallOptions, DockerHubClient, Page, RegistryClient } from '../registry/index';
import { backendFor, type BackendClients } from '../backends/backendFor';
import type { RegistryBackend, SearchResult } from '../backends/registryBackend';
import { hubSearch } from '../backends/dockerHubBackend';
import { registryHost } from './clientPool';

export class BackendPool implements Backends {
  private readonly cache = new Map<string, { def: RegistryDefinition; client: RegistryClient; backend: RegistryBackend }>();
  constructor(private readonly store: Pick<RegistryStore, 'get'>, private readonly clients: BackendClients & { anonymousHub?(): DockerHubClient }) {}

  get(id: string): RegistryBackend {
    const client = this.clients.get(id); // throws "not configured" for an unknown id
    const def = this.store.get(id)!;
    const hit = this.cache.get(id);
    if (hit && hit.def === def && hit.client === client) return hit.backend;
    const backend = backendFor(def, registryHost(def), this.clients);
    this.cache.set(id, { def, client, backend });
    return backend;
  }

  anonymousSearch(): { search(query: string, opts?: CallOptions): Promise<Page<SearchResult>> } {
    const hub = this.clients.anonymousHub?.();
    if (!hub) throw new Error('Docker Hub search is not available here');
    return { search: (query, opts) => hubSearch(hub, query, opts) };
  }
}
