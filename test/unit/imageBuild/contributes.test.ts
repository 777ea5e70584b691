// The contributions the build commands rely on are in package.json: the settings Config.build() reads,
// and menus on Dockerfiles whose `resourceFilename` pattern accepts the same names as isDockerfileName.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDockerfileName } from '../../../src/imageBuild/dockerfile';

interface Menu { command: string; when?: string }
const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[]; menus: Record<string, Menu[]>; configuration: { properties: Record<string, unknown> } | { properties: Record<string, unknown> }[] };
};

test('build settings and commands are contributed', () => {
  const conf = pkg.contributes.configuration;
  const props = Object.assign({}, ...(Array.isArray(conf) ? conf : [conf]).map((c) => c.properties)) as Record<string, unknown>;
  for (const k of ['builder', 'build.context', 'build.args', 'build.platforms', 'build.envTags', 'build.isolation', 'build.storage']) {
    assert.ok(props[`registryExplorer.${k}`], `registryExplorer.${k} is not contributed`);
  }
  const cmds = pkg.contributes.commands.map((c) => c.command);
  assert.ok(cmds.includes('registryExplorer.buildAndPush') && cmds.includes('registryExplorer.pushLocalImage'));
});

test('Dockerfile menus: explorer context and editor title, matching the same file names', () => {
  for (const where of ['explorer/context', 'editor/title']) {
    const m = (pkg.contributes.menus[where] ?? []).find((x) => x.command === 'registryExplorer.buildAndPush');
    assert.ok(m?.when, `no buildAndPush in ${where}`);
    assert.match(m.when, /resourceLangId == dockerfile/);
    const re = /resourceFilename =~ \/(.+)\/(i?)(?:\s|$)/.exec(m.when);
    assert.ok(re, `no resourceFilename pattern in ${where}`);
    const pattern = new RegExp(re[1] as string, re[2]);
    for (const name of ['Dockerfile', 'Containerfile', 'Dockerfile.dev', 'api.Dockerfile', 'web.Containerfile']) {
      assert.ok(pattern.test(name) && isDockerfileName(`/w/${name}`), `${where}: ${name}`);
    }
    for (const name of ['README.md', 'Dockerfiles', 'MyDockerfile']) assert.ok(!pattern.test(name), `${where}: ${name}`);
  }
});
