#!/usr/bin/env bash
# Installs the dependencies, configures, builds and runs every test. The last thing it prints is
# ctest's summary. LIQMAP_PRESET picks another preset (dev, release, asan; default ci).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
preset="${LIQMAP_PRESET:-ci}"
cmake --preset "$preset"
cmake --build --preset "$preset"
ctest --preset "$preset"
