// One mapping from a registry's stored secret to the credentials of the builder and of Trivy
// (src/commands/toolCredentials.ts), used by Build and Push, Push Local Image and Scan.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { builderCredentials, trivyCredentials } from '../../../src/commands/toolCredentials';

const def = { username: 'from-definition' };

describe('tool credentials', () => {
  test('anonymous entries and no secret send nothing', () => {
    assert.equal(builderCredentials(def, undefined), undefined);
    assert.equal(builderCredentials(def, { method: 'anonymous', credentials: { username: 'u', password: 'p' } }), undefined);
    assert.deepEqual(trivyCredentials(def, undefined), { credentials: undefined, identityTokenOnly: false });
    assert.deepEqual(trivyCredentials(def, { method: 'anonymous', credentials: { password: 'p' } }), { credentials: undefined, identityTokenOnly: false });
  });

  test('a password: the stored username, else the definition\'s', () => {
    const secret = { method: 'password' as const, credentials: { password: 'pw' } };
    assert.deepEqual(builderCredentials(def, secret), { username: 'from-definition', password: 'pw', identityToken: undefined });
    assert.deepEqual(trivyCredentials(def, secret).credentials, { username: 'from-definition', password: 'pw' });
    const named = { method: 'password' as const, credentials: { username: 'stored', password: 'pw' } };
    assert.equal(builderCredentials(def, named)?.username, 'stored');
    assert.equal(trivyCredentials({}, named).credentials?.username, 'stored');
    assert.equal(trivyCredentials({}, secret).credentials?.username, '');
  });

  test('a registry token is the builder\'s password and Trivy\'s TRIVY_REGISTRY_TOKEN', () => {
    const secret = { method: 'token' as const, credentials: { registryToken: 'rt' } };
    assert.deepEqual(builderCredentials(def, secret), { username: 'from-definition', password: 'rt', identityToken: undefined });
    assert.deepEqual(trivyCredentials(def, secret), { credentials: { registryToken: 'rt' }, identityTokenOnly: false });
  });

  test('an identity token reaches the builder; Trivy has no form for it and says so', () => {
    const secret = { method: 'token' as const, credentials: { username: 'u', identityToken: 'it' } };
    assert.deepEqual(builderCredentials(def, secret), { username: 'u', password: undefined, identityToken: 'it' });
    assert.deepEqual(trivyCredentials(def, secret), { credentials: undefined, identityTokenOnly: true });
  });

  test('a username alone is no login', () => {
    assert.equal(builderCredentials(def, { method: 'password', credentials: { username: 'u' } }), undefined);
    assert.deepEqual(trivyCredentials(def, { method: 'password', credentials: { username: 'u' } }), { credentials: undefined, identityTokenOnly: false });
  });
});
