// How a builder reaches a registry (src/imageBuild/target.ts): the plain-HTTP decision and docker's daemon rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dockerNeedsInsecureRegistries, needsInsecure, PLAIN_HTTP_REPLY, targetRegistry } from '../../../src/imageBuild/target';

test('plain HTTP: an http:// URL, the insecure flag, or a scheme the client learned', () => {
  assert.equal(needsInsecure({ url: 'https://127.0.0.1:5000' }), false);
  assert.equal(needsInsecure({ url: 'https://127.0.0.1:5000', scheme: 'https' }), false);
  assert.equal(needsInsecure({ url: 'https://127.0.0.1:5000', scheme: 'http' }), true, 'stored as https://, answered in plain HTTP');
  assert.equal(needsInsecure({ url: 'http://registry.lan:5000' }), true);
  assert.equal(needsInsecure({ url: 'https://registry.lan', insecure: true }), true);
  const t = targetRegistry('127.0.0.1:5000', { url: 'https://127.0.0.1:5000', scheme: 'http', caFile: '/ca.pem' }, { username: 'u', password: 'p' });
  assert.deepEqual(t, { registry: '127.0.0.1:5000', insecure: true, caFile: '/ca.pem', credentials: { username: 'u', password: 'p' } });
});

test('docker: only non-loopback insecure registries need the daemon\'s insecure-registries', () => {
  assert.equal(dockerNeedsInsecureRegistries('127.0.0.1:5000', true), false);
  assert.equal(dockerNeedsInsecureRegistries('localhost:5000', true), false);
  assert.equal(dockerNeedsInsecureRegistries('registry.lan:5000', true), true);
  assert.equal(dockerNeedsInsecureRegistries('registry.lan:5000', false), false);
});

test('the builders\' plain-HTTP reply is recognised', () => {
  assert.match('Get "https://127.0.0.1:5000/v2/": http: server gave HTTP response to HTTPS client', PLAIN_HTTP_REPLY);
  assert.doesNotMatch('x509: certificate signed by unknown authority', PLAIN_HTTP_REPLY);
});
