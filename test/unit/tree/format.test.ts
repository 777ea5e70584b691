import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { compareSemver, exactTime, formatSize, Limiter, matchesFilter, platformLabel, relativeTime, shortDigest, sortByDate, sortTagsSemver } from '../../../src/tree/format';

describe('tree format helpers', () => {
  test('shortDigest keeps 12 hex chars after the algorithm', () => {
    assert.equal(shortDigest('sha256:0123456789abcdef0123'), '0123456789ab');
    assert.equal(shortDigest(undefined), '');
  });

  test('formatSize uses binary units', () => {
    assert.equal(formatSize(0), '0 B');
    assert.equal(formatSize(1023), '1023 B');
    assert.equal(formatSize(1536), '1.5 KiB');
    assert.equal(formatSize(5 * 1024 * 1024), '5.0 MiB');
    assert.equal(formatSize(undefined), '');
    assert.equal(formatSize(-1), '');
  });

  test('relativeTime buckets and handles bad input', () => {
    const now = Date.parse('2026-11-27T12:00:00Z');
    assert.equal(relativeTime('2026-11-27T11:59:30Z', now), 'just now');
    assert.equal(relativeTime('2026-11-27T11:58:00Z', now), '2 minutes ago');
    assert.equal(relativeTime('2026-11-27T11:00:00Z', now), '1 hour ago');
    assert.equal(relativeTime('2026-11-24T12:00:00Z', now), '3 days ago');
    assert.equal(relativeTime('2026-08-27T12:00:00Z', now), '3 months ago');
    assert.equal(relativeTime('2024-11-27T12:00:00Z', now), '2 years ago');
    assert.equal(relativeTime('2026-11-28T12:00:00Z', now), 'just now'); // clock skew
    assert.equal(relativeTime('not a date', now), undefined);
    assert.equal(relativeTime(undefined, now), undefined);
  });

  test('exactTime is UTC ISO without milliseconds', () => {
    assert.equal(exactTime('2026-01-02T03:04:05.678+01:00'), '2026-01-02T02:04:05Z');
    assert.equal(exactTime('x'), undefined);
  });

  test('compareSemver follows semver precedence, loosely', () => {
    assert.ok(compareSemver('1.10.0', '1.9.0') > 0);
    assert.ok(compareSemver('v2', '1.99') > 0);
    assert.ok(compareSemver('1.0.0-rc.1', '1.0.0') < 0);   // prerelease below release
    assert.ok(compareSemver('1.0.0-alpha', '1.0.0-alpha.1') < 0);
    assert.ok(compareSemver('1.0.0-alpha.2', '1.0.0-alpha.10') < 0); // numeric identifiers compare numerically
    assert.equal(compareSemver('1.0.0+build1', '1.0.0+build1'), 0);
    assert.ok(compareSemver('edge', '1.0') > 0);           // non-versions after versions
  });

  test('sortTagsSemver: latest, newest versions, then other names', () => {
    assert.deepEqual(sortTagsSemver(['1.9', 'edge', '1.10', 'latest', '1.10-rc1', '2.0.0', 'alpine']),
      ['latest', '2.0.0', '1.10', '1.10-rc1', '1.9', 'alpine', 'edge']);
  });

  test('sortByDate: newest first, undated last by name', () => {
    const items = [{ n: 'a' }, { n: 'b', d: '2026-01-01T00:00:00Z' }, { n: 'c', d: '2026-06-01T00:00:00Z' }, { n: '0' }];
    assert.deepEqual(sortByDate(items, (i) => i.d, (i) => i.n).map((i) => i.n), ['c', 'b', '0', 'a']);
  });

  test('matchesFilter is a case-insensitive substring match', () => {
    assert.ok(matchesFilter('Team/App', 'app'));
    assert.ok(matchesFilter('x', undefined));
    assert.ok(!matchesFilter('x', 'y'));
  });

  test('platformLabel joins os/arch/variant', () => {
    assert.equal(platformLabel({ os: 'linux', architecture: 'arm', variant: 'v7' }), 'linux/arm/v7');
    assert.equal(platformLabel({ os: 'linux', architecture: 'amd64' }), 'linux/amd64');
  });

  test('Limiter never exceeds its limit and runs everything', async () => {
    const lim = new Limiter(3);
    let active = 0;
    let peak = 0;
    const jobs = Array.from({ length: 20 }, (_, i) => lim.run(async () => {
      active++; peak = Math.max(peak, active);
      await new Promise((r) => setImmediate(r));
      active--;
      return i;
    }));
    assert.deepEqual(await Promise.all(jobs), Array.from({ length: 20 }, (_, i) => i));
    assert.equal(peak, 3);
    assert.equal(lim.inFlight + lim.pending, 0);
  });
});
