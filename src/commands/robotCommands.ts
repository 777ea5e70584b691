/**
 * Robot accounts of a project (or system robots, for a system admin): list with expiry and permissions, create
 * with chosen permissions and expiry, disable / enable, refresh the secret, delete. A secret is shown once, in a
 * modal, and never logged: the user copies it or saves it as the credentials of a new registry entry (SecretStorage
 * through the registry store; the settings get the entry without it). The last argument may carry the answers.
 */
import * as vscode from 'vscode';
import type { Ctx, RegistryDefinition } from '../editorContext';
import { ROBOT_PERMISSIONS, type RobotAccount, type RobotPermissionChoice } from '../backends/projectAdmin';
import { newRegistryId } from '../connections/store';
import { allowed, pickAdminRegistry, pickProject, type ProjectTarget } from './pickProject';
import type { ProjectAdmin } from '../backends/projectAdmin';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object';
/** Harbor's robot name rule (the same lower-case words as project names). */
const ROBOT_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** Where robots live: a project, or the whole registry (system robots). */
interface RobotScope { registry: RegistryDefinition; admin: ProjectAdmin; project?: string; target?: ProjectTarget }

function permissionLabel(p: RobotPermissionChoice): string {
  const key = `${p.resource}-${p.action}`;
  switch (key) {
    case 'repository-pull': return vscode.l10n.t('Pull');
    case 'repository-push': return vscode.l10n.t('Push');
    case 'artifact-delete': return vscode.l10n.t('Delete artifact');
    case 'tag-create': return vscode.l10n.t('Create tag');
    case 'tag-delete': return vscode.l10n.t('Delete tag');
    case 'artifact-list': return vscode.l10n.t('List artifacts');
    case 'scan-read': return vscode.l10n.t('Read scan');
    case 'scan-create': return vscode.l10n.t('Start scan');
    default: return key;
  }
}

export function expiryText(r: Pick<RobotAccount, 'expiresAt'>, now = Date.now()): string {
  if (r.expiresAt === undefined) return vscode.l10n.t('never expires');
  const days = Math.round((r.expiresAt * 1000 - now) / 86_400_000);
  return days < 0 ? vscode.l10n.t('expired') : vscode.l10n.t('expires in {0} days', days);
}

async function robotScope(ctx: Ctx, arg: unknown, system: boolean): Promise<RobotScope | undefined> {
  if (system) {
    const r = await pickAdminRegistry(ctx, arg, vscode.l10n.t('System robot accounts of which registry?'));
    if (!r) return undefined;
    if (!(await r.admin.isSystemAdmin())) {
      void vscode.window.showWarningMessage(vscode.l10n.t('System robot accounts need a system administrator of {0}; project robot accounts are under each project.', r.registry.name));
      return undefined;
    }
    return { registry: r.registry, admin: r.admin };
  }
  const t = await pickProject(ctx, arg, vscode.l10n.t('Robot accounts of which project?'));
  return t && { registry: t.registry, admin: t.admin, project: t.project, target: t };
}

const can = (s: RobotScope, perm: string): boolean => !s.target || allowed(s.target, perm);

export async function manageRobots(ctx: Ctx, arg?: unknown): Promise<void> { await robots(ctx, arg, false); }
export async function systemRobots(ctx: Ctx, arg?: unknown): Promise<void> { await robots(ctx, arg, true); }

async function robots(ctx: Ctx, arg: unknown, system: boolean): Promise<void> {
  const s = await robotScope(ctx, arg, system);
  if (!s) return;
  let list: RobotAccount[];
  try {
    list = (await ctx.withProgress(vscode.l10n.t('Listing robot accounts…'), (signal) => s.admin.robots(s.project, { signal }), { location: 'window' })).items;
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Listing robot accounts failed'));
    return;
  }
  const create = { label: `$(add) ${vscode.l10n.t('Create Robot Account…')}`, robot: undefined as RobotAccount | undefined };
  const items = [
    ...(can(s, 'robot-create') ? [create] : []),
    ...list.map((r) => ({
      label: `$(${r.disabled ? 'circle-slash' : 'hubot'}) ${r.name}`,
      description: [expiryText(r), r.disabled ? vscode.l10n.t('disabled') : ''].filter(Boolean).join(' · '),
      detail: r.permissions.map((p) => `${p.namespace}: ${p.access.map(permissionLabel).join(', ')}`).join(' · '),
      robot: r as RobotAccount | undefined,
    })),
  ];
  const title = s.project ? vscode.l10n.t('Robot accounts of {0} ({1})', s.project, list.length) : vscode.l10n.t('System robot accounts of {0} ({1})', s.registry.name, list.length);
  const pick = await vscode.window.showQuickPick(items, { title, matchOnDetail: true });
  if (!pick) return;
  if (!pick.robot) { await createRobotIn(ctx, s, undefined); return; }
  const r = pick.robot;
  const actions = [
    ...(can(s, 'robot-update') ? [{ label: r.disabled ? vscode.l10n.t('Enable') : vscode.l10n.t('Disable'), id: 'toggle' }, { label: vscode.l10n.t('Refresh Secret…'), id: 'refresh' }] : []),
    ...(can(s, 'robot-delete') ? [{ label: vscode.l10n.t('Delete…'), id: 'delete' }] : []),
  ];
  if (!actions.length) return;
  const action = await vscode.window.showQuickPick(actions, { title: r.name });
  if (action?.id === 'toggle') await robotAction(ctx, s, r, 'toggle');
  if (action?.id === 'refresh') await robotAction(ctx, s, r, 'refresh');
  if (action?.id === 'delete') await robotAction(ctx, s, r, 'delete');
}

