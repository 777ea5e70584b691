// Which of a project's immutability rules protects a tag, as Harbor decides it (src/pkg/immutable/match/rule/match.go):
// an enabled rule whose repository selectors match the repository name WITHOUT its project (Harbor's artifact
// controller splits it with utils.ParseRepository) and whose tag selectors match the tag. Patterns are
// doublestar globs (github.com/bmatcuk/doublestar): `*` stays inside a path segment, `**` crosses `/`, `?` is
// one character, `{a,b}` alternatives, `[…]` a character class. Decorations: repoMatches / repoExcludes,
// matches / excludes.
import type { HarborImmutableRule, HarborImmutableSelector } from './harborPolicyTypes';

const cache = new Map<string, RegExp>();

function globToRegExp(pattern: string): RegExp {
  let hit = cache.get(pattern);
  if (hit) return hit;
  let out = '';
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') { out += '.*'; i++; } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') { out += '(?:'; depth++; }
    else if (c === '}' && depth > 0) { out += ')'; depth--; }
    else if (c === ',' && depth > 0) out += '|';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) { out += '\\['; continue; }
      const body = pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
      out += `[${body}]`;
      i = end;
    } else out += c.replace(/[.+^$()|\\/]/g, '\\$&');
  }
  if (depth > 0) out = out.replace(/\(\?:/g, '\\{'); // an unclosed brace is literal text
  try { hit = new RegExp(`^${out}$`); } catch { hit = /^(?!)$/; }
  cache.set(pattern, hit);
  return hit;
}

export function doublestarMatch(pattern: string, name: string): boolean {
  return globToRegExp(pattern).test(name);
}

function selected(selectors: HarborImmutableSelector[] | null | undefined, name: string, match: string, exclude: string): boolean {
  const list = (selectors ?? []).filter((s) => s && (s.kind ?? 'doublestar') === 'doublestar');
  if (!list.length) return false;
  return list.every((s) => {
    const hit = doublestarMatch(s.pattern ?? '', name);
    return s.decoration === exclude ? !hit : s.decoration === match || s.decoration === undefined ? hit : false;
  });
}

/** The first enabled rule (by priority, then id) protecting `tag` in `repository` ("app", no project), or undefined. */
export function immutableRuleFor(rules: readonly HarborImmutableRule[], repository: string, tag: string): HarborImmutableRule | undefined {
  const ordered = rules.filter((r) => r && !r.disabled).slice().sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0) || (a.id ?? 0) - (b.id ?? 0));
  return ordered.find((r) => selected(r.scope_selectors?.repository, repository, 'repoMatches', 'repoExcludes')
    && selected(r.tag_selectors, tag, 'matches', 'excludes'));
}

/** "repositories matching **, tags matching v*" — how a rule is named in messages (not localized: Harbor's own words). */
export function describeImmutableRule(r: HarborImmutableRule): string {
  const part = (sel: HarborImmutableSelector[] | null | undefined, what: string): string =>
    (sel ?? []).map((s) => `${what} ${/xclude/i.test(s.decoration ?? '') ? 'excluding' : 'matching'} ${s.pattern ?? ''}`).join(', ');
  const text = [part(r.scope_selectors?.repository, 'repositories'), part(r.tag_selectors, 'tags')].filter(Boolean).join(', ');
  return `#${r.id ?? '?'} (${text || 'no selectors'})`;
}
