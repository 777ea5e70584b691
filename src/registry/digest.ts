// node:crypto is loaded on the first digest, not at start-up: listing repositories or tags never needs it,
// and every CLI process pays for what it loads.
const createHash = (algorithm: string) => (require('node:crypto') as typeof import('node:crypto')).createHash(algorithm);

export function sha256Digest(bytes: Buffer | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Digest of bytes with the algorithm of `like` (sha256, sha384, sha512), or undefined for an unknown algorithm. */
export function digestLike(like: string, bytes: Buffer): string | undefined {
  const algorithm = like.slice(0, like.indexOf(':'));
  if (!['sha256', 'sha384', 'sha512'].includes(algorithm)) return undefined;
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

export function isDigest(s: string): boolean {
  return /^sha(256:[a-f0-9]{64}|384:[a-f0-9]{96}|512:[a-f0-9]{128})$/.test(s);
}
