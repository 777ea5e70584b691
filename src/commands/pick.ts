/**
 * Argument resolution for every command: a tree node, a plain value (tests, other extensions), or nothing
 * (palette) → quick picks. Returns undefined when the user cancels.
 *
 * Plain values accepted:
 *   registry:   RegistryDefinition id string, or `{ registryId }`
 *   repository: `{ registryId, repository }`, or "host/repo" of a configured registry
 *   image:      `{ registryId, reference }` / `{ registryId, repository, tag?, digest? }`, or "host/repo:tag[@digest]"
 */
import * as vscode from 'vscode';
import type { Ctx, ImageTarget, RegistryDefinition, RepositoryTarget } from '../editorContext';
import type { CapabilityFlag, RegistryBackend } from '../backends/registryBackend';
import { parseReference, Reference } from '../registry/index';
import { TreeNode } from '../tree/treeNode';
import { TagNode } from '../tree/nodes/tagNode';
import { PlatformNode } from '../tree/nodes/platformNode';
import { RepositoryNode } from '../tree/nodes/repositoryNode';
import { registryHost } from '../connections/clientPool';
import { sortTagsSemver } from '../tree/format';
import { pickOrType } from './pickOrType';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object';

export async function pickRegistry(ctx: Ctx, arg?: unknown, opts?: { title?: string; can?: CapabilityFlag }): Promise<RegistryDefinition | undefined> {
  if (arg instanceof TreeNode) return ctx.registries.get(arg.registryId);
  if (typeof arg === 'string') return ctx.registries.get(arg);
  if (isObj(arg) && typeof arg.registryId === 'string') return ctx.registries.get(arg.registryId);
  if (isObj(arg) && typeof arg.id === 'string' && typeof arg.url === 'string') return ctx.registries.get(arg.id);
  const defs = ctx.registries.list().filter((d) => !opts?.can || ctx.backends.get(d.id).caps[opts.can]);
  if (!defs.length) {
    const add = vscode.l10n.t('Add Registry');
    if (await vscode.window.showInformationMessage(vscode.l10n.t('No registries are configured yet.'), add) === add) {
      await vscode.commands.executeCommand('registryExplorer.addRegistry');
    }
    return undefined;
  }
  if (defs.length === 1 && !opts?.title) return defs[0];
  const pick = await vscode.window.showQuickPick(defs.map((d) => ({ label: d.name, description: d.url, detail: d.kind, def: d })), {
    title: opts?.title ?? vscode.l10n.t('Choose a registry'), matchOnDescription: true,
  });
  return pick?.def;
}

export async function pickRepository(ctx: Ctx, arg?: unknown, opts?: { title?: string }): Promise<RepositoryTarget | undefined> {
  if (arg instanceof RepositoryNode) return repositoryTarget(ctx, arg.registryId, arg.info.repository);
  if (arg instanceof TagNode) return pickRepository(ctx, arg.repo, opts);
  if (arg instanceof PlatformNode) return pickRepository(ctx, arg.tag.repo, opts);
  if (isObj(arg) && typeof arg.registryId === 'string' && typeof arg.repository === 'string') return repositoryTarget(ctx, arg.registryId, arg.repository);
  if (typeof arg === 'string') {
    const ref = parseReference(arg);
    const hit = ctx.clients.forHost(ref.registry);
    return hit && repositoryTarget(ctx, hit.def.id, ref.repository);
  }
  const registry = await pickRegistry(ctx, arg instanceof TreeNode ? arg : undefined, { title: opts?.title });
  if (!registry) return undefined;
  const backend = ctx.backends.get(registry.id);
  const names = await ctx.withProgress(vscode.l10n.t('Listing repositories…'), (signal) => backend.repositoryNames({ pageSize: ctx.config.pageSize, signal }), { location: 'window' })
    .catch(async (err: unknown) => { await ctx.reportError(err, vscode.l10n.t('Listing repositories failed')); return [] as string[]; });
  const repository = await pickOrType(names, { title: opts?.title ?? vscode.l10n.t('Choose a repository'), placeholder: vscode.l10n.t('repository name, e.g. team/app') });
  return repository ? { registry, backend, client: backend.client, repository } : undefined;
}

