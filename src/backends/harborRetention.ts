// Harbor's tag retention as a ServerRetention facet: the project metadata's `retention_id` names the policy
// (GET /projects/{name}), then GET /retentions/{id}, POST …/executions {dry_run}, GET …/executions and
// …/executions/{eid}/tasks (Harbor API v2.0 swagger, "Retention").
import { RegistryError, type CallOptions, type HarborClient, type HarborRetentionSelector } from '../registry/index';
import type { ServerRetention, ServerRetentionPolicy, ServerRetentionRun, ServerRetentionTask } from './serverRetention';

const selector = (s: HarborRetentionSelector): string => `${s.decoration ?? ''} ${s.pattern ?? ''}`.trim();
const numbers = (p: Record<string, unknown> | undefined): Record<string, number> =>
  Object.fromEntries(Object.entries(p ?? {}).filter(([, v]) => typeof v === 'number' && Number.isFinite(v)) as Array<[string, number]>);

export function harborRetention(harbor: HarborClient): ServerRetention {
  const policyId = async (project: string, opts: CallOptions = {}): Promise<number | undefined> => {
    const id = Number((await harbor.project(project, opts)).metadata?.retention_id ?? NaN);
    return Number.isSafeInteger(id) && id > 0 ? id : undefined;
  };
  const requireId = async (project: string, opts: CallOptions = {}): Promise<number> => {
    const id = await policyId(project, opts);
    if (id === undefined) throw new RegistryError(`project ${project} has no tag retention policy; add one in Harbor (Project → Policy → Tag Retention)`, { code: 'NO_RETENTION_POLICY' });
    return id;
  };
  return {
    async policy(project, opts = {}): Promise<ServerRetentionPolicy | undefined> {
      const id = await policyId(project, opts);
      if (id === undefined) return undefined;
      const p = await harbor.retentionPolicy(id, opts);
      const cron = p.trigger?.settings?.cron;
      return {
        id,
        schedule: typeof cron === 'string' && cron ? cron : undefined,
        rules: (p.rules ?? []).map((r) => ({
          template: r.template ?? '', params: numbers(r.params), disabled: r.disabled === true,
          tags: (r.tag_selectors ?? []).map(selector), repositories: Object.values(r.scope_selectors ?? {}).flat().map(selector),
        })),
      };
    },
    async run(project, dryRun, opts = {}) {
      return harbor.triggerRetention(await requireId(project, opts), dryRun, opts);
    },
    async runs(project, opts = {}): Promise<ServerRetentionRun[]> {
      const page = await harbor.retentionExecutions(await requireId(project, opts), { pageSize: opts.count ?? 10, signal: opts.signal });
      return page.items.map((e) => ({ id: e.id ?? 0, dryRun: e.dry_run === true, status: e.status ?? '', trigger: e.trigger, start: e.start_time, end: e.end_time }));
    },
    async results(project, runId, opts = {}): Promise<ServerRetentionTask[]> {
      const page = await harbor.retentionTasks(await requireId(project, opts), runId, { pageSize: 100, signal: opts.signal });
      return page.items.map((t) => ({ repository: t.repository ?? '', total: t.total ?? 0, retained: t.retained ?? 0, status: t.status ?? '' }));
    },
  };
}
