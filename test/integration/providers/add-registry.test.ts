// Add Registry's provider steps with every prompt scripted (test/unit/commands/fakeVscode): the kind override,
// the provider settings, and a GitLab registry added through the command against the GitLab stand-in (the
// connection test calls GitLab's API with the token; the token lands in the secret store only).
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { choose, installCommandFakes, type, type Fakes } from '../../unit/commands/fakeVscode';
import { startGitLab, type GitLabServer } from '../../support/gitlab-server';

const fakes: Fakes = installCommandFakes();
/* eslint-disable @typescript-eslint/no-require-imports */
const { harness } = require('../../unit/commands/harness') as typeof import('../../unit/commands/harness');
const { addRegistry } = require('../../../src/commands/addRegistry') as typeof import('../../../src/commands/addRegistry');
const { pickKindOverride, promptProviderSettings } = require('../../../src/commands/providerSetup') as typeof import('../../../src/commands/providerSetup');

let gl: GitLabServer;
before(async () => { gl = await startGitLab(); });
after(async () => { await gl?.stop(); });
beforeEach(() => { fakes.calls.length = 0; fakes.script.length = 0; });

describe('Add Registry: providers', () => {
  test('a kind read from the host can be overridden to plain v2', async () => {
    fakes.script.push(choose(/^Registry v2/));
    assert.equal(await pickKindOverride('Add Registry', 'gitlab'), 'distribution');
    fakes.script.push(choose(/^GitLab$/));
    assert.equal(await pickKindOverride('Add Registry', 'gitlab'), 'gitlab');
  });

  test('GitLab asks for the API URL (derived one kept out of settings) and the groups / projects', async () => {
    const def = { id: 'x', name: '', url: 'https://registry.gitlab.example.org', kind: 'gitlab' as const };
    fakes.script.push(type('https://gitlab.example.org/api/v4'), type(' my-group, my-group/app ,my-group '));
    assert.equal(await promptProviderSettings('Add Registry', def), true);
    assert.equal((def as { apiUrl?: string }).apiUrl, undefined, 'the derived API URL is not stored');
    assert.deepEqual((def as { namespaces?: string[] }).namespaces, ['my-group', 'my-group/app']);
    const ecr = { id: 'y', name: '', url: 'https://123456789012.dkr.ecr.eu-west-1.amazonaws.com', kind: 'ecr' as const };
    fakes.script.push(type('dev-admin'));
    assert.equal(await promptProviderSettings('Add Registry', ecr), true);
    assert.equal((ecr as { awsProfile?: string }).awsProfile, 'dev-admin');
  });

  test('a GitLab registry added by the command: tested through GitLab\'s API, the token in the secret store only', async () => {
    const h = harness();
    const id = await addRegistry(h.ctx, { url: gl.url, name: 'gl', kind: 'gitlab', username: gl.username, password: gl.token, apiUrl: gl.apiUrl, namespaces: ['demo'] });
    assert.ok(id);
    assert.ok(gl.exchanges().some((x) => x.path === '/api/v4/groups/demo/registry/repositories' && x.status === 200), 'the connection test used the API');
    assert.equal((await h.ctx.registries.secret(id))?.credentials.password, gl.token);
    assert.ok(!JSON.stringify(h.defs).includes(gl.token), 'no token in the definition');
    await assert.rejects(addRegistry(h.ctx, { url: gl.url, name: 'gl2', kind: 'gitlab', username: gl.username, password: 'glpat-wrong', apiUrl: gl.apiUrl, namespaces: ['demo'] }),
      (e: Error) => /rejected the credentials/.test(e.message) && !e.message.includes('glpat-wrong') && !String((e as { cause?: Error }).cause?.message).includes('glpat-wrong'));
    assert.equal(h.defs.length, 1, 'a refused token is not saved');
    assert.ok(h.log.lines.length > 0 && !h.log.lines.join('\n').includes('glpat-wrong'), 'the log never has the token');
  });
});
