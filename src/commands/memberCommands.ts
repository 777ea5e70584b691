/**
 * A project's members (users and groups with a role): list with actions, add, change role, remove. Each action is
 * offered only where the user's permissions in the project allow it (`member-create`, `member-update`,
 * `member-delete`). The last argument may carry the answers (tests, scripted use).
 */
import * as vscode from 'vscode';
import type { Ctx } from '../editorContext';
import { PROJECT_ROLES, type ProjectMember, type ProjectRole } from '../backends/projectAdmin';
import { roleLabel } from '../tree/projectWords';
import { allowed, pickProject, type ProjectTarget } from './pickProject';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object';
const isRole = (v: unknown): v is ProjectRole => typeof v === 'string' && (PROJECT_ROLES as readonly string[]).includes(v);

async function askRole(title: string, current?: ProjectRole): Promise<ProjectRole | undefined> {
  const pick = await vscode.window.showQuickPick(PROJECT_ROLES.map((r) => ({ label: roleLabel(r), description: r === current ? vscode.l10n.t('current') : undefined, role: r })), { title });
  return pick?.role;
}

async function listMembers(ctx: Ctx, t: ProjectTarget): Promise<ProjectMember[] | undefined> {
  try {
    return (await ctx.withProgress(vscode.l10n.t('Listing members of {0}…', t.project), (signal) => t.admin.members(t.project, { signal }), { location: 'window' })).items;
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Listing members of {0} failed', t.project));
    return undefined;
  }
}

/** Members with their role; choosing one offers change role / remove, and "Add Member…" comes first where allowed. */
export async function manageMembers(ctx: Ctx, arg?: unknown): Promise<void> {
  const t = await pickProject(ctx, arg, vscode.l10n.t('Members of which project?'));
  if (!t) return;
  const members = await listMembers(ctx, t);
  if (!members) return;
  const add = { label: `$(add) ${vscode.l10n.t('Add Member…')}`, member: undefined as ProjectMember | undefined };
  const items = [
    ...(allowed(t, 'member-create') ? [add] : []),
    ...members.map((m) => ({ label: `$(${m.isGroup ? 'organization' : 'person'}) ${m.name}`, description: m.role ? roleLabel(m.role) : '?', detail: m.isGroup ? vscode.l10n.t('group') : vscode.l10n.t('user'), member: m as ProjectMember | undefined })),
  ];
  const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Members of {0} ({1})', t.project, members.length) });
  if (!pick) return;
  if (!pick.member) { await addMember(ctx, t); return; }
  const m = pick.member;
  const actions = [
    ...(allowed(t, 'member-update') ? [{ label: vscode.l10n.t('Change Role…'), id: 'role' }] : []),
    ...(allowed(t, 'member-delete') ? [{ label: vscode.l10n.t('Remove from Project'), id: 'remove' }] : []),
  ];
  if (!actions.length) return;
  const action = await vscode.window.showQuickPick(actions, { title: `${m.name} · ${m.role ? roleLabel(m.role) : ''}` });
  if (action?.id === 'role') await changeMemberRole(ctx, t, { member: m.name });
  if (action?.id === 'remove') await removeMember(ctx, t, { member: m.name });
}

export async function addMember(ctx: Ctx, arg?: unknown, answers?: unknown): Promise<boolean> {
  const t = isTarget(arg) ? arg : await pickProject(ctx, arg, vscode.l10n.t('Add a member to which project?'));
  if (!t) return false;
  const a = isObj(answers) ? answers : undefined;
  let who: { user: string } | { group: string } | undefined;
  if (typeof a?.user === 'string') who = { user: a.user };
  else if (typeof a?.group === 'string') who = { group: a.group };
  else {
    const kind = await vscode.window.showQuickPick([{ label: vscode.l10n.t('User'), group: false }, { label: vscode.l10n.t('Group'), group: true }], { title: vscode.l10n.t('Add a user or a group to {0}?', t.project) });
    if (!kind) return false;
    const name = await vscode.window.showInputBox({ title: kind.group ? vscode.l10n.t('Group name') : vscode.l10n.t('User name'), validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a name.')) });
    if (!name) return false;
    who = kind.group ? { group: name.trim() } : { user: name.trim() };
  }
  const role = isRole(a?.role) ? a.role : await askRole(vscode.l10n.t('Role of {0} in {1}', 'user' in who ? who.user : who.group, t.project));
  if (!role) return false;
  try {
    await t.admin.addMember(t.project, who, role);
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Adding {0} to {1} failed', 'user' in who ? who.user : who.group, t.project));
    return false;
  }
  void vscode.window.showInformationMessage(vscode.l10n.t('{0} is now {1} in {2}.', 'user' in who ? who.user : who.group, roleLabel(role), t.project));
  return true;
}

const isTarget = (v: unknown): v is ProjectTarget => isObj(v) && typeof v.project === 'string' && isObj(v.admin);

async function findMember(ctx: Ctx, t: ProjectTarget, name: string): Promise<ProjectMember | undefined> {
  const m = (await listMembers(ctx, t))?.find((x) => x.name === name);
  if (!m) void vscode.window.showErrorMessage(vscode.l10n.t('{0} is not a member of {1}.', name, t.project));
  return m;
}

/** answers: {member: name, role?}. */
export async function changeMemberRole(ctx: Ctx, arg?: unknown, answers?: unknown): Promise<boolean> {
  const t = isTarget(arg) ? arg : await pickProject(ctx, arg, vscode.l10n.t('Change a role in which project?'));
  const a = isObj(answers) ? answers : {};
  if (!t || typeof a.member !== 'string') return t ? (await manageMembers(ctx, arg), false) : false;
  const m = await findMember(ctx, t, a.member);
  if (!m) return false;
  const role = isRole(a.role) ? a.role : await askRole(vscode.l10n.t('New role of {0} in {1}', m.name, t.project), m.role);
  if (!role) return false;
  try {
    await t.admin.setMemberRole(t.project, m.id, role);
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Changing the role of {0} failed', m.name));
    return false;
  }
  return true;
}

/** answers: {member: name, confirmed?: true}. */
export async function removeMember(ctx: Ctx, arg?: unknown, answers?: unknown): Promise<boolean> {
  const t = isTarget(arg) ? arg : await pickProject(ctx, arg, vscode.l10n.t('Remove a member from which project?'));
  const a = isObj(answers) ? answers : {};
  if (!t || typeof a.member !== 'string') return t ? (await manageMembers(ctx, arg), false) : false;
  const m = await findMember(ctx, t, a.member);
  if (!m) return false;
  if (a.confirmed !== true) {
    const remove = vscode.l10n.t('Remove');
    const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Remove {0} ({1}) from project {2}?', m.name, m.role ? roleLabel(m.role) : '?', t.project), { modal: true }, remove);
    if (answer !== remove) return false;
  }
  try {
    await t.admin.removeMember(t.project, m.id);
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Removing {0} from {1} failed', m.name, t.project));
    return false;
  }
  return true;
}
