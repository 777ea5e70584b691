// The one URL redaction of the project: the client's request lines and errors, and the extension's log
// (src/log.ts), go through it. Signed URLs carry their secret under any name (S3 `X-Amz-Signature`, Azure
// `sig`, GCS `X-Goog-Signature`, CloudFront `Signature`, a CDN's `verify` or `token` …), so no list of
// secret names is ever complete: we list the names whose values are safe instead.

/**
 * Query parameters the client itself sends whose values are never secret, kept for debugging: paging
 * (OCI distribution-spec, "Listing Tags": n, last), blob upload and mount (digest, mount, from), referrers
 * filtering (artifactType) and the token request (distribution token spec, "Requesting a Token": service,
 * scope). `account` (a user name) and everything else is redacted.
 */
const SAFE_QUERY = new Set(['n', 'last', 'digest', 'mount', 'from', 'artifacttype', 'service', 'scope']);

export interface RedactOptions {
  /**
   * The URL came from a redirect (a Location we did not build, typically a pre-signed object-storage URL):
   * every query value is redacted, even for the names above.
   */
  redirect?: boolean;
}

/** The URL without userinfo, with query values redacted (see SAFE_QUERY). Never throws. */
export function redactUrl(u: URL | string, opts: RedactOptions = {}): string {
  let url: URL;
  try { url = new URL(String(u)); } catch {
    // Not a URL: drop anything that looks like userinfo or a query.
    return String(u).replace(/\/\/[^/@]*@/, '//').replace(/\?.*$/, '?REDACTED');
  }
  url.username = '';
  url.password = '';
  if (url.search) {
    const kept = [...url.searchParams].map(([k, v]) => [k, opts.redirect || !SAFE_QUERY.has(k.toLowerCase()) ? 'REDACTED' : v]);
    url.search = new URLSearchParams(kept).toString();
  }
  return url.toString();
}
