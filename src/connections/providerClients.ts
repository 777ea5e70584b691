/**
 * The provider API clients of a registry definition (GitLab, Quay, Amazon ECR): where their API is and how they
 * authenticate. The token of GitLab and Quay is the registry secret in SecretStorage (the same one `docker login`
 * would take); ECR uses the AWS credential chain (environment, profile, SSO) and logs in to the registry with it.
 */
import { GitLabClient, QuayClient, EcrClient, defaultGitLabApiUrl, parseEcrHost, RegistryError, type ApiTransportOptions, type CredentialProvider } from '../registry/index';
import type { RegistryDefinition } from '../editorContext';
import { registryHost } from './clientPool';

function scheme(def: RegistryDefinition): string {
  return /^http:\/\//i.test(def.url) || def.insecure === true && /^(127\.|localhost)/.test(registryHost(def)) ? 'http' : 'https';
}

export function gitlabApiUrl(def: RegistryDefinition): string {
  if (def.apiUrl) return def.apiUrl;
  const host = registryHost(def);
  return scheme(def) === 'http' ? `http://${host}/api/v4` : defaultGitLabApiUrl(host);
}

export function quayApiUrl(def: RegistryDefinition): string {
  return def.apiUrl || `${scheme(def)}://${registryHost(def)}/api/v1`;
}

export function newGitLabClient(def: RegistryDefinition, credentials: CredentialProvider, transport: ApiTransportOptions): GitLabClient {
  return new GitLabClient({ apiUrl: gitlabApiUrl(def), registry: registryHost(def), credentials, transport });
}

export function newQuayClient(def: RegistryDefinition, credentials: CredentialProvider, transport: ApiTransportOptions): QuayClient {
  return new QuayClient({ apiUrl: quayApiUrl(def), registry: registryHost(def), credentials, transport });
}

/** Region and account from the host (`<account>.dkr.ecr.<region>.amazonaws.com`), unless the definition sets the region. */
export function newEcrClient(def: RegistryDefinition): EcrClient {
  const parsed = parseEcrHost(registryHost(def));
  const region = def.awsRegion || parsed?.region;
  if (!region) throw new RegistryError(`${registryHost(def)} is not an ECR registry host (<account>.dkr.ecr.<region>.amazonaws.com): set the AWS region in Edit Registry.`, { code: 'URL_INVALID' });
  return new EcrClient({ region, registryId: parsed?.account, profile: def.awsProfile || undefined, endpoint: def.apiUrl || undefined });
}
