/**
 * Project administration, a facet only some backends have (`backend.projects`; Harbor today): what the tree shows
 * about a project (role, quota, proxy cache, permissions) and what the admin commands do. Callers check
 * `backend.projects` and the project's permission words, never the kind. Plain Node: no 'vscode'.
 */
import type { CallOptions, Page, ProjectNameProblem } from '../registry/index';
import type { Capabilities } from './registryBackend';

export type ProjectRole = 'projectAdmin' | 'maintainer' | 'developer' | 'guest' | 'limitedGuest';
export const PROJECT_ROLES: readonly ProjectRole[] = ['projectAdmin', 'maintainer', 'developer', 'guest', 'limitedGuest'];

/** What a namespace row knows about its project beyond NamespaceInfo (one summary + one permissions request). */
export interface ProjectFacts {
  id: number;
  /** The signed-in user's highest role; undefined for a system admin who is no member, or anonymous. */
  role?: ProjectRole;
  /** Storage quota in bytes; `limit` -1 = unlimited. */
  quota?: { used: number; limit: number };
  /** A proxy-cache project: the upstream registry's name and URL. */
  proxyOf?: { name?: string; url?: string };
  /**
   * What the user may do here, as `resource-action` words ("repository-push", "member-create"); the tree writes
   * them as `perm-<word>` into contextValue. Undefined when the server did not say (then nothing is hidden).
   */
  permissions?: readonly string[];
  /** The backend's capabilities narrowed to what these permissions allow (written into descendants' contextValue). */
  caps: Capabilities;
}

export interface ProjectMember { id: number; name: string; isGroup: boolean; role?: ProjectRole }

/** A permission a robot can be given: `resource-action` in Harbor's RBAC words (src/common/rbac/const.go). */
export interface RobotPermissionChoice { resource: string; action: string }
export const ROBOT_PERMISSIONS: readonly RobotPermissionChoice[] = [
  { resource: 'repository', action: 'pull' },
  { resource: 'repository', action: 'push' },
  { resource: 'artifact', action: 'delete' },
  { resource: 'tag', action: 'create' },
  { resource: 'tag', action: 'delete' },
  { resource: 'artifact', action: 'list' },
  { resource: 'scan', action: 'read' },
  { resource: 'scan', action: 'create' },
];

export interface RobotAccount {
  id: number;
  /** The full login name (`robot$project+name`). */
  name: string;
  level: 'project' | 'system';
  description?: string;
  disabled: boolean;
  /** Unix seconds; undefined = never. */
  expiresAt?: number;
  /** `namespace: resource-action` words per permission entry. */
  permissions: Array<{ namespace: string; access: RobotPermissionChoice[] }>;
}

export interface NewRobot {
  name: string;
  description?: string;
  /** Days; -1 = never. */
  duration: number;
  access: readonly RobotPermissionChoice[];
}

/** Thrown when a project still holds repositories: the names (first page) and the total, for the message. */
export class ProjectNotEmptyError extends Error {
  constructor(readonly project: string, readonly repositories: string[], readonly total: number) {
    super(`project ${project} is not empty: ${total} repositories (${repositories.join(', ')})`);
    this.name = 'ProjectNotEmptyError';
  }
}

export interface ProjectAdmin {
  nameProblem(name: string): ProjectNameProblem | undefined;
  /** Whether the signed-in user is a system admin (system robots, creating projects where restricted). */
  isSystemAdmin(opts?: CallOptions): Promise<boolean>;
  create(req: { name: string; public: boolean; storageLimit?: number }, opts?: CallOptions): Promise<void>;
  setPublic(project: string, isPublic: boolean, opts?: CallOptions): Promise<void>;
  /** Bytes, -1 = unlimited. */
  setQuota(project: string, bytes: number, opts?: CallOptions): Promise<void>;
  /** Refuses with ProjectNotEmptyError naming what is inside. */
  delete(project: string, opts?: CallOptions): Promise<void>;

  members(project: string, opts?: CallOptions & { cursor?: string }): Promise<Page<ProjectMember>>;
  addMember(project: string, who: { user: string } | { group: string }, role: ProjectRole, opts?: CallOptions): Promise<void>;
  setMemberRole(project: string, memberId: number, role: ProjectRole, opts?: CallOptions): Promise<void>;
  removeMember(project: string, memberId: number, opts?: CallOptions): Promise<void>;

  /** Robots of a project (`project` given) or system robots. */
  robots(project: string | undefined, opts?: CallOptions & { cursor?: string }): Promise<Page<RobotAccount>>;
  /** Returns the robot and its secret: the only time the secret is known. */
  createRobot(project: string | undefined, robot: NewRobot, opts?: CallOptions): Promise<{ robot: RobotAccount; secret: string }>;
  setRobotDisabled(id: number, disabled: boolean, opts?: CallOptions): Promise<void>;
  refreshRobotSecret(id: number, opts?: CallOptions): Promise<string>;
  deleteRobot(id: number, opts?: CallOptions): Promise<void>;
}
