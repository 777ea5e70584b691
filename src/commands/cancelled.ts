/**
 * A cancel the user asked for (the Cancel button of a progress notification) is not a failure: it gets an
 * information message that says what stopped, never the error pop-up with "Show Log".
 */
import * as vscode from 'vscode';
import type { Ctx } from '../editorContext';
import { classifyError } from '../connections/classifyError';
import { isAbort } from '../registry/isAbort';

/** Whether `err` is the end of an operation the user cancelled (an AbortSignal fired). */
export function isCancelled(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  // The client's cancels (its one predicate), and the scanner's ScanError / the builder's CancelledError, which
  // carry 'cancelled' as their code.
  return isAbort(err) || code === 'cancelled' || classifyError(err) === 'cancelled';
}

/** Logs and shows `message` (already localized) as information. */
export function showCancelled(ctx: Ctx, message: string): void {
  ctx.log.info(message);
  void vscode.window.showInformationMessage(message);
}
