// Runs a local Trivy on an image reference and returns its parsed report.
//   trivy image --format json --quiet [--server URL] [--insecure] -- <ref>
// The process is spawned with an argument array (no shell), so the reference is one argv entry whatever it
// holds, and `--` ends option parsing (pflag) so a reference starting with "-" is never read as a flag.
// Credentials go ONLY through Trivy's environment (TRIVY_USERNAME / TRIVY_PASSWORD / TRIVY_REGISTRY_TOKEN,
// Trivy docs "Private registries"), never argv, where any local user could read them in /proc.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanError } from './errors';
import type { ScanReport } from './model';
import { parseTrivyReport } from './parseTrivyReport';

export const TRIVY_PATH_SETTING = 'registryExplorer.trivy.path';
export const TRIVY_INSTALL_URL = 'https://trivy.dev/latest/getting-started/installation/';
/** Reports of big images can be tens of MB; anything past this is not a report we can show. */
export const DEFAULT_MAX_OUTPUT_BYTES = 256 * 1024 * 1024;
const STDERR_TAIL_BYTES = 4096;

export interface TrivyCredentials {
  username?: string;
  password?: string;
  /** A registry bearer token (TRIVY_REGISTRY_TOKEN), when the registry gave one instead of a password. */
  registryToken?: string;
}

export interface RunTrivyOptions {
  /** Executable name or path (setting `registryExplorer.trivy.path`); default "trivy" from PATH. */
  trivyPath?: string;
  /** The image reference, as Trivy should pull it ("127.0.0.1:5000/app:1.0" or "…@sha256:…"). */
  ref: string;
  /**
   * Scan this image archive (OCI or docker-archive tar, `trivy image --input`) instead of pulling `ref`: an image
   * built but not pushed yet (Build and Push's scan before push). `ref` then only names it in messages.
   */
  inputArchive?: string;
  credentials?: TrivyCredentials;
  /** Extra CA bundle (PEM) for the registry: passed as SSL_CERT_FILE, which Go's TLS stack reads. */
  caFile?: string;
  /** Plain HTTP or unverified TLS to the registry (`--insecure`). */
  insecure?: boolean;
  /** Client/server mode: a Trivy server URL (`--server`). */
  serverUrl?: string;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
  maxOutputBytes?: number;
  /** Base environment (default process.env); TRIVY_USERNAME/PASSWORD/REGISTRY_TOKEN in it are replaced. */
  env?: NodeJS.ProcessEnv;
  /** Trivy's output format: its JSON report (default) or a CycloneDX SBOM of the image (`--format cyclonedx`). */
  format?: 'json' | 'cyclonedx';
}

export function trivyArgs(o: Pick<RunTrivyOptions, 'ref' | 'serverUrl' | 'insecure' | 'inputArchive' | 'format'>): string[] {
  const args = ['image', '--format', o.format ?? 'json', '--quiet'];
  if (o.serverUrl) args.push('--server', o.serverUrl);
  if (o.inputArchive) {
    // `--input=PATH` as one element: the path can never be read as another option.
    args.push(`--input=${o.inputArchive}`);
    return args;
  }
  if (o.insecure) args.push('--insecure');
  args.push('--', o.ref);
  return args;
}

export function trivyEnv(o: Pick<RunTrivyOptions, 'credentials' | 'caFile' | 'env'>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...(o.env ?? process.env) };
  // Never let an inherited credential for some other registry leak into this scan.
  delete env.TRIVY_USERNAME;
  delete env.TRIVY_PASSWORD;
  delete env.TRIVY_REGISTRY_TOKEN;
  const c = o.credentials;
  if (c?.username !== undefined && c.password !== undefined) {
    env.TRIVY_USERNAME = c.username;
    env.TRIVY_PASSWORD = c.password;
  }
  if (c?.registryToken) env.TRIVY_REGISTRY_TOKEN = c.registryToken;
  if (o.caFile) env.SSL_CERT_FILE = o.caFile;
  return env;
}

