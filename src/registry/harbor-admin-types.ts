// Harbor v2.0 API models for project administration, as the swagger definitions name them (Harbor's
// api/v2.0/swagger.yaml `definitions:`; copy in test/fixtures/harbor/swagger.yaml). Only read fields are typed.

/** `ProjectReq` (POST /projects, PUT /projects/{project_name_or_id}). */
export interface HarborProjectReq {
  project_name?: string;
  metadata?: { public?: string; [key: string]: string | undefined };
  /** Bytes; -1 = unlimited (swagger: "The storage quota of the project"). */
  storage_limit?: number;
  registry_id?: number;
}

/** `ResourceList`: resource name ("storage") → amount. */
export type HarborResourceList = Record<string, number>;

/** `ProjectSummary` (GET /projects/{project_name_or_id}/summary): counts, quota and a proxy cache's upstream. */
export interface HarborProjectSummary {
  repo_count: number;
  project_admin_count?: number;
  maintainer_count?: number;
  developer_count?: number;
  guest_count?: number;
  limited_guest_count?: number;
  quota?: { hard?: HarborResourceList; used?: HarborResourceList };
  registry?: HarborRegistry;
}

/** `ProjectDeletable` */
export interface HarborProjectDeletable { deletable?: boolean; message?: string }

/** `Registry` (GET /registries/{id}): the upstream of a proxy-cache project. */
export interface HarborRegistry { id: number; name?: string; url?: string; type?: string; description?: string; status?: string }

/** `Quota` (GET /quotas?reference=project&reference_id=…). */
export interface HarborQuota { id: number; ref?: Record<string, unknown>; hard: HarborResourceList; used: HarborResourceList }

/** `Permission` (GET /users/current/permissions): one allowed action on a resource. */
export interface HarborPermission { resource: string; action: string }

/** Role ids of `ProjectMember.role_id` (swagger: "1 for projectAdmin, 2 for developer, 3 for guest, 4 for maintainer"; 5 limited guest). */
export const HARBOR_ROLES = { projectAdmin: 1, developer: 2, guest: 3, maintainer: 4, limitedGuest: 5 } as const;
export type HarborRoleName = keyof typeof HARBOR_ROLES;
export function harborRoleName(id: number | undefined): HarborRoleName | undefined {
  return (Object.keys(HARBOR_ROLES) as HarborRoleName[]).find((k) => HARBOR_ROLES[k] === id);
}

/** `ProjectMemberEntity`: entity_type "u" (user) or "g" (group). */
export interface HarborMember {
  id: number;
  project_id: number;
  entity_name: string;
  role_name?: string;
  role_id: number;
  entity_id?: number;
  entity_type: 'u' | 'g' | string;
}

/** `ProjectMember` (POST …/members): a user by name or a group by name. */
export interface HarborMemberReq {
  role_id: number;
  member_user?: { username: string };
  member_group?: { group_name: string; group_type?: number };
}

/** `Access` of a `RobotPermission`. */
export interface HarborAccess { resource: string; action: string; effect?: string }
/** `RobotPermission`: kind "project" with the project name as namespace, or kind "system" with namespace "/". */
export interface HarborRobotPermission { kind: 'project' | 'system' | string; namespace: string; access: HarborAccess[] }

/** `Robot` */
export interface HarborRobot {
  id: number;
  name: string;
  description?: string;
  level: 'project' | 'system' | string;
  /** Days; -1 never expires. */
  duration?: number | null;
  editable?: boolean;
  disable: boolean;
  /** Unix seconds; -1 never. */
  expires_at?: number;
  permissions?: HarborRobotPermission[];
  creation_time?: string;
  update_time?: string;
}

/** `RobotCreate` */
export interface HarborRobotCreate {
  name: string;
  description?: string;
  level: 'project' | 'system';
  disable?: boolean;
  duration: number;
  permissions: HarborRobotPermission[];
}

/** `RobotCreated`: the only response that carries the secret (besides a refresh). */
export interface HarborRobotCreated { id: number; name: string; secret: string; creation_time?: string; expires_at?: number }
