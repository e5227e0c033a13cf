#!/usr/bin/env bash
# Install the Debian packages the test suite needs, only when they are missing.
#
#   chromium             headless browser for tests/browser (Playwright drives
#                        /usr/bin/chromium; `playwright install` cannot download here)
#   fonts-dejavu-core    so pages render real glyphs (axe contrast checks need text)
#   postgresql           server binaries (initdb, pg_ctl, postgres) for the
#                        PostgreSQL tests, which start their own throwaway server
#   default-jre-headless only if no `java` is on PATH: the HTML checker is a Java program
#   nginx                the web server of deploy/; tests/deploy starts its own nginx on
#                        loopback in front of gunicorn (the package's service is stopped
#                        and disabled where installing started it)
#   systemd              only for `systemd-analyze verify` of deploy/systemd/ units
#   openssl              makes the throwaway TLS certificate the nginx test serves
#
# Idempotent and non-interactive: when everything is present it touches nothing
# and never runs `apt-get update`. Run as root (or through sudo when available).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

missing=()

have_package() {
    # dpkg -s succeeds for removed-but-configured packages too; require "installed".
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

need_package() {
    local package=$1 reason=$2
    if have_package "$package"; then
        echo "system-packages: $package present ($reason)"
    else
        echo "system-packages: $package missing ($reason)"
        missing+=("$package")
    fi
}

if [ -x /usr/bin/chromium ]; then
    echo "system-packages: /usr/bin/chromium present"
else
    need_package chromium "headless browser tests"
fi

need_package fonts-dejavu-core "fonts for rendered pages"

# The server binaries live outside PATH on Debian (/usr/lib/postgresql/<v>/bin).
if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "system-packages: PostgreSQL server binaries present"
else
    need_package postgresql "PostgreSQL server for tests"
fi

if command -v java >/dev/null 2>&1; then
    echo "system-packages: java present ($(command -v java))"
else
    need_package default-jre-headless "HTML checker (vnu) runs on Java"
fi

if [ -x /usr/sbin/nginx ]; then
    echo "system-packages: /usr/sbin/nginx present"
else
    need_package nginx "deployment test (tests/deploy)"
fi

if command -v systemd-analyze >/dev/null 2>&1; then
    echo "system-packages: systemd-analyze present"
else
    need_package systemd "systemd-analyze verify of deploy/systemd units"
fi

if command -v openssl >/dev/null 2>&1; then
    echo "system-packages: openssl present"
else
    need_package openssl "TLS certificate for the deployment test"
fi

if [ ${#missing[@]} -eq 0 ]; then
    echo "system-packages: nothing to install"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "system-packages: need root to install: ${missing[*]}" >&2
        exit 1
    fi
fi

# Wait for another apt/dpkg run (a parallel setup) instead of failing on the lock.
APT_OPTS=(-y -q -o DPkg::Lock::Timeout=600 --no-install-recommends)
echo "system-packages: apt-get update"
$SUDO apt-get -q -o DPkg::Lock::Timeout=600 update
echo "system-packages: apt-get install ${missing[*]}"
$SUDO apt-get install "${APT_OPTS[@]}" "${missing[@]}"
# The tests need nginx's binary, not Debian's default site on port 80: where the
# package's service started on install (machines booted with systemd), stop it.
if [[ " ${missing[*]} " == *" nginx "* ]] && [ -d /run/systemd/system ]; then
    echo "system-packages: stopping and disabling the nginx service the package started"
    $SUDO systemctl disable --now nginx.service || true
fi
echo "system-packages: done"
