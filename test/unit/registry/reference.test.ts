import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidReferenceError, isLoopbackHost, parseReference, validateDigest, validateRepository, validateTag } from '../../../src/registry/index';

const D = `sha256:${'a'.repeat(64)}`;

describe('parseReference: valid input and Docker normalization', () => {
  const cases: Array<[string, { registry: string; repository: string; tag?: string; digest?: string; str: string; familiar: string }]> = [
    ['alpine', { registry: 'docker.io', repository: 'library/alpine', str: 'docker.io/library/alpine', familiar: 'alpine' }],
    ['alpine:3.19', { registry: 'docker.io', repository: 'library/alpine', tag: '3.19', str: 'docker.io/library/alpine:3.19', familiar: 'alpine:3.19' }],
    ['library/alpine', { registry: 'docker.io', repository: 'library/alpine', str: 'docker.io/library/alpine', familiar: 'alpine' }],
    ['docker.io/alpine', { registry: 'docker.io', repository: 'library/alpine', str: 'docker.io/library/alpine', familiar: 'alpine' }],
    ['index.docker.io/library/alpine:edge', { registry: 'docker.io', repository: 'library/alpine', tag: 'edge', str: 'docker.io/library/alpine:edge', familiar: 'alpine:edge' }],
    ['user/app', { registry: 'docker.io', repository: 'user/app', str: 'docker.io/user/app', familiar: 'user/app' }],
    ['docker.io/library/a/b', { registry: 'docker.io', repository: 'library/a/b', str: 'docker.io/library/a/b', familiar: 'library/a/b' }],
    ['localhost/app', { registry: 'localhost', repository: 'app', str: 'localhost/app', familiar: 'localhost/app' }],
    ['localhost:5000/a/b:t', { registry: 'localhost:5000', repository: 'a/b', tag: 't', str: 'localhost:5000/a/b:t', familiar: 'localhost:5000/a/b:t' }],
    ['127.0.0.1:5000/app@' + D, { registry: '127.0.0.1:5000', repository: 'app', digest: D, str: `127.0.0.1:5000/app@${D}`, familiar: `127.0.0.1:5000/app@${D}` }],
    ['reg.example.com/p/app:1.0@' + D, { registry: 'reg.example.com', repository: 'p/app', tag: '1.0', digest: D, str: `reg.example.com/p/app:1.0@${D}`, familiar: `reg.example.com/p/app:1.0@${D}` }],
    ['[::1]:5000/app:v', { registry: '[::1]:5000', repository: 'app', tag: 'v', str: '[::1]:5000/app:v', familiar: '[::1]:5000/app:v' }],
    ['Registry.Example.COM/app', { registry: 'Registry.Example.COM', repository: 'app', str: 'Registry.Example.COM/app', familiar: 'Registry.Example.COM/app' }],
    ['UPPER/app', { registry: 'UPPER', repository: 'app', str: 'UPPER/app', familiar: 'UPPER/app' }],
    ['a__b/c-d---e/f.g_h:TAG_1.x-y', { registry: 'docker.io', repository: 'a__b/c-d---e/f.g_h', tag: 'TAG_1.x-y', str: 'docker.io/a__b/c-d---e/f.g_h:TAG_1.x-y', familiar: 'a__b/c-d---e/f.g_h:TAG_1.x-y' }],
    ['app:' + 'x'.repeat(128), { registry: 'docker.io', repository: 'library/app', tag: 'x'.repeat(128), str: `docker.io/library/app:${'x'.repeat(128)}`, familiar: `app:${'x'.repeat(128)}` }],
  ];
  for (const [input, want] of cases) {
    test(input.length > 60 ? input.slice(0, 60) + '…' : input, () => {
      const r = parseReference(input);
      assert.equal(r.registry, want.registry);
      assert.equal(r.repository, want.repository);
      assert.equal(r.tag, want.tag);
      assert.equal(r.digest, want.digest);
      assert.equal(r.toString(), want.str);
      assert.equal(r.familiar(), want.familiar);
    });
  }

  test('tag stays undefined when absent; helpers apply the default', () => {
    const r = parseReference('alpine');
    assert.equal(r.tag, undefined);
    assert.equal(r.tagOrDefault(), 'latest');
    assert.equal(r.withDefaultTag().toString(), 'docker.io/library/alpine:latest');
    assert.equal(r.manifestReference(), 'latest');
    assert.equal(parseReference(`alpine@${D}`).withDefaultTag().tag, undefined);
    assert.equal(parseReference(`alpine:1@${D}`).manifestReference(), D);
  });

  test('withTag, withDigest, scope', () => {
    const r = parseReference(`127.0.0.1:5000/p/app:1@${D}`);
    assert.equal(r.withTag('2').toString(), '127.0.0.1:5000/p/app:2');
    assert.equal(parseReference('x/y').withDigest(D).toString(), `docker.io/x/y@${D}`);
    assert.equal(r.scope(['pull', 'push']), 'repository:p/app:pull,push');
    assert.throws(() => r.withTag('-bad'), InvalidReferenceError);
    assert.throws(() => r.withDigest('sha256:abc'), InvalidReferenceError);
  });
});

