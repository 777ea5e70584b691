// Amazon ECR through the AWS SDK against a local endpoint (the SDK's `endpoint` option) that refuses unsigned
// requests and answers recorded-shape responses; every call is checked against the shapes of the ECR API
// Reference (test/fixtures/ecr/operations.json). The registry side: a real registry behind Basic "AWS:<password>".
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { startEcr, type EcrServer } from '../../support/ecr-server';
import { pushImage, tagImage, listTags } from '../../support/seed';
import { EcrClient, RegistryClient, Reference, RegistryError, parseEcrHost } from '../../../src/registry/index';
import { EcrBackend } from '../../../src/backends/ecrBackend';
import { parseEcrFindings } from '../../../src/scan/parseEcrFindings';

const shapes = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'ecr', 'operations.json'), 'utf8')) as {
  definitions: Record<string, unknown>; operations: Record<string, { request: object; response: object }>;
};

describe('Amazon ECR provider', () => {
  let ecr: EcrServer;
  let api: EcrClient;
  let registry: RegistryClient;
  let backend: EcrBackend;
  const newApi = (s: EcrServer) => new EcrClient({ region: 'us-east-1', endpoint: s.endpoint, credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } });

  before(async () => {
    ecr = await startEcr();
    await pushImage(ecr.backend, 'demo/app', '1.0');
    await tagImage(ecr.backend, 'demo/app', '1.0', 'latest');
    await pushImage(ecr.backend, 'demo/app', 'solo');
    api = newApi(ecr);
    registry = new RegistryClient({ registry: ecr.registry, credentials: api.credentialProvider(ecr.registry), retries: 0 });
    backend = new EcrBackend(registry, ecr.registry, api);
  });
  after(async () => { api?.close(); await registry?.close(); await ecr?.stop(); });

  test('the ECR host names its account and region', () => {
    assert.deepEqual(parseEcrHost('123456789012.dkr.ecr.eu-west-1.amazonaws.com'), { account: '123456789012', region: 'eu-west-1' });
    assert.deepEqual(parseEcrHost('123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn'), { account: '123456789012', region: 'cn-north-1' });
    assert.equal(parseEcrHost('ghcr.io'), undefined);
    assert.equal(parseEcrHost('123.dkr.ecr.us-east-1.amazonaws.com'), undefined);
  });

  test('repositories and images: one DescribeImages gives every tag with size and push time', async () => {
    ecr.clear();
    assert.deepEqual((await backend.repositories(undefined)).items.map((r) => r.repository), ['demo/app', 'demo/job']);
    const tags = await backend.tags('demo/app');
    assert.deepEqual(tags.items.map((t) => t.tag).sort(), ['1.0', 'latest', 'solo']);
    for (const t of tags.items) {
      assert.match(t.digest ?? '', /^sha256:/);
      assert.ok((t.size ?? 0) > 0);
      assert.match(t.pushed ?? '', /^2026-/);
      assert.equal(t.scan?.critical, 1);
    }
    assert.deepEqual(ecr.calls().map((c) => c.operation), ['DescribeRepositories', 'DescribeImages']);
  });

  test('registry login: GetAuthorizationToken once, "AWS:<password>" on the v2 API, cached for the next requests', async () => {
    ecr.clear();
    await backend.retag(new Reference(ecr.registry, 'demo/app', '1.0'), 'rc');
    await registry.headManifest(new Reference(ecr.registry, 'demo/app', 'rc'));
    assert.ok((await listTags(ecr.backend, 'demo/app')).includes('rc'));
    assert.equal(ecr.calls().filter((c) => c.operation === 'GetAuthorizationToken').length, 1);
  });

  test('a token close to its end is fetched again before it expires', async () => {
    const short = await startEcr({ tokenLifetimeSeconds: 600 });
    const c = newApi(short);
    try {
      const a = await c.registryCredentials();
      const b = await c.registryCredentials();
      assert.equal(a.username, 'AWS');
      assert.notEqual(a.password, b.password, 'a 10-minute token is inside the 30-minute margin: fetched again');
      assert.equal(short.calls().filter((x) => x.operation === 'GetAuthorizationToken').length, 2);
      const [x, y] = await Promise.all([c.registryCredentials(), c.registryCredentials()]);
      assert.equal(x, y, 'concurrent callers share one call');
    } finally { c.close(); await short.stop(); }
  });

  test('delete: a tag with siblings goes alone; an image\'s last tag is planned as the image, named with its tags', async () => {
    const plan = await backend.planDelete({ ref: new Reference(ecr.registry, 'demo/app', 'rc') });
    assert.equal(plan.what, 'tag');
    ecr.clear();
    await backend.executeDelete(plan, {});
    assert.deepEqual(ecr.calls().map((c) => [c.operation, c.request]), [['BatchDeleteImage', { repositoryName: 'demo/app', imageIds: [{ imageTag: 'rc' }] }]]);
    const solo = await backend.planDelete({ ref: new Reference(ecr.registry, 'demo/app', 'solo') });
    assert.equal(solo.what, 'artifact');
    assert.deepEqual(solo.what === 'artifact' && solo.tags, ['solo']);
    await backend.executeDelete(solo, {});
    assert.deepEqual((await backend.tags('demo/app')).items.map((t) => t.tag).sort(), ['1.0', 'latest']);
  });

  test('ECR scan findings become the report model (basic and enhanced findings)', async () => {
    const report = await backend.serverScanReport(new Reference(ecr.registry, 'demo/app', 'latest'));
    assert.equal(report.format, 'ecr');
    assert.deepEqual(report.findings.map((f) => [f.id, f.severity]), [
      ['CVE-2026-0001', 'HIGH'], ['CVE-2026-0002', 'MEDIUM'], ['CVE-2026-0003', 'UNKNOWN'], ['CVE-2026-1000', 'CRITICAL'],
    ]);
    const first = report.findings[0];
    assert.equal(first.package, 'libexample');
    assert.deepEqual(first.cvss, { score: 9.8, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', version: '3' });
    const enhanced = report.findings[3];
    assert.equal(enhanced.fixed, '3.0.9');
    assert.equal(enhanced.cvss?.score, 9.1);
    assert.equal(report.scanner.name, 'Amazon Inspector');
    assert.throws(() => parseEcrFindings({ imageScanStatus: { status: 'IN_PROGRESS' } }, { repository: 'x' }), /IN_PROGRESS/);
  });

  test('an unknown repository is a clear not-found error', async () => {
    await assert.rejects(backend.tags('demo/nope'), (e: unknown) => e instanceof RegistryError && e.code === 'NAME_UNKNOWN' && /RepositoryNotFoundException/.test(e.message));
  });

  test('unsigned requests are refused by the stand-in (it checks SigV4)', async () => {
    const r = await fetch(ecr.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.DescribeRepositories' }, body: '{}' });
    assert.equal(r.status, 403);
  });

  test('every SDK call was SigV4-signed and matches the ECR API Reference shapes', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema({ $id: 'ecr', definitions: shapes.definitions });
    const fix = (s: unknown): unknown => JSON.parse(JSON.stringify(s).replace(/"#\/definitions\//g, '"ecr#/definitions/'));
    const calls = ecr.calls().filter((c) => c.status !== 403);
    assert.ok(calls.length >= 4);
    for (const c of calls) {
      assert.match(c.signed.credential, /^AKIAREGXTEST00000001\/\d{8}\/us-east-1\/ecr\/aws4_request$/);
      for (const h of ['host', 'x-amz-date', 'x-amz-target']) assert.ok(c.signed.signedHeaders.includes(h), `${c.operation}: ${h} signed`);
      const op = shapes.operations[c.operation];
      assert.ok(op, `${c.operation} is in the fixture`);
      const req = ajv.compile(fix(op.request) as object);
      assert.ok(req(c.request), `${c.operation} request: ${ajv.errorsText(req.errors)}`);
      if (c.status === 200) {
        const res = ajv.compile(fix(op.response) as object);
        assert.ok(res(c.response), `${c.operation} response: ${ajv.errorsText(res.errors)}`);
      }
    }
  });
});
