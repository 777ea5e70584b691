/**
 * Harbor's project administration (the `projects` facet of HarborBackend) over the Harbor API v2.0 clients in
 * src/registry (harborProjects.ts, harborRobots.ts), and the facts the tree shows per project.
 */
import {
  HARBOR_ROLES, HarborProjects, HarborRobots, harborRoleName, mapLimit, projectNameProblem,
  type CallOptions, type HarborClient, type HarborPermission, type HarborProject, type HarborRobot, type Page,
} from '../registry/index';
import type { Capabilities } from './registryBackend';
import { ProjectNotEmptyError, type NewRobot, type ProjectAdmin, type ProjectFacts, type ProjectMember, type ProjectRole, type RobotAccount } from './projectAdmin';

/** Per-project requests (summary + permissions) run at most this many at once. */
const FACT_CONCURRENCY = 4;

/** Which permission (relative `resource-action`) each capability needs in a project (Harbor RBAC, src/common/rbac/const.go). */
const CAP_PERMISSION: Partial<Record<keyof Capabilities, string>> = {
  canDelete: 'artifact-delete',
  canDeleteRepository: 'repository-delete',
  canRetag: 'tag-create',
  canPush: 'repository-push',
  canScanServerSide: 'scan-create',
};

/** Relative permissions → `resource-action` words. The project itself has the empty resource (rbac.ResourceSelf): "project". */
export function permissionWords(perms: readonly HarborPermission[]): string[] {
  const words = new Set<string>();
  for (const p of perms) {
    const resource = p.resource.replace(/^\/+/, '') || 'project';
    // Words go into contextValue: keep them to what a `when` regexp can match safely.
    if (/^[a-z][a-z0-9-]*$/.test(resource) && /^[a-z*][a-z0-9-]*$/.test(p.action)) words.add(`${resource}-${p.action}`);
  }
  return [...words].sort();
}

/** The backend's capabilities narrowed to what the permissions allow (undefined permissions: unchanged). */
export function effectiveCaps(caps: Capabilities, words: readonly string[] | undefined): Capabilities {
  if (!words) return caps;
  const out: Record<string, unknown> = { ...caps };
  for (const [cap, perm] of Object.entries(CAP_PERMISSION)) if (out[cap] === true && !words.includes(perm!)) out[cap] = false;
  return out as unknown as Capabilities;
}

const ROLE_RANK: readonly ProjectRole[] = ['projectAdmin', 'maintainer', 'developer', 'guest', 'limitedGuest'];
export function highestRole(p: Pick<HarborProject, 'current_user_role_ids' | 'current_user_role_id'>): ProjectRole | undefined {
  const roles = [...(p.current_user_role_ids ?? []), ...(p.current_user_role_id ? [p.current_user_role_id] : [])].map(harborRoleName).filter((r): r is ProjectRole => !!r);
  return ROLE_RANK.find((r) => roles.includes(r));
}

function toRobot(r: HarborRobot): RobotAccount {
  return {
    id: r.id, name: r.name, level: r.level === 'system' ? 'system' : 'project', description: r.description || undefined, disabled: !!r.disable,
    expiresAt: r.expires_at !== undefined && r.expires_at > 0 ? r.expires_at : undefined,
    permissions: (r.permissions ?? []).map((p) => ({ namespace: p.namespace, access: (p.access ?? []).map((a) => ({ resource: a.resource, action: a.action })) })),
  };
}

export class HarborProjectAdmin implements ProjectAdmin {
  private readonly api: HarborProjects;
  private readonly robotApi: HarborRobots;
  /** Project name → id, learned from listings (the robot and quota APIs take ids). */
  private readonly ids = new Map<string, number>();
  private sysadmin: Promise<boolean> | undefined;

  constructor(readonly harbor: HarborClient, private readonly caps: Capabilities) {
    this.api = new HarborProjects(harbor);
    this.robotApi = new HarborRobots(harbor);
  }

  nameProblem(name: string) { return projectNameProblem(name); }

  isSystemAdmin(opts: CallOptions = {}): Promise<boolean> {
    this.sysadmin ??= this.harbor.currentUser(opts).then((u) => !!u.sysadmin_flag, () => { this.sysadmin = undefined; return false; });
    return this.sysadmin;
  }