describe('parseReference: invalid input names the bad part', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['', 'reference', /at least one component/],
    ['x:a b', 'tag', /^invalid tag "a b" in "x:a b"/],
    ['x:-a', 'tag', /invalid tag "-a"/],
    ['x:.a', 'tag', /invalid tag ".a"/],
    ['x:' + 'y'.repeat(129), 'tag', /invalid tag/],
    ['x:', 'tag', /invalid tag ""/],
    ['Foo', 'repository', /must be lowercase/],
    ['docker.io/Foo/bar', 'repository', /must be lowercase/],
    ['reg.io/a..b', 'repository', /invalid repository name "a\.\.b"/],
    ['reg.io/a/', 'repository', /invalid repository name/],
    ['reg.io//a', 'repository', /invalid repository name/],
    ['reg.io/-a', 'repository', /invalid repository name/],
    ['reg.io/a_-b', 'repository', /invalid repository name/],
    ['reg.io/' + 'a'.repeat(256), 'repository', /not be more than 255 characters/],
    ['a'.repeat(64), 'repository', /64-byte hexadecimal/],
    ['x@sha256:abc', 'digest', /invalid digest "sha256:abc"/],
    [`x@md5:${'a'.repeat(32)}`, 'digest', /unsupported digest algorithm "md5"/],
    [`x@sha256:${'a'.repeat(63)}`, 'digest', /length/],
    [`x@sha256:${'g'.repeat(64)}`, 'digest', /invalid digest/],
    ['-reg.io/a', 'registry', /invalid registry "-reg\.io"/],
    ['reg.io:abc/a', 'registry', /invalid registry/],
    ['a b', 'repository', /invalid repository name/],
  ];
  for (const [input, part, msg] of cases) {
    test(`${JSON.stringify(input.length > 40 ? input.slice(0, 40) + '…' : input)} → ${part}`, () => {
      assert.throws(() => parseReference(input), (e: unknown) => {
        assert.ok(e instanceof InvalidReferenceError, `not an InvalidReferenceError: ${String(e)}`);
        assert.equal(e.part, part);
        assert.match(e.message, msg);
        return true;
      });
    });
  }

  test('a repository of exactly 255 characters is fine', () => {
    const name = 'a'.repeat(255);
    assert.equal(parseReference(`reg.io/${name}`).repository, name);
  });

  test('validators', () => {
    assert.doesNotThrow(() => validateTag('v1.0_rc-1'));
    assert.throws(() => validateTag('a/b'), /invalid tag/);
    assert.doesNotThrow(() => validateRepository('a/b-c/d'));
    assert.throws(() => validateRepository('A'), /must be lowercase/);
    assert.doesNotThrow(() => validateDigest(`sha512:${'0'.repeat(128)}`));
    assert.throws(() => validateDigest(`sha512:${'0'.repeat(64)}`), /length/);
  });

  test('uppercase hex is refused (OCI image-spec, Descriptor "Digests": sha256 and sha512 are lowercase [a-f0-9])', () => {
    const upper = `sha256:${'A'.repeat(64)}`;
    assert.throws(() => validateDigest(upper), (e: unknown) => e instanceof InvalidReferenceError && e.part === 'digest' && /lowercase/.test(e.message));
    assert.throws(() => validateDigest(`sha256:${'a'.repeat(63)}F`), /lowercase/);
    assert.throws(() => validateDigest(`sha512:${'Ab'.repeat(64)}`), /lowercase/);
    assert.throws(() => parseReference(`reg.io/app@${upper}`), /lowercase/);
    assert.doesNotThrow(() => validateDigest(`sha256:${'0123456789abcdef'.repeat(4)}`));
  });

  test('non-string input is a clear error, not a crash', () => {
    assert.throws(() => parseReference(undefined as unknown as string), InvalidReferenceError);
  });
});

test('isLoopbackHost', () => {
  for (const h of ['localhost', 'localhost:5000', '127.0.0.1', '127.1.2.3:443', '[::1]:5000', 'a.localhost']) assert.equal(isLoopbackHost(h), true, h);
  for (const h of ['example.com', '10.0.0.1:5000', '128.0.0.1', '[::2]', 'localhost.example.com']) assert.equal(isLoopbackHost(h), false, h);
});
