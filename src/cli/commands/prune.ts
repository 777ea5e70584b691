// `regx prune REPO --keep-last N --keep-days D --protect REGEX [--yes]`: the cleanup script registry users
// write by hand. A dry run unless --yes. Reads every tag's digest (HEAD, 8 in flight) and each image's
// created time once per digest; prints the plan; with --yes re-reads the tags right before deleting and
// skips any digest whose tag set changed since the plan, so a tag pushed meanwhile is never lost.
// A digest named by a kept index (directly or through untagged indexes) is kept too: deleting it would
// break that index (OCI image-spec "Image Index"). The shared delete planner (src/registry/delete.ts)
// finds those parents, with one GET per index digest, the same ones describe() reads.
import { indexChildren, indexParents, tagsByDigest, INDEX_TYPES, mapLimit, RegistryError, tagDescriptors, type ManifestDescriptor, type Reference, type RegistryClient } from '../../registry';
import { flag, int, num, str } from '../args';
import { positionals, repositoryRef, type CommandContext } from '../context';
import { CliError, EXIT, UsageError } from '../errors';
import { planPrune, type PruneDecision, type PruneImage } from '../prunePlan';

const CONCURRENCY = 8;

const pullScope = (repo: Reference) => [repo.scope(['pull'])];

/** created (from the config) and, for an index, its children; the index's created is its first platform's. */
async function describe(ctx: CommandContext, client: RegistryClient, repo: Reference, d: ManifestDescriptor): Promise<Pick<PruneImage, 'created' | 'children'>> {
  let children: string[] | undefined;
  let imageDigest = d.digest;
  if (INDEX_TYPES.has(d.mediaType)) {
    // Through the planner's cache: the parent check below reads the same index without another GET.
    const list = await indexChildren(client, repo, d.digest, { signal: ctx.signal, scope: pullScope(repo) });
    children = list.map((c) => c.digest);
    const first = list.find((c) => !(c.platform?.os === 'unknown'));
    if (!first) return { children };
    imageDigest = first.digest;
  }
  const image = await client.getManifest(repo.withDigest(imageDigest), { signal: ctx.signal });
  if (image.isIndex || !image.config) return { children };
  try {
    const cfg = JSON.parse((await client.getBlob(repo.repository, image.config.digest, { signal: ctx.signal })).toString('utf8')) as { created?: unknown };
    return { created: typeof cfg.created === 'string' ? cfg.created : undefined, children };
  } catch (e) {
    if (e instanceof SyntaxError) return { children }; // not a JSON config (an artifact): age unknown, kept
    throw e;
  }
}

/** Tab-separated fields (ctx.out escapes each, so a field never carries a tab or newline of its own). */
function line(d: PruneDecision): string[] {
  return [d.keep ? 'keep' : 'delete', d.digest, d.created ?? '-', d.tags.join(',') || '-', d.reasons.join('; ') || '-'];
}

