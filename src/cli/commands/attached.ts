// `regx attached REF`: what is attached to the image's digest (signatures, attestations, SBOMs, other
// referrers), through the referrers API or its tag schema and cosign's `.sig/.att/.sbom` tags. One line each:
// kind, digest, media type, tag or source, signer, date; --json: the array of attachments.
import { listAttached } from '../../registry';
import { positionals, reference, type CommandContext } from '../context';

export async function attached(ctx: CommandContext): Promise<void> {
  const [input] = positionals(ctx, ['REFERENCE']);
  const ref = reference(input as string).withDefaultTag();
  const list = await listAttached(ctx.session.client(ref.registry), ref, { signal: ctx.signal });
  if (ctx.json) {
    ctx.out(JSON.stringify(list, null, 2));
    return;
  }
  for (const a of list) ctx.out([a.kind, a.digest, a.artifactType ?? a.mediaType, a.tag ?? a.source, a.signer ?? '-', a.created ?? '-']);
}