/**
 * answers: {name, duration (days, -1 never), access: ["repository-pull", …], then?: 'save' | 'copy' | 'close'}.
 * Returns the robot's name and, when saved, the new registry entry's id (never the secret).
 */
export async function createRobot(ctx: Ctx, arg?: unknown, answers?: unknown): Promise<{ name: string; registryId?: string } | undefined> {
  const s = await robotScope(ctx, arg, false);
  return s && createRobotIn(ctx, s, answers);
}

async function createRobotIn(ctx: Ctx, s: RobotScope, answers: unknown): Promise<{ name: string; registryId?: string } | undefined> {
  const a = isObj(answers) ? answers : undefined;
  const name = typeof a?.name === 'string' ? a.name : await vscode.window.showInputBox({
    title: s.project ? vscode.l10n.t('New robot account in {0}', s.project) : vscode.l10n.t('New system robot account'),
    prompt: vscode.l10n.t('Robot name (lower-case letters, digits, ".", "_" or "-")'),
    validateInput: (v) => (ROBOT_NAME.test(v) ? undefined : vscode.l10n.t('Use lower-case letters and digits, separated by single ".", "_" or "-".')),
  });
  if (name === undefined) return undefined;
  if (!ROBOT_NAME.test(name)) { void vscode.window.showErrorMessage(vscode.l10n.t('Use lower-case letters and digits, separated by single ".", "_" or "-".')); return undefined; }
  let access: RobotPermissionChoice[];
  if (Array.isArray(a?.access)) {
    access = ROBOT_PERMISSIONS.filter((p) => (a.access as unknown[]).includes(`${p.resource}-${p.action}`));
  } else {
    const picks = await vscode.window.showQuickPick(ROBOT_PERMISSIONS.map((p) => ({ label: permissionLabel(p), description: `${p.resource}:${p.action}`, picked: p.resource === 'repository' && p.action === 'pull', p })), {
      title: vscode.l10n.t('Permissions of {0}', name), canPickMany: true,
    });
    if (!picks) return undefined;
    access = picks.map((x) => x.p);
  }
  if (!access.length) { void vscode.window.showErrorMessage(vscode.l10n.t('Choose at least one permission.')); return undefined; }
  let duration = typeof a?.duration === 'number' ? a.duration : undefined;
  if (duration === undefined) {
    const pick = await vscode.window.showQuickPick([
      { label: vscode.l10n.t('30 days'), days: 30 }, { label: vscode.l10n.t('90 days'), days: 90 }, { label: vscode.l10n.t('1 year'), days: 365 },
      { label: vscode.l10n.t('Never expires'), days: -1 },
    ], { title: vscode.l10n.t('Expiry of {0}', name) });
    if (!pick) return undefined;
    duration = pick.days;
  }
  let created: { robot: RobotAccount; secret: string };
  try {
    created = await ctx.withProgress(vscode.l10n.t('Creating robot account {0}…', name), (signal) => s.admin.createRobot(s.project, { name, duration: duration!, access }, { signal }), { location: 'window' });
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Creating robot account {0} failed', name));
    return undefined;
  }
  ctx.log.info(`created robot account ${created.robot.name} (${access.map((p) => `${p.resource}:${p.action}`).join(', ')})`);
  const registryId = await showSecretOnce(ctx, s.registry, created.robot.name, created.secret, a?.then);
  return { name: created.robot.name, registryId };
}

/**
 * The one time a secret is shown: a modal with Copy and Save as Registry Entry. It is not logged, not kept, and
 * no command shows it again (a lost secret is replaced with Refresh Secret).
 */
