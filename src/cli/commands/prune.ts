// `regx prune REPO --keep-last N --keep-days D --protect REGEX [--yes]`: the cleanup script registry users
// write by hand. A dry run unless --yes. Reads every tag's digest (HEAD, 8 in flight) and each image's
// created time once per digest; prints the plan; with --yes re-reads the tags right before deleting and
// skips any digest whose tag set changed since the plan, so a tag pushed meanwhile is never lost.
import { mapLimit, RegistryError, type Reference, type RegistryClient } from '../../registry';
import { flag, int, num, str } from '../args';
import { positionals, repositoryRef, type CommandContext } from '../context';
import { CliError, EXIT, UsageError } from '../errors';
import { planPrune, type PruneDecision, type PruneImage } from '../prunePlan';

const CONCURRENCY = 8;

async function tagDigests(ctx: CommandContext, client: RegistryClient, repo: Reference): Promise<Map<string, string>> {
  const tags: string[] = [];
  for await (const page of client.allTags(repo.repository, { signal: ctx.signal })) tags.push(...page);
  const out = new Map<string, string>();
  await mapLimit([...new Set(tags)], CONCURRENCY, async (t) => {
    const d = await client.headManifest(repo.withTag(t), { signal: ctx.signal });
    if (d) out.set(t, d.digest); // a tag deleted meanwhile is simply gone
  }, ctx.signal);
  return out;
}

/** created (from the config) and, for an index, its children; the index's created is its first platform's. */
async function describe(ctx: CommandContext, client: RegistryClient, repo: Reference, digest: string): Promise<Pick<PruneImage, 'created' | 'children'>> {
  const m = await client.getManifest(repo.withDigest(digest), { signal: ctx.signal });
  let image = m;
  let children: string[] | undefined;
  if (m.isIndex) {
    children = (m.manifests ?? []).map((c) => c.digest);
    const first = (m.manifests ?? []).find((c) => !(c.platform?.os === 'unknown'));
    if (!first) return { children };
    image = await client.getManifest(repo.withDigest(first.digest), { signal: ctx.signal });
    if (image.isIndex) return { children };
  }
  if (!image.config) return { children };
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

  const byTag = await tagDigests(ctx, client, repo);
  const byDigest = new Map<string, string[]>();
  for (const [t, d] of byTag) byDigest.set(d, [...(byDigest.get(d) ?? []), t]);
  // Untagged children of tagged indexes matter too: they must not be counted as images, but a tagged
  // child of a kept index must stay; planPrune handles that through `children`.
  const images: PruneImage[] = [...byDigest].map(([digest, tags]) => ({ digest, tags }));
  await mapLimit(images, CONCURRENCY, async (img) => { Object.assign(img, await describe(ctx, client, repo, img.digest)); }, ctx.signal);

  const plan = planPrune(images, { keepLast, keepDays, protect, now: Date.now() });
  const doomed = plan.filter((d) => !d.keep);
  const doomedTags = doomed.reduce((n, d) => n + d.tags.length, 0);

  const deleted: string[] = [];
  const skipped: string[] = [];
  if (yes && doomed.length > 0) {
    // Right before deleting: the tags as they are now. A digest goes only if exactly the planned tags point at it.
    const now = await tagDigests(ctx, client, repo);
    const nowByDigest = new Map<string, string[]>();
    for (const [t, d] of now) nowByDigest.set(d, [...(nowByDigest.get(d) ?? []), t]);
    const keptDigests = new Set(plan.filter((d) => d.keep).map((d) => d.digest));
    await mapLimit(doomed, 4, async (d) => {
      const current = (nowByDigest.get(d.digest) ?? []).sort();
      const extra = current.filter((t) => !d.tags.includes(t));
      if (extra.length > 0 || keptDigests.has(d.digest)) {
        skipped.push(d.digest);
        ctx.note(`skipped ${d.digest}: tag(s) ${extra.join(', ')} now point at it`);
        return;
      }
      try {
        await client.deleteManifest(repo.repository, d.digest, { signal: ctx.signal });
        deleted.push(d.digest);
      } catch (e) {
        if (e instanceof RegistryError && e.status === 404) { deleted.push(d.digest); return; } // already gone
        throw e;
      }
    }, ctx.signal);
  }

  if (ctx.json) {
    ctx.out(JSON.stringify({
      repository: repo.toString(), dryRun: !yes,
      images: plan.map((d) => ({ digest: d.digest, tags: d.tags, created: d.created ?? null, keep: d.keep, reasons: d.reasons, deleted: deleted.includes(d.digest) })),
    }, null, 2));
  } else {
    for (const d of plan) ctx.out(line(d));
  }
  if (!yes) ctx.note(`prune: ${doomed.length} of ${plan.length} image(s) (${doomedTags} tag(s)) in ${repo.toString()} would be deleted; dry run, pass --yes to delete`);
  else ctx.note(`prune: deleted ${deleted.length} of ${plan.length} image(s) in ${repo.toString()}${skipped.length ? `; skipped ${skipped.length} that changed` : ''}`);
  if (skipped.length > 0) throw new CliError(`prune skipped ${skipped.length} image(s) whose tags changed during the run; run it again`, EXIT.failed);
}
