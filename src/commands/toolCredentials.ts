/**
 * A registry's stored secret as the credentials of the programs the extension runs against it: the image
 * builder (Build and Push, Push Local Image) and Trivy (Scan). One place, so both agree on what an anonymous
 * entry, a default username or a token means. Plain functions of the definition and the secret.
 */
import type { RegistryDefinition, StoredSecret } from '../editorContext';
import type { BuildCredentials } from '../imageBuild/index';
import type { TrivyCredentials } from '../scan/runTrivy';

type Source = Pick<RegistryDefinition, 'username'>;

/** What was stored, or nothing for an anonymous entry (its credentials, if any, are not meant to be sent). */
function stored(secret: StoredSecret | undefined): StoredSecret['credentials'] | undefined {
  return secret?.method === 'anonymous' ? undefined : secret?.credentials;
}

/**
 * The builder logs in with a password, an identity token (docker's `identitytoken`) or a registry token used
 * as the password; the username falls back to the one in the definition (it is not secret, so it lives there).
 */
export function builderCredentials(def: Source, secret: StoredSecret | undefined): BuildCredentials | undefined {
  const c = stored(secret);
  if (!c || !(c.password || c.identityToken || c.registryToken)) return undefined;
  return { username: c.username ?? def.username, password: c.password ?? c.registryToken, identityToken: c.identityToken };
}

/**
 * Trivy takes a username and password (TRIVY_USERNAME/TRIVY_PASSWORD) or a registry token
 * (TRIVY_REGISTRY_TOKEN), and has no form for an identity token: `identityTokenOnly` says a stored
 * identity token was left out, so the caller can say why the scan runs anonymously.
 */
export function trivyCredentials(def: Source, secret: StoredSecret | undefined): { credentials?: TrivyCredentials; identityTokenOnly: boolean } {
  const c = stored(secret);
  const credentials: TrivyCredentials | undefined = c
    ? c.password !== undefined
      ? { username: c.username ?? def.username ?? '', password: c.password }
      : c.registryToken
        ? { registryToken: c.registryToken }
        : undefined
    : undefined;
  return { credentials, identityTokenOnly: !!c?.identityToken && !credentials };
}
