import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planPrune, type PruneImage } from '../../../src/cli/prunePlan';

const DAY = 86_400_000;
const now = Date.parse('2025-01-31T00:00:00Z');
const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
const img = (digest: string, daysAgo: number | undefined, tags: string[], children?: string[]): PruneImage =>
  ({ digest, tags, created: daysAgo === undefined ? undefined : at(daysAgo), children });

const kept = (plan: ReturnType<typeof planPrune>) => plan.filter((d) => d.keep).map((d) => d.digest).sort();

test('keep-last keeps the N newest images, not tags', () => {
  const plan = planPrune([img('a', 1, ['x', 'y', 'z']), img('b', 2, ['b']), img('c', 3, ['c']), img('d', 4, ['d'])], { keepLast: 2, now });
  assert.deepEqual(kept(plan), ['a', 'b']);
  assert.deepEqual(plan.map((d) => d.digest), ['a', 'b', 'c', 'd'], 'newest first');
  assert.deepEqual(plan[0]?.reasons, ['newest 1']);
});

test('keep-days, keep-last and protect combine as "keep if any rule says so"', () => {
  const plan = planPrune([
    img('new', 2, ['n']), img('mid', 10, ['m']), img('old', 40, ['release-1']), img('older', 50, ['o']),
  ], { keepLast: 1, keepDays: 7, protect: /^release-/, now });
  assert.deepEqual(kept(plan), ['new', 'old']);
  assert.deepEqual(plan.find((d) => d.digest === 'new')?.reasons, ['newest 1', 'newer than 7 days']);
  assert.deepEqual(plan.find((d) => d.digest === 'old')?.reasons, ['protected tag release-1']);
});

test('a digest with one protected tag keeps all its tags (deleting it would take the protected one)', () => {
  const plan = planPrune([img('a', 100, ['tmp-1', 'v1.0'])], { keepLast: 0, protect: /^v\d/, now });
  assert.deepEqual(kept(plan), ['a']);
});

test('unknown creation time is kept; keep-last 0 with nothing protected deletes the rest', () => {
  const plan = planPrune([img('a', undefined, ['a']), img('b', 5, ['b'])], { keepLast: 0, now });
  assert.deepEqual(kept(plan), ['a']);
  assert.deepEqual(plan.map((d) => d.digest), ['b', 'a'], 'unknown ages last');
});

test('a tagged child of a kept index stays with it', () => {
  const plan = planPrune([img('idx', 1, ['multi'], ['c1', 'c2']), img('c1', 30, ['amd64-only']), img('x', 40, ['x'])], { keepLast: 1, now });
  assert.deepEqual(kept(plan), ['c1', 'idx']);
  assert.deepEqual(plan.find((d) => d.digest === 'c1')?.reasons, ['part of idx']);
});
