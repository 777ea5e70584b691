// The signature check alone (no registry): each key type cosign uses, against signatures made by node:crypto here
// and by nothing at all (garbage, empty, a signature over other bytes); keys that are not usable PEM public keys
// give one clear error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign, constants } from 'node:crypto';
import { loadPublicKey, signatureMatches } from '../../../src/registry/cosignVerify';
import { RegistryError } from '../../../src/registry/errors';

const payload = Buffer.from('{"critical":{}}');

test('ECDSA P-256, P-384, RSA PKCS#1 v1.5 and PSS, Ed25519: the right signature matches, others do not', () => {
  const cases = [
    { pair: generateKeyPairSync('ec', { namedCurve: 'P-256' }), sig: (k: never) => sign('sha256', payload, k) },
    { pair: generateKeyPairSync('ec', { namedCurve: 'P-384' }), sig: (k: never) => sign('sha256', payload, k) },
    { pair: generateKeyPairSync('ec', { namedCurve: 'P-384' }), sig: (k: never) => sign('sha384', payload, k) },
    { pair: generateKeyPairSync('rsa', { modulusLength: 2048 }), sig: (k: never) => sign('sha256', payload, k) },
    { pair: generateKeyPairSync('rsa', { modulusLength: 2048 }), sig: (k: never) => sign('sha256', payload, { key: k, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }) },
    { pair: generateKeyPairSync('ed25519'), sig: (k: never) => sign(null, payload, k) },
  ];
  for (const c of cases) {
    const s = c.sig(c.pair.privateKey as never);
    const pub = c.pair.publicKey;
    assert.equal(signatureMatches(pub, payload, s), true, `${pub.asymmetricKeyType} ${pub.asymmetricKeyDetails?.namedCurve ?? ''}`);
    assert.equal(signatureMatches(pub, Buffer.from('{"critical":{"x":1}}'), s), false, 'other bytes');
    assert.equal(signatureMatches(pub, payload, Buffer.from('not a signature')), false, 'garbage');
    assert.equal(signatureMatches(pub, payload, Buffer.alloc(0)), false, 'empty');
  }
});

test('keys: not PEM, or a type cosign does not use, is a clear KEY_INVALID error', () => {
  assert.throws(() => loadPublicKey({ name: 'junk.pub', pem: 'hello' }), (e: unknown) => e instanceof RegistryError && e.code === 'KEY_INVALID' && /^junk\.pub is not a PEM public key/.test(e.message));
  const x448 = generateKeyPairSync('x448').publicKey.export({ type: 'spki', format: 'pem' }).toString();
  assert.throws(() => loadPublicKey({ name: 'x.pub', pem: x448 }), /x\.pub: x448 keys are not supported/);
  const ok = loadPublicKey({ name: 'k.pub', pem: generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString() });
  assert.match(ok.keyId, /^[0-9a-f]{16}$/);
});
