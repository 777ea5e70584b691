// backendFor is the one place a kind maps to code; the capability words are what package.json menus read.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { backendFor } from '../../../src/backends/backendFor';
import { capabilityWords } from '../../../src/backends/registryBackend';
import { DistributionBackend } from '../../../src/backends/distributionBackend';
import { HarborBackend } from '../../../src/backends/harborBackend';
import { DockerHubBackend } from '../../../src/backends/dockerHubBackend';
import { HarborClient, DockerHubClient, RegistryClient } from '../../../src/registry/index';

const client = new RegistryClient({ registry: 'http://127.0.0.1:9', retries: 0 });
const clients = { get: () => client, harbor: () => new HarborClient(client), hub: () => new DockerHubClient({ hubUrl: 'http://127.0.0.1:9', registryClient: client }) };

describe('backendFor', () => {
  test('each kind gets its backend; an unknown kind is treated as plain distribution', () => {
    assert.ok(backendFor({ id: 'a', kind: 'harbor' }, 'h', clients) instanceof HarborBackend);
    assert.ok(backendFor({ id: 'a', kind: 'dockerhub' }, 'docker.io', clients) instanceof DockerHubBackend);
    const d = backendFor({ id: 'a', kind: 'distribution' }, 'r', clients);
    assert.ok(d instanceof DistributionBackend && !(d instanceof HarborBackend) && !(d instanceof DockerHubBackend));
    assert.equal(backendFor(JSON.parse('{"id":"a","kind":"newer"}'), 'r', clients).kind, 'distribution');
  });

  test('capability words: what the menus need, and nothing a kind lacks', () => {
    const words = (kind: 'distribution' | 'harbor' | 'dockerhub') => capabilityWords(backendFor({ id: 'a', kind }, 'r', clients).caps).split(' ');
    assert.ok(words('distribution').includes('canDelete') && !words('distribution').includes('canScanServerSide'));
    assert.ok(words('harbor').includes('canScanServerSide') && words('harbor').includes('canRetag'));
    assert.ok(!words('dockerhub').includes('canDelete') && !words('dockerhub').includes('canRetag') && words('dockerhub').includes('canSearch'));
    const tagWords = capabilityWords(backendFor({ id: 'a', kind: 'harbor' }, 'r', clients).caps, ['canDelete', 'canRetag']);
    assert.equal(tagWords, 'canDelete canRetag');
  });

  test('Docker Hub namespaces come from the settings (no request): configured, else the user and library', async () => {
    assert.deepEqual((await backendFor({ id: 'a', kind: 'dockerhub', username: 'me' }, 'docker.io', clients).namespaces()).items.map((n) => n.name), ['me', 'library']);
    assert.deepEqual((await backendFor({ id: 'a', kind: 'dockerhub', namespaces: ['x', 'x'] }, 'docker.io', clients).namespaces()).items.map((n) => n.name), ['x']);
  });
});
