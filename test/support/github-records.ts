// What the GitHub stand-in (github-server.ts) records of each request, and where a test in another process (the
// in-host suite, which reaches the stand-in over loopback) reads the records. No imports: the in-host bundle
// takes this file without the stand-in (whose OpenAPI description is read from disk at load).

/** `auth`: what the request carried: the stand-in's token ("token"), another Authorization ("other"), or none. */
export interface GitHubRequestRecord { method: string; path: string; query: string; operationId?: string; auth: 'token' | 'other' | 'none' }

/** Not part of GitHub's API: GET answers the request records as JSON (never the token itself). */
export const GITHUB_RECORDS_PATH = '/__stand-in/requests';
