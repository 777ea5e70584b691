/**
 * Server-side retention (caps.hasServerRetention, Harbor's tag retention): show a project's policy, schedule
 * and last runs; run its dry run and show what it would keep; or, when the user asks for it, run it for real
 * (after a modal confirmation). The results open as a Markdown document.
 * Scripted use (tests): `(ctx, { registryId, namespace }, 'dry-run' | 'run')` skips the questions.
 */
import * as vscode from 'vscode';
import type { Ctx } from '../../editorContext';
import type { RegistryBackend } from '../../backends/registryBackend';
import type { ServerRetention, ServerRetentionPolicy, ServerRetentionRule, ServerRetentionRun, ServerRetentionTask } from '../../backends/serverRetention';
import { NamespaceNode } from '../../tree/nodes/namespaceNode';

interface Target { registryId: string; backend: RegistryBackend; retention: ServerRetention; namespace: string }

async function pickNamespace(ctx: Ctx, arg: unknown): Promise<Target | undefined> {
  let registryId: string | undefined;
  let namespace: string | undefined;
  if (arg instanceof NamespaceNode) { registryId = arg.registryId; namespace = arg.namespace.name; }
  else if (arg && typeof arg === 'object' && typeof (arg as { registryId?: unknown }).registryId === 'string' && typeof (arg as { namespace?: unknown }).namespace === 'string') {
    ({ registryId, namespace } = arg as { registryId: string; namespace: string });
  } else {
    const def = await ctx.pickRegistry(undefined, { title: vscode.l10n.t('Retention of which registry?'), can: 'hasServerRetention' });
    if (!def) return undefined;
    registryId = def.id;
    const backend = ctx.backends.get(def.id);
    const page = await ctx.withProgress(vscode.l10n.t('Listing projects…'), (signal) => backend.namespaces({ signal, pageSize: 100 }), { location: 'window' });
    namespace = (await vscode.window.showQuickPick(page.items.map((n) => n.name), { title: vscode.l10n.t('Retention of which project?') }));
  }
  if (!registryId || !namespace) return undefined;
  const backend = ctx.backends.get(registryId);
  if (!backend.caps.hasServerRetention || !backend.serverRetention) {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} registries run no retention of their own; use "Clean Up Repository…".', backend.kindLabel));
    return undefined;
  }
  return { registryId, backend, retention: backend.serverRetention, namespace };
}

function ruleText(r: ServerRetentionRule): string {
  const n = (k: string) => r.params[k] ?? 0;
  const what = (() => {
    switch (r.template) {
      case 'latestPushedK': return vscode.l10n.t('retain the {0} most recently pushed artifacts', n('latestPushedK'));
      case 'latestPulledN': return vscode.l10n.t('retain the {0} most recently pulled artifacts', n('latestPulledN'));
      case 'nDaysSinceLastPush': return vscode.l10n.t('retain the artifacts pushed within the last {0} days', n('nDaysSinceLastPush'));
      case 'nDaysSinceLastPull': return vscode.l10n.t('retain the artifacts pulled within the last {0} days', n('nDaysSinceLastPull'));
      case 'always': return vscode.l10n.t('retain always');
      default: return r.template;
    }
  })();
  return `${what} — ${vscode.l10n.t('repositories {0}; tags {1}', r.repositories.join(', ') || '**', r.tags.join(', ') || '**')}${r.disabled ? ` (${vscode.l10n.t('disabled')})` : ''}`;
}

const cell = (s: string | number | undefined) => String(s ?? '').replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');

function policyMarkdown(ns: string, p: ServerRetentionPolicy | undefined, runs: readonly ServerRetentionRun[]): string {
  const lines = [`# ${vscode.l10n.t('Tag retention of {0}', cell(ns))}`, ''];
  if (!p) return [...lines, vscode.l10n.t('This project has no tag retention policy.')].join('\n');
  lines.push(`**${vscode.l10n.t('Schedule')}:** ${p.schedule ? `\`${cell(p.schedule)}\`` : vscode.l10n.t('none (runs only by hand)')}`, '', `## ${vscode.l10n.t('Rules')}`, '');
  for (const r of p.rules) lines.push(`- ${cell(ruleText(r))}`);
  lines.push('', `## ${vscode.l10n.t('Last runs')}`, '');
  if (!runs.length) lines.push(vscode.l10n.t('No runs yet.'));
  else {
    lines.push(`| ${vscode.l10n.t('Run')} | ${vscode.l10n.t('Dry run')} | ${vscode.l10n.t('Status')} | ${vscode.l10n.t('Trigger')} | ${vscode.l10n.t('Started')} |`, '|---|---|---|---|---|');
    for (const r of runs) lines.push(`| ${r.id} | ${r.dryRun ? '✓' : ''} | ${cell(r.status)} | ${cell(r.trigger)} | ${cell(r.start)} |`);
  }
  return lines.join('\n');
}

