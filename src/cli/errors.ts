// Exit codes a script can rely on, and the mapping from client errors to them.
import { InvalidReferenceError, RegistryError, TLS_ADVICE } from '../registry';
import { printable } from '../registry/printable';

/** `scanFailed`: `regx scan` could not produce a report (its gate uses --exit-code N for findings). */
export const EXIT = { ok: 0, failed: 1, usage: 2, notFound: 3, auth: 4, scanFailed: 5 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Wrong invocation: unknown option, missing argument, malformed reference (exit 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure the CLI itself decides on (refusals, not-found), with its exit code. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(message: string, readonly exitCode: ExitCode = EXIT.failed) { super(message); }
}

const AUTH_CODES = new Set(['UNAUTHORIZED', 'DENIED', 'AUTH_REALM_INSECURE', 'AUTH_REALM_INVALID', 'CREDENTIAL_HELPER']);
const NOT_FOUND_CODES = new Set(['MANIFEST_UNKNOWN', 'NAME_UNKNOWN', 'BLOB_UNKNOWN', 'NOT_FOUND']);

export function exitCodeFor(e: unknown): ExitCode {
  if (e instanceof UsageError || e instanceof InvalidReferenceError) return EXIT.usage;
  if (e instanceof CliError) return e.exitCode;
  if (e instanceof RegistryError) {
    if (e.status === 401 || e.status === 403 || (e.code && AUTH_CODES.has(e.code))) return EXIT.auth;
    if (e.status === 404 || (e.code && NOT_FOUND_CODES.has(e.code))) return EXIT.notFound;
  }
  return EXIT.failed;
}

/** One line for stderr: the message only (client messages are user-facing and never carry credentials). */
export function errorLine(e: unknown): string {
  let msg = e instanceof Error ? e.message : String(e);
  // The client's advice is generic: say it once, in the CLI's own words (its options).
  if (e instanceof RegistryError && e.code === 'TLS_UNTRUSTED') msg = `${msg.replace(TLS_ADVICE, '').trimEnd()} (regx: --ca-file PATH, or --insecure)`;
  if (e instanceof RegistryError && e.code === 'DEADLINE_EXCEEDED') msg += ' (regx: --timeout SECONDS)';
  // One line, whatever the server put in its message (printable.ts: escapes, CR, bidi controls).
  return printable(`regx: ${msg.replace(/\s*\n\s*/g, ' ')}`);
}
