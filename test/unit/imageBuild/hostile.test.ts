// Hostile names: a tag, repository or registry with shell metacharacters is rejected by the shared
// reference parser before anything runs; paths and build-argument values (which may legally contain
// them) reach the builder as single, unchanged arguments. A stand-in builder records the exact argv.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidReferenceError } from '../../../src/registry/index';
import { buildAndPushImage, resolveTarget } from '../../../src/imageBuild/pipeline';
import { fakeBuilders } from './fakeBuilder';

const HOSTILE = [
  'v1;touch PWNED', '$(touch PWNED)', '`touch PWNED`', 'a b', 'a\nb', 'tag\u00fc', '\u2603', '-rf', '.hidden', 'x&&y', 'a|b', "a'b", 'a"b',
  'a>b', '', 'a'.repeat(129),
];

describe('hostile names', () => {
  for (const bad of HOSTILE) {
    test(`tag ${JSON.stringify(bad)} is rejected`, () => {
      assert.throws(() => resolveTarget('127.0.0.1:5000', 'app', bad), InvalidReferenceError);
    });
  }
  test('repositories and registries with metacharacters, spaces, unicode or capitals are rejected', () => {
    for (const repo of ['app;id', 'a b', 'a/$(id)', '../etc', 'caf\u00e9', 'App', 'a\nb', '-app', 'a//b', '`id`']) {
      assert.throws(() => resolveTarget('127.0.0.1:5000', repo, '1'), InvalidReferenceError, repo);
    }
    for (const reg of ['127.0.0.1:5000;id', 'host name.com', '$(id).com', 'h\u00f6st.com', '127.0.0.1:50 00', '-h.com']) {
      assert.throws(() => resolveTarget(reg, 'app', '1'), (e: unknown) => e instanceof InvalidReferenceError || e instanceof Error, reg);
    }
  });

  test('paths and build args with metacharacters, spaces, newlines and unicode pass as single arguments', async () => {
    const fake = fakeBuilders(['buildah', 'docker']);
    const root = mkdtempSync(join(tmpdir(), 'regx-hostile-'));
    try {
      const ctx = join(root, 'ctx; touch PWNED $(touch PWNED) `touch PWNED` \'q\' "d"\nline2 \u00fc\u2603');
      mkdirSync(ctx);
      const dockerfile = join(ctx, 'Docker file;$(id).Dockerfile');
      writeFileSync(dockerfile, 'FROM scratch\n');
      const argValue = '$(touch PWNED); `touch PWNED` && echo "x" | tee PWNED\nnext \u00fc';
      for (const kind of ['buildah', 'docker'] as const) {
        await buildAndPushImage({
          builder: fake.builder(kind, true), env: fake.env, cwd: root, dockerfile, context: ctx,
          tags: [resolveTarget('127.0.0.1:5000', 'app', '1')], buildArgs: { EVIL: argValue }, target: { registry: '127.0.0.1:5000' },
        });
      }
      const builds = fake.calls().filter((c) => c.includes('-f'));
      assert.equal(builds.length, 2);
      for (const argv of builds) {
        assert.equal(argv[argv.indexOf('-f') + 1], dockerfile);
        assert.equal(argv[argv.length - 1], ctx);
        assert.equal(argv[argv.indexOf('--build-arg') + 1], `EVIL=${argValue}`);
      }
      const pwned = (dir: string): boolean => readdirSync(dir).some((f) => f.includes('PWNED') && !f.includes('ctx'));
      assert.ok(!pwned(root) && !pwned(ctx) && !existsSync(join(process.cwd(), 'PWNED')), 'no command substitution ran');
    } finally {
      rmSync(root, { recursive: true, force: true });
      fake.cleanup();
    }
  });
});
