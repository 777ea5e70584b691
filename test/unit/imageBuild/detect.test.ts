import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BuilderNotFoundError, detectBuilder, which } from '../../../src/imageBuild/detect';
import { fakeBuilders } from './fakeBuilder';

describe('builder detection', () => {
  test('auto: docker when its engine answers (buildx probed), else podman, else buildah', async () => {
    const all = fakeBuilders();
    const two = fakeBuilders(['podman', 'buildah']);
    const one = fakeBuilders(['buildah']);
    try {
      const d = await detectBuilder('auto', { env: all.env, dockerEngineUp: async () => true });
      assert.deepEqual(d, { kind: 'docker', path: `${all.bin}/docker`, buildx: true });
      assert.equal((await detectBuilder('auto', { env: all.env, dockerEngineUp: async () => false })).kind, 'podman');
      assert.equal((await detectBuilder('auto', { env: two.env })).kind, 'podman');
      assert.deepEqual(await detectBuilder('auto', { env: one.env }), { kind: 'buildah', path: `${one.bin}/buildah` });
      assert.equal((await detectBuilder('buildah', { env: all.env })).path, `${all.bin}/buildah`);
      // An explicit docker setting is honoured even without an engine check.
      assert.equal((await detectBuilder('docker', { env: all.env, dockerEngineUp: async () => false })).kind, 'docker');
      await assert.rejects(detectBuilder('podman', { env: one.env }), BuilderNotFoundError);
      await assert.rejects(detectBuilder('auto', { env: { PATH: '/nonexistent' } }), /No image builder found.*docker: not on PATH/);
    } finally { all.cleanup(); two.cleanup(); one.cleanup(); }
  });
  test('this machine: the docker CLI has no engine, so auto picks podman (real probe)', async () => {
    const b = await detectBuilder('auto');
    assert.equal(b.kind, 'podman');
    assert.equal(b.path, which('podman'));
  });
  test('which ignores names with a slash and non-executables', () => {
    assert.equal(which('../bin/sh'), undefined);
    assert.equal(which('definitely-not-a-binary-xyz'), undefined);
    assert.equal(which('/bin/sh'), '/bin/sh');
  });
});
