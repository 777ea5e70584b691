// `regx tag REF NEWTAG`: one manifest GET and one PUT of the same bytes (plus at most one token).
import { retag, validateTag } from '../../registry';
import { positionals, reference, type CommandContext } from '../context';
import { UsageError } from '../errors';

export async function tag(ctx: CommandContext): Promise<void> {
  const [input, newTag] = positionals(ctx, ['REFERENCE', 'NEWTAG']);
  const src = reference(input as string).withDefaultTag();
  try { validateTag(newTag as string); } catch (e) { throw new UsageError((e as Error).message); }
  const client = ctx.session.client(src.registry);
  const digest = await retag(client, src, newTag as string, { signal: ctx.signal });
  const target = src.withTag(newTag as string);
  if (ctx.json) ctx.out(JSON.stringify({ name: target.toString(), digest }));
  else ctx.out(`${target.toString()}@${digest}`);
}
