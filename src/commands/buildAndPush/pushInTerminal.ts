/**
 * The part Build and Push and Push Local Image share: run the builder in the build terminal (its command lines
 * echoed there and in the log, docker's plain-HTTP rule explained first), say what was pushed, then show the new
 * tag and offer Scan / Copy reference. Each caller only says how to push.
 */
import * as vscode from 'vscode';
import type { Ctx, RegistryDefinition } from '../../editorContext';
import type { Builder, PushResult, TargetRegistry } from '../../imageBuild/index';
import { afterPush } from './afterPush';
import { explainDockerPlainHttp } from './builder';
import { runInTerminal } from './buildTerminal';

export interface PushHooks {
  signal: AbortSignal;
  onCommand(commandLine: string): void;
  onLine(line: string): void;
}

export interface PushJob {
  title: string;
  builder: Builder;
  target: TargetRegistry;
  def: RegistryDefinition;
  repository: string;
  /** Run from the UI (prompts and notifications) rather than by another command or a test. */
  interactive: boolean;
  /** A first line for the terminal. */
  intro?: string;
}

export async function pushInTerminal(ctx: Ctx, job: PushJob, push: (hooks: PushHooks) => Promise<PushResult>): Promise<{ reference: string; digest?: string } | undefined> {
  const result = await runInTerminal(ctx, job.title, async (term, signal) => {
    if (job.intro) term.info(job.intro);
    explainDockerPlainHttp(job.builder, job.target, (t) => term.info(t));
    const r = await push({ signal, onCommand: (c) => { term.command(c); ctx.log.info(`$ ${c}`); }, onLine: (l) => term.line(l) });
    term.info(vscode.l10n.t('Pushed {0}{1}', r.reference.toString(), r.digest ? ` ${r.digest}` : ''));
    return r;
  }, job.interactive);
  if (!result) return undefined;
  await afterPush(ctx, job.def, job.repository, result, job.interactive);
  return { reference: result.reference.toString(), digest: result.digest };
}
