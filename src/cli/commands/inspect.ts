// `regx inspect REF`: digest, media type, size, platforms, created. Two requests for an image (manifest,
// config), three for an index (index, the chosen platform's manifest, its config), plus any token.
import { str } from '../args';
import { platformString } from '../../registry';
import { positionals, reference, type CommandContext } from '../context';

export async function inspect(ctx: CommandContext): Promise<void> {
  const [input] = positionals(ctx, ['REFERENCE']);
  const ref = reference(input as string).withDefaultTag();
  const client = ctx.session.client(ref.registry);
  const d = await client.imageConfig(ref, { signal: ctx.signal, platform: str(ctx.args, 'platform') });
  const platforms = d.platforms.map(platformString);
  if (ctx.json) {
    ctx.out(JSON.stringify({
      name: ref.toString(), digest: d.digest, mediaType: d.mediaType, size: d.size,
      created: d.created ?? null, platforms, isIndex: d.platforms.length > 0 && /index|list/.test(d.mediaType),
    }, null, 2));
    return;
  }
  ctx.out(`name: ${ref.toString()}`);
  ctx.out(`digest: ${d.digest}`);
  ctx.out(`mediaType: ${d.mediaType}`);
  ctx.out(`size: ${d.size}`);
  ctx.out(`created: ${d.created ?? '-'}`);
  ctx.out(`platforms: ${platforms.join(', ') || '-'}`);
}
