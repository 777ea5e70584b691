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
import type { Ctx, ImageTarget, RegistryDefinition, RegistryKind, RepositoryTarget } from '../editorContext';
import { parseReference, Reference } from '../registry/index';
import { TreeNode } from '../tree/treeNode';
import { TagNode } from '../tree/nodes/tagNode';
import { PlatformNode } from '../tree/nodes/platformNode';
import { RepositoryNode } from '../tree/nodes/repositoryNode';
import { registryHost } from '../connections/clientPool';
import { sortTagsSemver } from '../tree/format';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object';

export async function pickRegistry(ctx: Ctx, arg?: unknown, opts?: { title?: string; kinds?: RegistryKind[] }): Promise<RegistryDefinition | undefined> {
  if (arg instanceof TreeNode) return ctx.registries.get(arg.registryId);
  if (typeof arg === 'string') return ctx.registries.get(arg);
  if (isObj(arg) && typeof arg.registryId === 'string') return ctx.registries.get(arg.registryId);
  if (isObj(arg) && typeof arg.id === 'string' && typeof arg.url === 'string') return ctx.registries.get(arg.id);
  const defs = ctx.registries.list().filter((d) => !opts?.kinds || opts.kinds.includes(d.kind));
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
  if (arg instanceof RepositoryNode) {
    const registry = ctx.registries.get(arg.registryId);
    return registry && { registry, client: ctx.clients.get(registry.id), repository: arg.info.repository };
  }
  if (arg instanceof TagNode) return pickRepository(ctx, arg.repo, opts);
  if (arg instanceof PlatformNode) return pickRepository(ctx, arg.tag.repo, opts);
  if (isObj(arg) && typeof arg.registryId === 'string' && typeof arg.repository === 'string') {
    const registry = ctx.registries.get(arg.registryId);
    return registry && { registry, client: ctx.clients.get(registry.id), repository: arg.repository };
  }
  if (typeof arg === 'string') {
    const ref = parseReference(arg);
    const hit = ctx.clients.forHost(ref.registry);
    return hit && { registry: hit.def, client: hit.client, repository: ref.repository };
  }
  const registry = await pickRegistry(ctx, arg instanceof TreeNode ? arg : undefined, { title: opts?.title });
  if (!registry) return undefined;
  const client = ctx.clients.get(registry.id);
  const names = await ctx.withProgress(vscode.l10n.t('Listing repositories…'), async (signal) => listRepositories(ctx, registry, signal), { location: 'window' })
    .catch(async (err: unknown) => { await ctx.reportError(err, vscode.l10n.t('Listing repositories failed')); return [] as string[]; });
  const repository = await pickOrType(names, opts?.title ?? vscode.l10n.t('Choose a repository'), vscode.l10n.t('repository name, e.g. team/app'));
  return repository ? { registry, client, repository } : undefined;
}

async function listRepositories(ctx: Ctx, def: RegistryDefinition, signal: AbortSignal): Promise<string[]> {
  const n = ctx.config.pageSize;
  if (def.kind === 'harbor') {
    const h = ctx.clients.harbor(def.id);
    const projects = await h.projects({ pageSize: n, signal });
    const out: string[] = [];
    for (const p of projects.items.slice(0, 20)) out.push(...(await h.repositories(p.name, { pageSize: n, signal })).items.map((r) => r.name));
    return out;
  }
  if (def.kind === 'dockerhub') {
    const ns = def.namespaces?.[0] ?? def.username ?? 'library';
    const page = await ctx.clients.hub(def.id).repositories(ns, { pageSize: 100, signal });
    return page.items.map((r) => `${ns}/${(r as unknown as { name: string }).name}`);
  }
  return (await ctx.clients.get(def.id).catalog({ n, signal })).items;
}

