/**
 * The namespace (Harbor project) a policy command works on: a NamespaceNode, `{ registryId, namespace }` (tests,
 * scripts), or quick picks (palette) over the registries whose backend has the capability, then their namespaces.
 */
import * as vscode from 'vscode';
import type { Ctx, RegistryDefinition } from '../../editorContext';
import type { CapabilityFlag, RegistryBackend } from '../../backends/registryBackend';
import { NamespaceNode } from '../../tree/nodes/namespaceNode';
import { pickOrType } from '../pickOrType';

export interface NamespaceTarget { registry: RegistryDefinition; backend: RegistryBackend; namespace: string }

export async function pickNamespace(ctx: Ctx, arg: unknown, can: CapabilityFlag, title: string): Promise<NamespaceTarget | undefined> {
  const target = (registryId: string, namespace: string): NamespaceTarget | undefined => {
    const registry = ctx.registries.get(registryId);
    return registry && { registry, backend: ctx.backends.get(registry.id), namespace };
  };
  if (arg instanceof NamespaceNode) return target(arg.registryId, arg.namespace.name);
  const o = arg && typeof arg === 'object' ? arg as { registryId?: unknown; namespace?: unknown } : undefined;
  if (typeof o?.registryId === 'string' && typeof o.namespace === 'string') return target(o.registryId, o.namespace);
  const registry = await ctx.pickRegistry(arg, { title, can });
  if (!registry) return undefined;
  const backend = ctx.backends.get(registry.id);
  if (!backend.caps[can]) {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} registries do not offer this.', backend.kindLabel));
    return undefined;
  }
  const names = await ctx.withProgress(vscode.l10n.t('Listing projects…'), (signal) => backend.namespaces({ pageSize: 100, signal }), { location: 'window' })
    .then((p) => p.items.map((n) => n.name), async (err: unknown) => { await ctx.reportError(err, vscode.l10n.t('Listing projects failed')); return [] as string[]; });
  const namespace = await pickOrType(names, { title, placeholder: vscode.l10n.t('project name') });
  return namespace ? { registry, backend, namespace } : undefined;
}

/** The facet a command needs, or a warning when the backend lacks it (the menus hide such commands anyway). */
export function facet<T>(t: { backend: RegistryBackend }, f: T | undefined): T | undefined {
  if (!f) void vscode.window.showWarningMessage(vscode.l10n.t('{0} registries do not offer this.', t.backend.kindLabel));
  return f;
}
