// Plans a repository of any kind: the facts come over the distribution API (collectRepository.ts); where the
// backend's tag list carries details (caps.tagDetailsInList: Harbor artifacts), it also says which tags are
// immutable, so the plan keeps them.
import { Reference } from '../registry/index';
import type { RegistryBackend } from '../backends/registryBackend';
import { planRepository, type CollectOptions, type PlannedRepository } from './collectRepository';
import type { RetentionRules } from './planRetention';

/** Pages of the backend's tag list read for immutability flags: bounded, a retention run is not a crawl. */
const MAX_PAGES = 100;

export async function immutableTags(backend: RegistryBackend, repository: string, signal?: AbortSignal): Promise<Set<string>> {
  const out = new Set<string>();
  if (!backend.caps.tagDetailsInList) return out;
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await backend.tags(repository, { cursor, signal, pageSize: 100 });
    for (const t of page.items) if (t.immutable && t.tag) out.add(t.tag);
    cursor = page.next;
    if (!cursor) break;
  }
  return out;
}

export async function planBackendRepository(backend: RegistryBackend, repository: string, rules: RetentionRules, opts: Omit<CollectOptions, 'immutableTags'> = {}): Promise<PlannedRepository> {
  const frozen = await immutableTags(backend, repository, opts.signal);
  return planRepository(backend.client, new Reference(backend.host, repository), rules, { ...opts, immutableTags: frozen });
}
