// `regx cp SRC DST`: within one registry, blobs are mounted (no bytes move); across registries they are
// streamed from the source straight into the target. DST without a tag takes SRC's tag.
import { copyImage } from '../../registry';
import { positionals, reference, type CommandContext } from '../context';

export async function cp(ctx: CommandContext): Promise<void> {
  const [a, b] = positionals(ctx, ['SOURCE', 'DESTINATION']);
  const src = reference(a as string).withDefaultTag();
  let dst = reference(b as string);
  if (dst.tag === undefined && dst.digest === undefined) dst = src.tag !== undefined ? dst.withTag(src.tag) : dst;
  const digest = await copyImage(
    { client: ctx.session.client(src.registry), ref: src },
    { client: ctx.session.client(dst.registry), ref: dst },
    { signal: ctx.signal },
  );
  const name = dst.digest !== undefined ? dst.toString() : `${dst.toString()}@${digest}`;
  if (ctx.json) ctx.out(JSON.stringify({ name: dst.toString(), digest }));
  else ctx.out(name);
}
