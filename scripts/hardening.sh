#!/usr/bin/env bash
# The hardening runs (issue 7) that CI does before the test suite:
#   asan  every test under AddressSanitizer + UndefinedBehaviorSanitizer (clang 14, build/asan);
#         the same build holds the libFuzzer targets, instrumented once for both
#   fuzz  every libFuzzer target for LIQMAP_FUZZ_SECONDS (default 20), two at a time, from that
#         build (scripts/fuzz.sh)
#   tsan  the threaded exchange, engine and GUI-bridge tests under ThreadSanitizer (build/tsan)
# Installs the packages first (scripts/install-deps.sh). Stops at the first failure; prints how
# long each stage took.
#
#   scripts/hardening.sh [asan|fuzz|tsan ...]   (default: all three, in that order)
set -euo pipefail
cd "$(dirname "$0")/.."

stages=("$@")
if [ ${#stages[@]} -eq 0 ]; then
    stages=(asan fuzz tsan)
fi
for stage in "${stages[@]}"; do
    case "$stage" in
        asan | fuzz | tsan) ;;
        *)
            echo "usage: scripts/hardening.sh [asan|fuzz|tsan ...]   (unknown stage '$stage')" >&2
            exit 2
            ;;
    esac
done

bash scripts/install-deps.sh
for stage in "${stages[@]}"; do
    started=$(date +%s)
    echo "hardening: $stage"
    case "$stage" in
        asan | tsan)
            cmake --preset "$stage"
            cmake --build --preset "$stage"
            ctest --preset "$stage"
            ;;
        fuzz)
            LIQMAP_FUZZ_PRESET=asan LIQMAP_FUZZ_JOBS="${LIQMAP_FUZZ_JOBS:-2}" \
                bash scripts/fuzz.sh "${LIQMAP_FUZZ_SECONDS:-20}"
            ;;
    esac
    echo "hardening: $stage passed in $(($(date +%s) - started)) s"
done
