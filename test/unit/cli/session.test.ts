// The session binds typed credentials to a host before any request: unscoped ones to the command's one
// registry, --src-*/--dest-* to their side of a copy; unscoped ones across two registries are a usage error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Session, type ExplicitCredentials } from '../../../src/cli/session';
import { UsageError } from '../../../src/cli/errors';

const given = (password: string, from: string) => ({ credentials: { username: 'u', password }, from });
const session = (explicit: ExplicitCredentials) => new Session({ env: {}, explicit, noCache: true });

test('unscoped credentials: one registry per session; a copy across two registries is a usage error', async () => {
  const s = session({ only: given('p', '--creds-stdin') });
  try {
    assert.equal(s.client('a.example.com').registry, 'a.example.com');
    assert.throws(() => s.client('b.example.com'), (e: unknown) => e instanceof UsageError && /--creds-stdin is for one registry/.test(e.message));
    assert.throws(() => s.pair('a.example.com', 'b.example.com'), (e: unknown) => e instanceof UsageError && /--src-username/.test(e.message));
    const same = s.pair('a.example.com', 'a.example.com');
    assert.equal(same.src, same.dest, 'one client when both sides are on one registry');
  } finally { await s.close(); }
});

test('--src-*/--dest-*: one client per side; on one registry two different sets are a usage error', async () => {
  const s = session({ src: given('ps', '--src-creds-stdin'), dest: given('pd', 'REGX_DEST_USERNAME/REGX_DEST_PASSWORD') });
  try {
    const p = s.pair('a.example.com', 'b.example.com');
    assert.notEqual(p.src, p.dest);
    assert.throws(() => s.pair('c.example.com', 'c.example.com'), (e: unknown) => e instanceof UsageError && /both on c\.example\.com/.test(e.message));
  } finally { await s.close(); }
});
