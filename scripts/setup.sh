#!/usr/bin/env bash
# Installs every Debian package that building, running and testing Jangteo needs, and the web
# app's npm packages (scripts/web.sh install: Node.js, Chromium and a Korean font if missing).
# Idempotent: what is already present is left alone, so a second run costs a few seconds.
# usage: scripts/setup.sh            (as root, or with sudo available)
set -euo pipefail

packages=(
    build-essential cmake ninja-build ccache pkg-config git
    libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
    libsqlite3-dev sqlite3 libpq-dev libsodium-dev libcurl4-openssl-dev
    libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev
    libgtest-dev libgmock-dev libbenchmark-dev
    postgresql-15 postgresql-client-15
    wrk curl ca-certificates procps clang-format
    fonts-noto-cjk
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "setup: all ${#packages[@]} packages present"
else
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "setup: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    echo "setup: installed ${#missing[@]} packages"
fi

"$(dirname "$0")/web.sh" install
