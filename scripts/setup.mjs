// Installs what the tests need on a fresh Debian machine: the real CNCF registry, skopeo, buildah,
// Chromium and friends from Debian's packages (as root), then anything the later setup steps add.
// Idempotent and quiet when everything is there already.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

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
const extra = ['libkrb5-dev', 'dbus-x11', 'busybox-static'];

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
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const upd = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  if (upd.status !== 0) process.exit(1);
  const inst = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...toInstall], { stdio: 'inherit', env });
  if (inst.status !== 0) process.exit(1);
} else {
  console.log('setup: system packages present');
}

// Later steps (code-server for the in-host tests) live in their own script.
if (existsSync(new URL('./setup-code-server.mjs', import.meta.url))) {
  const r = spawnSync(process.execPath, [new URL('./setup-code-server.mjs', import.meta.url).pathname], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
