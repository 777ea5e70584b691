// `regx tags REPO`: every tag, one per line, sorted (registry 2.8 returns them in no particular order, and
// scripts want a stable one). `--limit N` asks for one page of N (one request where the registry pages).
import { int } from '../args';
import { positionals, repositoryRef, type CommandContext } from '../context';

export async function tags(ctx: CommandContext): Promise<void> {
  const [input] = positionals(ctx, ['REPOSITORY']);
  const ref = repositoryRef(input as string);
  const client = ctx.session.client(ref.registry);
  const limit = int(ctx.args, 'limit');
  let list: string[] = [];
  if (limit !== undefined) {
    if (limit > 0) list = (await client.tags(ref.repository, { n: limit, signal: ctx.signal })).items.slice(0, limit);
  } else {
    // One name at a time: registry 2.8 sends every tag in one page, more than a spread call can take.
    for await (const page of client.allTags(ref.repository, { signal: ctx.signal })) for (const t of page) list.push(t);
  }
  list.sort();
  if (ctx.json) ctx.out(JSON.stringify(list));
  else for (const t of list) ctx.out(t);
}
