#!/usr/bin/env bash
# Install the npm packages the test suite runs, from their lock files, only when needed.
#
#   tests/registration/auth/oidc_provider   oidc-provider: the real OpenID provider the
#                                            OIDC sign-in tests start on loopback
#
# Needs node and npm (Debian's nodejs and npm packages are installed when missing).
# `npm ci` runs again only when package-lock.json is newer than the last install.
# Idempotent and non-interactive; run from the project root (./dev test does).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "test-node-packages: node or npm missing; installing Debian's nodejs and npm"
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get -q -o DPkg::Lock::Timeout=600 update
    $SUDO apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends nodejs npm
fi

for dir in tests/registration/auth/oidc_provider; do
    stamp="$dir/node_modules/.installed-from-lock"
    if [ -f "$stamp" ] && [ ! "$dir/package-lock.json" -nt "$stamp" ]; then
        echo "test-node-packages: $dir present"
        continue
    fi
    echo "test-node-packages: npm ci in $dir"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
    touch "$stamp"
done
