// `regx cp SRC DST`: within one registry, blobs are mounted (no bytes move); across registries they are
// streamed from the source straight into the target. DST without a tag takes SRC's tag.
// Across registries each side has its own credentials (Session.pair): one registry's never reach the other.
import { copyImage } from '../../registry';
import { positionals, reference, type CommandContext } from '../context';

export async function cp(ctx: CommandContext): Promise<void> {
  const [a, b] = positionals(ctx, ['SOURCE', 'DESTINATION']);
  const src = reference(a as string).withDefaultTag();
  let dst = reference(b as string);
  if (dst.tag === undefined && dst.digest === undefined) dst = src.tag !== undefined ? dst.withTag(src.tag) : dst;
  const clients = ctx.session.pair(src.registry, dst.registry);
  const digest = await copyImage(
    { client: clients.src, ref: src },
    { client: clients.dest, ref: dst },
    { signal: ctx.signal },
  );
  const name = dst.digest !== undefined ? dst.toString() : `${dst.toString()}@${digest}`;
  if (ctx.json) ctx.out(JSON.stringify({ name: dst.toString(), digest }));
  else ctx.out(name);
}
