#!/usr/bin/env bash
# Installs the real stand-ins the tests talk to, once, into a cache shared by later runs:
#   - the Firebase Auth emulator (npm firebase-tools)
#   - COTURN (Debian package coturn: turnserver and turnutils_uclient), to check TURN credentials
#   - Azurite (npm azurite), the Azure Blob Storage emulator the media tests upload to
#   - typescript and openapi-typescript (npm), which generate and type-check clients/typescript
# Idempotent: a second run finds everything in place and returns at once. The cache folder is the first argument
# (the Maven build passes the one it also hands to the tests), else $BANTER_TEST_TOOLS, else
# ~/.cache/banter-test-tools.
set -euo pipefail

tools="${1:-${BANTER_TEST_TOOLS:-$HOME/.cache/banter-test-tools}}"
firebase_version="15.34.2"
azurite_version="3.35.0"

mkdir -p "$tools/npm"
# Builds running side by side (git worktrees) share the cache: one installs while the others wait, then finds it done.
exec 9>"$tools/.install.lock"
flock 9
if [ "$(cat "$tools/npm/.firebase-tools-version" 2>/dev/null)" != "$firebase_version" ]; then
  command -v npm >/dev/null || { echo "install.sh: npm is needed for the Firebase Auth emulator" >&2; exit 1; }
  echo "Installing firebase-tools $firebase_version into $tools/npm (first run only)"
  npm install --prefix "$tools/npm" --no-save --no-audit --no-fund --loglevel=error \
    "firebase-tools@$firebase_version" >/dev/null
  echo "$firebase_version" > "$tools/npm/.firebase-tools-version"
fi

if ! command -v turnserver >/dev/null || ! command -v turnutils_uclient >/dev/null; then
  echo "Installing coturn (first run only)"
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y -qq --no-install-recommends coturn >/dev/null
fi

# Its own npm prefix: an npm install into the firebase-tools prefix would prune the packages it did not name.
mkdir -p "$tools/azurite"
if [ "$(cat "$tools/azurite/.azurite-version" 2>/dev/null)" != "$azurite_version" ]; then
  command -v npm >/dev/null || { echo "install.sh: npm is needed for Azurite" >&2; exit 1; }
  echo "Installing azurite $azurite_version into $tools/azurite (first run only)"
  npm install --prefix "$tools/azurite" --no-save --no-audit --no-fund --loglevel=error \
    "azurite@$azurite_version" >/dev/null
  echo "$azurite_version" > "$tools/azurite/.azurite-version"
fi

# --- TypeScript client (clients/typescript): openapi-typescript generates its types, tsc checks it ---
# Own npm prefix, like azurite's. clients/typescript/package.json names the same versions for the app's developers.
typescript_version="5.9.3"
openapi_typescript_version="7.13.0"
mkdir -p "$tools/typescript"
if [ "$(cat "$tools/typescript/.versions" 2>/dev/null)" != "$typescript_version $openapi_typescript_version" ]; then
  command -v npm >/dev/null || { echo "install.sh: npm is needed for the TypeScript client check" >&2; exit 1; }
  echo "Installing typescript $typescript_version and openapi-typescript $openapi_typescript_version into $tools/typescript (first run only)"
  npm install --prefix "$tools/typescript" --no-save --no-audit --no-fund --loglevel=error \
    "typescript@$typescript_version" "openapi-typescript@$openapi_typescript_version" >/dev/null
  echo "$typescript_version $openapi_typescript_version" > "$tools/typescript/.versions"
fi