export async function pickImage(ctx: Ctx, arg?: unknown, opts?: { title?: string }): Promise<ImageTarget | undefined> {
  if (arg instanceof TagNode || arg instanceof PlatformNode) {
    const repo = arg instanceof TagNode ? arg.repo : arg.tag.repo;
    const registry = ctx.registries.get(arg.registryId);
    if (!registry) return undefined;
    const ref = arg.reference;
    return { registry, client: ctx.clients.get(registry.id), ref, digest: ref.digest, harbor: repo.info.harbor };
  }
  if (isObj(arg) && typeof arg.registryId === 'string' && arg.ref instanceof Reference) {
    // Already an ImageTarget-like value.
    const registry = ctx.registries.get(arg.registryId);
    return registry && { registry, client: ctx.clients.get(registry.id), ref: arg.ref, digest: arg.ref.digest };
  }
  if (isObj(arg) && typeof arg.registryId === 'string' && (typeof arg.reference === 'string' || typeof arg.repository === 'string')) {
    const registry = ctx.registries.get(arg.registryId);
    if (!registry) return undefined;
    const host = registryHost(registry);
    const ref = typeof arg.reference === 'string'
      ? parseReference(arg.reference.includes('/') && arg.reference.split('/')[0].match(/[.:]|localhost/) ? arg.reference : `${host}/${arg.reference}`)
      : new Reference(host, String(arg.repository), typeof arg.tag === 'string' ? arg.tag : undefined, typeof arg.digest === 'string' ? arg.digest : undefined);
    return { registry, client: ctx.clients.get(registry.id), ref, digest: ref.digest, harbor: harborParts(registry, ref.repository) };
  }
  if (typeof arg === 'string') {
    const ref = parseReference(arg);
    const hit = ctx.clients.forHost(ref.registry);
    return hit && { registry: hit.def, client: hit.client, ref, digest: ref.digest, harbor: harborParts(hit.def, ref.repository) };
  }
  const repo = await pickRepository(ctx, arg instanceof RepositoryNode ? arg : undefined, opts);
  if (!repo) return undefined;
  const tags = await ctx.withProgress(vscode.l10n.t('Listing tags…'), async (signal) => listTags(ctx, repo, signal), { location: 'window' })
    .catch(async (err: unknown) => { await ctx.reportError(err, vscode.l10n.t('Listing tags failed')); return [] as string[]; });
  const tag = await pickOrType(tags, opts?.title ?? vscode.l10n.t('Choose a tag'), vscode.l10n.t('tag'));
  if (!tag) return undefined;
  const ref = new Reference(registryHost(repo.registry), repo.repository, tag);
  return { registry: repo.registry, client: repo.client, ref, harbor: harborParts(repo.registry, repo.repository) };
}

async function listTags(ctx: Ctx, repo: RepositoryTarget, signal: AbortSignal): Promise<string[]> {
  const h = harborParts(repo.registry, repo.repository);
  if (h) {
    const page = await ctx.clients.harbor(repo.registry.id).artifacts(h.project, h.repository, { pageSize: ctx.config.pageSize, signal });
    return page.items.flatMap((a) => ((a as unknown as { tags?: { name: string }[] }).tags ?? []).map((t) => t.name));
  }
  if (repo.registry.kind === 'dockerhub') {
    const [ns, ...rest] = repo.repository.split('/');
    const page = await ctx.clients.hub(repo.registry.id).tags(ns, rest.join('/'), { pageSize: 100, signal });
    return page.items.map((t) => (t as unknown as { name: string }).name);
  }
  return sortTagsSemver((await repo.client.tags(repo.repository, { n: ctx.config.pageSize, signal })).items);
}

export function harborParts(def: RegistryDefinition, repository: string): { project: string; repository: string } | undefined {
  if (def.kind !== 'harbor') return undefined;
  const i = repository.indexOf('/');
  return i > 0 ? { project: repository.slice(0, i), repository: repository.slice(i + 1) } : undefined;
}

/** A quick pick over known names that also accepts a typed value not in the list. */
async function pickOrType(items: string[], title: string, placeholder: string): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick();
  qp.title = title;
  qp.placeholder = placeholder;
  const base = items.map((label) => ({ label }));
  qp.items = base;
  return new Promise<string | undefined>((resolve) => {
    let done = false;
    const finish = (v: string | undefined) => { if (!done) { done = true; resolve(v); qp.dispose(); } };
    qp.onDidChangeValue((v) => {
      qp.items = v && !items.includes(v) ? [{ label: v, description: vscode.l10n.t('(typed)') }, ...base] : base;
    });
    qp.onDidAccept(() => finish(qp.selectedItems[0]?.label ?? (qp.value || undefined)));
    qp.onDidHide(() => finish(undefined));
    qp.show();
  });
}

/** How an image is named in messages: "repo:tag" when there is a tag (the digest goes in details), else "repo@sha256:0123…". */
export function displayRef(ref: Reference): string {
  if (ref.tag !== undefined) return new Reference(ref.registry, ref.repository, ref.tag).familiar();
  if (ref.digest) return `${new Reference(ref.registry, ref.repository).familiar()}@${ref.digest.slice(0, 19)}…`;
  return ref.familiar();
}
