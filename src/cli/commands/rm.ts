// `regx rm REF`: deletes a tag or a manifest, and never takes more than the user named by surprise.
// On a registry that deletes by digest only (registry 2.8), deleting a tag removes every tag that shares
// its digest; rm lists them and refuses unless --with-siblings (or --force) says they may go too.
// `--dry-run` prints the plan only.
import { DELETE_DISABLED_MESSAGE, executeDelete, planDelete } from '../../registry';
import { flag } from '../args';
import { positionals, reference, type CommandContext } from '../context';
import { CliError, EXIT } from '../errors';

export async function rm(ctx: CommandContext): Promise<void> {
  const [input] = positionals(ctx, ['REFERENCE']);
  const ref = reference(input as string).withDefaultTag();
  const client = ctx.session.client(ref.registry);
  const plan = await planDelete(client, ref, { signal: ctx.signal });
  const siblings = plan.alsoRemovesTags;
  const allowSiblings = flag(ctx.args, 'with-siblings') || flag(ctx.args, 'force');
  const dryRun = flag(ctx.args, 'dry-run');
  const removes = [
    ...(plan.byTag || ref.digest === undefined ? [ref.toString()] : [`${ref.name}@${plan.digest}`]),
    ...siblings.map((t) => `${ref.name}:${t}`),
  ];
  const what = plan.byTag ? `tag ${ref.tag}` : `manifest ${plan.digest}`;
  const needsFlag = siblings.length > 0 && !allowSiblings;
  if (!ctx.json) {
    ctx.note(`${dryRun ? 'would delete' : 'deleting'} ${what}, which removes:`);
    for (const r of removes) ctx.note(`  ${r}`);
  }
  if (plan.deleteDisabled) throw new CliError(`cannot delete ${ref}: ${DELETE_DISABLED_MESSAGE}`, EXIT.failed);
  if (dryRun) {
    if (ctx.json) ctx.out(JSON.stringify({ digest: plan.digest, byTag: plan.byTag, removes, deleted: false, needsWithSiblings: needsFlag }));
    else if (needsFlag) ctx.note('(deleting it needs --with-siblings)');
    return;
  }
  if (needsFlag) {
    throw new CliError(`refusing to delete ${ref}: it would also remove ${siblings.length} other tag(s) sharing digest ${plan.digest} (${siblings.join(', ')}); pass --with-siblings to delete them too`, EXIT.failed);
  }
  await executeDelete(client, plan, { confirmedTags: siblings, signal: ctx.signal });
  if (ctx.json) ctx.out(JSON.stringify({ digest: plan.digest, byTag: plan.byTag, removes, deleted: true }));
  else for (const r of removes) ctx.out(`deleted ${r}`);
}
