#!/bin/sh
# regx (dist/regx, the package's bin): starts the CLI with as little work before it as possible.
# - With the V8 start-up snapshot of the CLI (dist/snapshot-*/cli.blob) when `node` on PATH is the binary
#   that built it (same file and mtime; see scripts/build-snapshot.mjs), the blob is of the CLI built now
#   (dist/cli-snapshot.js has the mtime it was built from) and NODE_OPTIONS is empty (V8 flags would make Node
#   refuse the blob); otherwise with dist/cli.js, which compiles the CLI through V8's code cache.
# - NODE_EXTRA_CA_CERTS is handed over as REGX_EXTRA_CA_CERTS: Node 20 parses the whole file (and its own
#   roots) at every start, even for a plain-HTTP registry; the client adds those CAs to Node's roots when it
#   makes a TLS connection, and puts NODE_EXTRA_CA_CERTS back for the processes it starts. Not done when
#   NODE_OPTIONS chooses a CA store (--use-openssl-ca and the like): Node's own handling then stays.
# - V8 flags: --liftoff-only (see runCli in src/cli/main.ts) on the command line, where Node 24 honours it (it
#   ignores the same flag set at run time); the snapshot is built with it. REGX_V8_FLAGS (set, even empty)
#   replaces it and selects dist/cli.js.
# User arguments are passed on only as "$@", never through a string.
case $0 in */*) p=$0 ;; *) p=./$0 ;; esac
# npm links bins as symlinks: find the real file, where dist/ is.
while [ -L "$p" ]; do
  l=$(readlink "$p") || break
  case $l in /*) p=$l ;; *) p=${p%/*}/$l ;; esac
done
d=${p%/*}
if [ -n "${NODE_EXTRA_CA_CERTS-}" ]; then
  case ${NODE_OPTIONS-} in
    *-ca*) ;;
    *) REGX_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS; export REGX_EXTRA_CA_CERTS; unset NODE_EXTRA_CA_CERTS ;;
  esac
fi
node=$(command -v node) || { echo "regx: node is not on PATH" >&2; exit 127; }
if [ -n "${REGX_V8_FLAGS+set}" ]; then
  exec "$node" "$d/cli.js" "$@"
fi
if [ -z "${NODE_OPTIONS-}" ] && [ -z "${REGX_NO_SNAPSHOT-}" ]; then
  for s in "$d"/snapshot-*/; do
    if [ -f "${s}cli.blob" ] && [ "$node" -ef "${s}node" ] && [ ! "$node" -nt "${s}node.stamp" ] && [ ! "$node" -ot "${s}node.stamp" ] &&
      [ -f "$d/cli-snapshot.js" ] && [ ! "$d/cli-snapshot.js" -nt "${s}entry.stamp" ] && [ ! "$d/cli-snapshot.js" -ot "${s}entry.stamp" ]; then
      exec "$node" --liftoff-only --snapshot-blob "${s}cli.blob" -- "$@"
    fi
  done
fi
exec "$node" --liftoff-only "$d/cli.js" "$@"
