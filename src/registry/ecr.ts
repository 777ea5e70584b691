// Amazon ECR through the AWS SDK (@aws-sdk/client-ecr, "Amazon ECR API Reference"): repositories
// (DescribeRepositories), images with tags, size and push time (DescribeImages), deletes (BatchDeleteImage) and
// ECR's own scan findings (DescribeImageScanFindings). Credentials come from the standard AWS chain (environment,
// shared config / a profile, SSO, process, instance metadata: fromNodeProviderChain), never from settings.
// The registry (<account>.dkr.ecr.<region>.amazonaws.com) answers the distribution API with Basic auth as
// "AWS:<password>" from GetAuthorizationToken (valid 12 hours); the token is cached and fetched again before it ends.
// The SDK is loaded on first use (dynamic import): it is most of the extension's bundle, and only ECR needs it.
import type { ECRClient, ImageDetail, ImageIdentifier, ImageScanFindings, ImageScanStatus, Repository } from '@aws-sdk/client-ecr';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { Credentials, CredentialProvider } from './credentials';
import { RegistryError } from './errors';
import type { CallOptions, Page } from './types';

/** DescribeRepositories / DescribeImages maxResults: 1–1000. */
export const ECR_MAX_PAGE_SIZE = 1000;
/** Fetch a new registry password this long before the old one ends (it lasts 12 hours). */
const TOKEN_MARGIN_MS = 30 * 60_000;

/** `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]` → its account and region. */
export function parseEcrHost(host: string): { account: string; region: string } | undefined {
  const m = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?(?::443)?$/i.exec(host);
  return m ? { account: m[1], region: m[2].toLowerCase() } : undefined;
}

export interface EcrOptions {
  region: string;
  /** The registry's account id (DescribeRepositories registryId); default: the caller's own. */
  registryId?: string;
  /** A named profile of the shared config files (AWS_PROFILE otherwise). */
  profile?: string;
  /** Another ECR API endpoint (VPC endpoint, tests). */
  endpoint?: string;
  /** Credentials other than the default chain (tests). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

export interface EcrImagePage extends Page<ImageDetail> {}
export type { ImageDetail as EcrImageDetail, ImageScanFindings as EcrImageScanFindings, ImageScanStatus as EcrImageScanStatus };

export interface EcrScanResult {
  repository: string; imageId: ImageIdentifier; status?: ImageScanStatus; findings: ImageScanFindings;
}

/** AWS SDK errors → RegistryError with the service's own words and a next step. */
function ecrError(e: unknown, what: string): RegistryError {
  if (e instanceof RegistryError) return e;
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = err?.$metadata?.httpStatusCode;
  const name = err?.name ?? 'Error';
  let hint = '';
  if (name === 'CredentialsProviderError' || /credential/i.test(err?.message ?? '')) hint = ' Sign in with the AWS CLI (aws sso login / aws configure) or set the profile in Edit Registry.';
  else if (name === 'AccessDeniedException' || status === 403) hint = ' The AWS identity lacks the ECR permission for this.';
  const code = name === 'RepositoryNotFoundException' || name === 'ImageNotFoundException' ? 'NAME_UNKNOWN' : name;
  return new RegistryError(`${what} failed: ${name}: ${(err?.message ?? String(e)).slice(0, 300)}${hint}`, { status: status ?? (code === 'NAME_UNKNOWN' ? 404 : undefined), code, cause: e });
}

type Sdk = typeof import('@aws-sdk/client-ecr');

export class EcrClient {
  private loaded?: Promise<{ m: Sdk; client: ECRClient }>;
  private closed = false;
  private token?: { credentials: Credentials; until: number };
  private pending?: Promise<Credentials>;
  constructor(private readonly o: EcrOptions) {}

  private sdk(): Promise<{ m: Sdk; client: ECRClient }> {
    this.loaded ??= (async () => {
      const m = await import('@aws-sdk/client-ecr');
      const credentials = this.o.credentials ?? (await import('@aws-sdk/credential-providers')).fromNodeProviderChain(this.o.profile ? { profile: this.o.profile } : {});
      return { m, client: new m.ECRClient({ region: this.o.region, endpoint: this.o.endpoint, credentials, maxAttempts: 3 }) };
    })();
    return this.loaded;
  }

  private async call<T>(what: string, fn: (m: Sdk, client: ECRClient) => Promise<T>): Promise<T> {
    if (this.closed) throw new RegistryError(`${what}: the ECR client was closed`, { code: 'CLOSED' });
    try {
      const { m, client } = await this.sdk();
      return await fn(m, client);
    } catch (e) { throw ecrError(e, what); }
  }

