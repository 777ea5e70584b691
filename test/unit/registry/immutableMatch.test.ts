// Harbor's immutability match (src/registry/immutableMatch.ts): doublestar globs, include/exclude decorations, disabled rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeImmutableRule, doublestarMatch, immutableRuleFor } from '../../../src/registry/immutableMatch';
import type { HarborImmutableRule } from '../../../src/registry/harborPolicyTypes';

const rule = (id: number, repo: string, tag: string, extra: Partial<HarborImmutableRule> = {}, deco = { repo: 'repoMatches', tag: 'matches' }): HarborImmutableRule => ({
  id, tag_selectors: [{ kind: 'doublestar', decoration: deco.tag, pattern: tag }],
  scope_selectors: { repository: [{ kind: 'doublestar', decoration: deco.repo, pattern: repo }] }, ...extra,
});

test('doublestar: * stays in a segment, ** crosses, ?, {a,b}, [..], literal dots', () => {
  assert.equal(doublestarMatch('v*', 'v1.2'), true);
  assert.equal(doublestarMatch('*', 'team/app'), false);
  assert.equal(doublestarMatch('**', 'team/app'), true);
  assert.equal(doublestarMatch('team/**', 'team/a/b'), true);
  assert.equal(doublestarMatch('v?', 'v1'), true);
  assert.equal(doublestarMatch('{1.0,2.0}', '2.0'), true);
  assert.equal(doublestarMatch('{1.0,2.0}', '3.0'), false);
  assert.equal(doublestarMatch('1.0', '1x0'), false, 'a dot is a dot');
  assert.equal(doublestarMatch('v[0-9]', 'v7'), true);
  assert.equal(doublestarMatch('(a|b', '(a|b'), true, 'regex characters are literal');
  assert.equal(doublestarMatch('{unclosed', '{unclosed'), true);
});

test('first enabled rule by priority; excludes; the repository without its project', () => {
  const rules = [rule(2, '**', 'latest', { disabled: true }), rule(3, 'app', 'v*', { priority: 1 }), rule(4, '**', 'rc-*', {}, { repo: 'repoExcludes', tag: 'matches' })];
  assert.equal(immutableRuleFor(rules, 'app', 'latest'), undefined, 'disabled');
  assert.equal(immutableRuleFor(rules, 'app', 'v1')?.id, 3);
  assert.equal(immutableRuleFor(rules, 'web', 'v1'), undefined);
  assert.equal(immutableRuleFor([rule(5, 'web', 'rc-*', {}, { repo: 'repoExcludes', tag: 'matches' })], 'app', 'rc-1')?.id, 5);
  assert.equal(immutableRuleFor([rule(6, '**', 'dev-*', {}, { repo: 'repoMatches', tag: 'excludes' })], 'app', 'v1')?.id, 6, 'tags excluding dev-*');
  assert.equal(immutableRuleFor([rule(6, '**', 'dev-*', {}, { repo: 'repoMatches', tag: 'excludes' })], 'app', 'dev-1'), undefined);
  assert.equal(immutableRuleFor([{ id: 7 }], 'app', 'v1'), undefined, 'a rule without selectors protects nothing');
  assert.equal(describeImmutableRule(rules[1]), '#3 (repositories matching app, tags matching v*)');
});
