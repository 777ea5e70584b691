/**
 * Tag suggestions following the usual conventions: the next semantic version after the repository's
 * highest release tag (patch and minor; semver.org §2, pre-releases ignored), `git-<short sha>` of the
 * workspace HEAD, a date tag (`2026.11.27`), and environment tags. Every suggestion is a valid tag
 * (distribution grammar `[\w][\w.-]{0,127}`); callers still validate the final reference.
 */
import { execFile } from 'node:child_process';

export type TagKind = 'semver-patch' | 'semver-minor' | 'semver-initial' | 'git' | 'date' | 'env' | 'last';

export interface TagSuggestion {
  tag: string;
  kind: TagKind;
  /** Why this is suggested ("after v1.2.3", "HEAD of the workspace"). */
  detail: string;
}

export interface Semver { prefix: '' | 'v'; major: number; minor: number; patch: number; pre?: string }

const SEMVER = /^(v?)(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?$/;

export function parseSemver(tag: string): Semver | undefined {
  const m = SEMVER.exec(tag);
  if (!m) return undefined;
  return { prefix: m[1] as '' | 'v', major: Number(m[2]), minor: Number(m[3]), patch: Number(m[4]), pre: m[5] };
}

function cmp(a: Semver, b: Semver): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** The highest release (no pre-release) among the tags, or undefined. */
export function highestRelease(tags: readonly string[]): { tag: string; v: Semver } | undefined {
  let best: { tag: string; v: Semver } | undefined;
  for (const tag of tags) {
    const v = parseSemver(tag);
    if (!v || v.pre !== undefined) continue;
    if (!best || cmp(v, best.v) > 0) best = { tag, v };
  }
  return best;
}

/** `YYYY.MM.DD` of the given date in local time (what the user sees on their calendar). */
export function dateTag(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}.${p(d.getMonth() + 1)}.${p(d.getDate())}`;
}

export const DEFAULT_ENV_TAGS: readonly string[] = ['dev', 'staging', 'prod'];

export interface SuggestInput {
  existingTags?: readonly string[];
  now?: Date;
  gitSha?: string;
  envTags?: readonly string[];
  /** The tag chosen last time for this Dockerfile, offered first. */
  last?: string;
}

export function suggestTags(input: SuggestInput): TagSuggestion[] {
  const out: TagSuggestion[] = [];
  const add = (s: TagSuggestion) => { if (!out.some((o) => o.tag === s.tag)) out.push(s); };
  if (input.last) add({ tag: input.last, kind: 'last', detail: 'used last time for this Dockerfile' });
  const hi = highestRelease(input.existingTags ?? []);
  if (hi) {
    const { prefix, major, minor, patch } = hi.v;
    add({ tag: `${prefix}${major}.${minor}.${patch + 1}`, kind: 'semver-patch', detail: `next patch after ${hi.tag}` });
    add({ tag: `${prefix}${major}.${minor + 1}.0`, kind: 'semver-minor', detail: `next minor after ${hi.tag}` });
  } else {
    add({ tag: '0.1.0', kind: 'semver-initial', detail: 'first version (no semantic version tag yet)' });
  }
  if (input.gitSha && /^[0-9a-f]{4,40}$/.test(input.gitSha)) {
    add({ tag: `git-${input.gitSha}`, kind: 'git', detail: 'HEAD of the workspace' });
  }
  add({ tag: dateTag(input.now ?? new Date()), kind: 'date', detail: 'today' });
  for (const e of input.envTags ?? DEFAULT_ENV_TAGS) add({ tag: e, kind: 'env', detail: 'environment' });
  return out;
}

/** `git rev-parse --short HEAD` in `cwd` (argument array, no shell); undefined outside a repository. */
export function gitShortSha(cwd: string, opts: { signal?: AbortSignal; git?: string } = {}): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(opts.git ?? 'git', ['rev-parse', '--short', 'HEAD'], { cwd, signal: opts.signal, timeout: 5000, windowsHide: true },
      (err, stdout) => {
        const sha = String(stdout ?? '').trim();
        resolve(!err && /^[0-9a-f]{4,40}$/.test(sha) ? sha : undefined);
      });
  });
}