  /**
   * Facts for a page of listed projects: one summary and one permissions request per project (bounded), done
   * again on every listing (a refresh), so a changed role or quota shows after a refresh.
   */
  async facts(projects: readonly HarborProject[], opts: CallOptions = {}): Promise<Array<ProjectFacts>> {
    const out: ProjectFacts[] = [];
    await mapLimit(projects.map((p, i) => ({ p, i })), FACT_CONCURRENCY, async ({ p, i }) => {
      this.ids.set(p.name, p.project_id);
      const [summary, perms] = await Promise.all([
        this.api.summary(p.name, opts).catch(() => undefined),
        this.api.permissions(p.project_id, opts).catch(() => undefined),
      ]);
      const permissions = perms ? permissionWords(perms) : undefined;
      let proxyOf: ProjectFacts['proxyOf'];
      if (p.registry_id) {
        const reg = summary?.registry ?? await this.api.registry(p.registry_id, opts).catch(() => undefined);
        proxyOf = { name: reg?.name, url: reg?.url };
      }
      const storage = summary?.quota;
      const quota = storage?.hard?.storage !== undefined ? { used: storage.used?.storage ?? 0, limit: storage.hard.storage } : undefined;
      out[i] = { id: p.project_id, role: highestRole(p), quota, proxyOf, permissions, caps: effectiveCaps(this.caps, permissions) };
    }, opts.signal);
    return out;
  }

  create(req: { name: string; public: boolean; storageLimit?: number }, opts: CallOptions = {}): Promise<void> {
    return this.api.create(req, opts);
  }

  setPublic(project: string, isPublic: boolean, opts: CallOptions = {}): Promise<void> {
    return this.api.setPublic(project, isPublic, opts);
  }

  async setQuota(project: string, bytes: number, opts: CallOptions = {}): Promise<void> {
    await this.api.setStorageQuota(await this.idOf(project, opts), bytes, opts);
  }

  async delete(project: string, opts: CallOptions = {}): Promise<void> {
    // Harbor answers a bare 412 for a project with repositories: name what is inside first.
    const repos = await this.harbor.repositories(project, { pageSize: 10, signal: opts.signal });
    if (repos.items.length) throw new ProjectNotEmptyError(project, repos.items.map((r) => r.name), repos.total ?? repos.items.length);
    await this.api.delete(project, opts);
    this.ids.delete(project);
  }

  async members(project: string, opts: CallOptions & { cursor?: string } = {}): Promise<Page<ProjectMember>> {
    const page = await this.api.members(project, { cursor: opts.cursor, pageSize: 100, signal: opts.signal });
    return { ...page, items: page.items.map((m) => ({ id: m.id, name: m.entity_name, isGroup: m.entity_type === 'g', role: harborRoleName(m.role_id) })) };
  }

  addMember(project: string, who: { user: string } | { group: string }, role: ProjectRole, opts: CallOptions = {}): Promise<void> {
    const body = 'user' in who ? { role_id: HARBOR_ROLES[role], member_user: { username: who.user } } : { role_id: HARBOR_ROLES[role], member_group: { group_name: who.group } };
    return this.api.addMember(project, body, opts);
  }

  setMemberRole(project: string, memberId: number, role: ProjectRole, opts: CallOptions = {}): Promise<void> {
    return this.api.setMemberRole(project, memberId, HARBOR_ROLES[role], opts);
  }

  removeMember(project: string, memberId: number, opts: CallOptions = {}): Promise<void> {
    return this.api.removeMember(project, memberId, opts);
  }

  async robots(project: string | undefined, opts: CallOptions & { cursor?: string } = {}): Promise<Page<RobotAccount>> {
    const scope = project === undefined ? 'system' as const : { projectId: await this.idOf(project, opts) };
    const page = await this.robotApi.list(scope, { cursor: opts.cursor, pageSize: 100, signal: opts.signal });
    return { ...page, items: page.items.map(toRobot) };
  }

  async createRobot(project: string | undefined, robot: NewRobot, opts: CallOptions = {}): Promise<{ robot: RobotAccount; secret: string }> {
    const access = robot.access.map((a) => ({ resource: a.resource, action: a.action }));
    // A system robot gets the same access in every project (namespace "*"), as Harbor's portal offers.
    const created = await this.robotApi.create({
      name: robot.name, description: robot.description, level: project === undefined ? 'system' : 'project', duration: robot.duration, disable: false,
      permissions: [{ kind: 'project', namespace: project ?? '*', access }],
    }, opts);
    return {
      secret: created.secret,
      robot: { id: created.id, name: created.name, level: project === undefined ? 'system' : 'project', disabled: false,
        expiresAt: created.expires_at !== undefined && created.expires_at > 0 ? created.expires_at : undefined, permissions: [{ namespace: project ?? '*', access }] },
    };
  }

  setRobotDisabled(id: number, disabled: boolean, opts: CallOptions = {}): Promise<void> { return this.robotApi.setDisabled(id, disabled, opts); }
  refreshRobotSecret(id: number, opts: CallOptions = {}): Promise<string> { return this.robotApi.refreshSecret(id, opts); }
  deleteRobot(id: number, opts: CallOptions = {}): Promise<void> { return this.robotApi.delete(id, opts); }

  private async idOf(project: string, opts: CallOptions): Promise<number> {
    const known = this.ids.get(project);
    if (known !== undefined) return known;
    const p = await this.harbor.project(project, opts);
    this.ids.set(project, p.project_id);
    return p.project_id;
  }
}
