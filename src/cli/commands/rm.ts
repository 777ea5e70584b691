// `regx rm REF`: deletes a tag or a manifest, and never takes more than the user named by surprise.
// On a registry that deletes by digest only (registry 2.8), deleting a tag removes every tag that shares
// its digest, and breaks every index that names the digest (OCI image-spec "Image Index": its manifests
// are pulled by digest). rm lists both and refuses unless --with-siblings (or --force) lets the siblings
// go and --with-parents lets the index tags go too (the indexes are deleted first). `--dry-run` prints
// the plan only. The flags are the confirmation, so the plan asks the registry up front whether it
// deletes by tag (a DELETE of a random tag, which deletes nothing).
import { DELETE_DISABLED_MESSAGE, describeParents, executeDelete, planDelete } from '../../registry';
import { flag } from '../args';
import { positionals, reference, type CommandContext } from '../context';
import { CliError, EXIT } from '../errors';

export async function rm(ctx: CommandContext): Promise<void> {
  const [input] = positionals(ctx, ['REFERENCE']);
  const ref = reference(input as string).withDefaultTag();
  const client = ctx.session.client(ref.registry);
  const plan = await planDelete(client, ref, { signal: ctx.signal, probe: true });
  const siblings = plan.alsoRemovesTags;
  const parents = plan.parents;
  const parentTags = parents.flatMap((p) => p.tags);
  const allowSiblings = flag(ctx.args, 'with-siblings') || flag(ctx.args, 'force');
  const allowParents = flag(ctx.args, 'with-parents');
  const dryRun = flag(ctx.args, 'dry-run');
  // In the order they go: the indexes first, so no tagged index ever names a missing manifest.
  const removes = [
    ...parentTags.map((t) => `${ref.name}:${t}`),
    ...(plan.byTag || ref.digest === undefined ? [ref.toString()] : [`${ref.name}@${plan.digest}`]),
    ...siblings.map((t) => `${ref.name}:${t}`),
  ];
  const what = plan.byTag ? `tag ${ref.tag}` : `manifest ${plan.digest}`;
  const needsSiblings = siblings.length > 0 && !allowSiblings;
  const needsParents = parents.length > 0 && !allowParents;
  if (!ctx.json) {
    ctx.note(`${dryRun ? 'would delete' : 'deleting'} ${what}, which removes:`);
    for (const r of removes) ctx.note(`  ${r}`);
    if (parents.length) ctx.note(`  (it is referenced by the index of tag(s) ${describeParents(parents)}${allowParents ? ', deleted first' : ''})`);
  }
  if (plan.deleteDisabled) throw new CliError(`cannot delete ${ref}: ${DELETE_DISABLED_MESSAGE}`, EXIT.failed);
  if (dryRun) {
    if (ctx.json) {
      ctx.out(JSON.stringify({
        digest: plan.digest, byTag: plan.byTag, removes, referencedBy: parents, deleted: false, needsWithSiblings: needsSiblings, needsWithParents: needsParents,
      }));
    } else {
      const need = [needsSiblings ? '--with-siblings' : '', needsParents ? '--with-parents' : ''].filter(Boolean);
      if (need.length) ctx.note(`(deleting it needs ${need.join(' and ')})`);
    }
    return;
  }
  if (needsSiblings || needsParents) {
    const why = [
      needsSiblings ? `it would also remove ${siblings.length} other tag(s) sharing digest ${plan.digest} (${siblings.join(', ')})` : '',
      needsParents ? `it is referenced by the index of tag(s) ${describeParents(parents)}` : '',
    ].filter(Boolean).join(' and ');
    const flags = [needsSiblings ? '--with-siblings' : '', needsParents ? '--with-parents' : ''].filter(Boolean).join(' and ');
    const whom = needsParents && !needsSiblings ? 'those index tag(s)' : 'them';
    throw new CliError(`refusing to delete ${ref}: ${why}; pass ${flags} to delete ${whom} too`, EXIT.failed);
  }
  await executeDelete(client, plan, { confirmedTags: siblings, confirmedParentTags: allowParents ? parentTags : undefined, signal: ctx.signal });
  if (ctx.json) ctx.out(JSON.stringify({ digest: plan.digest, byTag: plan.byTag, removes, referencedBy: parents, deleted: true }));
  else for (const r of removes) ctx.out(`deleted ${r}`);
}
