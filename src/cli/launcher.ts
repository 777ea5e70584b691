// dist/cli.js: starts the CLI bundle (dist/cli-main.js) through V8's code cache.
// A CLI process is short: compiling its ~400 KB bundle is a large share of its CPU time. Node 20 has no
// built-in compile cache (module.enableCompileCache is Node 22), so this does what it does: compile through
// vm.Script with the bytecode V8 produced last time, and after a run whose cache was missing or rejected
// (another Node, other flags, another bundle), save the bytecode of everything that ran. The cache is only a
// speed-up: any failure to read or write it is ignored, and V8 itself rejects bytecode that does not match.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { cacheDir } from './cacheDir';
import { handBackExtraCaCerts } from './extraCaEnv';

const wrapperHead = '(function (exports, require, module, __filename, __dirname) { ';
const wrapperTail = '\n});';

function launch(): void {
  // The same flag the CLI sets (see runCli), set before compiling: V8 ties cached code to the flags.
  setFlagsFromString(process.env.REGX_V8_FLAGS ?? '--liftoff-only');
  const file = join(__dirname, 'cli-main.js');
  const source = readFileSync(file, 'utf8');
  // Keyed by Node's version and the bundle's size and time (hashing 400 KB would cost more than it saves);
  // V8 checks the source and flags again and rejects bytecode that does not fit.
  const st = statSync(file);
  const key = `${process.version}-${st.size}-${Math.floor(st.mtimeMs)}`;
  const dir = cacheDir(process.env);
  const name = `cli-${key}.v8cache`;
  const cacheFile = join(dir, name);
  let cachedData: Buffer | undefined;
  try { cachedData = readFileSync(cacheFile); } catch { /* first run */ }

  const script = new Script(wrapperHead + source + wrapperTail, { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    process.once('exit', () => {
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        const tmp = `${cacheFile}.${process.pid}`;
        writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        renameSync(tmp, cacheFile);
        // Caches of earlier builds or Node versions are dead weight: keep only this one.
        for (const f of readdirSync(dir)) if (f !== name && f.startsWith('cli-') && f.endsWith('.v8cache')) unlinkSync(join(dir, f));
      } catch { /* a read-only home: run without the cache */ }
    });
  }
  const mod: { exports: { runCli?: () => void } } = { exports: {} };
  const fn = script.runInThisContext() as (e: object, r: NodeRequire, m: object, f: string, d: string) => void;
  fn.call(mod.exports, mod.exports, createRequire(file), mod, file, __dirname);
  if (typeof mod.exports.runCli !== 'function') throw new Error(`${file} does not export runCli`);
  handBackExtraCaCerts(process.env);
  mod.exports.runCli();
}

launch();
