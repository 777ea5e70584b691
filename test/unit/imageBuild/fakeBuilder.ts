// A stand-in builder on a private PATH: docker, podman and buildah are links to
// test/fixtures/build/fake-builder.sh, which records each exact argv. Used by the unit tests.
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Builder, BuilderKind } from '../../../src/imageBuild/types';

export const FAKE_SCRIPT = resolve(__dirname, '../../fixtures/build/fake-builder.sh');

export interface FakeBuilders {
  dir: string;
  bin: string;
  record: string;
  env: NodeJS.ProcessEnv;
  builder(kind: BuilderKind, buildx?: boolean): Builder;
  /** Every recorded argv, in order of the calls. argv[0] is the program. */
  calls(): string[][];
  file(suffix: string): string[];
  cleanup(): void;
}

export function fakeBuilders(kinds: BuilderKind[] = ['docker', 'podman', 'buildah'], extraEnv: NodeJS.ProcessEnv = {}): FakeBuilders {
  const dir = mkdtempSync(join(tmpdir(), 'regx-fake-'));
  const bin = join(dir, 'bin');
  const record = join(dir, 'record');
  mkdirSync(bin);
  mkdirSync(record);
  for (const k of kinds) symlinkSync(FAKE_SCRIPT, join(bin, k));
  const env = { ...process.env, PATH: bin, REGX_FAKE_RECORD: record, ...extraEnv };
  const sorted = (suffix: string) => readdirSync(record).filter((f) => f.endsWith(suffix))
    .sort((a, b) => { const [sa, pa] = a.split('-'); const [sb, pb] = b.split('-'); return BigInt(sa as string) < BigInt(sb as string) ? -1 : BigInt(sa as string) > BigInt(sb as string) ? 1 : Number.parseInt(pa as string) - Number.parseInt(pb as string); });
  return {
    dir, bin, record, env,
    builder: (kind, buildx) => ({ kind, path: join(bin, kind), ...(kind === 'docker' ? { buildx: !!buildx } : {}) }),
    calls: () => sorted('.argv').map((f) => readFileSync(join(record, f), 'utf8').split('\0').slice(0, -1)),
    file: (suffix) => sorted(suffix).map((f) => readFileSync(join(record, f), 'utf8').trim()),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
