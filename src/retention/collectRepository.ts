// Reads what the retention planner needs from a repository over the distribution API every kind serves:
// each tag's digest (one HEAD per tag), each image's created time (its config, once per digest) and each
// index's children. Shared by `regx prune` and the editor, so both plan from the same facts.
import {
  indexChildren, indexParents, tagDescriptors, tagsByDigest, INDEX_TYPES, mapLimit,
  type ManifestDescriptor, type Reference, type RegistryClient,
} from '../registry/index';
import { planRetention, type RetentionDecision, type RetentionImage, type RetentionRules } from './planRetention';

export interface CollectOptions {
  signal?: AbortSignal;
  concurrency?: number;
  /** Token scope for the reads (default pull). */
  scope?: string[];
  /** Tags the registry marks immutable (Harbor's TagInfo.immutable). */
  immutableTags?: ReadonlySet<string>;
}

export interface PlannedRepository {
  /** Every tag with the manifest it pointed at when planned. */
  byTag: Map<string, ManifestDescriptor>;
  plan: RetentionDecision[];
}

/** created (from the config) and, for an index, its children; an index's created is its first real platform's. */
async function describe(client: RegistryClient, repo: Reference, d: ManifestDescriptor, opts: CollectOptions): Promise<Pick<RetentionImage, 'created' | 'children'>> {
  let children: string[] | undefined;
  let imageDigest = d.digest;
  if (INDEX_TYPES.has(d.mediaType)) {
    // Through the delete planner's cache: the parent check reads the same index without another GET.
    const list = await indexChildren(client, repo, d.digest, { signal: opts.signal, scope: opts.scope });
    children = list.map((c) => c.digest);
    const first = list.find((c) => !(c.platform?.os === 'unknown')); // buildx attestation manifests say os "unknown"
    if (!first) return { children };
    imageDigest = first.digest;
  }
  const image = await client.getManifest(repo.withDigest(imageDigest), { signal: opts.signal, scope: opts.scope });
  if (image.isIndex || !image.config) return { children };
  try {
    const cfg = JSON.parse((await client.getBlob(repo.repository, image.config.digest, { signal: opts.signal, scope: opts.scope })).toString('utf8')) as { created?: unknown };
    return { created: typeof cfg.created === 'string' ? cfg.created : undefined, children };
  } catch (e) {
    if (e instanceof SyntaxError) return { children }; // not a JSON config (an artifact): age unknown, kept
    throw e;
  }
}

/** Reads the repository and plans it. Requests: the tag list, one HEAD per tag, per digest one config (and index) GET. */
export async function planRepository(client: RegistryClient, repo: Reference, rules: RetentionRules, opts: CollectOptions = {}): Promise<PlannedRepository> {
  const concurrency = opts.concurrency ?? 8;
  const scope = opts.scope ?? [repo.scope(['pull'])];
  const o = { ...opts, scope };
  const byTag = await tagDescriptors(client, repo, { signal: opts.signal, concurrency, scope });
  const descriptorOf = new Map([...byTag.values()].map((d) => [d.digest, d]));
  const images: RetentionImage[] = [...tagsByDigest(byTag)].map(([digest, tags]) => {
    const immutable = tags.filter((t) => opts.immutableTags?.has(t));
    return { digest, tags, ...(immutable.length ? { immutableTags: immutable } : {}) };
  });
  await mapLimit(images, concurrency, async (img) => { Object.assign(img, await describe(client, repo, descriptorOf.get(img.digest) as ManifestDescriptor, o)); }, opts.signal);
  // Parents through untagged indexes (an index of indexes); the indexes were read above, so these are cached.
  const parents = await indexParents(client, repo, byTag, images.map((i) => i.digest), { signal: opts.signal, scope, concurrency });
  const extra = new Map([...parents].map(([d, ps]) => [d, ps.map((p) => p.digest)]));
  return { byTag, plan: planRetention(images, rules, extra) };
}
