// An Amazon ECR stand-in: the ECR API as the AWS SDK speaks it (awsJson1_1: POST / with
// `X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.<Operation>`), answering recorded-shape responses for the
// operations the extension uses (test/fixtures/ecr/operations.json, from the Amazon ECR API Reference), and
// refusing any request that is not SigV4-signed: `Authorization: AWS4-HMAC-SHA256 Credential=<key>/<date>/
// <region>/ecr/aws4_request, SignedHeaders=…, Signature=<64 hex>` and `X-Amz-Date` (AWS General Reference,
// "Signature Version 4 signing process"). Its /v2/ is the registry: a REAL distribution registry behind Basic
// auth with "AWS:<password>" from GetAuthorizationToken, as ECR's registry takes it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import scanFindings from '../fixtures/ecr/scan-findings.json';
import { startRegistry, type TestRegistry } from './registry';
import { fetchManifest, listTags } from './seed';
import { sendJson, serveStandIn, startV2Front, type V2Front } from './v2-front';

export interface EcrCall { operation: string; request: unknown; status: number; response: unknown; signed: { credential: string; signedHeaders: string[]; date: string } }

export interface EcrServer {
  endpoint: string;          // http://127.0.0.1:PORT (the SDK's `endpoint`)
  registry: string;          // 127.0.0.1:PORT
  accessKeyId: string; secretAccessKey: string;
  account: string;
  backend: TestRegistry; front: V2Front;
  calls(): EcrCall[]; clear(): void;
  /** Passwords handed out by GetAuthorizationToken so far. */
  passwords(): string[];
  stop(): Promise<void>;
}

const TARGET = 'AmazonEC2ContainerRegistry_V20150921.';
const ACCOUNT = '123456789012';
export const ECR_REPOSITORIES = ['demo/app', 'demo/job'];

