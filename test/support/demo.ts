// A local demo registry with a little of everything the explorer shows: a few repositories, sibling tags,
// tags of different ages, a multi-arch index and a repository with many tags. Used by `npm start`
// (scripts/demo-registry.mjs) and by tests that want a realistic registry without writing their own seed.
import { startRegistry, type RegistryMode, type TestRegistry } from './registry';
import { pushImage, pushIndex, tagImage, tagMany } from './seed';

export interface DemoRegistry extends TestRegistry {
  repositories: string[];
}

const DAY = 86_400_000;

export async function seedDemo(reg: TestRegistry, opts: { manyTags?: number } = {}): Promise<string[]> {
  const now = Date.now();
  // library/alpine: three versions; `latest` and `3` share 3.20's digest (sibling tags).
  await pushImage(reg, 'library/alpine', '3.18', { created: new Date(now - 400 * DAY) });
  await pushImage(reg, 'library/alpine', '3.19', { created: new Date(now - 200 * DAY) });
  await pushImage(reg, 'library/alpine', '3.20', { created: new Date(now - 20 * DAY), layers: 2 });
  await tagImage(reg, 'library/alpine', '3.20', 'latest');
  await tagImage(reg, 'library/alpine', '3.20', '3');
  // team/web: a multi-arch index.
  await pushIndex(reg, 'team/web', '1.0.0', ['linux/amd64', 'linux/arm64/v8', 'linux/arm/v7'], { created: new Date(now - 3 * DAY) });
  await tagImage(reg, 'team/web', '1.0.0', 'stable');
  // team/api: builds over the last month, the cleanup case prune is for.
  for (let i = 0; i < 12; i++) {
    await pushImage(reg, 'team/api', `build-${String(i + 1).padStart(3, '0')}`, { created: new Date(now - (30 - i * 2.5) * DAY) });
  }
  await tagImage(reg, 'team/api', 'build-012', 'release-1.4');
  // tools/ci-cache: many tags of one manifest.
  const d = await pushImage(reg, 'tools/ci-cache', 'base', { created: new Date(now - 7 * DAY) });
  await tagMany(reg, 'tools/ci-cache', d, opts.manyTags ?? 250, { prefix: 'cache-' });
  return ['library/alpine', 'team/api', 'team/web', 'tools/ci-cache'];
}

export async function startDemoRegistry(mode: RegistryMode = 'plain', opts: { manyTags?: number } = {}): Promise<DemoRegistry> {
  const reg = await startRegistry(mode);
  try {
    const repositories = await seedDemo(reg, opts);
    return Object.assign(reg, { repositories });
  } catch (e) {
    await reg.stop();
    throw e;
  }
}
