// Runs the real CLI bundle as a separate process (what users run): built once per test process with
// esbuild into a temp dir, so a test never depends on a stale dist/ or on other bundles building.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { main } from '../../src/cli/main';

export interface CliResult { code: number; stdout: string; stderr: string; requests: number; lines: string[] }

let bundle: Promise<string> | undefined;
const root = join(__dirname, '..', '..');

export function cliBundle(): Promise<string> {
  bundle ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regx-cli-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const outfile = join(dir, 'cli.js');
    await build({
      entryPoints: [join(root, 'src/cli/main.ts')], outfile, bundle: true, platform: 'node', format: 'cjs',
      target: 'node20', logLevel: 'error', banner: { js: '#!/usr/bin/env node' },
    });
    return outfile;
  })();
  return bundle;
}

function result(code: number, stdout: string, stderr: string): CliResult {
  const m = /regx: (\d+) request\(s\)/.exec(stderr);
  const lines = stderr.split('\n').filter((l) => /^regx: (GET|HEAD|PUT|POST|DELETE|PATCH) /.test(l));
  return { code, stdout, stderr, requests: m ? Number(m[1]) : lines.length, lines };
}

/**
 * Runs the CLI's main() in this process: the same code path as the bundle minus Node's start-up, so a
 * test can afford dozens of invocations on a busy 2-core machine. Each call gets its own session and env.
 */
export async function runCliInProcess(args: string[], opts: { env?: NodeJS.ProcessEnv; stdin?: string; verbose?: boolean } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(opts.verbose ? [...args, '--verbose'] : args, {
    stdout: (t) => { stdout += t; },
    stderr: (t) => { stderr += t; },
    readStdin: async () => opts.stdin ?? '',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...opts.env },
  });
  return result(code, stdout, stderr);
}

/** Runs `regx args…`; with `verbose`, counts the HTTP requests the CLI reports (its -v log). */
export async function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; stdin?: string; verbose?: boolean; cwd?: string } = {}): Promise<CliResult> {
  const file = await cliBundle();
  const argv = opts.verbose ? [...args, '--verbose'] : args;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...argv], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...opts.env },
      cwd: opts.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('error', reject);
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(result(code ?? -1, stdout, stderr));
    });
    child.stdin.end(opts.stdin ?? '');
  });
}
