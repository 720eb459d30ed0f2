#!/usr/bin/env bash
# The web app (web/: Vite + React + TypeScript) and its browser tests (tests/browser/: node --test
# with playwright-core driving Debian's Chromium against a real `jangteo serve`).
#
# usage: scripts/web.sh install        Debian's nodejs, npm, chromium and a Korean font if missing
#                                      (apt, as root or with sudo), then `npm ci` in web/ and
#                                      tests/browser/ when node_modules is missing or its
#                                      package-lock.json changed
#        scripts/web.sh build          type-check and build web/ into web/dist
#        scripts/web.sh test [FILE..]  the browser tests (all *.test.mjs, or the files named, relative
#                                      to tests/browser/); they need the jangteo binary
#                                      (JANGTEO_BINARY, default build/release/jangteo) and web/dist
#
# Idempotent, and quiet on success but for the test report. Node.js 18 or later (Debian 12's is 18).
set -euo pipefail
cd "$(dirname "$0")/.."

log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT

die() {
    echo "web: $*" >&2
    exit 1
}

# Runs a command with its output kept aside; shows it only if the command fails.
quietly() {
    local log="$log_dir/last.log"
    if ! "$@" >"$log" 2>&1; then
        cat "$log" >&2
        die "failed: $*"
    fi
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "needs root (or sudo) to run: $*"
    fi
}

chromium_path() {
    echo "${CHROMIUM:-/usr/bin/chromium}"
}

install_debian_packages() {
    local missing=()
    command -v node >/dev/null 2>&1 || missing+=(nodejs)
    command -v npm >/dev/null 2>&1 || missing+=(npm)
    [ -x "$(chromium_path)" ] || missing+=(chromium)
    # A Korean font, so that pages and screenshots show Hangul rather than empty boxes.
    if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=ko 2>/dev/null)" ]; then
        missing+=(fonts-noto-cjk)
    fi
    if [ ${#missing[@]} -gt 0 ]; then
        echo "web: installing ${missing[*]}"
        quietly as_root apt-get update -qq
        quietly as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
    fi
    [ -x "$(chromium_path)" ] || die "no Chromium at $(chromium_path)"
    local major
    major=$(node -p 'process.versions.node.split(".")[0]')
    [ "$major" -ge 18 ] || die "Node.js 18 or later is needed, found $(node --version)"
}

# npm ci in $1 when its node_modules is missing or was installed from another package-lock.json.
install_node_modules() {
    local dir=$1 stamp want
    [ -f "$dir/package-lock.json" ] || die "$dir/package-lock.json is missing"
    command -v npm >/dev/null 2>&1 || die "npm is missing: run scripts/web.sh install"
    stamp="$dir/node_modules/.jangteo-lock"
    want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1) node-$(node -p 'process.versions.node.split(".")[0]')"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    # No browser download, ever: the tests use Debian's Chromium.
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 quietly npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$stamp"
}

cmd_install() {
    install_debian_packages
    install_node_modules web
    install_node_modules tests/browser
}

cmd_build() {
    install_node_modules web
    (cd web && quietly npm run --silent typecheck && quietly npm run --silent build)
}

cmd_test() {
    local binary=${JANGTEO_BINARY:-build/release/jangteo}
    [ -x "$binary" ] || die "no jangteo binary at $binary: run scripts/build.sh release jangteo"
    [ -f web/dist/index.html ] || die "web/dist is not built: run scripts/web.sh build"
    [ -x "$(chromium_path)" ] || die "no Chromium at $(chromium_path): run scripts/web.sh install"
    install_node_modules tests/browser
    local files=("$@")
    if [ ${#files[@]} -eq 0 ]; then
        files=()
        while IFS= read -r f; do files+=("$f"); done < <(cd tests/browser && ls -1 ./*.test.mjs)
    fi
    # Each test bounds itself at 30 s; this bounds the whole run should something hang outside a test.
    (cd tests/browser && timeout --kill-after=15 600 node --test --test-reporter=spec "${files[@]}")
}

case "${1:-}" in
install) cmd_install ;;
build) cmd_build ;;
test)
    shift
    cmd_test "$@"
    ;;
*)
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
