/**
 * Tag immutability on Harbor: the project's rules (GET/POST/DELETE /projects/{p}/immutabletagrules) and which rule
 * protects a tag (matched here as Harbor matches, src/registry/immutableMatch.ts), so that a delete or an
 * overwrite is explained before it is sent.
 */
import {
  describeImmutableRule, immutableRuleFor, splitHarborRepository, type CallOptions, type HarborImmutableRule, type HarborImmutableSelector,
  type HarborPolicyApi, type Reference,
} from '../registry/index';
import type { ImmutabilityFacet, ImmutabilityRule } from './policyFacets';
import { ImmutableTagError } from './immutableTagError';

const selectors = (s: HarborImmutableSelector[] | null | undefined): ImmutabilityRule['tags'] =>
  (s ?? []).map((x) => ({ pattern: x.pattern ?? '', exclude: /xclude/i.test(x.decoration ?? '') }));

export function toImmutabilityRule(r: HarborImmutableRule): ImmutabilityRule {
  return {
    id: r.id ?? 0, disabled: !!r.disabled, repositories: selectors(r.scope_selectors?.repository), tags: selectors(r.tag_selectors),
    description: describeImmutableRule(r),
  };
}

export class HarborImmutability implements ImmutabilityFacet {
  constructor(private readonly api: HarborPolicyApi) {}

  private async raw(project: string, opts: CallOptions): Promise<HarborImmutableRule[]> {
    return (await this.api.immutableRules(project, { signal: opts.signal })).items;
  }

  async rules(project: string, opts: CallOptions = {}): Promise<ImmutabilityRule[]> {
    return (await this.raw(project, opts)).map(toImmutabilityRule);
  }

  /** The rule Harbor's UI writes for "For the repositories matching X, tag matching Y" (template immutable_template). */
  async addRule(project: string, rule: { repositories: string; tags: string }, opts: CallOptions = {}): Promise<void> {
    await this.api.createImmutableRule(project, {
      disabled: false, action: 'immutable', template: 'immutable_template', priority: 0,
      tag_selectors: [{ kind: 'doublestar', decoration: 'matches', pattern: rule.tags }],
      scope_selectors: { repository: [{ kind: 'doublestar', decoration: 'repoMatches', pattern: rule.repositories }] },
    }, opts);
  }

  removeRule(project: string, id: number, opts: CallOptions = {}): Promise<void> {
    return this.api.deleteImmutableRule(project, id, opts);
  }

  async ruleFor(ref: Reference, opts: CallOptions = {}): Promise<ImmutabilityRule | undefined> {
    if (ref.tag === undefined) return undefined;
    const h = splitHarborRepository(ref.repository);
    const hit = immutableRuleFor(await this.raw(h.project, opts), h.repository, ref.tag);
    return hit && toImmutabilityRule(hit);
  }

  /** Which of `tags` of `repository` ("proj/app") a rule protects: tag → how the rule is named. One request. */
  async protectedAmong(repository: string, tags: readonly string[], opts: CallOptions = {}): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!tags.length) return out;
    const h = splitHarborRepository(repository);
    const rules = await this.raw(h.project, opts);
    for (const tag of tags) {
      const rule = immutableRuleFor(rules, h.repository, tag);
      if (rule) out.set(tag, describeImmutableRule(rule));
    }
    return out;
  }

  /** Throws ImmutableTagError when a rule protects one of `tags` of `repository`; one request. */
  async assertChangeable(repository: string, tags: readonly string[], action: 'delete' | 'overwrite', opts: CallOptions = {}): Promise<void> {
    const [hit] = await this.protectedAmong(repository, tags, opts);
    if (hit) throw new ImmutableTagError(repository, hit[0], hit[1], action);
  }

  /** Harbor's 412 for a tag change: the same clear error, naming the rule when it can be found. */
  async explain412(err: unknown, repository: string, tags: readonly string[], action: 'delete' | 'overwrite'): Promise<ImmutableTagError> {
    const h = splitHarborRepository(repository);
    const rules = await this.raw(h.project, {}).catch(() => [] as HarborImmutableRule[]);
    for (const tag of tags) {
      const rule = immutableRuleFor(rules, h.repository, tag);
      if (rule) return new ImmutableTagError(repository, tag, describeImmutableRule(rule), action, err);
    }
    return new ImmutableTagError(repository, tags[0], undefined, action, err);
  }
}
