/**
 * `"credentials": "docker-helper"` on a registry definition: the credentials come from Docker's credential helper
 * (`credHelpers[host]`, else `credsStore`, in ~/.docker/config.json) each time the client needs them (a token
 * fetch, a 401), through the one helper protocol in src/registry/credentials.ts. Nothing is copied into settings
 * or SecretStorage. A helper is a program named by a file, so it runs only in a trusted workspace.
 */
import * as vscode from 'vscode';
import { DockerConfigCredentials, RegistryError, registryKey, type CredentialProvider } from '../registry/index';

export function dockerHelperCredentials(host: string): CredentialProvider {
  const helper = new DockerConfigCredentials({ fresh: true, helpersOnly: true });
  return {
    get: async (registry: string) => {
      // Only for the registry's own host: a token realm elsewhere gets them through the client's rules.
      if (registryKey(registry) !== registryKey(host)) return undefined;
      if (!vscode.workspace.isTrusted) {
        throw new RegistryError(vscode.l10n.t('Docker credential helpers run only in a trusted workspace. Trust the workspace, then Retry.'), { code: 'UNTRUSTED', status: 401 });
      }
      return helper.get(host);
    },
  };
}
