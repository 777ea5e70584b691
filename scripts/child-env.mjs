// The environment for child tools the project's scripts start (npm, code-server, test runners, builders).
// `npm test` / `npm start` run under npm, which exports its own state into the script's environment:
// `npm_config_user_agent` (code-server's postinstall reads the Node major from it, so a nested npm under
// Node 24 still reported "node/v20"), `npm_config_local_prefix` (the project folder, where a nested
// `npm install` would then write), `npm_lifecycle_*`, `npm_package_*`, `INIT_CWD`, `NODE`. A child must
// behave as it does when a user types the command in a fresh shell, so none of that is passed on; npm reads
// the user's real configuration (~/.npmrc, the global npmrc) itself.
const inherited = /^(npm_|INIT_CWD$|NODE$|COLOR$)/i;

/** process.env without npm's per-run variables, plus `extra`. */
export function cleanEnv(extra = {}, base = process.env) {
  const env = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined && !inherited.test(k)) env[k] = v;
  return { ...env, ...extra };
}

/** The names cleanEnv drops from `base` (for tests and diagnostics). */
export function droppedNames(base = process.env) {
  return Object.keys(base).filter((k) => inherited.test(k));
}
