// Keyless (Fulcio certificate + Rekor transparency log) verification is cosign's job: the certificate chain,
// the SCT and the inclusion proof are sigstore's to check. We run `cosign verify` with an argument array (no
// shell) and a clean environment (PATH and HOME only, so cosign finds Docker's config.json for credentials; no
// variable of ours or the editor's leaks into it), requiring the identity and issuer from the settings.
// Plain Node: no 'vscode'.
import { execFile } from 'node:child_process';

export const COSIGN_INSTALL_URL = 'https://docs.sigstore.dev/cosign/system_config/installation/';

export interface KeylessOptions {
  cosignPath?: string;
  /** Digest-pinned reference (`host/repo@sha256:…`): what was signed, never a tag that may move. */
  ref: string;
  identity: string;
  issuer: string;
  /** Plain-HTTP registry or one with a certificate we do not verify. */
  insecure?: boolean;
  signal?: AbortSignal;
  /** Base environment to take PATH and HOME from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export type KeylessResult =
  | { status: 'verified'; reason: string }
  | { status: 'failed'; reason: string }
  | { status: 'not-installed'; reason: string };

export function cosignVerifyArgs(o: Pick<KeylessOptions, 'ref' | 'identity' | 'issuer' | 'insecure'>): string[] {
  const args = ['verify', '--certificate-identity', o.identity, '--certificate-oidc-issuer', o.issuer, '--output', 'json'];
  if (o.insecure) args.push('--allow-insecure-registry', '--allow-http-registry');
  args.push('--', o.ref);
  return args;
}

export function cosignEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of ['PATH', 'HOME', 'DOCKER_CONFIG', 'SSL_CERT_FILE', 'SystemRoot']) if (base[k]) env[k] = base[k];
  return env;
}

/** The last meaningful line cosign printed (its error), shortened. */
function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return (lines.at(-1) ?? '').replace(/^Error:\s*/, '').slice(0, 300);
}

export function verifyKeyless(o: KeylessOptions): Promise<KeylessResult> {
  const cosign = o.cosignPath?.trim() || 'cosign';
  return new Promise((resolve) => {
    execFile(cosign, cosignVerifyArgs(o), { env: cosignEnv(o.env), signal: o.signal, timeout: 120_000, maxBuffer: 16 * 1024 * 1024, windowsHide: true }, (err, _stdout, stderr) => {
      if (!err) { resolve({ status: 'verified', reason: `cosign verified a signature by ${o.identity} (issuer ${o.issuer})` }); return; }
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ENOENT' || e.code === 'EACCES') {
        resolve({ status: 'not-installed', reason: `cosign was not found on PATH; install it (${COSIGN_INSTALL_URL}) for keyless verification, or verify with a public key` });
        return;
      }
      if (e.name === 'AbortError') { resolve({ status: 'failed', reason: 'cancelled' }); return; }
      resolve({ status: 'failed', reason: lastLine(String(stderr)) || `cosign verify failed (${e.message})` });
    });
  });
}
