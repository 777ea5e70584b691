// `regx verify REF --key FILE…`: exit 0 only when a cosign signature made by one of the keys covers REF's
// digest (src/registry/cosignVerify.ts: no cosign needed). Otherwise one line on stderr saying why (another key,
// a payload for another digest, unsigned) and exit 1.
import { readFileSync } from 'node:fs';
import { strs } from '../args';
import { loadPublicKey, verifyCosign, RegistryError } from '../../registry';
import { CliError, UsageError } from '../errors';
import { positionals, reference, type CommandContext } from '../context';

export async function verify(ctx: CommandContext): Promise<void> {
  const [input] = positionals(ctx, ['REFERENCE']);
  const files = strs(ctx.args, 'key');
  if (!files.length) throw new UsageError('verify needs --key FILE (a cosign public key, PEM); keyless signatures: cosign verify');
  const keys = files.map((file) => {
    let pem: string;
    try { pem = readFileSync(file, 'utf8'); } catch (e) { throw new UsageError(`cannot read the key ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`); }
    const k = { name: file.split(/[\\/]/).at(-1) ?? file, pem };
    try { loadPublicKey(k); } catch (e) { throw new UsageError(e instanceof RegistryError ? e.message : String(e)); }
    return k;
  });
  const ref = reference(input as string).withDefaultTag();
  const r = await verifyCosign(ctx.session.client(ref.registry), ref, keys, { signal: ctx.signal });
  if (ctx.json) ctx.out(JSON.stringify(r, null, 2));
  const pinned = ref.withDigest(r.digest).familiar();
  if (r.status === 'verified') {
    if (!ctx.json) ctx.out(`verified ${pinned}: ${r.reason}${r.note ? ` (${r.note})` : ''}`);
    return;
  }
  throw new CliError(r.status === 'unsigned' ? `unsigned: ${r.reason}` : `verification failed: ${r.reason}`);
}
