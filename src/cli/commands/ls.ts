// `regx ls REGISTRY`: repositories, one per line. A Harbor (detected when its catalog is closed, or
// asked for with --harbor/--projects) lists through its backend (src/backends): projects, then each project's repositories.
import { HarborClient, HARBOR_MAX_PAGE_SIZE, RegistryError, type RegistryClient } from '../../registry';
import { flag, int } from '../args';
import { backendFor } from '../../backends/backendFor';
import { positionals, registryArg, type CommandContext } from '../context';

/** Registry 2.8 refuses n > 1000 (PAGINATION_NUMBER_INVALID); 1,000 per page keeps the round trips few. */
const CATALOG_PAGE = 1000;

async function catalog(ctx: CommandContext, client: RegistryClient, limit: number | undefined): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  const seen = new Set<string>();
  for (;;) {
    const n = limit === undefined ? CATALOG_PAGE : Math.min(CATALOG_PAGE, limit - out.length);
    const page = await client.catalog({ n, cursor, signal: ctx.signal });
    for (const name of page.items) out.push(name); // a page may be far larger than a spread call can take
    if (!page.next || (limit !== undefined && out.length >= limit)) break;
    if (seen.has(page.next)) throw new RegistryError(`the registry ${client.registry} repeated a catalog page; stopping`, { code: 'LINK_LOOP' });
    seen.add(page.next);
    cursor = page.next;
  }
  return limit === undefined ? out : out.slice(0, limit);
}

/** Harbor through its backend: projects (namespaces), then each project's repositories, in name order. */
async function harbor(ctx: CommandContext, client: RegistryClient, limit: number | undefined, projectsOnly: boolean): Promise<string[]> {
  const h = new HarborClient(client);
  const backend = backendFor({ id: client.registry, kind: 'harbor' }, client.registry, {
    get: () => client, harbor: () => h, hub: () => { throw new Error('regx ls lists Harbor and v2 registries'); },
  });
  const page = { pageSize: HARBOR_MAX_PAGE_SIZE, signal: ctx.signal, byName: true };
  const out: string[] = [];
  const full = () => limit !== undefined && out.length >= limit;
  let cursor: string | undefined;
  do {
    const projects = await backend.namespaces({ ...page, cursor });
    for (const p of projects.items) {
      if (full()) break;
      if (projectsOnly) { out.push(p.name); continue; }
      let rc: string | undefined;
      do {
        const repos = await backend.repositories(p.name, { ...page, cursor: rc });
        for (const r of repos.items) if (!full()) out.push(r.repository);
        rc = repos.next;
      } while (rc && !full());
    }
    cursor = projects.next;
  } while (cursor && !full());
  return out;
}

export async function ls(ctx: CommandContext): Promise<void> {
  const [target] = positionals(ctx, ['REGISTRY']);
  const client = ctx.session.client(registryArg(target as string));
  const limit = int(ctx.args, 'limit');
  const projectsOnly = flag(ctx.args, 'projects');
  let names: string[];
  if (flag(ctx.args, 'harbor') || projectsOnly) {
    names = await harbor(ctx, client, limit, projectsOnly);
  } else {
    try {
      names = await catalog(ctx, client, limit);
    } catch (e) {
      // Harbor serves /v2/_catalog to system admins only; anyone else gets 401/403 there but may list
      // projects and repositories through the API.
      if (!(e instanceof RegistryError) || ![401, 403, 404].includes(e.status ?? 0)) throw e;
      if (!(await HarborClient.detect(client, { signal: ctx.signal }))) throw e;
      names = await harbor(ctx, client, limit, false);
    }
  }
  if (ctx.json) ctx.out(JSON.stringify(names));
  else for (const n of names) ctx.out(n);
}
