#!/usr/bin/env bash
# `npm run test:node`: the suite's portable core on the other supported Node.js LTS lines (22 and
# 24; `npm test` runs everything on the machine's Node). Each version comes from the npm
# registry (the `node` package, cached under node_modules/.cache), a copy of the working tree is
# installed with it (better-sqlite3 built for its ABI against its own headers, the WebAssembly
# kernel compiled), and the core runs there: unit tests, the WebAssembly kernel and its threads,
# embedded sweeps (SQLite, piscina, artifacts) and the cluster over real gRPC and NATS.
# IONSWEEP_NODE_VERSIONS="22 24" chooses the versions.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
versions=${IONSWEEP_NODE_VERSIONS:-"22 24"}
core=(shared node-agent/src coordinator/src test/md/wasm-kernel.test.ts test/sweep/embedded.test.ts
  test/sweep/artifacts.test.ts test/cluster/cluster.test.ts)

bash scripts/ensure-system-deps.sh
for v in $versions; do
  cache="$root/node_modules/.cache/ionsweep-node/$v"
  if ! ls "$cache"/node_modules/node/node_modules/node-*/bin/node >/dev/null 2>&1; then
    echo "== Node $v: installing it from the npm registry"
    mkdir -p "$cache"
    npm install --prefix "$cache" --no-save --no-audit --no-fund --loglevel=error "node@$v" >/dev/null
  fi
  nodedir=$(dirname "$(dirname "$(ls "$cache"/node_modules/node/node_modules/node-*/bin/node | head -1)")")
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  # the working tree as it is (committed or not), without installs and builds
  git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$work"
  (
    cd "$work"
    export PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nodedir"
    echo "== Node $(node --version): npm ci"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
    echo "== Node $(node --version): the core of the suite"
    npx vitest run "${core[@]}"
  )
  rm -rf "$work"
  trap - EXIT
done
