// The build settings read through Config.build() (src/config.ts): defaults, cleaning of malformed values, and
// Restricted Mode, where a workspace's settings.json cannot choose the builder, its storage or the build context.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { installCommandFakes } from './fakeVscode';

const fakes = installCommandFakes();
/* eslint-disable @typescript-eslint/no-require-imports */
const { Config } = require('../../../src/config') as typeof import('../../../src/config');

const set = (key: string, v: { globalValue?: unknown; workspaceValue?: unknown }) => { fakes.config[`registryExplorer.${key}`] = v; };

describe('Config.build()', () => {
  test('defaults', () => {
    fakes.config = {};
    fakes.trusted = true;
    assert.deepEqual(new Config().build(), {
      builder: 'auto', context: '.', args: {}, platforms: [], envTags: ['dev', 'staging', 'prod'], isolation: undefined, storage: undefined,
    });
  });

  test('values are cleaned: unknown builders and isolations fall back, non-string args and platforms are dropped', () => {
    fakes.config = {};
    fakes.trusted = true;
    set('builder', { globalValue: 'kaniko' });
    set('build.isolation', { globalValue: 'chroot' });
    set('build.args', { globalValue: { A: 'x', N: 3, O: { no: 1 } } });
    set('build.platforms', { globalValue: ['linux/amd64', 7, ''] });
    set('build.storage', { globalValue: { root: '/r', driver: '', runroot: 5 } });
    const s = new Config().build();
    assert.equal(s.builder, 'auto');
    assert.equal(s.isolation, 'chroot');
    assert.deepEqual(s.args, { A: 'x', N: '3' });
    assert.deepEqual(s.platforms, ['linux/amd64']);
    assert.deepEqual(s.storage, { root: '/r', runroot: undefined, driver: undefined });
  });

  test('Restricted Mode: the workspace cannot choose the builder or the context; the user still can', () => {
    fakes.config = {};
    set('builder', { globalValue: 'podman', workspaceValue: 'docker' });
    set('build.context', { workspaceValue: '../../elsewhere' });
    fakes.trusted = true;
    assert.equal(new Config().build().builder, 'docker');
    assert.equal(new Config().build().context, '../../elsewhere');
    fakes.trusted = false;
    assert.equal(new Config().build().builder, 'podman');
    assert.equal(new Config().build().context, '.');
    fakes.trusted = true;
  });
});
