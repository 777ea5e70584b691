// Helpers for the build integration tests: watch every descendant process's argv and environment
// while a build runs, scan files left behind, look inside pushed layers.
import { readdirSync, readFileSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** Polls /proc for descendants of this process and records whether any argv or environment holds a needle. */
export class ProcWatcher {
  readonly seen = new Set<string>();       // "pid argv0 argv1…" of every descendant seen
  readonly hits: string[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly needles: string[]) {}

  start(): void {
    this.timer = setInterval(() => this.scan(), 15);
  }
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.scan();
  }

  scan(): void {
    const parent = new Map<number, number>();
    for (const name of safeReaddir('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        parent.set(Number(name), ppid);
      } catch { /* exited */ }
    }
    const isDescendant = (pid: number): boolean => {
      for (let p = parent.get(pid), n = 0; p !== undefined && n < 64; p = parent.get(p), n++) if (p === process.pid) return true;
      return false;
    };
    for (const pid of parent.keys()) {
      if (!isDescendant(pid)) continue;
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`).toString('utf8').split('\0').filter(Boolean);
        const environ = readFileSync(`/proc/${pid}/environ`).toString('utf8');
        this.seen.add(`${pid} ${argv.join(' ')}`);
        for (const n of this.needles) {
          if (argv.some((a) => a.includes(n))) this.hits.push(`argv of ${pid}: ${argv[0]}`);
          if (environ.includes(n)) this.hits.push(`environment of ${pid}: ${argv[0]}`);
        }
      } catch { /* exited between listing and reading */ }
    }
  }
}

function safeReaddir(d: string): string[] {
  try { return readdirSync(d); } catch { return []; }
}

/** Every regular file under `root` whose bytes contain one of the needles. */
export function filesContaining(root: string, needles: string[]): string[] {
  const out: string[] = [];
  const bufs = needles.map((n) => Buffer.from(n));
  const walk = (d: string) => {
    for (const name of safeReaddir(d)) {
      const p = join(d, name);
      let st;
      try { st = lstatSync(p); } catch { continue; }
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && st.size < 64 * 1024 * 1024) {
        const b = readFileSync(p);
        if (bufs.some((n) => b.includes(n))) out.push(p);
      }
    }
  };
  walk(root);
  return out;
}

/** Names of entries in a (gzipped) tar layer, with file contents for small files. */
export function tarEntries(layer: Buffer): Map<string, string> {
  const tar = layer[0] === 0x1f && layer[1] === 0x8b ? gunzipSync(layer) : layer;
  const out = new Map<string, string>();
  let off = 0;
  while (off + 512 <= tar.length) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const prefix = header.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    const body = tar.subarray(off + 512, off + 512 + size);
    out.set(prefix ? `${prefix}/${name}` : name, size <= 4096 ? body.toString('utf8') : `<${size} bytes>`);
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}