export async function prune(ctx: CommandContext): Promise<void> {
  const [input] = positionals(ctx, ['REPOSITORY']);
  const repo = repositoryRef(input as string);
  const keepLast = int(ctx.args, 'keep-last');
  const keepDays = num(ctx.args, 'keep-days');
  const protectSrc = str(ctx.args, 'protect');
  if (keepLast === undefined && keepDays === undefined) {
    throw new UsageError('prune needs --keep-last N and/or --keep-days D (use --keep-last 0 to keep only protected tags)');
  }
  let protect: RegExp | undefined;
  if (protectSrc !== undefined) {
    try { protect = new RegExp(protectSrc); } catch (e) { throw new UsageError(`--protect is not a valid regular expression: ${(e as Error).message}`); }
  }
  const yes = flag(ctx.args, 'yes');
  const client = ctx.session.client(repo.registry);

  const byTag = await tagDescriptors(client, repo, { signal: ctx.signal, concurrency: CONCURRENCY, scope: pullScope(repo) });
  const descriptorOf = new Map([...byTag.values()].map((d) => [d.digest, d]));
  // Untagged children of tagged indexes matter too: they must not be counted as images, but a tagged
  // child of a kept index must stay; planPrune handles direct children through `children`.
  const images: PruneImage[] = [...tagsByDigest(byTag)].map(([digest, tags]) => ({ digest, tags }));
  await mapLimit(images, CONCURRENCY, async (img) => { Object.assign(img, await describe(ctx, client, repo, descriptorOf.get(img.digest) as ManifestDescriptor)); }, ctx.signal);

  const plan = planPrune(images, { keepLast, keepDays, protect, now: Date.now() });
  // Children reached through untagged indexes (an index of indexes): the planner's parents are transitive,
  // so one kept parent is enough to keep a digest.
  const kept = new Set(plan.filter((d) => d.keep).map((d) => d.digest));
  const parentsOf = await indexParents(client, repo, byTag, plan.filter((d) => !d.keep).map((d) => d.digest), { signal: ctx.signal, scope: pullScope(repo) });
  for (const d of plan) {
    const keptParent = d.keep ? undefined : parentsOf.get(d.digest)?.find((p) => kept.has(p.digest));
    if (keptParent) {
      d.keep = true;
      d.reasons.push(`part of ${keptParent.digest}`);
    }
  }
  const doomed = plan.filter((d) => !d.keep);
  const doomedTags = doomed.reduce((n, d) => n + d.tags.length, 0);

  const deleted: string[] = [];
  const skipped: string[] = [];
  if (yes && doomed.length > 0) {
    // Right before deleting: the tags and indexes as they are now. A digest goes only if exactly the planned
    // tags point at it and every index that names it goes too (and went first).
    const now = await tagDescriptors(client, repo, { signal: ctx.signal, concurrency: CONCURRENCY });
    const nowByDigest = tagsByDigest(now);
    const doomedSet = new Set(doomed.map((d) => d.digest));
    const nowParents = await indexParents(client, repo, now, [...doomedSet], { signal: ctx.signal });
    const doomedParents = (digest: string) => (nowParents.get(digest) ?? []).filter((p) => doomedSet.has(p.digest)).map((p) => p.digest);
    const gone = new Set<string>();
    const deleteOne = async (d: PruneDecision): Promise<void> => {
      const current = (nowByDigest.get(d.digest) ?? []).sort();
      const planned = new Set(d.tags);
      const extra = current.filter((t) => !planned.has(t));
      const keptIndexes = (nowParents.get(d.digest) ?? []).filter((p) => !doomedSet.has(p.digest));
      const parentLeft = doomedParents(d.digest).filter((p) => !gone.has(p));
      if (extra.length > 0 || keptIndexes.length > 0 || parentLeft.length > 0) {
        skipped.push(d.digest);
        ctx.note(`skipped ${d.digest}: ${extra.length ? `tag(s) ${extra.join(', ')} now point at it` : keptIndexes.length
          ? `the index of tag(s) ${keptIndexes.flatMap((p) => p.tags).join(', ')} names it` : `index ${parentLeft.join(', ')} that names it was not deleted`}`);
        return;
      }
      try {
        await client.deleteManifest(repo.repository, d.digest, { signal: ctx.signal });
      } catch (e) {
        if (!(e instanceof RegistryError && e.status === 404)) throw e; // already gone is what we wanted
      }
      deleted.push(d.digest);
      gone.add(d.digest);
    };
    // Outer indexes first: a digest's doomed parents are a superset of each parent's own, so ordering by
    // their number puts every index before what it names. One wave per depth.
    const depth = new Map(doomed.map((d) => [d.digest, doomedParents(d.digest).length]));
    for (const level of [...new Set(depth.values())].sort((a, b) => a - b)) {
      await mapLimit(doomed.filter((d) => depth.get(d.digest) === level), 4, deleteOne, ctx.signal);
    }
  }

  if (ctx.json) {
    const wentAway = new Set(deleted);
    ctx.out(JSON.stringify({
      repository: repo.toString(), dryRun: !yes,
      images: plan.map((d) => ({ digest: d.digest, tags: d.tags, created: d.created ?? null, keep: d.keep, reasons: d.reasons, deleted: wentAway.has(d.digest) })),
    }, null, 2));
  } else {
    for (const d of plan) ctx.out(line(d));
  }
  if (!yes) ctx.note(`prune: ${doomed.length} of ${plan.length} image(s) (${doomedTags} tag(s)) in ${repo.toString()} would be deleted; dry run, pass --yes to delete`);
  else ctx.note(`prune: deleted ${deleted.length} of ${plan.length} image(s) in ${repo.toString()}${skipped.length ? `; skipped ${skipped.length} that changed` : ''}`);
  if (skipped.length > 0) throw new CliError(`prune skipped ${skipped.length} image(s) whose tags or indexes changed during the run; run it again`, EXIT.failed);
}
