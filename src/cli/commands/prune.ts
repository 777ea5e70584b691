// `regx prune REPO --keep-last N --keep-days D --protect REGEX [--yes]`: the cleanup script registry users
// write by hand. A dry run unless --yes. Reads every tag's digest (HEAD, 8 in flight) and each image's
// created time once per digest; prints the plan; with --yes re-reads the tags right before deleting and
// skips any digest whose tag set changed since the plan, so a tag pushed meanwhile is never lost.
// A digest named by a kept index (directly or through untagged indexes) is kept too: deleting it would
// break that index (OCI image-spec "Image Index"). The shared delete planner (src/registry/delete.ts)
// finds those parents, with one GET per index digest, the same ones describe() reads.
import { indexParents, tagDescriptors, tagsByDigest, mapLimit, RegistryError, type Reference } from '../../registry';
import { flag, int, num, str } from '../args';
import { positionals, repositoryRef, type CommandContext } from '../context';
import { CliError, EXIT, UsageError } from '../errors';
import { planRepository } from '../../retention/collectRepository';
import { reasonText, type RetentionDecision } from '../../retention/planRetention';
import { regexPattern } from '../../retention/tagPatterns';

const CONCURRENCY = 8;

const pullScope = (repo: Reference) => [repo.scope(['pull'])];

/** Tab-separated fields (ctx.out escapes each, so a field never carries a tab or newline of its own). */
function line(d: RetentionDecision): string[] {
  return [d.keep ? 'keep' : 'delete', d.digest, d.created ?? '-', d.tags.join(',') || '-', d.reasons.map(reasonText).join('; ') || '-'];
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

  // The shared planner (src/retention): the same facts and rules as the editor's Clean Up Repository.
  const { plan } = await planRepository(client, repo, { keepLast, keepDays, protect: protect ? [regexPattern(protect)] : undefined, now: Date.now() }, { signal: ctx.signal, concurrency: CONCURRENCY, scope: pullScope(repo) });
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
    const deleteOne = async (d: RetentionDecision): Promise<void> => {
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
      images: plan.map((d) => ({ digest: d.digest, tags: d.tags, created: d.created ?? null, keep: d.keep, reasons: d.reasons.map(reasonText), deleted: wentAway.has(d.digest) })),
    }, null, 2));
  } else {
    for (const d of plan) ctx.out(line(d));
  }
  if (!yes) ctx.note(`prune: ${doomed.length} of ${plan.length} image(s) (${doomedTags} tag(s)) in ${repo.toString()} would be deleted; dry run, pass --yes to delete`);
  else ctx.note(`prune: deleted ${deleted.length} of ${plan.length} image(s) in ${repo.toString()}${skipped.length ? `; skipped ${skipped.length} that changed` : ''}`);
  if (skipped.length > 0) throw new CliError(`prune skipped ${skipped.length} image(s) whose tags or indexes changed during the run; run it again`, EXIT.failed);
}
