/**
 * Projects of a registry with project administration (Harbor): create (name checked as Harbor checks it),
 * make public / private, set the storage quota, delete an empty project. The menus show each command only where the
 * user's permissions in that project allow it (package.json `when` on the `perm-…` words of the project row).
 * The last argument of each command may carry the answers (tests, scripted use) instead of asking.
 */
import * as vscode from 'vscode';
import type { Ctx } from '../editorContext';
import { ProjectNotEmptyError } from '../backends/projectAdmin';
import type { ProjectNameProblem } from '../registry/index';
import { pickAdminRegistry, pickProject, type ProjectTarget } from './pickProject';
import { isCancelled, showCancelled } from './cancelled';

const GIB = 1024 ** 3;
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object';

function nameMessage(p: ProjectNameProblem | undefined): string | undefined {
  switch (p) {
    case 'empty': return vscode.l10n.t('Enter a project name.');
    case 'tooLong': return vscode.l10n.t('A project name has at most 255 characters.');
    case 'invalid': return vscode.l10n.t('Use lower-case letters and digits, separated by single ".", "_" or "-" (e.g. team-a or dev.web).');
    default: return undefined;
  }
}

/** "10" (GiB) → bytes; empty → -1 (no limit); undefined when not a positive number. */
export function parseQuotaGiB(text: string): number | undefined {
  const t = text.trim();
  if (!t) return -1;
  if (!/^\d+(\.\d+)?$/.test(t)) return undefined;
  const bytes = Math.round(Number(t) * GIB);
  return bytes >= 1 && Number.isSafeInteger(bytes) ? bytes : undefined;
}

async function askQuota(current?: string): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Storage quota'), prompt: vscode.l10n.t('Storage limit in GiB; leave empty for no limit'), value: current,
    validateInput: (v) => (parseQuotaGiB(v) === undefined ? vscode.l10n.t('Enter a positive number of GiB, or nothing for no limit.') : undefined),
  });
  return text === undefined ? undefined : parseQuotaGiB(text);
}

export async function createProject(ctx: Ctx, arg?: unknown, answers?: unknown): Promise<string | undefined> {
  const r = await pickAdminRegistry(ctx, arg, vscode.l10n.t('Create a project in which registry?'));
  if (!r) return undefined;
  const a = isObj(answers) ? answers : undefined;
  const name = typeof a?.name === 'string' ? a.name : await vscode.window.showInputBox({
    title: vscode.l10n.t('New project in {0}', r.registry.name), prompt: vscode.l10n.t('Project name'),
    validateInput: (v) => nameMessage(r.admin.nameProblem(v)),
  });
  if (name === undefined) return undefined;
  const problem = nameMessage(r.admin.nameProblem(name));
  if (problem) { void vscode.window.showErrorMessage(problem); return undefined; }
  let isPublic: boolean | undefined = typeof a?.public === 'boolean' ? a.public : undefined;
  if (isPublic === undefined) {
    const pick = await vscode.window.showQuickPick([
      { label: vscode.l10n.t('Private'), detail: vscode.l10n.t('Only members can pull'), value: false },
      { label: vscode.l10n.t('Public'), detail: vscode.l10n.t('Anyone can pull'), value: true },
    ], { title: vscode.l10n.t('Access to {0}', name) });
    if (!pick) return undefined;
    isPublic = pick.value;
  }
  const quota = typeof a?.quotaGiB === 'number' ? Math.round(a.quotaGiB * GIB) : a ? -1 : await askQuota();
  if (quota === undefined) return undefined;
  try {
    await ctx.withProgress(vscode.l10n.t('Creating project {0}…', name), (signal) => r.admin.create({ name, public: isPublic!, storageLimit: quota }, { signal }), { location: 'window' });
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Creating project {0} failed', name));
    return undefined;
  }
  ctx.tree.refreshRegistry(r.registry.id);
  void vscode.window.showInformationMessage(vscode.l10n.t('Project {0} created.', name));
  return name;
}

async function setPublic(ctx: Ctx, arg: unknown, value: boolean): Promise<boolean> {
  const t = await pickProject(ctx, arg, value ? vscode.l10n.t('Make which project public?') : vscode.l10n.t('Make which project private?'));
  if (!t) return false;
  try {
    await t.admin.setPublic(t.project, value);
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Changing the access of {0} failed', t.project));
    return false;
  }
  ctx.tree.refreshRegistry(t.registry.id);
  return true;
}
export const setProjectPublic = (ctx: Ctx, arg?: unknown): Promise<boolean> => setPublic(ctx, arg, true);
export const setProjectPrivate = (ctx: Ctx, arg?: unknown): Promise<boolean> => setPublic(ctx, arg, false);

export async function setProjectQuota(ctx: Ctx, arg?: unknown, gib?: unknown): Promise<boolean> {
  const t = await pickProject(ctx, arg, vscode.l10n.t('Set the quota of which project?'));
  if (!t) return false;
  const q = t.facts?.quota;
  const bytes = typeof gib === 'number' ? (gib < 0 ? -1 : Math.round(gib * GIB)) : await askQuota(q && q.limit > 0 ? String(+(q.limit / GIB).toFixed(2)) : '');
  if (bytes === undefined) return false;
  try {
    await t.admin.setQuota(t.project, bytes);
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Setting the quota of {0} failed', t.project));
    return false;
  }
  ctx.tree.refreshRegistry(t.registry.id);
  return true;
}

/** Modal confirmation naming the project; a project with repositories is refused with their names. */
export async function deleteProject(ctx: Ctx, arg?: unknown, confirmed?: unknown): Promise<boolean> {
  const t: ProjectTarget | undefined = await pickProject(ctx, arg, vscode.l10n.t('Delete which project?'));
  if (!t) return false;
  if (confirmed !== true) {
    const del = vscode.l10n.t('Delete Project');
    const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Delete project {0} from {1}?', t.project, t.registry.name),
      { modal: true, detail: vscode.l10n.t('The project, its members, robot accounts and policies are removed. Only an empty project can be deleted.') }, del);
    if (answer !== del) return false;
  }
  try {
    await ctx.withProgress(vscode.l10n.t('Deleting project {0}…', t.project), (signal) => t.admin.delete(t.project, { signal }));
  } catch (err) {
    if (err instanceof ProjectNotEmptyError) {
      const more = err.total > err.repositories.length ? vscode.l10n.t(' and {0} more', err.total - err.repositories.length) : '';
      void vscode.window.showErrorMessage(vscode.l10n.t('Project {0} is not empty: it holds {1} repositories ({2}{3}). Delete them first, then delete the project.',
        t.project, err.total, err.repositories.join(', '), more));
    } else if (isCancelled(err)) showCancelled(ctx, vscode.l10n.t('Deleting project {0} was cancelled.', t.project));
    else await ctx.reportError(err, vscode.l10n.t('Deleting project {0} failed', t.project));
    return false;
  }
  ctx.tree.refreshRegistry(t.registry.id);
  return true;
}