async function showSecretOnce(ctx: Ctx, registry: RegistryDefinition, robotName: string, secret: string, then: unknown): Promise<string | undefined> {
  const copy = vscode.l10n.t('Copy Secret');
  const save = vscode.l10n.t('Save as Registry Entry');
  const choice = then === 'save' ? save : then === 'copy' ? copy : then === 'close' ? undefined : await vscode.window.showInformationMessage(
    vscode.l10n.t('Robot account {0}: this secret is shown only now.', robotName),
    { modal: true, detail: vscode.l10n.t('Secret: {0}\n\nCopy it, or save it as the credentials of a new registry entry (kept in the editor\'s secret storage, not in settings).', secret) },
    copy, save);
  if (choice === copy) {
    await vscode.env.clipboard.writeText(secret);
    void vscode.window.showInformationMessage(vscode.l10n.t('The secret of {0} is on the clipboard.', robotName));
    return undefined;
  }
  if (choice !== save) return undefined;
  const def: RegistryDefinition = { id: newRegistryId(), name: `${registry.name} (${robotName})`, url: registry.url, kind: registry.kind, username: robotName, caFile: registry.caFile, insecure: registry.insecure };
  await ctx.registries.save(def, { method: 'robot', credentials: { username: robotName, password: secret } });
  void vscode.window.showInformationMessage(vscode.l10n.t('Registry entry {0} added; it signs in as {1}.', def.name, robotName));
  return def.id;
}

/** answers for the scripted commands: {robot: full name, confirmed?: true, then?: 'save'|'copy'|'close'}. */
async function robotByName(ctx: Ctx, arg: unknown, answers: unknown): Promise<{ s: RobotScope; r: RobotAccount; a: Obj } | undefined> {
  const a = isObj(answers) ? answers : {};
  const s = await robotScope(ctx, arg, a.system === true);
  if (!s) return undefined;
  if (typeof a.robot !== 'string') { await robots(ctx, arg, a.system === true); return undefined; }
  const r = (await s.admin.robots(s.project)).items.find((x) => x.name === a.robot);
  if (!r) { void vscode.window.showErrorMessage(vscode.l10n.t('No robot account {0} in {1}.', a.robot, s.project ?? s.registry.name)); return undefined; }
  return { s, r, a };
}

export async function toggleRobot(ctx: Ctx, arg?: unknown, answers?: unknown): Promise<boolean> {
  const x = await robotByName(ctx, arg, answers);
  return !!x && robotAction(ctx, x.s, x.r, 'toggle', x.a);
}
export async function refreshRobotSecret(ctx: Ctx, arg?: unknown, answers?: unknown): Promise<boolean> {
  const x = await robotByName(ctx, arg, answers);
  return !!x && robotAction(ctx, x.s, x.r, 'refresh', x.a);
}
export async function deleteRobot(ctx: Ctx, arg?: unknown, answers?: unknown): Promise<boolean> {
  const x = await robotByName(ctx, arg, answers);
  return !!x && robotAction(ctx, x.s, x.r, 'delete', x.a);
}

async function robotAction(ctx: Ctx, s: RobotScope, r: RobotAccount, what: 'toggle' | 'refresh' | 'delete', a: Obj = {}): Promise<boolean> {
  if (what !== 'toggle' && a.confirmed !== true) {
    const yes = what === 'delete' ? vscode.l10n.t('Delete') : vscode.l10n.t('Refresh Secret');
    const message = what === 'delete' ? vscode.l10n.t('Delete robot account {0}?', r.name) : vscode.l10n.t('Replace the secret of {0}?', r.name);
    const detail = what === 'delete' ? vscode.l10n.t('Anything that signs in as {0} stops working.', r.name) : vscode.l10n.t('The old secret stops working at once; the new one is shown once.');
    if (await vscode.window.showWarningMessage(message, { modal: true, detail }, yes) !== yes) return false;
  }
  try {
    if (what === 'toggle') await s.admin.setRobotDisabled(r.id, !r.disabled);
    else if (what === 'delete') await s.admin.deleteRobot(r.id);
    else {
      const secret = await s.admin.refreshRobotSecret(r.id);
      await showSecretOnce(ctx, s.registry, r.name, secret, a.then);
    }
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Changing robot account {0} failed', r.name));
    return false;
  }
  if (what === 'toggle') void vscode.window.showInformationMessage(r.disabled ? vscode.l10n.t('{0} is enabled.', r.name) : vscode.l10n.t('{0} is disabled.', r.name));
  return true;
}