export async function startEcr(opts: { tokenLifetimeSeconds?: number } = {}): Promise<EcrServer> {
  const backend = await startRegistry('basic');
  const keys = { accessKeyId: 'AKIAREGXTEST00000001', secretAccessKey: 'regx/test/secret/key/0123456789abcdefABCD' };
  const passwords = new Set<string>();
  const calls: EcrCall[] = [];
  const pushed = new Map<string, number>();
  // A JSON import (not a file read) so the in-host suite, bundled elsewhere, has it too.
  const { $comment: _comment, ...findings } = scanFindings as Record<string, unknown>;
  let origin = '';
  const front = startV2Front({ backend, origin: () => origin, mode: 'basic', accept: (u, p) => u === 'AWS' && passwords.has(p) });
  const error = (type: string, message: string) => ({ __type: type, message });

  async function images(repo: string) {
    const byDigest = new Map<string, { tags: string[]; size: number; mediaType: string }>();
    for (const t of (await listTags(backend, repo)).filter((t) => !front.hidden(repo).has(t)).sort()) {
      const m = await fetchManifest(backend, repo, t);
      const j = JSON.parse(m.bytes.toString('utf8')) as { layers?: Array<{ size: number }> };
      const e = byDigest.get(m.digest) ?? { tags: [], size: (j.layers ?? []).reduce((a, l) => a + l.size, 0), mediaType: m.mediaType };
      e.tags.push(t);
      byDigest.set(m.digest, e);
    }
    return [...byDigest].map(([digest, e]) => {
      if (!pushed.has(digest)) pushed.set(digest, 1767225600 + pushed.size * 60);
      return {
        registryId: ACCOUNT, repositoryName: repo, imageDigest: digest, imageTags: e.tags, imageSizeInBytes: e.size, imagePushedAt: pushed.get(digest)!,
        imageManifestMediaType: e.mediaType, imageScanStatus: { status: 'COMPLETE', description: 'The scan was completed successfully.' },
        imageScanFindingsSummary: { imageScanCompletedAt: 1767225600, findingSeverityCounts: (findings.imageScanFindings as { findingSeverityCounts: Record<string, number> }).findingSeverityCounts },
      };
    });
  }

  async function operation(op: string, body: Record<string, unknown>): Promise<[number, unknown]> {
    const repoName = typeof body.repositoryName === 'string' ? body.repositoryName : undefined;
    const known = repoName === undefined || ECR_REPOSITORIES.includes(repoName);
    if (!known) return [400, error('RepositoryNotFoundException', `The repository with name '${repoName}' does not exist in the registry with id '${ACCOUNT}'`)];
    switch (op) {
      case 'GetAuthorizationToken': {
        const password = randomBytes(24).toString('base64url');
        passwords.add(password);
        return [200, { authorizationData: [{ authorizationToken: Buffer.from(`AWS:${password}`).toString('base64'), expiresAt: Math.floor(Date.now() / 1000) + (opts.tokenLifetimeSeconds ?? 12 * 3600), proxyEndpoint: origin }] }];
      }
      case 'DescribeRepositories': {
        const max = Number(body.maxResults ?? 100);
        const start = Number(body.nextToken ?? 0);
        const page = ECR_REPOSITORIES.slice(start, start + max).map((name) => ({
          repositoryArn: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/${name}`, registryId: ACCOUNT, repositoryName: name, repositoryUri: `${origin.replace(/^https?:\/\//, '')}/${name}`,
          createdAt: 1767139200, imageTagMutability: 'MUTABLE', imageScanningConfiguration: { scanOnPush: true }, encryptionConfiguration: { encryptionType: 'AES256' },
        }));
        return [200, { repositories: page, ...(start + max < ECR_REPOSITORIES.length ? { nextToken: String(start + max) } : {}) }];
      }
      case 'DescribeImages': {
        let all = await images(repoName!);
        const ids = body.imageIds as Array<{ imageTag?: string; imageDigest?: string }> | undefined;
        if (ids) {
          all = all.filter((i) => ids.some((id) => (id.imageDigest && id.imageDigest === i.imageDigest) || (id.imageTag && i.imageTags.includes(id.imageTag))));
          if (!all.length) return [400, error('ImageNotFoundException', 'The image requested does not exist in the specified repository.')];
          return [200, { imageDetails: all }];
        }
        const max = Number(body.maxResults ?? 100);
        const start = Number(body.nextToken ?? 0);
        return [200, { imageDetails: all.slice(start, start + max), ...(start + max < all.length ? { nextToken: String(start + max) } : {}) }];
      }
      case 'BatchDeleteImage': {
        const all = await images(repoName!);
        const done: unknown[] = []; const failures: unknown[] = [];
        for (const id of body.imageIds as Array<{ imageTag?: string; imageDigest?: string }>) {
          const img = all.find((i) => (id.imageDigest && i.imageDigest === id.imageDigest) || (id.imageTag && i.imageTags.includes(id.imageTag)));
          if (!img) { failures.push({ imageId: id, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' }); continue; }
          // By tag: the tag goes (and the image with its last tag); by digest: the image and all its tags.
          for (const t of id.imageDigest ? img.imageTags : [id.imageTag!]) front.hideTag(repoName!, t);
          done.push({ imageDigest: img.imageDigest, ...(id.imageTag ? { imageTag: id.imageTag } : {}) });
        }
        return [200, { imageIds: done, failures }];
      }
      case 'DescribeImageScanFindings': {
        const id = body.imageId as { imageTag?: string; imageDigest?: string };
        const img = (await images(repoName!)).find((i) => i.imageDigest === id.imageDigest || (id.imageTag && i.imageTags.includes(id.imageTag)));
        if (!img) return [400, error('ImageNotFoundException', 'The image requested does not exist in the specified repository.')];
        return [200, { registryId: ACCOUNT, repositoryName: repoName, imageId: { imageDigest: img.imageDigest, ...(id.imageTag ? { imageTag: id.imageTag } : {}) }, ...findings }];
      }
      default: return [400, error('UnknownOperationException', `unknown operation ${op}`)];
    }
  }

  /** SigV4 as the AWS General Reference describes the Authorization header; the signature's form, not its value. */
  function signature(req: IncomingMessage): EcrCall['signed'] | string {
    const auth = req.headers.authorization ?? '';
    const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([a-z0-9-]+)\/ecr\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
    if (!m) return 'missing or malformed SigV4 Authorization';
    if (m[1] !== keys.accessKeyId) return `unknown access key ${m[1]}`;
    const date = String(req.headers['x-amz-date'] ?? '');
    if (!/^\d{8}T\d{6}Z$/.test(date) || !date.startsWith(m[2])) return 'missing or mismatched X-Amz-Date';
    const signedHeaders = m[4].split(';');
    for (const h of ['host', 'x-amz-date', 'x-amz-target']) if (!signedHeaders.includes(h)) return `${h} not signed`;
    return { credential: `${m[1]}/${m[2]}/${m[3]}/ecr/aws4_request`, signedHeaders, date };
  }

  async function api(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const target = String(req.headers['x-amz-target'] ?? '');
    const op = target.startsWith(TARGET) ? target.slice(TARGET.length) : '';
    const signed = signature(req);
    const type = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomBytes(8).toString('hex') };
    let request: unknown;
    try { request = JSON.parse(body.toString('utf8') || '{}'); } catch { request = undefined; }
    const record = (status: number, response: unknown) => {
      calls.push({ operation: op, request, status, response, signed: typeof signed === 'string' ? { credential: '', signedHeaders: [], date: '' } : signed });
      sendJson(res, status, response, type);
    };
    if (typeof signed === 'string') return record(403, error('UnrecognizedClientException', `The security token included in the request is invalid (${signed})`));
    if (!op || String(req.headers['content-type']).split(';')[0] !== 'application/x-amz-json-1.1' || !request || typeof request !== 'object') return record(400, error('SerializationException', 'bad request'));
    const [status, response] = await operation(op, request as Record<string, unknown>);
    record(status, response);
  }

  const served = await serveStandIn(backend, front, async (req, res, url, body) => (req.method === 'POST' && url.pathname === '/' ? api(req, res, body) : sendJson(res, 404, { message: 'Not Found' })));
  origin = served.origin;
  return {
    endpoint: origin, registry: served.registry, ...keys, account: ACCOUNT, backend, front,
    calls: () => calls.slice(), clear: () => { calls.length = 0; }, passwords: () => [...passwords],
    stop: served.stop,
  };
}
