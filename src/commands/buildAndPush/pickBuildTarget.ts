/**
 * The prompts of Build and Push: which Dockerfile, then registry, repository and tag, each with suggestions
 * (the last choice for this Dockerfile first, the registry's repositories and tags, the git sha, environment tags).
 */
import * as vscode from 'vscode';
import { dirname } from 'node:path';
import type { Ctx, RegistryDefinition } from '../../editorContext';
import { DOCKERFILE_GLOB, gitShortSha, isDockerfileName, suggestTags } from '../../imageBuild/index';
import { validateRepository, validateTag } from '../../registry/index';

/** What was chosen for a Dockerfile last time, kept in workspaceState under lastChoiceKey. */
export interface LastChoice { registryId: string; repository: string; tag: string }

export const lastChoiceKey = (uri: vscode.Uri) => `registryExplorer.build.last:${uri.toString()}`;

export function isDockerfile(uri: vscode.Uri, languageId?: string): boolean {
  return isDockerfileName(uri.path, languageId);
}

/** The active editor's Dockerfile, the only one in the workspace, or the one the user picks. */
export async function pickDockerfile(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active && active.uri.scheme === 'file' && isDockerfile(active.uri, active.languageId)) return active.uri;
  const found = await vscode.workspace.findFiles(DOCKERFILE_GLOB, '**/node_modules/**', 200);
  if (found.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No Dockerfile or Containerfile in this workspace.'));
    return undefined;
  }
  if (found.length === 1) return found[0];
  const pick = await vscode.window.showQuickPick(found.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })),
    { title: vscode.l10n.t('Choose a Dockerfile') });
  return pick?.uri;
}

/** Registry, repository and tag for `dockerfile`, asked one after the other; undefined when the user cancels. */
export async function pickBuildTarget(ctx: Ctx, dockerfile: vscode.Uri, envTags: string[]): Promise<{ def: RegistryDefinition; repository: string; tag: string } | undefined> {
  const last = ctx.extension.workspaceState.get<LastChoice>(lastChoiceKey(dockerfile));
  const def = await pickTargetRegistry(ctx, last);
  if (!def) return undefined;
  const repos = await existingRepositories(ctx, def);
  const lastRepo = last?.registryId === def.id ? last.repository : undefined;
  const items = [...(lastRepo ? [{ label: lastRepo, description: vscode.l10n.t('last used') }] : []),
    ...repos.filter((r) => r !== lastRepo).map((label) => ({ label }))];
  const repository = await pickOrTypeValidated(vscode.l10n.t('Repository in {0}', def.name), vscode.l10n.t('an existing repository, or type a new name (e.g. team/app)'),
    items, (v) => errText(() => validateRepository(v)));
  if (!repository) return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(dockerfile)?.uri.fsPath ?? dirname(dockerfile.fsPath);
  const [tags, sha] = await Promise.all([existingTags(ctx, def, repository), gitShortSha(folder)]);
  const sameRepo = last?.registryId === def.id && last.repository === repository;
  const suggestions = suggestTags({ existingTags: tags, gitSha: sha, envTags, last: sameRepo ? last.tag : undefined });
  const tag = await pickOrTypeValidated(vscode.l10n.t('Tag for {0}', repository), vscode.l10n.t('pick a suggestion or type a tag'),
    suggestions.map((s) => ({ label: s.tag, description: s.detail })), (v) => errText(() => validateTag(v)));
  if (!tag) return undefined;
  return { def, repository, tag };
}

async function pickTargetRegistry(ctx: Ctx, last?: LastChoice): Promise<RegistryDefinition | undefined> {
  const defs = ctx.registries.list();
  if (defs.length === 0) return ctx.pickRegistry();
  const ordered = [...defs].sort((a, b) => Number(b.id === last?.registryId) - Number(a.id === last?.registryId));
  const pick = await vscode.window.showQuickPick(ordered.map((d) => ({
    label: d.name, description: d.url, detail: d.id === last?.registryId ? vscode.l10n.t('last used for this Dockerfile') : undefined, def: d,
  })), { title: vscode.l10n.t('Push to which registry?'), matchOnDescription: true });
  return pick?.def;
}

/** A quick pick of known values that also accepts a typed one, validated as the user types. */
async function pickOrTypeValidated(title: string, placeholder: string, items: vscode.QuickPickItem[], validate: (v: string) => string | undefined): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick();
  qp.title = title;
  qp.placeholder = placeholder;
  qp.items = items;
  return new Promise<string | undefined>((resolveFn) => {
    let done = false;
    const finish = (v: string | undefined) => { if (!done) { done = true; resolveFn(v); qp.dispose(); } };
    qp.onDidChangeValue((v) => {
      const err = v ? validate(v) : undefined;
      qp.items = v && !items.some((i) => i.label === v)
        ? [{ label: v, description: err ? `⚠ ${err}` : vscode.l10n.t('(new)') }, ...items] : items;
    });
    qp.onDidAccept(() => {
      const v = qp.selectedItems[0]?.label ?? qp.value;
      if (!v || validate(v)) return;   // stay open on an invalid name
      finish(v);
    });
    qp.onDidHide(() => finish(undefined));
    qp.show();
  });
}

const errText = (fn: () => void): string | undefined => {
  try { fn(); return undefined; } catch (e) { return e instanceof Error ? e.message : String(e); }
};

/** Repositories the tree has loaded, plus the catalog of a registry without namespaces. */
async function existingRepositories(ctx: Ctx, def: RegistryDefinition): Promise<string[]> {
  const live = ctx.tree.liveRepositories();
  const names = new Set(live.filter((r) => r.registryId === def.id).map((r) => r.info.repository));
  // A registry without namespaces lists its catalog in one request; Harbor and Docker Hub would need one per
  // project or namespace, so the tree's loaded names are enough there.
  const backend = ctx.backends.get(def.id);
  if (!backend.caps.hasNamespaces) {
    try { for (const n of await backend.repositoryNames({ pageSize: ctx.config.pageSize })) names.add(n); }
    catch (err) { ctx.log.warn(`catalog for the build target failed: ${String(err)}`); }
  }
  return [...names].sort();
}

async function existingTags(ctx: Ctx, def: RegistryDefinition, repository: string): Promise<string[]> {
  try { return (await ctx.clients.get(def.id).tags(repository)).items; } catch { return []; }
}