export async function runTrivy(o: RunTrivyOptions): Promise<ScanReport> {
  const json = await runTrivyJson({ ...o, format: 'json' });
  try {
    return parseTrivyReport(json);
  } catch (e) {
    throw new ScanError('bad-report', (e as Error).message);
  }
}

/** The image's CycloneDX SBOM as Trivy writes it (`trivy image --format cyclonedx`), parsed JSON. */
export function runTrivySbom(o: Omit<RunTrivyOptions, 'format'>): Promise<unknown> {
  return runTrivyJson({ ...o, format: 'cyclonedx' });
}

/** Runs Trivy and returns its output as parsed JSON (whatever `o.format` asked for). */
async function runTrivyJson(o: RunTrivyOptions): Promise<unknown> {
  const trivyPath = o.trivyPath?.trim() || 'trivy';
  const max = o.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const secrets = [o.credentials?.password, o.credentials?.registryToken].filter((s): s is string => !!s && s.length >= 3);
  const redact = (text: string) => secrets.reduce((t, s) => t.split(s).join('***'), text);
  if (o.signal?.aborted) throw new ScanError('cancelled', 'The scan was cancelled.');

  const dir = await mkdtemp(join(tmpdir(), 'regx-trivy-'));
  const outFile = join(dir, 'report.json');
  try {
    o.onProgress?.(`Running Trivy on ${o.ref}`);
    await new Promise<void>((resolve, reject) => {
      const child = spawn(trivyPath, trivyArgs(o), {
        env: trivyEnv(o),
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true, // its own process group, so cancelling kills Trivy and anything it started
        windowsHide: true,
      });
      const out = createWriteStream(outFile, { mode: 0o600 });
      let outBytes = 0;
      let stderr = '';
      let settled = false;
      let killTimer: NodeJS.Timeout | undefined;
      const killTree = () => {
        if (child.pid === undefined) return;
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          /* already gone */
        }
        killTimer = setTimeout(() => {
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            /* already gone */
          }
        }, 2000);
        killTimer.unref();
      };
      const finish = (err?: ScanError) => {
        if (settled) return;
        settled = true;
        o.signal?.removeEventListener('abort', onAbort);
        if (err) {
          killTree();
          out.destroy();
          reject(err);
        } else {
          out.end(() => resolve());
        }
      };
      const onAbort = () => finish(new ScanError('cancelled', 'The scan was cancelled.'));
      o.signal?.addEventListener('abort', onAbort, { once: true });

      child.stdout.on('data', (chunk: Buffer) => {
        if (settled) return;
        outBytes += chunk.length;
        if (outBytes > max) {
          finish(new ScanError('output-too-large', `Trivy's report is larger than ${Math.round(max / 1048576)} MiB; scan a smaller image or run Trivy outside the editor.`));
          return;
        }
        out.write(chunk);
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
      });
      child.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT' || e.code === 'EACCES') {
          finish(
            new ScanError(
              'trivy-not-found',
              `Trivy was not found (${e.code === 'EACCES' ? 'not executable' : 'no such file'}: "${trivyPath}"). Install Trivy (${TRIVY_INSTALL_URL}) or set "${TRIVY_PATH_SETTING}" to its full path.`,
            ),
          );
        } else {
          finish(new ScanError('trivy-failed', `Trivy could not be started: ${e.message}`));
        }
      });
      child.on('close', (code, signal) => {
        if (killTimer) clearTimeout(killTimer);
        if (code === 0) {
          finish();
          return;
        }
        const tail = redact(stderr.trim());
        const last = tail.split('\n').filter(Boolean).slice(-3).join('\n');
        finish(new ScanError('trivy-failed', `Trivy failed (${signal ? `signal ${signal}` : `exit code ${code}`}) scanning ${o.ref}${last ? `:\n${last}` : '.'}`, tail));
      });
    });

    o.onProgress?.('Reading the report');
    const text = await readFile(outFile, 'utf8');
    if (text.trim() === '') throw new ScanError('bad-report', 'Trivy finished but printed no report.');
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      throw new ScanError('bad-report', `Trivy printed something that is not JSON (${(e as Error).message}).`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
