/**
 * Resolves the project a project-administration command acts on: a project row of the tree, `{registryId, project}`
 * (tests, scripts), or a quick pick of the registries whose backend has the `projects` facet and their projects.
 */
import * as vscode from 'vscode';
import type { Ctx, RegistryDefinition } from '../editorContext';
import type { RegistryBackend } from '../backends/registryBackend';
import type { ProjectAdmin, ProjectFacts } from '../backends/projectAdmin';
import { TreeNode } from '../tree/treeNode';
import { NamespaceNode } from '../tree/nodes/namespaceNode';

export interface ProjectTarget {
  registry: RegistryDefinition;
  backend: RegistryBackend;
  admin: ProjectAdmin;
  project: string;
  /** What the tree knew (permissions, role); undefined when picked or passed by name. */
  facts?: ProjectFacts;
  isPublic?: boolean;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object';

/** A registry whose backend administers projects (a registry row, an id, or a pick). */
export async function pickAdminRegistry(ctx: Ctx, arg: unknown, title: string): Promise<{ registry: RegistryDefinition; backend: RegistryBackend; admin: ProjectAdmin } | undefined> {
  let def: RegistryDefinition | undefined;
  if (arg instanceof TreeNode) def = ctx.registries.get(arg.registryId);
  else if (typeof arg === 'string') def = ctx.registries.get(arg);
  else if (isObj(arg) && typeof arg.registryId === 'string') def = ctx.registries.get(arg.registryId);
  else {
    const defs = ctx.registries.list().filter((d) => ctx.backends.get(d.id).projects);
    if (!defs.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No configured registry has projects to administer (add a Harbor registry).'));
      return undefined;
    }
    def = defs.length === 1 ? defs[0] : (await vscode.window.showQuickPick(defs.map((d) => ({ label: d.name, description: d.url, def: d })), { title }))?.def;
  }
  if (!def) return undefined;
  const backend = ctx.backends.get(def.id);
  if (!backend.projects) {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} registries have no project administration.', vscode.l10n.t(backend.kindLabel)));
    return undefined;
  }
  return { registry: def, backend, admin: backend.projects };
}

export async function pickProject(ctx: Ctx, arg: unknown, title: string): Promise<ProjectTarget | undefined> {
  if (arg instanceof NamespaceNode) {
    const r = await pickAdminRegistry(ctx, arg, title);
    return r && { ...r, project: arg.namespace.name, facts: arg.namespace.project, isPublic: arg.namespace.public };
  }
  const r = await pickAdminRegistry(ctx, arg, title);
  if (!r) return undefined;
  if (isObj(arg) && typeof arg.project === 'string') return { ...r, project: arg.project };
  try {
    const page = await ctx.withProgress(vscode.l10n.t('Listing projects…'), (signal) => r.backend.namespaces({ pageSize: 100, signal, withFacts: false }), { location: 'window' });
    const pick = await vscode.window.showQuickPick(page.items.map((ns) => ({ label: ns.name, description: ns.public ? vscode.l10n.t('public') : vscode.l10n.t('private'), ns })), { title });
    return pick && { ...r, project: pick.ns.name, isPublic: pick.ns.public };
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Listing projects failed'));
    return undefined;
  }
}

/** Whether the tree's facts allow `perm` ("member-create"); unknown permissions allow (the server decides). */
export function allowed(t: ProjectTarget, perm: string): boolean {
  return !t.facts?.permissions || t.facts.permissions.includes(perm);
}
