/**
 * `"credentials": "vscode-github"` on a GitHub registry: the token of VS Code's GitHub account (authentication
 * provider "github", scope read:packages), asked silently each time it is needed; the extension stores nothing.
 */
import * as vscode from 'vscode';
import type { CredentialProvider } from '../registry/index';

export const GITHUB_PROVIDER = 'github';
/** docs.github.com "About permissions for GitHub Packages": listing and pulling need read:packages. */
export const GITHUB_SCOPES = ['read:packages'];

export function githubSessionCredentials(host: string): CredentialProvider {
  return {
    get: async (registry: string) => {
      if (registry !== host) return undefined;
      const s = await vscode.authentication.getSession(GITHUB_PROVIDER, GITHUB_SCOPES, { silent: true });
      return s ? { username: s.account.label, password: s.accessToken } : undefined;
    },
  };
}