function resultsMarkdown(ns: string, runId: number | undefined, dryRun: boolean, tasks: readonly ServerRetentionTask[]): string {
  const lines = [`# ${dryRun ? vscode.l10n.t('Retention dry run of {0}', cell(ns)) : vscode.l10n.t('Retention run of {0}', cell(ns))}${runId ? ` (#${runId})` : ''}`, ''];
  lines.push(`| ${vscode.l10n.t('Repository')} | ${vscode.l10n.t('Artifacts')} | ${vscode.l10n.t('Retained')} | ${dryRun ? vscode.l10n.t('Would delete') : vscode.l10n.t('Deleted')} | ${vscode.l10n.t('Status')} |`, '|---|---|---|---|---|');
  for (const t of tasks) lines.push(`| ${cell(t.repository)} | ${t.total} | ${t.retained} | ${t.total - t.retained} | ${cell(t.status)} |`);
  return lines.join('\n');
}

async function showMarkdown(content: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  await vscode.window.showTextDocument(doc, { preview: true });
}

export async function showServerRetention(ctx: Ctx, arg?: unknown): Promise<string | undefined> {
  const t = await pickNamespace(ctx, arg);
  if (!t) return undefined;
  try {
    const md = await ctx.withProgress(vscode.l10n.t('Reading the retention policy of {0}…', t.namespace), async (signal) => {
      const p = await t.retention.policy(t.namespace, { signal });
      return policyMarkdown(t.namespace, p, p ? await t.retention.runs(t.namespace, { signal, count: 10 }) : []);
    }, { location: 'window' });
    await showMarkdown(md);
    return md;
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Reading the retention policy of {0} failed', t.namespace));
    return undefined;
  }
}

const FINISHED = /^(succeed|success|succeeded|error|failed|stopped)$/i;

export async function runServerRetention(ctx: Ctx, arg?: unknown, mode?: unknown): Promise<{ runId?: number; tasks: ServerRetentionTask[] } | undefined> {
  const t = await pickNamespace(ctx, arg);
  if (!t) return undefined;
  let dryRun: boolean;
  if (mode === 'dry-run' || mode === 'run') dryRun = mode === 'dry-run';
  else {
    const dry = { label: vscode.l10n.t('Dry Run'), detail: vscode.l10n.t('Harbor evaluates the rules and reports what it would delete; nothing is deleted.'), dry: true };
    const real = { label: vscode.l10n.t('Run Now'), detail: vscode.l10n.t('Harbor deletes what its rules do not retain.'), dry: false };
    const pick = await vscode.window.showQuickPick([dry, real], { title: vscode.l10n.t('Run the tag retention of {0}', t.namespace) });
    if (!pick) return undefined;
    dryRun = pick.dry;
    if (!dryRun) {
      const run = vscode.l10n.t('Run Retention');
      const ok = await vscode.window.showWarningMessage(vscode.l10n.t('Run the tag retention of {0} now?', t.namespace),
        { modal: true, detail: vscode.l10n.t('Harbor deletes every artifact in {0} that its retention rules do not retain. Run a dry run first to see what goes.', t.namespace) }, run);
      if (ok !== run) return undefined;
    }
  }
  try {
    const out = await ctx.withProgress(dryRun ? vscode.l10n.t('Retention dry run of {0}…', t.namespace) : vscode.l10n.t('Retention run of {0}…', t.namespace), async (signal) => {
      const started = await t.retention.run(t.namespace, dryRun, { signal });
      // The run is a job in Harbor's job service: poll its status (bounded) until it ends.
      let runId = started;
      for (let i = 0; i < 120; i++) {
        const runs = await t.retention.runs(t.namespace, { signal, count: 5 });
        const run = runId !== undefined ? runs.find((r) => r.id === runId) : runs[0];
        runId ??= run?.id;
        if (!run || FINISHED.test(run.status)) break;
        await new Promise((resolve) => setTimeout(resolve, 1000));
        if (signal.aborted) break;
      }
      return { runId, tasks: runId !== undefined ? await t.retention.results(t.namespace, runId, { signal }) : [] };
    });
    await showMarkdown(resultsMarkdown(t.namespace, out.runId, dryRun, out.tasks));
    if (!dryRun) ctx.tree.refreshRegistry(t.registryId);
    return out;
  } catch (err) {
    await ctx.reportError(err, vscode.l10n.t('Retention run of {0} failed', t.namespace));
    return undefined;
  }
}