function repositoryTarget(ctx: Ctx, registryId: string, repository: string): RepositoryTarget | undefined {
  const registry = ctx.registries.get(registryId);
  if (!registry) return undefined;
  const backend = ctx.backends.get(registry.id);
  return { registry, backend, client: backend.client, repository };
}

function imageTarget(ctx: Ctx, registry: RegistryDefinition, ref: Reference): ImageTarget {
  const backend = ctx.backends.get(registry.id);
  return { registry, backend, client: backend.client, ref, digest: ref.digest, harbor: serverScanParts(backend, ref.repository) };
}

export async function pickImage(ctx: Ctx, arg?: unknown, opts?: { title?: string }): Promise<ImageTarget | undefined> {
  if (arg instanceof TagNode || arg instanceof PlatformNode) {
    const registry = ctx.registries.get(arg.registryId);
    return registry && imageTarget(ctx, registry, arg.reference);
  }
  if (isObj(arg) && typeof arg.registryId === 'string' && arg.ref instanceof Reference) {
    // Already an ImageTarget-like value.
    const registry = ctx.registries.get(arg.registryId);
    return registry && imageTarget(ctx, registry, arg.ref);
  }
  if (isObj(arg) && typeof arg.registryId === 'string' && (typeof arg.reference === 'string' || typeof arg.repository === 'string')) {
    const registry = ctx.registries.get(arg.registryId);
    if (!registry) return undefined;
    const host = registryHost(registry);
    const ref = typeof arg.reference === 'string'
      ? parseReference(arg.reference.includes('/') && arg.reference.split('/')[0].match(/[.:]|localhost/) ? arg.reference : `${host}/${arg.reference}`)
      : new Reference(host, String(arg.repository), typeof arg.tag === 'string' ? arg.tag : undefined, typeof arg.digest === 'string' ? arg.digest : undefined);
    return imageTarget(ctx, registry, ref);
  }
  if (typeof arg === 'string') {
    const ref = parseReference(arg);
    const hit = ctx.clients.forHost(ref.registry);
    return hit && imageTarget(ctx, hit.def, ref);
  }
  const repo = await pickRepository(ctx, arg instanceof RepositoryNode ? arg : undefined, opts);
  if (!repo) return undefined;
  const tags = await ctx.withProgress(vscode.l10n.t('Listing tags…'), async (signal) => {
    const page = await repo.backend.tags(repo.repository, { pageSize: ctx.config.pageSize, signal });
    return sortTagsSemver(page.items.flatMap((t) => (t.tag ? [t.tag] : [])));
  }, { location: 'window' })
    .catch(async (err: unknown) => { await ctx.reportError(err, vscode.l10n.t('Listing tags failed')); return [] as string[]; });
  const tag = await pickOrType(tags, { title: opts?.title ?? vscode.l10n.t('Choose a tag'), placeholder: vscode.l10n.t('tag') });
  if (!tag) return undefined;
  return imageTarget(ctx, repo.registry, new Reference(registryHost(repo.registry), repo.repository, tag));
}

/**
 * The project / repository split a server-side scan (Harbor's scan API) addresses, kept on ImageTarget for the
 * scan command (src/commands/scan.ts reads `target.harbor`); everything else asks the backend.
 */
function serverScanParts(backend: RegistryBackend, repository: string): { project: string; repository: string } | undefined {
  if (!backend.caps.canScanServerSide) return undefined;
  const i = repository.indexOf('/');
  return i > 0 ? { project: repository.slice(0, i), repository: repository.slice(i + 1) } : undefined;
}

/** How an image is named in messages: "repo:tag" when there is a tag (the digest goes in details), else "repo@sha256:0123…". */
export function displayRef(ref: Reference): string {
  if (ref.tag !== undefined) return new Reference(ref.registry, ref.repository, ref.tag).familiar();
  if (ref.digest) return `${new Reference(ref.registry, ref.repository).familiar()}@${ref.digest.slice(0, 19)}…`;
  return ref.familiar();
}
