/**
 * The GitHub Container Registry steps of Add Registry: a GitHub token (user name + personal access token with
 * read:packages, kept in SecretStorage) or VS Code's GitHub account (asked for `read:packages` each time, nothing
 * stored), the organisations whose packages to list, and the REST API base for GitHub Enterprise Server.
 */
import * as vscode from 'vscode';
import { GitHubClient, GITHUB_API_URL, RegistryClient, type CredentialProvider } from '../registry/index';
import type { Ctx, RegistryDefinition } from '../editorContext';
import { clientOptions, registryHost } from '../connections/clientPool';
import { GITHUB_PROVIDER, GITHUB_SCOPES } from '../connections/githubSessionCredentials';

/** Asks VS Code for a GitHub session (the user signs in or picks an account). Undefined when declined. */
export async function signInWithGitHub(): Promise<{ username: string } | undefined> {
  try {
    const s = await vscode.authentication.getSession(GITHUB_PROVIDER, GITHUB_SCOPES, { createIfNone: true });
    return { username: s.account.label };
  } catch {
    return undefined;
  }
}

/** Organisations to list besides the user's own packages, and (not ghcr.io) the REST API base. */
export async function promptGitHubDetails(def: RegistryDefinition, title: string): Promise<boolean> {
  const orgs = await vscode.window.showInputBox({
    title, prompt: vscode.l10n.t('GitHub organizations whose packages to list, separated by commas (optional)'),
    value: (def.namespaces ?? []).join(', '), ignoreFocusOut: true,
    validateInput: (v) => (v.split(',').map((s) => s.trim()).filter(Boolean).every((s) => /^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/.test(s)) ? undefined : vscode.l10n.t('Organization names are letters, digits and dashes.')),
  });
  if (orgs === undefined) return false;
  const list = orgs.split(',').map((s) => s.trim()).filter(Boolean);
  def.namespaces = list.length ? list : undefined;
  if (registryHost(def) !== 'ghcr.io') {
    const api = await vscode.window.showInputBox({
      title, prompt: vscode.l10n.t('GitHub REST API URL (GitHub Enterprise Server: https://HOST/api/v3)'),
      value: def.apiUrl ?? GITHUB_API_URL, ignoreFocusOut: true,
      validateInput: (v) => (/^https?:\/\/[^\s/]+(\/[^\s?#]*)?$/.test(v.trim()) ? undefined : vscode.l10n.t('Enter an http(s) URL.')),
    });
    if (api === undefined) return false;
    def.apiUrl = api.trim().replace(/\/+$/, '') === GITHUB_API_URL ? undefined : api.trim().replace(/\/+$/, '');
  }
  return true;
}

/** The connection test of a GitHub registry: the v2 API answers, and the token lists the user's packages. */
export async function testGitHub(ctx: Ctx, def: RegistryDefinition, provider: CredentialProvider | undefined, signal?: AbortSignal): Promise<void> {
  const host = registryHost(def);
  const client = new RegistryClient(clientOptions(def, ctx.config, ctx.log, provider));
  const { proxy, strictSSL, userAgent, logger } = clientOptions(def, ctx.config, ctx.log);
  const api = new GitHubClient({ credentials: provider, registry: host, apiUrl: def.apiUrl, api: { proxy, strictSSL, userAgent, logger } });
  try {
    await client.ping({ signal });
    if (def.username) await api.packages({ kind: 'user', name: def.username }, { pageSize: 1, signal });
  } finally {
    await client.close();
    await api.close();
  }
}
