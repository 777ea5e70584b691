/** URL helpers for registry definitions. Pure: unit-tested in plain Node. */

/** "registry.example.com:5000" → "https://registry.example.com:5000"; keeps an explicit http(s) scheme; no paths. */
export function normalizeUrl(input: string): string | undefined {
  const t = input.trim().replace(/\/+$/, '');
  if (!t) return undefined;
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(t) ? t : `https://${t}`);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    if (u.pathname !== '/' && u.pathname !== '') return undefined;
    if (u.username || u.password || u.search || u.hash) return undefined; // credentials never go in the URL
    return u.origin;
  } catch {
    return undefined;
  }
}

export function isDockerHubUrl(url: string): boolean {
  try { return /(^|\.)docker\.(io|com)$/.test(new URL(url).hostname); } catch { return false; }
}

/** Host names from a Docker config.json, normalized: "https://index.docker.io/v1/" → "docker.io". */
export function dockerConfigHosts(json: unknown): string[] {
  const o = (json && typeof json === 'object' ? json : {}) as { auths?: Record<string, unknown>; credHelpers?: Record<string, unknown> };
  const keys = [...Object.keys(o.auths ?? {}), ...Object.keys(o.credHelpers ?? {})];
  const hosts = keys.map((k) => {
    const h = k.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
    return h === 'index.docker.io' || h === 'registry-1.docker.io' ? 'docker.io' : h;
  }).filter(Boolean);
  return [...new Set(hosts)];
}
