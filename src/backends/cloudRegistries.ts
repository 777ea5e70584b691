/**
 * Azure Container Registry and Google Artifact Registry: plain distribution registries (kind `distribution`)
 * whose sign-in has a documented shape; detected from the host so Add Registry can prefill the user name.
 * - ACR (`<name>.azurecr.io`, Azure's docs "Authenticate with an Azure container registry" and the ACR OAuth
 *   flow, Azure/acr docs/AAD-OAuth.md): Bearer challenge to `https://<name>.azurecr.io/oauth2/token`; a
 *   repository-scoped token or admin user by Basic there, or a refresh token (from `az acr login
 *   --expose-token`, or POST /oauth2/exchange of an Entra ID access token) sent as `grant_type=refresh_token`
 *   with the user name 00000000-0000-0000-0000-000000000000.
 * - GAR (`<region>-docker.pkg.dev`) and Container Registry (`gcr.io`, `<region>.gcr.io`), Google's docs
 *   "Configure authentication to Artifact Registry for Docker": user `oauth2accesstoken` with an access token
 *   (`gcloud auth print-access-token`, valid 1 hour), or `_json_key` with a service account key file's JSON;
 *   or Docker's credential helper `docker-credential-gcloud`.
 * GitLab and Quay name their own user: any user name with a token (GitLab), `$oauthtoken` with an OAuth token (Quay).
 */
import { isGitLabUrl } from './gitlabBackend';
import { isQuayUrl } from './quayBackend';
import { parseEcrHost } from '../registry/ecr';
import type { RegistryKind } from './registryBackend';

/** ACR's user name for a refresh token (identity token) login. */
export const ACR_REFRESH_TOKEN_USER = '00000000-0000-0000-0000-000000000000';
export const GAR_ACCESS_TOKEN_USER = 'oauth2accesstoken';
export const GAR_JSON_KEY_USER = '_json_key';
export const QUAY_OAUTH_TOKEN_USER = '$oauthtoken';

export function isAcrHost(host: string): boolean {
  return /^[a-z0-9]{5,50}\.azurecr\.(io|cn|us)$/i.test(host);
}

export function isGarHost(host: string): boolean {
  return /^[a-z0-9-]+-docker\.pkg\.dev$/i.test(host) || /^([a-z]+\.)?gcr\.io$/i.test(host);
}

/** The provider kind a host names, when it names one (GitLab, Quay, ECR); undefined: probe the registry. */
export function providerKindOf(host: string): RegistryKind | undefined {
  if (parseEcrHost(host)) return 'ecr';
  if (isGitLabUrl(host)) return 'gitlab';
  if (isQuayUrl(host)) return 'quay';
  return undefined;
}

/** The user name a token login wants on this host, if it has a fixed one (prefilled in Add Registry). */
export function defaultTokenUsername(host: string, kind: RegistryKind): string | undefined {
  if (isGarHost(host)) return GAR_ACCESS_TOKEN_USER;
  if (isAcrHost(host)) return ACR_REFRESH_TOKEN_USER;
  if (kind === 'quay') return QUAY_OAUTH_TOKEN_USER;
  return undefined;
}