  /** GetAuthorizationToken → "AWS" / password, cached until 30 minutes before it expires; concurrent callers share one call. */
  registryCredentials(opts: CallOptions = {}): Promise<Credentials> {
    if (this.token && this.token.until > Date.now()) return Promise.resolve(this.token.credentials);
    this.pending ??= this.call('ECR GetAuthorizationToken', async (m, client) => {
      const out = await client.send(new m.GetAuthorizationTokenCommand({}), { abortSignal: opts.signal });
      const data = out.authorizationData?.[0];
      const raw = data?.authorizationToken ? Buffer.from(data.authorizationToken, 'base64').toString('utf8') : '';
      const i = raw.indexOf(':');
      if (i <= 0) throw new RegistryError('ECR GetAuthorizationToken answered without a usable token', { code: 'MALFORMED_RESPONSE' });
      const credentials: Credentials = { username: raw.slice(0, i), password: raw.slice(i + 1) };
      const expires = data?.expiresAt instanceof Date ? data.expiresAt.getTime() : Date.now() + 12 * 3600_000;
      this.token = { credentials, until: Math.max(Date.now(), expires - TOKEN_MARGIN_MS) };
      return credentials;
    }).finally(() => { this.pending = undefined; });
    return this.pending;
  }

  /** A CredentialProvider for the registry's RegistryClient: the ECR login, for this registry's host only. */
  credentialProvider(host: string): CredentialProvider {
    return { get: async (registry) => (registry === host ? this.registryCredentials() : undefined) };
  }

  /** Forgets the registry password (a 401 after a credential change). */
  resetToken(): void { this.token = undefined; }

  async repositories(opts: CallOptions & { cursor?: string; pageSize?: number } = {}): Promise<Page<Repository>> {
    const out = await this.call('ECR DescribeRepositories', (m, client) => client.send(new m.DescribeRepositoriesCommand({
      registryId: this.o.registryId, nextToken: opts.cursor, maxResults: Math.min(Math.max(1, opts.pageSize ?? 100), ECR_MAX_PAGE_SIZE),
    }), { abortSignal: opts.signal }));
    return { items: out.repositories ?? [], next: out.nextToken || undefined };
  }

  async images(repository: string, opts: CallOptions & { cursor?: string; pageSize?: number; imageIds?: ImageIdentifier[] } = {}): Promise<EcrImagePage> {
    const out = await this.call(`ECR DescribeImages of ${repository}`, (m, client) => client.send(new m.DescribeImagesCommand({
      registryId: this.o.registryId, repositoryName: repository, imageIds: opts.imageIds,
      ...(opts.imageIds ? {} : { nextToken: opts.cursor, maxResults: Math.min(Math.max(1, opts.pageSize ?? 100), ECR_MAX_PAGE_SIZE) }),
    }), { abortSignal: opts.signal }));
    return { items: out.imageDetails ?? [], next: out.nextToken || undefined };
  }

  /** BatchDeleteImage: an id by tag removes the tag (and the image with its last tag); by digest, the image and all its tags. */
  async deleteImages(repository: string, imageIds: ImageIdentifier[], opts: CallOptions = {}): Promise<void> {
    const out = await this.call(`ECR BatchDeleteImage in ${repository}`, (m, client) => client.send(new m.BatchDeleteImageCommand({
      registryId: this.o.registryId, repositoryName: repository, imageIds,
    }), { abortSignal: opts.signal }));
    const failed = out.failures ?? [];
    if (failed.length) {
      const f = failed[0];
      throw new RegistryError(`ECR did not delete ${f.imageId?.imageTag ?? f.imageId?.imageDigest ?? 'the image'}: ${f.failureCode ?? ''} ${f.failureReason ?? ''}`.trim(), { code: f.failureCode, status: f.failureCode === 'ImageNotFound' ? 404 : undefined });
    }
  }

  /** Every page of DescribeImageScanFindings for one image (at most `maxPages`, 1,000 findings each). */
  async scanFindings(repository: string, imageId: ImageIdentifier, opts: CallOptions & { maxPages?: number } = {}): Promise<EcrScanResult> {
    const all: ImageScanFindings = { findings: [], enhancedFindings: [] };
    let status: ImageScanStatus | undefined;
    let nextToken: string | undefined;
    for (let page = 0; page < (opts.maxPages ?? 20); page++) {
      const out = await this.call(`ECR DescribeImageScanFindings of ${repository}`, (m, client) => client.send(new m.DescribeImageScanFindingsCommand({
        registryId: this.o.registryId, repositoryName: repository, imageId, nextToken, maxResults: 1000,
      }), { abortSignal: opts.signal }));
      status = out.imageScanStatus ?? status;
      const f = out.imageScanFindings;
      if (f) {
        all.findings!.push(...(f.findings ?? []));
        all.enhancedFindings!.push(...(f.enhancedFindings ?? []));
        all.imageScanCompletedAt ??= f.imageScanCompletedAt;
        all.vulnerabilitySourceUpdatedAt ??= f.vulnerabilitySourceUpdatedAt;
        all.findingSeverityCounts ??= f.findingSeverityCounts;
      }
      nextToken = out.nextToken || undefined;
      if (!nextToken) break;
    }
    return { repository, imageId, status, findings: all };
  }

  close(): void {
    this.closed = true;
    void this.loaded?.then(({ client }) => client.destroy(), () => undefined);
  }
}
