// What scripts/host-test.mjs started for the in-host suite: real registries in the four modes and
// the Harbor and Docker Hub test servers. The runner writes this as JSON to a file
// whose path is in REGX_TESTBED; the extension host inherits the variable from code-server.
import { readFileSync } from 'node:fs';

export type TestbedMode = 'plain' | 'basic' | 'tls' | 'token';

export interface TestbedRegistry {
  mode: TestbedMode;
  url: string;              // http(s)://127.0.0.1:PORT
  registry: string;         // 127.0.0.1:PORT
  username?: string;
  password?: string;
  caFile?: string;          // TLS mode
  authFile?: string;        // basic/token: a Docker config.json with these credentials
  /** Repositories and tags seeded before the suite started: repository → tags. */
  seeded: Record<string, string[]>;
}

/** A JSON copy of a test server object (its data fields; functions dropped). */
export type TestbedServer = Record<string, unknown> & { url: string };

export interface Testbed {
  registries: Partial<Record<TestbedMode, TestbedRegistry>>;
  harbor?: TestbedServer;
  hub?: TestbedServer;
  /** GitHub's packages API stand-in and the registry playing ghcr.io (test/support/github-server.ts). */
  github?: { apiUrl: string; url: string; registry: string; user: string; token: string; orgs: string[] };
  /** A plain registry whose `repository` has `tags` tags on one manifest (absent with REGX_HOST_BIG=0). */
  big?: { url: string; registry: string; repository: string; tags: number };
  workspace: string;        // the folder the workbench opened
  artifacts: string;        // where screenshots/results go
}

let cached: Testbed | undefined;

export function testbed(): Testbed {
  if (cached) return cached;
  const file = process.env.REGX_TESTBED;
  if (!file) throw new Error('REGX_TESTBED is not set: run the host suite through scripts/host-test.mjs');
  cached = JSON.parse(readFileSync(file, 'utf8')) as Testbed;
  return cached;
}
