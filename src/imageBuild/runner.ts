/**
 * Runs one child process: argument array, no shell, its own process group (detached) so that
 * cancelling kills the whole tree the builder started (buildah/podman fork helpers; docker buildx runs
 * plugins). Output lines from stdout and stderr stream to a callback as they arrive.
 */
import { spawn } from 'node:child_process';
import type { Invocation } from './types';

export interface RunOptions {
  cwd?: string;
  signal?: AbortSignal;
  /** Each complete line of output (stdout and stderr interleaved as they come). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Base environment; defaults to process.env. The invocation's env is merged over it. */
  env?: NodeJS.ProcessEnv;
  /** Grace period between SIGTERM and SIGKILL on cancel. */
  killAfterMs?: number;
  /** Called with the pid once started (tests read /proc/<pid>/cmdline). */
  onSpawn?: (pid: number) => void;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  cancelled: boolean;
  /** The last lines of output (bounded), for error messages. */
  tail: string[];
}

const TAIL = 200;

export class CancelledError extends Error {
  /** The same code as the scanner's ScanError('cancelled'): one check (isCancelled) recognizes both. */
  readonly code = 'cancelled';
  constructor() { super('Cancelled'); this.name = 'CancelledError'; }
}

export function runProcess(inv: Invocation, opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) { reject(new CancelledError()); return; }
    const child = spawn(inv.command, inv.args, {
      cwd: opts.cwd,
      env: { ...(opts.env ?? process.env), ...inv.env },
      detached: true,                       // a new process group: -pid reaches every descendant
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const tail: string[] = [];
    let cancelled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const emit = (line: string, stream: 'stdout' | 'stderr') => {
      tail.push(line);
      if (tail.length > TAIL) tail.shift();
      opts.onLine?.(line, stream);
    };
    const splitter = (stream: 'stdout' | 'stderr') => {
      let rest = '';
      return {
        data: (chunk: Buffer) => {
          rest += chunk.toString('utf8');
          const parts = rest.split(/\r?\n|\r(?!\n)/);
          rest = parts.pop() ?? '';
          for (const p of parts) emit(p, stream);
        },
        end: () => { if (rest) emit(rest, stream); rest = ''; },
      };
    };
    const out = splitter('stdout');
    const err = splitter('stderr');
    child.stdout.on('data', out.data);
    child.stderr.on('data', err.data);

    const killGroup = (sig: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try { process.kill(-child.pid, sig); } catch { /* the group is gone already */ }
    };
    const onAbort = () => {
      cancelled = true;
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), opts.killAfterMs ?? 3000);
      killTimer.unref();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    child.once('spawn', () => { if (child.pid !== undefined) opts.onSpawn?.(child.pid); });
    child.once('error', (e) => {
      opts.signal?.removeEventListener('abort', onAbort);
      reject(e);
    });
    child.stdin.on('error', () => { /* the child may exit before reading stdin */ });
    if (inv.stdin !== undefined) child.stdin.end(inv.stdin);
    else child.stdin.end();

    child.once('close', (code, signal) => {
      opts.signal?.removeEventListener('abort', onAbort);
      out.end();
      err.end();
      // The leader is gone; make sure no stray descendant of a cancelled run lives on.
      if (cancelled) { killGroup('SIGKILL'); if (killTimer) clearTimeout(killTimer); }
      resolve({ code, signal, cancelled, tail });
    });
  });
}
