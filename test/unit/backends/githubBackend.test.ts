import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backendFor } from '../../../src/backends/backendFor';
import { capabilityWords } from '../../../src/backends/registryBackend';
import { fromGitHubVersion, githubOwners, GitHubBackend } from '../../../src/backends/githubBackend';
import { DistributionBackend } from '../../../src/backends/distributionBackend';
import { DockerHubClient, GitHubClient, HarborClient, RegistryClient } from '../../../src/registry/index';

const client = new RegistryClient({ registry: 'http://127.0.0.1:9', retries: 0 });
const github = new GitHubClient({ registry: 'ghcr.io', apiUrl: 'http://127.0.0.1:9' });
const base = { get: () => client, harbor: () => new HarborClient(client), hub: () => new DockerHubClient({ hubUrl: 'http://127.0.0.1:9', registryClient: client }) };

test('backendFor: github gets GitHubBackend (with a GitHub client), plain distribution without one (the CLI)', () => {
  const b = backendFor({ id: 'g', kind: 'github', username: 'octo' }, 'ghcr.io', { ...base, github: () => github });
  assert.ok(b instanceof GitHubBackend);
  const words = capabilityWords(b.caps).split(' ');
  assert.ok(words.includes('hasNamespaces') && words.includes('canDelete') && words.includes('canRetag') && !words.includes('canDeleteRepository'));
  assert.ok(!(backendFor({ id: 'g', kind: 'github' }, 'ghcr.io', base) instanceof GitHubBackend));
  assert.ok(backendFor({ id: 'g', kind: 'github' }, 'ghcr.io', base) instanceof DistributionBackend);
});

test('githubOwners: the user first, then organisations, no repeats (names ignore case)', () => {
  assert.deepEqual(githubOwners({ username: 'Octo', namespaces: ['acme', 'octo', 'ACME', ' x '] }),
    [{ kind: 'user', name: 'Octo' }, { kind: 'org', name: 'acme' }, { kind: 'org', name: 'x' }]);
  assert.deepEqual(githubOwners({ namespaces: ['acme'] }), [{ kind: 'org', name: 'acme' }]);
});

test('fromGitHubVersion: a row per tag with the digest and date; an untagged version is one row', () => {
  const d = `sha256:${'a'.repeat(64)}`;
  const v = { id: 1, name: d, url: '', package_html_url: '', created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-02T00:00:00Z', metadata: { package_type: 'container', container: { tags: ['1.0', 'latest'] } } };
  assert.deepEqual(fromGitHubVersion(v), [
    { digest: d, pushed: '2025-01-02T00:00:00Z', tag: '1.0', otherTags: ['latest'] },
    { digest: d, pushed: '2025-01-02T00:00:00Z', tag: 'latest', otherTags: ['1.0'] },
  ]);
  assert.deepEqual(fromGitHubVersion({ ...v, metadata: { package_type: 'container', container: { tags: [] } } }), [{ digest: d, pushed: '2025-01-02T00:00:00Z' }]);
  assert.deepEqual(fromGitHubVersion({ ...v, name: 'not-a-digest', metadata: undefined }), [{ digest: undefined, pushed: '2025-01-02T00:00:00Z' }]);
});

test('GitHubClient refuses an API URL that is not http(s)', () => {
  assert.throws(() => new GitHubClient({ registry: 'ghcr.io', apiUrl: 'file:///etc/passwd' }), /invalid GitHub API URL/);
  assert.throws(() => new GitHubClient({ registry: 'ghcr.io', apiUrl: 'not a url' }), /invalid GitHub API URL/);
});
