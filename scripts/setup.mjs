// Installs what `npm test` and `npm start` need on a fresh Debian machine: the real CNCF registry, skopeo,
// buildah, Chromium and friends from Debian's packages (as root; as another user it prints the one
// `apt-get install` line and stops), then code-server and Node 24 into the cache folder.
// Idempotent and quiet when everything is there already. Every step runs; a missing step is a failure.
import { spawnSync } from 'node:child_process';
import { cleanEnv } from './child-env.mjs';
import { install as installCodeServer } from './setup-code-server.mjs';

const packages = {
  // binary on PATH → Debian package
  'docker-registry': 'docker-registry',
  htpasswd: 'apache2-utils',
  openssl: 'openssl',
  skopeo: 'skopeo',
  umoci: 'umoci',
  buildah: 'buildah',
  podman: 'podman',
  chromium: 'chromium',
  'secret-tool': 'libsecret-tools',
  'gnome-keyring-daemon': 'gnome-keyring',
  'dbus-run-session': 'dbus',
};
// Checked by package, not by binary: libkrb5-dev builds code-server's native module; busybox-static is the
// static shell of the tiny base image the build tests push before a `RUN` step (a dynamic `busybox` on PATH
// would not run inside that image, so its presence proves nothing).
const extra = ['libkrb5-dev', 'dbus-x11', 'busybox-static', 'fonts-wqy-microhei']; // the last: a CJK font for the Chinese webview screenshots

const has = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
const missing = Object.entries(packages).filter(([bin]) => !has(bin)).map(([, pkg]) => pkg);
const missingExtra = extra.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
const toInstall = [...new Set([...missing, ...missingExtra])];

if (toInstall.length) {
  if (process.getuid?.() !== 0) {
    console.error(`setup: missing Debian packages: ${toInstall.join(' ')}\n` +
      `Install them with: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${toInstall.join(' ')}`);
    process.exit(1);
  }
  console.log(`setup: installing ${toInstall.join(' ')}`);
  const env = cleanEnv({ DEBIAN_FRONTEND: 'noninteractive' });
  const upd = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  if (upd.status !== 0) process.exit(1);
  const inst = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...toInstall], { stdio: 'inherit', env });
  if (inst.status !== 0) process.exit(1);
} else {
  console.log('setup: system packages present');
}

// code-server (a real VS Code host) for the in-host suite, the browser e2e tests and `npm start`.
try {
  await installCodeServer();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
