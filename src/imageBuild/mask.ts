/** Shows a command the way a user could paste it into a POSIX shell, with every secret replaced. */
import type { Invocation } from './types';

export const MASK = '********';

export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a secret that contains another is masked whole.
  for (const s of [...secrets].filter((x) => x.length >= 1).sort((a, b) => b.length - a.length)) {
    out = out.split(s).join(MASK);
  }
  return out;
}

/** POSIX single-quoting where needed; plain words stay readable. */
export function shellQuote(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** `DOCKER_CONFIG=/tmp/x docker login … < (stdin)` with secrets masked. */
export function displayCommand(inv: Invocation, secrets: readonly string[] = []): string {
  const env = Object.entries(inv.env ?? {}).map(([k, v]) => `${k}=${shellQuote(v)}`);
  const line = [...env, inv.command, ...inv.args].map((a, i) => (i < env.length ? a : shellQuote(a))).join(' ');
  const withStdin = inv.stdin !== undefined ? `${line} <<< ${MASK}` : line;
  return maskSecrets(withStdin, secrets);
}
