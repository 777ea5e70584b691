import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { classifyError } from '../../../src/connections/classifyError';
import { dockerConfigHosts, isDockerHubUrl, normalizeUrl } from '../../../src/connections/url';

describe('registry URL helpers', () => {
  test('normalizeUrl adds https, keeps http, rejects paths and credentials', () => {
    assert.equal(normalizeUrl('registry.example.com:5000'), 'https://registry.example.com:5000');
    assert.equal(normalizeUrl('http://127.0.0.1:5000/'), 'http://127.0.0.1:5000');
    assert.equal(normalizeUrl(' https://h.example '), 'https://h.example');
    assert.equal(normalizeUrl('https://h.example/v2/x'), undefined);
    assert.equal(normalizeUrl('https://user:pw@h.example'), undefined);
    assert.equal(normalizeUrl('ftp://h.example'), undefined);
    assert.equal(normalizeUrl(''), undefined);
  });

  test('Docker Hub URLs are recognized', () => {
    assert.ok(isDockerHubUrl('https://docker.io'));
    assert.ok(isDockerHubUrl('https://registry-1.docker.io'));
    assert.ok(isDockerHubUrl('https://hub.docker.com'));
    assert.ok(!isDockerHubUrl('https://docker.example.com'));
  });

  test('dockerConfigHosts reads auths and credHelpers and normalizes Docker Hub', () => {
    assert.deepEqual(dockerConfigHosts({
      auths: { 'https://index.docker.io/v1/': {}, '127.0.0.1:5000': { auth: 'x' } },
      credHelpers: { 'gcr.io': 'gcloud', '127.0.0.1:5000': 'pass' },
    }), ['docker.io', '127.0.0.1:5000', 'gcr.io']);
    assert.deepEqual(dockerConfigHosts(null), []);
  });
});

describe('classifyError', () => {
  test('system codes anywhere in the cause chain', () => {
    const wrap = (cause: unknown) => Object.assign(new Error('fetch failed'), { cause });
    assert.equal(classifyError(wrap(Object.assign(new Error('x'), { code: 'ENOTFOUND' }))), 'dns');
    assert.equal(classifyError(wrap(Object.assign(new Error('x'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }))), 'tls');
    assert.equal(classifyError(wrap(Object.assign(new Error('x'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }))), 'tls');
    assert.equal(classifyError(wrap(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))), 'refused');
    assert.equal(classifyError(Object.assign(new Error('aborted'), { name: 'AbortError' })), 'cancelled');
  });

  test('HTTP statuses', () => {
    assert.equal(classifyError(Object.assign(new Error('x'), { status: 401 })), 'unauthorized');
    assert.equal(classifyError(Object.assign(new Error('x'), { status: 403 })), 'forbidden');
    assert.equal(classifyError(Object.assign(new Error('x'), { status: 404 })), 'notFound');
    assert.equal(classifyError(Object.assign(new Error('x'), { status: 429 })), 'rateLimited');
    assert.equal(classifyError(new Error('something else')), 'other');
  });
});
