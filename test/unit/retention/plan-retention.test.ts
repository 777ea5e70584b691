import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planRetention, reasonText, type RetentionImage } from '../../../src/retention/planRetention';
import { regexPattern } from '../../../src/retention/tagPatterns';

const DAY = 86_400_000;
const now = Date.parse('2025-01-31T00:00:00Z');
const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
const img = (digest: string, daysAgo: number | undefined, tags: string[], children?: string[]): RetentionImage =>
  ({ digest, tags, created: daysAgo === undefined ? undefined : at(daysAgo), children });

const kept = (plan: ReturnType<typeof planRetention>) => plan.filter((d) => d.keep).map((d) => d.digest).sort();

test('keep-last keeps the N newest images, not tags', () => {
  const plan = planRetention([img('a', 1, ['x', 'y', 'z']), img('b', 2, ['b']), img('c', 3, ['c']), img('d', 4, ['d'])], { keepLast: 2, now });
  assert.deepEqual(kept(plan), ['a', 'b']);
  assert.deepEqual(plan.map((d) => d.digest), ['a', 'b', 'c', 'd'], 'newest first');
  assert.deepEqual(plan[0]?.reasons.map(reasonText), ['newest 1']);
});

test('keep-days, keep-last and protect combine as "keep if any rule says so"', () => {
  const plan = planRetention([
    img('new', 2, ['n']), img('mid', 10, ['m']), img('old', 40, ['release-1']), img('older', 50, ['o']),
  ], { keepLast: 1, keepDays: 7, protect: [regexPattern(/^release-/)], now });
  assert.deepEqual(kept(plan), ['new', 'old']);
  assert.deepEqual(plan.find((d) => d.digest === 'new')?.reasons.map(reasonText), ['newest 1', 'newer than 7 days']);
  assert.deepEqual(plan.find((d) => d.digest === 'old')?.reasons.map(reasonText), ['protected tag release-1']);
});

test('a digest with one protected tag keeps all its tags (deleting it would take the protected one)', () => {
  const plan = planRetention([img('a', 100, ['tmp-1', 'v1.0'])], { keepLast: 0, protect: [regexPattern(/^v\d/)], now });
  assert.deepEqual(kept(plan), ['a']);
});

test('unknown creation time is kept; keep-last 0 with nothing protected deletes the rest', () => {
  const plan = planRetention([img('a', undefined, ['a']), img('b', 5, ['b'])], { keepLast: 0, now });
  assert.deepEqual(kept(plan), ['a']);
  assert.deepEqual(plan.map((d) => d.digest), ['b', 'a'], 'unknown ages last');
});

test('a tagged child of a kept index stays with it', () => {
  const plan = planRetention([img('idx', 1, ['multi'], ['c1', 'c2']), img('c1', 30, ['amd64-only']), img('x', 40, ['x'])], { keepLast: 1, now });
  assert.deepEqual(kept(plan), ['c1', 'idx']);
  assert.deepEqual(plan.find((d) => d.digest === 'c1')?.reasons.map(reasonText), ['part of idx']);
});

test('protect patterns: semver, literal, glob and /regex/', async () => {
  const { parseTagPattern } = await import('../../../src/retention/tagPatterns');
  const semver = parseTagPattern('semver');
  assert.ok(semver.test('1.2.3') && semver.test('v10.0.1-rc.1') && !semver.test('1.2') && !semver.test('build-1.2.3'));
  assert.ok(parseTagPattern('latest').test('latest') && !parseTagPattern('latest').test('latest-2'));
  assert.ok(parseTagPattern('release-*').test('release-2024') && !parseTagPattern('release-*').test('pre-release-1'));
  assert.ok(parseTagPattern('/^prod(uction)?$/').test('production'));
  assert.ok(parseTagPattern('a.b').test('a.b') && !parseTagPattern('a.b').test('axb'), 'dots are literal in globs');
  assert.throws(() => parseTagPattern('/(/'), /not a valid regular expression/);
});

test('an immutable tag keeps its digest (and every tag on it)', () => {
  const plan = planRetention([{ digest: 'a', tags: ['old', 'frozen'], created: at(300), immutableTags: ['frozen'] }, img('b', 1, ['b'])], { keepLast: 1, now });
  assert.deepEqual(kept(plan), ['a', 'b']);
  assert.deepEqual(plan.find((d) => d.digest === 'a')?.reasons, [{ rule: 'immutable', tag: 'frozen' }]);
});

test('cosign attachment tags follow their subject and do not count towards keep-last', () => {
  const hex = (c: string) => c.repeat(64);
  const sig = (subject: string, kind = 'sig') => `sha256-${hex(subject)}.${kind}`;
  const plan = planRetention([
    img(`sha256:${hex('a')}`, 1, ['new']), img(`sha256:${hex('b')}`, 50, ['old']),
    img('sigA', 0, [sig('a')]), img('sigB', 0, [sig('b')]), img('attB', 0, [sig('b', 'att')]),
    img('sigC', 0, [sig('c')]), // its subject is not in the repository: left alone
  ], { keepLast: 1, now });
  assert.deepEqual(kept(plan), ['sigA', 'sigC', `sha256:${hex('a')}`].sort());
  assert.deepEqual(plan.find((d) => d.digest === 'sigA')?.reasons, [{ rule: 'subjectKept', subject: `sha256:${hex('a')}` }]);
});

test('a signature of an index child stays while the index stays', () => {
  const child = `sha256:${'c'.repeat(64)}`;
  const plan = planRetention([img('idx', 1, ['multi'], [child]), img('s', 0, [`sha256-${'c'.repeat(64)}.sig`])], { keepLast: 1, now });
  assert.deepEqual(kept(plan), ['idx', 's']);
});

test('a child reached only through an untagged index stays with its kept grandparent', () => {
  const plan = planRetention([img('top', 1, ['top'], ['mid']), img('leaf', 90, ['leaf'])], { keepLast: 1, now }, new Map([['leaf', ['top']]]));
  assert.deepEqual(kept(plan), ['leaf', 'top']);
});

test('tagRows: one row per tag with the tags sharing its digest', async () => {
  const { tagRows } = await import('../../../src/retention/planRetention');
  const rows = tagRows(planRetention([img('a', 1, ['x', 'y']), img('b', 40, ['z'])], { keepLast: 1, now }));
  assert.deepEqual(rows.map((r) => [r.tag, r.keep, r.sharedWith]), [['x', true, ['y']], ['y', true, ['x']], ['z', false, []]]);
});
