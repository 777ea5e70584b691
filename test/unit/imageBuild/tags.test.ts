import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dateTag, gitShortSha, highestRelease, parseSemver, suggestTags } from '../../../src/imageBuild/tags';

describe('tag suggestions', () => {
  test('next patch and minor after the highest release, keeping the v prefix', () => {
    const s = suggestTags({ existingTags: ['1.2.3', 'v1.10.0', 'v1.9.9', '2.0.0-rc.1', 'latest', 'v1.10.0-beta'], now: new Date(2026, 10, 27, 12), gitSha: 'abc1234', envTags: ['dev', 'staging', 'prod'] });
    assert.deepEqual(s.map((x) => x.tag), ['v1.10.1', 'v1.11.0', 'git-abc1234', '2026.11.27', 'dev', 'staging', 'prod']);
    assert.equal(s[0]?.detail, 'next patch after v1.10.0');
    assert.deepEqual(s.map((x) => x.kind), ['semver-patch', 'semver-minor', 'git', 'date', 'env', 'env', 'env']);
  });
  test('no semver tags: an initial version; the last choice comes first and is not repeated', () => {
    const s = suggestTags({ existingTags: ['latest', 'main'], now: new Date(2026, 0, 5), last: 'dev' });
    assert.deepEqual(s.map((x) => x.tag), ['dev', '0.1.0', '2026.01.05', 'staging', 'prod']);
  });
  test('a bad git sha is not offered', () => {
    assert.ok(!suggestTags({ gitSha: '$(id)' }).some((x) => x.kind === 'git'));
  });
  test('semver parsing', () => {
    assert.deepEqual(parseSemver('v0.1.2'), { prefix: 'v', major: 0, minor: 1, patch: 2, pre: undefined });
    assert.equal(parseSemver('01.2.3'), undefined);
    assert.equal(parseSemver('1.2'), undefined);
    assert.equal(parseSemver('1.2.3-rc.1')?.pre, 'rc.1');
    assert.equal(highestRelease(['1.2.3-rc.1']), undefined);
    assert.equal(highestRelease(['1.9.0', '1.10.0', '1.2.30'])?.tag, '1.10.0');
  });
  test('date tag pads month and day', () => {
    assert.equal(dateTag(new Date(2026, 10, 27, 23, 59)), '2026.11.27');
    assert.equal(dateTag(new Date(2027, 1, 3)), '2027.02.03');
  });
});

describe('git short sha', () => {
  test('HEAD of a real repository, undefined outside one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regx-git-'));
    try {
      const git = (...a: string[]) => execFileSync('git', ['-c', 'user.email=t@e', '-c', 'user.name=t', ...a], { cwd: dir, stdio: 'pipe' }).toString().trim();
      assert.equal(await gitShortSha(dir), undefined);
      git('init', '-q');
      writeFileSync(join(dir, 'f'), 'x');
      git('add', 'f');
      git('commit', '-q', '-m', 'x');
      const expected = git('rev-parse', '--short', 'HEAD');
      assert.match(expected, /^[0-9a-f]{7,}$/);
      assert.equal(await gitShortSha(dir), expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
