// Harbor project administration (Harbor API v2.0 swagger, tags `project`, `member`, `quota`, `registry`, `user`):
// create / update / delete projects, their summary (quota, proxy-cache upstream), members, and the signed-in
// user's permissions in a project.
import type { HarborClient } from './harbor';
import { RegistryError } from './errors';
import type { CallOptions, Page } from './types';
import type {
  HarborMember, HarborMemberReq, HarborPermission, HarborProjectDeletable, HarborProjectReq, HarborProjectSummary, HarborQuota, HarborRegistry,
} from './harbor-admin-types';
import type { HarborListOptions } from './harbor';

/**
 * Harbor's project name rule. The swagger only says `maxLength: 255` (ProjectReq.project_name); the handler
 * (goharbor/harbor src/server/v2.0/handler/project.go, validateProjectReq) also requires lower case letters and
 * digits separated by single `.`, `_` or `-` — the same regexp as the portal's project form.
 */
export const HARBOR_PROJECT_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
export const HARBOR_PROJECT_NAME_MAX = 255;
export type ProjectNameProblem = 'empty' | 'tooLong' | 'invalid';
export function projectNameProblem(name: string): ProjectNameProblem | undefined {
  if (!name) return 'empty';
  if (name.length > HARBOR_PROJECT_NAME_MAX) return 'tooLong';
  return HARBOR_PROJECT_NAME.test(name) ? undefined : 'invalid';
}

const projectPath = (name: string): string => `/projects/${encodeURIComponent(name)}`;
/** X-Is-Resource-Name: a project named "123" is a name, not an id (swagger parameters.isResourceName). */
const BY_NAME = { 'x-is-resource-name': 'true' };

export class HarborProjects {
  constructor(readonly harbor: HarborClient) {}

  /** POST /projects: 201; 409 when the name exists. */
  async create(req: { name: string; public: boolean; storageLimit?: number }, opts: CallOptions = {}): Promise<void> {
    const problem = projectNameProblem(req.name);
    if (problem) throw new RegistryError(`invalid Harbor project name ${JSON.stringify(req.name)} (${problem})`, { code: 'NAME_INVALID' });
    const body: HarborProjectReq = { project_name: req.name, metadata: { public: String(req.public) } };
    if (req.storageLimit !== undefined) body.storage_limit = req.storageLimit;
    await this.harbor.call('POST', '/projects', `new project ${req.name}`, { body, signal: opts.signal, expect: [201] });
  }

  /** PUT /projects/{name} with only the metadata to change (Harbor merges metadata keys). */
  async setPublic(name: string, isPublic: boolean, opts: CallOptions = {}): Promise<void> {
    const body: HarborProjectReq = { metadata: { public: String(isPublic) } };
    await this.harbor.call('PUT', projectPath(name), `project ${name}`, { body, headers: BY_NAME, signal: opts.signal });
  }

  /** DELETE /projects/{name}: 412 while it holds repositories. */
  async delete(name: string, opts: CallOptions = {}): Promise<void> {
    await this.harbor.call('DELETE', projectPath(name), `project ${name}`, { headers: BY_NAME, signal: opts.signal });
  }

  async deletable(name: string, opts: CallOptions = {}): Promise<HarborProjectDeletable> {
    const what = `whether project ${name} can be deleted`;
    return this.harbor.call('GET', `${projectPath(name)}/_deletable`, what, { headers: BY_NAME, signal: opts.signal }).then((r) => this.harbor.json<HarborProjectDeletable>(r, what));
  }

  /** One request: repository and member counts, quota (hard/used), and the upstream registry of a proxy cache. */
  async summary(name: string, opts: CallOptions = {}): Promise<HarborProjectSummary> {
    const what = `summary of project ${name}`;
    return this.harbor.call('GET', `${projectPath(name)}/summary`, what, { headers: BY_NAME, signal: opts.signal }).then((r) => this.harbor.json<HarborProjectSummary>(r, what));
  }

  /** The project's quota record (GET /quotas?reference=project&reference_id=<id>). */
  async quota(projectId: number, opts: CallOptions = {}): Promise<HarborQuota | undefined> {
    const page = await this.harbor.list<HarborQuota>('/quotas', `quota of project ${projectId}`, { signal: opts.signal }, { reference: 'project', reference_id: String(projectId) });
    return page.items[0];
  }

  /** PUT /quotas/{id} {hard: {storage}}: bytes, -1 for unlimited. */
  async setStorageQuota(projectId: number, bytes: number, opts: CallOptions = {}): Promise<void> {
    if (!Number.isSafeInteger(bytes) || (bytes < 1 && bytes !== -1)) throw new RegistryError(`invalid storage quota ${bytes}`, { code: 'QUOTA_INVALID' });
    const q = await this.quota(projectId, opts);
    if (!q) throw new RegistryError(`Harbor has no quota for project ${projectId}`, { code: 'NOT_FOUND', status: 404 });
    await this.harbor.call('PUT', `/quotas/${q.id}`, `quota of project ${projectId}`, { body: { hard: { storage: bytes } }, signal: opts.signal });
  }

  /** GET /users/current/permissions?scope=/project/{id}&relative=true: what the signed-in user may do there. */
  async permissions(projectId: number, opts: CallOptions = {}): Promise<HarborPermission[]> {
    const what = `your permissions in project ${projectId}`;
    const res = await this.harbor.call('GET', '/users/current/permissions', what, { query: { scope: `/project/${projectId}`, relative: 'true' }, signal: opts.signal });
    const list = this.harbor.json<HarborPermission[] | null>(res, what) ?? [];
    if (!Array.isArray(list)) throw new RegistryError(`Harbor sent a malformed response for ${what} (expected a list)`, { code: 'MALFORMED_RESPONSE' });
    return list.filter((p) => p && typeof p.resource === 'string' && typeof p.action === 'string');
  }

  async registry(id: number, opts: CallOptions = {}): Promise<HarborRegistry> {
    const what = `registry endpoint ${id}`;
    return this.harbor.call('GET', `/registries/${id}`, what, opts).then((r) => this.harbor.json<HarborRegistry>(r, what));
  }

  async members(project: string, opts: HarborListOptions = {}): Promise<Page<HarborMember>> {
    return this.harbor.list<HarborMember>(`${projectPath(project)}/members`, `members of project ${project}`, opts, {}, BY_NAME);
  }

  async addMember(project: string, req: HarborMemberReq, opts: CallOptions = {}): Promise<void> {
    const who = req.member_user?.username ?? req.member_group?.group_name ?? '?';
    await this.harbor.call('POST', `${projectPath(project)}/members`, `member ${who} of project ${project}`, { body: req, headers: BY_NAME, signal: opts.signal, expect: [201] });
  }

  async setMemberRole(project: string, memberId: number, roleId: number, opts: CallOptions = {}): Promise<void> {
    await this.harbor.call('PUT', `${projectPath(project)}/members/${memberId}`, `member ${memberId} of project ${project}`, { body: { role_id: roleId }, headers: BY_NAME, signal: opts.signal });
  }

  async removeMember(project: string, memberId: number, opts: CallOptions = {}): Promise<void> {
    await this.harbor.call('DELETE', `${projectPath(project)}/members/${memberId}`, `member ${memberId} of project ${project}`, { headers: BY_NAME, signal: opts.signal });
  }
}
