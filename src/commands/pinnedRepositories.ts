/**
 * Pinned repositories: "Add Repository…" on any registry remembers a repository name in the registry's definition
 * (`repositories` in settings; a name is not a secret) and the tree lists it first. This is how a registry whose
 * catalog is refused (ghcr.io, ECR, GAR, GitLab for non-admins) is browsed at all.
 */
import * as vscode from 'vscode';
import type { Ctx } from '../editorContext';
import { validateRepository } from '../registry/index';
import { RepositoryNode } from '../tree/nodes/repositoryNode';
import { pickOrType } from './pickOrType';

/** Why a typed repository name is refused, or undefined (distribution spec's repository name grammar). */
function repositoryProblem(name: string): string | undefined {
  try { validateRepository(name); return undefined; } catch (err) { return err instanceof Error ? err.message : String(err); }
}

/** Add Repository…: `name` as a second argument skips the pick (tests, other extensions). Returns the name pinned. */
export async function addRepository(ctx: Ctx, arg?: unknown, name?: unknown): Promise<string | undefined> {
  const def = await ctx.pickRegistry(arg, { title: vscode.l10n.t('Add a repository to which registry?') });
  if (!def) return undefined;
  const pinned = def.repositories ?? [];
  let repository = typeof name === 'string' ? name.trim() : undefined;
  if (repository === undefined) {
    // Completion from what the registry lists (its provider API or the catalog), where it lists anything.
    const backend = ctx.backends.get(def.id);
    const names = await ctx.withProgress(vscode.l10n.t('Listing repositories…'), (signal) => backend.repositoryNames({ pageSize: ctx.config.pageSize, signal }), { location: 'window' })
      .catch((err: unknown) => { ctx.log.info(`add repository ${def.id}: no completion (${err instanceof Error ? err.message : String(err)})`); return [] as string[]; });
    repository = await pickOrType(names.filter((n) => !pinned.includes(n)), {
      title: vscode.l10n.t('Add Repository to {0}', def.name),
      placeholder: vscode.l10n.t('repository name, e.g. team/app'),
      validate: repositoryProblem,
    });
    if (repository === undefined) return undefined;
  }
  const problem = repositoryProblem(repository);
  if (problem) throw new Error(problem);
  if (!pinned.includes(repository)) await ctx.registries.save({ ...def, repositories: [...pinned, repository] });
  return repository;
}

/** Remove Pinned Repository: forgets the name only; nothing is deleted on the registry. */
export async function removePinnedRepository(ctx: Ctx, arg?: unknown, name?: unknown): Promise<void> {
  const def = await ctx.pickRegistry(arg, { title: vscode.l10n.t('Remove a pinned repository of which registry?') });
  if (!def) return;
  const pinned = def.repositories ?? [];
  const repository = arg instanceof RepositoryNode ? arg.info.repository
    : typeof name === 'string' ? name
      : pinned.length ? await vscode.window.showQuickPick(pinned, { title: vscode.l10n.t('Remove which pinned repository?') }) : undefined;
  if (!repository) {
    if (!pinned.length) void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no pinned repositories.', def.name));
    return;
  }
  await ctx.registries.save({ ...def, repositories: pinned.filter((r) => r !== repository) });
}
