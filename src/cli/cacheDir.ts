// Where the CLI keeps what is worth keeping between processes (learned challenges and schemes, V8's code
// cache). Its own file so that the launcher can use it without loading the client.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function cacheDir(env: NodeJS.ProcessEnv): string {
  if (env.REGX_CACHE_DIR) return env.REGX_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'regx');
}
