/**
 * The provider steps of Add / Edit Registry (GitLab, Quay, Amazon ECR): the kind read from the host can be
 * overridden, each provider asks what it needs (groups / projects, namespaces, API URL, AWS profile and region)
 * and the connection test calls the provider's API the tree will use.
 */
import * as vscode from 'vscode';
import type { CredentialProvider } from '../registry/index';
import type { Ctx, RegistryDefinition, RegistryKind } from '../editorContext';
import { clientOptions } from '../connections/clientPool';
import { newGitLabClient, newQuayClient, newEcrClient, gitlabApiUrl, quayApiUrl } from '../connections/providerClients';
import { quayOwnNamespace } from '../backends/quayBackend';

const LABELS: Partial<Record<RegistryKind, string>> = { gitlab: 'GitLab', quay: 'Quay', ecr: 'Amazon ECR' };

/** Detected from the host: keep the provider, or treat the registry as plain v2. */
export async function pickKindOverride(title: string, detected: RegistryKind): Promise<RegistryKind | undefined> {
  const items: Array<vscode.QuickPickItem & { value: RegistryKind }> = [
    { label: LABELS[detected] ?? detected, description: vscode.l10n.t('detected from the host name'), value: detected },
    { label: vscode.l10n.t('Registry v2 (OCI distribution)'), description: vscode.l10n.t('list the catalog instead of the provider API'), value: 'distribution' },
  ];
  return (await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Registry kind'), ignoreFocusOut: true }))?.value;
}

const list = (v: string): string[] | undefined => {
  const out = v.split(/[\s,]+/).map((s) => s.trim().replace(/^\/+|\/+$/g, '')).filter(Boolean);
  return out.length ? [...new Set(out)] : undefined;
};

/** What each provider needs besides URL and secret. False when the user cancelled. */
export async function promptProviderSettings(title: string, def: RegistryDefinition): Promise<boolean> {
  if (def.kind === 'gitlab' || def.kind === 'quay') {
    const api = await vscode.window.showInputBox({
      title, ignoreFocusOut: true, value: def.kind === 'gitlab' ? gitlabApiUrl(def) : quayApiUrl(def),
      prompt: def.kind === 'gitlab' ? vscode.l10n.t('GitLab API URL (self-managed: https://gitlab.example.com/api/v4)') : vscode.l10n.t('Quay API URL'),
      validateInput: (v) => (/^https?:\/\/[^\s/]+(\/\S*)?$/.test(v.trim()) ? undefined : vscode.l10n.t('Enter an http(s) URL.')),
    });
    if (api === undefined) return false;
    const derived = def.kind === 'gitlab' ? gitlabApiUrl({ ...def, apiUrl: undefined }) : quayApiUrl({ ...def, apiUrl: undefined });
    def.apiUrl = api.trim() === derived ? undefined : api.trim().replace(/\/+$/, '');
    const ns = await vscode.window.showInputBox({
      title, ignoreFocusOut: true, value: def.namespaces?.join(', ') ?? '',
      prompt: def.kind === 'gitlab' ? vscode.l10n.t('Groups or projects to list (comma-separated paths, e.g. my-group, my-group/my-project)') : vscode.l10n.t('Namespaces (organizations or users) to list, comma-separated'),
    });
    if (ns === undefined) return false;
    def.namespaces = list(ns);
    return true;
  }
  if (def.kind === 'ecr') {
    const profile = await vscode.window.showInputBox({
      title, ignoreFocusOut: true, value: def.awsProfile ?? '',
      prompt: vscode.l10n.t('AWS profile (empty: the default credential chain: environment, AWS_PROFILE, default profile, SSO)'),
      validateInput: (v) => (/^[\w.+@-]*$/.test(v.trim()) ? undefined : vscode.l10n.t('A profile name has letters, digits and . _ + @ - only.')),
    });
    if (profile === undefined) return false;
    def.awsProfile = profile.trim() || undefined;
    return true;
  }
  return true;
}

/**
 * The provider's own API with the credentials being saved (true: tested). GitLab / Quay: a repository list of the
 * first configured namespace (or nothing to list: the registry ping); ECR: the registry login and one repository.
 */
export async function testProviderConnection(ctx: Ctx, def: RegistryDefinition, credentials: CredentialProvider | undefined, signal?: AbortSignal): Promise<boolean> {
  const { registry: _registry, credentials: _credentials, ...transport } = clientOptions(def, ctx.config, ctx.log);
  const none: CredentialProvider = { get: async () => undefined };
  const ns = def.namespaces?.[0];
  switch (def.kind) {
    case 'gitlab': {
      if (!ns) return false;
      const c = newGitLabClient(def, credentials ?? none, transport);
      try {
        await c.groupRepositories(ns, { pageSize: 1, signal }).catch(async (e: unknown) => {
          if ((e as { status?: number }).status !== 404) throw e;
          await c.projectRepositories(ns, { pageSize: 1, signal });
        });
      } finally { await c.close(); }
      return true;
    }
    case 'quay': {
      const namespace = ns ?? quayOwnNamespace(def.username);
      if (!namespace) return false;
      const c = newQuayClient(def, credentials ?? none, transport);
      try { await c.repositories(namespace, { signal }); } finally { await c.close(); }
      return true;
    }
    case 'ecr': {
      const c = newEcrClient(def);
      try {
        await c.registryCredentials({ signal });
        await c.repositories({ pageSize: 1, signal });
      } finally { c.close(); }
      return true;
    }
    default: return false;
  }
}
