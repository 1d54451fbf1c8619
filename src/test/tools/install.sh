#!/usr/bin/env bash
# Installs the real stand-ins the tests talk to, once, into a cache shared by later runs:
#   - the Firebase Auth emulator (npm firebase-tools)
#   - COTURN (Debian package coturn: turnserver and turnutils_uclient), to check TURN credentials
#   - Azurite (npm azurite), the Azure Blob Storage emulator the media tests upload to
#   - typescript and openapi-typescript (npm), which generate and type-check clients/typescript
# The npm tools are installed with `npm ci` from the package.json and package-lock.json of their folder next to this
# script, so that every machine gets the same tree, transitive dependencies included. To change a version, edit the
# package.json, run `npm install --package-lock-only` in that folder and commit both files: the next run reinstalls.
# Needs Node.js 20+ (firebase-tools 15 requires it) and npm.
# Idempotent: a second run finds everything in place and returns at once. The cache folder is the first argument
# (the Maven build passes the one it also hands to the tests), else $BANTER_TEST_TOOLS, else
# ~/.cache/banter-test-tools.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
tools="${1:-${BANTER_TEST_TOOLS:-$HOME/.cache/banter-test-tools}}"
node_major=20

# Checked on every run, installed or not: the tests run node themselves, and an older one fails later and obscurely.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "install.sh: Node.js $node_major+ and npm are needed on the PATH (Firebase Auth emulator, Azurite, the TypeScript" \
    "client's tests)" >&2
  exit 1
fi
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt "$node_major" ]; then
  echo "install.sh: Node.js $node_major+ is needed (firebase-tools requires it); this is $(node --version)" >&2
  exit 1
fi

mkdir -p "$tools"
# Builds running side by side (git worktrees) share the cache: one installs while the others wait, then finds it done.
exec 9>"$tools/.install.lock"
flock 9

# Installs the tree locked in the folder $1 next to this script into its own npm prefix $tools/$2 (an npm install into
# a prefix prunes what its package.json does not name, so each tool keeps its own), unless the same lockfile was
# installed there already: the marker is the hash of the files it was installed from.
install_locked() {
  local locked="$here/$1" prefix="$tools/$2" hash
  hash="$(cat "$locked/package.json" "$locked/package-lock.json" | sha256sum | cut -d' ' -f1)"
  if [ "$(cat "$prefix/.installed-lock" 2>/dev/null)" = "$hash" ]; then
    return
  fi
  echo "Installing $1 into $prefix from src/test/tools/$1/package-lock.json (first run only)"
  mkdir -p "$prefix"
  rm -f "$prefix/.installed-lock"
  cp "$locked/package.json" "$locked/package-lock.json" "$prefix/"
  npm ci --prefix "$prefix" --no-audit --no-fund --loglevel=error >/dev/null
  echo "$hash" > "$prefix/.installed-lock"
}

install_locked firebase npm

if ! command -v turnserver >/dev/null || ! command -v turnutils_uclient >/dev/null; then
  echo "Installing coturn (first run only)"
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y -qq --no-install-recommends coturn >/dev/null
fi

install_locked azurite azurite

# --- TypeScript client (clients/typescript): openapi-typescript generates its types, tsc checks it ---
# clients/typescript/package.json names the same versions for the app's developers.
install_locked typescript typescript
