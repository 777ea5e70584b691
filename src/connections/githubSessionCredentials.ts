/**
 * `"credentials": "vscode-github"` on a GitHub registry: the token of VS Code's GitHub account (authentication
 * provider "github", scope read:packages), asked silently each time it is needed; the extension stores nothing.
 */
import * as vscode from 'vscode';
import type { CredentialProvider } from '../registry/index';

export const GITHUB_PROVIDER = 'github';
/** docs.github.com "About permissions for GitHub Packages": listing and pulling need read:packages. */
export const GITHUB_SCOPES = ['read:packages'];

/**
 * What the tree says when the GitHub API refused a request without a token: VS Code has no GitHub session with
 * read:packages, or Registry Explorer was not allowed to use it (a silent request never asks). Edit Registry's
 * "VS Code GitHub account" asks VS Code with createIfNone, which signs in or asks to allow the account.
 */
export const GITHUB_SIGN_IN_HINT = (): string =>
  vscode.l10n.t('Not signed in to GitHub in VS Code: use Edit Registry and choose "VS Code GitHub account" to sign in (read:packages).');

export function githubSessionCredentials(host: string): CredentialProvider {
  return {
    get: async (registry: string) => {
      if (registry !== host) return undefined;
      const s = await vscode.authentication.getSession(GITHUB_PROVIDER, GITHUB_SCOPES, { silent: true });
      return s ? { username: s.account.label, password: s.accessToken } : undefined;
    },
  };
}

/**
 * Signing in or out of GitHub in VS Code changes what `vscode-github` registries can list: those registries list
 * again (nothing else does), so the tree never waits for a manual refresh after a sign-in.
 */
export function refreshOnGitHubSessionChange(
  store: { list(): ReadonlyArray<{ id: string; credentials?: string }> },
  tree: { refreshRegistry(id: string): void },
): vscode.Disposable {
  return vscode.authentication.onDidChangeSessions((e) => {
    if (e.provider.id !== GITHUB_PROVIDER) return;
    for (const def of store.list()) if (def.credentials === 'vscode-github') tree.refreshRegistry(def.id);
  });
}
