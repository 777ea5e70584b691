// Protected-tag patterns for retention, as people write them in `regx prune --protect` and in the
// `registryExplorer.retention.rules` setting: `semver` (semantic versions, semver.org §2 with an optional `v`),
// `/regex/`, a glob with `*` and `?` (`release-*`), or a literal tag (`latest`, `production`).
import { parseAttachmentTag } from '../registry/index';

/** A semantic version tag: 1.2.3, v1.2.3, 1.2.3-rc.1, 1.2.3+build (semver.org §2, §9, §10). */
export const SEMVER_TAG = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

export interface TagPattern { source: string; test(tag: string): boolean }

const escape = (s: string) => s.replace(/[.+^${}()|[\]\\]/g, '\\$&');

/** Parses one pattern; throws an Error naming the pattern when a `/regex/` does not compile. */
export function parseTagPattern(source: string): TagPattern {
  const s = source.trim();
  if (s === 'semver') return { source, test: (t) => SEMVER_TAG.test(t) };
  if (s.length >= 2 && s.startsWith('/') && s.endsWith('/')) {
    let re: RegExp;
    try { re = new RegExp(s.slice(1, -1)); } catch (e) { throw new Error(`protect pattern ${s} is not a valid regular expression: ${(e as Error).message}`); }
    return { source, test: (t) => re.test(t) };
  }
  const re = new RegExp(`^${escape(s).replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return { source, test: (t) => re.test(t) };
}

/** A RegExp as a pattern (what `regx prune --protect REGEX` gives). */
export const regexPattern = (re: RegExp): TagPattern => ({ source: `/${re.source}/`, test: (t) => re.test(t) });

/**
 * The subject digest a cosign attachment tag (`sha256-<hex>.sig`, `.att`, `.sbom`) belongs to, or undefined for an
 * ordinary tag. The tag schema has one home: src/registry/attachmentKind.ts.
 */
export function attachmentSubject(tag: string): string | undefined {
  const p = parseAttachmentTag(tag);
  return p?.suffix ? p.digest : undefined;
}
