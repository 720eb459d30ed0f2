#!/usr/bin/env bash
# Checks that every C++ file is formatted by .clang-format. With --tidy, also runs clang-tidy
# (.clang-tidy) over src/ using the asan build's compile_commands.json (slow; not part of CI).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
if ! clang-format --dry-run --Werror "${files[@]}" 2>/tmp/jangteo-format.$$; then
    grep -m 20 -E "(error|warning):" /tmp/jangteo-format.$$ >&2 || true
    rm -f /tmp/jangteo-format.$$
    echo "lint: files are not formatted; run: clang-format -i \$(git ls-files '*.cpp' '*.hpp')" >&2
    exit 1
fi
rm -f /tmp/jangteo-format.$$
echo "lint: ${#files[@]} files formatted"
if [ "${1:-}" = "--tidy" ]; then
    mapfile -t sources < <(git ls-files 'src/*.cpp')
    clang-tidy -p build/asan --quiet "${sources[@]}"
fi
