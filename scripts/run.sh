#!/usr/bin/env bash
# Installs what is missing, builds, migrates, fills a fresh database with the demo region (printing
# how to sign in; a no-op once there is data) and starts Jangteo on http://127.0.0.1:8080 with the
# embedded SQLite database under ./data/. Extra arguments go to `jangteo serve` (see --help).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release jangteo
scripts/web.sh build
mkdir -p data
./build/release/jangteo migrate --db ./data/jangteo.db --log-format text
./build/release/jangteo seed --demo --db ./data/jangteo.db --log-format text
exec ./build/release/jangteo serve --db ./data/jangteo.db --listen 127.0.0.1:8080 --web-root ./web/dist \
    --log-format text "$@"
