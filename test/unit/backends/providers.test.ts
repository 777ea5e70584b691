// Provider kinds: read from the host, mapped by backendFor, with the user name a token login wants.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { providerKindOf, defaultTokenUsername, isAcrHost, isGarHost } from '../../../src/backends/cloudRegistries';
import { backendFor } from '../../../src/backends/backendFor';
import { capabilityWords } from '../../../src/backends/registryBackend';
import { GitLabBackend } from '../../../src/backends/gitlabBackend';
import { QuayBackend, fromQuayTag } from '../../../src/backends/quayBackend';
import { EcrBackend, fromEcrImage } from '../../../src/backends/ecrBackend';
import { RegistryClient, GitLabClient, QuayClient, EcrClient, HarborClient, DockerHubClient } from '../../../src/registry/index';

describe('provider kinds', () => {
  test('the host names the provider; everything else is probed', () => {
    assert.equal(providerKindOf('registry.gitlab.com'), 'gitlab');
    assert.equal(providerKindOf('quay.io'), 'quay');
    assert.equal(providerKindOf('123456789012.dkr.ecr.us-west-2.amazonaws.com'), 'ecr');
    assert.equal(providerKindOf('myreg.azurecr.io'), undefined);
    assert.equal(providerKindOf('europe-west1-docker.pkg.dev'), undefined);
    assert.equal(providerKindOf('registry.example.com'), undefined);
  });

  test('token user names: GAR oauth2accesstoken, ACR refresh-token user, Quay $oauthtoken', () => {
    assert.ok(isGarHost('us-docker.pkg.dev') && isGarHost('gcr.io') && isGarHost('eu.gcr.io') && !isGarHost('docker.pkg.dev.evil.com'));
    assert.ok(isAcrHost('contoso.azurecr.io') && !isAcrHost('azurecr.io.evil.com'));
    assert.equal(defaultTokenUsername('europe-west1-docker.pkg.dev', 'distribution'), 'oauth2accesstoken');
    assert.equal(defaultTokenUsername('contoso.azurecr.io', 'distribution'), '00000000-0000-0000-0000-000000000000');
    assert.equal(defaultTokenUsername('quay.io', 'quay'), '$oauthtoken');
    assert.equal(defaultTokenUsername('registry.gitlab.com', 'gitlab'), undefined);
  });

  test('backendFor maps gitlab, quay and ecr; without their API clients the error says so', () => {
    const client = new RegistryClient({ registry: 'http://127.0.0.1:9', retries: 0 });
    const base = { get: () => client, harbor: () => new HarborClient(client), hub: () => new DockerHubClient({ hubUrl: 'http://127.0.0.1:9', registryClient: client }) };
    const clients = {
      ...base,
      gitlab: () => new GitLabClient({ apiUrl: 'http://127.0.0.1:9/api/v4', registry: 'h' }),
      quay: () => new QuayClient({ apiUrl: 'http://127.0.0.1:9/api/v1', registry: 'h' }),
      ecr: () => new EcrClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
    };
    assert.ok(backendFor({ id: 'a', kind: 'gitlab' }, 'h', clients) instanceof GitLabBackend);
    assert.ok(backendFor({ id: 'a', kind: 'quay' }, 'h', clients) instanceof QuayBackend);
    const ecr = backendFor({ id: 'a', kind: 'ecr' }, 'h', clients);
    assert.ok(ecr instanceof EcrBackend);
    assert.match(capabilityWords(ecr.caps), /canScanServerSide/);
    assert.doesNotMatch(capabilityWords(ecr.caps), /canDeleteRepository/);
    assert.throws(() => backendFor({ id: 'a', kind: 'gitlab' }, 'h', base), /GitLab registries are not available here/);
  });

  test('Quay and ECR rows: dates and sizes tolerate odd values', () => {
    assert.deepEqual(fromQuayTag({ name: 't', start_ts: 0, size: null, manifest_digest: 'sha256:x', is_manifest_list: true }), { tag: 't', digest: 'sha256:x', size: undefined, pushed: '1970-01-01T00:00:00.000Z', isIndex: true });
    assert.deepEqual(fromQuayTag(null as never), {});
    const rows = fromEcrImage({ imageDigest: 'sha256:a', imageTags: ['x', 'y'], imageSizeInBytes: 5, imagePushedAt: new Date(0) });
    assert.deepEqual(rows.map((r) => [r.tag, r.otherTags]), [['x', ['y']], ['y', ['x']]]);
    assert.deepEqual(fromEcrImage({ imageDigest: 'sha256:b' }).map((r) => r.tag), [undefined]);
  });
});
