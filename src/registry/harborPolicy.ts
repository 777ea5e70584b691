// Harbor project policy over the v2.0 API (swagger paths cited per call): vulnerability settings in the project's
// metadata and CVE allowlists, tag immutability rules, labels, and the artifact copy API used to promote.
import type { HarborClient, HarborListOptions } from './harbor';
import { RegistryError } from './errors';
import type { CallOptions, Page } from './types';
import type { HarborProject } from './harbor-types';
import type { HarborCveAllowlist, HarborImmutableRule, HarborLabelModel, HarborProjectMetadata } from './harborPolicyTypes';

/** Harbor project names are path segments; ids are never sent where a name is meant (X-Is-Resource-Name). */
const BY_NAME = { 'x-is-resource-name': 'true' };
const seg = (s: string): string => encodeURIComponent(s);

export class HarborPolicyApi {
  constructor(readonly harbor: HarborClient) {}

  /** GET /projects/{project_name_or_id}: metadata (auto_scan, prevent_vul, severity, …) and cve_allowlist. */
  project(name: string, opts: CallOptions = {}): Promise<HarborProject & { cve_allowlist?: HarborCveAllowlist }> {
    return this.harbor.project(name, opts);
  }

  /**
   * PUT /projects/{project_name_or_id} with a `ProjectReq`: Harbor merges the metadata keys sent into the
   * project's (src/controller/project/controller.go Update), so only the changed keys go.
   */
  async updateProject(name: string, req: { metadata?: HarborProjectMetadata; cve_allowlist?: HarborCveAllowlist }, opts: CallOptions = {}): Promise<void> {
    await this.harbor.call('PUT', `/projects/${seg(name)}`, `settings of project ${name}`, { body: req, headers: BY_NAME, signal: opts.signal });
  }

  /** GET /system/CVEAllowlist (any signed-in user). */
  async systemAllowlist(opts: CallOptions = {}): Promise<HarborCveAllowlist> {
    return this.harbor.systemCveAllowlist(opts);
  }

  /** PUT /system/CVEAllowlist (system admins only: 403 otherwise). */
  async setSystemAllowlist(list: HarborCveAllowlist, opts: CallOptions = {}): Promise<void> {
    await this.harbor.call('PUT', '/system/CVEAllowlist', 'the system CVE allowlist', { body: list, signal: opts.signal });
  }

  /** GET /projects/{project_name_or_id}/immutabletagrules */
  immutableRules(project: string, opts: HarborListOptions = {}): Promise<Page<HarborImmutableRule>> {
    return this.harbor.list<HarborImmutableRule>(`/projects/${seg(project)}/immutabletagrules`, `immutability rules of ${project}`, { pageSize: 100, ...opts }, {}, BY_NAME);
  }

  /** POST /projects/{project_name_or_id}/immutabletagrules (201). */
  async createImmutableRule(project: string, rule: HarborImmutableRule, opts: CallOptions = {}): Promise<void> {
    await this.harbor.call('POST', `/projects/${seg(project)}/immutabletagrules`, `a new immutability rule in ${project}`, { body: rule, headers: BY_NAME, signal: opts.signal, expect: [201] });
  }

  /** DELETE /projects/{project_name_or_id}/immutabletagrules/{immutable_rule_id} */
  async deleteImmutableRule(project: string, id: number, opts: CallOptions = {}): Promise<void> {
    if (!Number.isSafeInteger(id) || id < 0) throw new RegistryError(`invalid rule id ${JSON.stringify(id)}`, { code: 'NAME_INVALID' });
    await this.harbor.call('DELETE', `/projects/${seg(project)}/immutabletagrules/${id}`, `immutability rule ${id} of ${project}`, { headers: BY_NAME, signal: opts.signal });
  }

  /** GET /labels?scope=g (global) or scope=p&project_id= (one project's). */
  labels(scope: { global: true } | { projectId: number }, opts: HarborListOptions = {}): Promise<Page<HarborLabelModel>> {
    const extra = 'global' in scope ? { scope: 'g' } : { scope: 'p', project_id: scope.projectId };
    return this.harbor.list<HarborLabelModel>('/labels', 'labels', { pageSize: 100, ...opts }, extra);
  }

  /** POST /labels (201): a project label when project_id and scope "p" are set. */
  async createLabel(label: { name: string; description?: string; color?: string; scope: 'p' | 'g'; project_id?: number }, opts: CallOptions = {}): Promise<void> {
    await this.harbor.call('POST', '/labels', `label ${label.name}`, { body: label, signal: opts.signal, expect: [201] });
  }

  /** POST …/artifacts/{reference}/labels with `{id}` (only the id is read; swagger "addLabel"). */
  async addArtifactLabel(project: string, repository: string, reference: string, labelId: number, opts: CallOptions = {}): Promise<void> {
    await this.harbor.call('POST', `${this.harbor.artifactPath(project, repository, reference)}/labels`, `a label on ${project}/${repository}@${reference}`, {
      body: { id: labelId }, signal: opts.signal,
    });
  }

  /** DELETE …/artifacts/{reference}/labels/{label_id} */
  async removeArtifactLabel(project: string, repository: string, reference: string, labelId: number, opts: CallOptions = {}): Promise<void> {
    await this.harbor.call('DELETE', `${this.harbor.artifactPath(project, repository, reference)}/labels/${labelId}`, `a label on ${project}/${repository}@${reference}`, opts);
  }

  /**
   * POST /projects/{project_name}/repositories/{repository_name}/artifacts?from=project/repository@digest (201):
   * Harbor copies the artifact (and the tags it carries) inside its own storage; no blob crosses the client.
   */
  async copyArtifact(to: { project: string; repository: string }, from: { project: string; repository: string; digest: string }, opts: CallOptions = {}): Promise<void> {
    await this.harbor.call('POST', `${this.harbor.repoPath(to.project, to.repository)}/artifacts`, `a copy into ${to.project}/${to.repository}`, {
      query: { from: `${from.project}/${from.repository}@${from.digest}` }, signal: opts.signal, expect: [201],
    });
  }
}
