#!/usr/bin/env bash
# Regenerates the user guide's screenshots (docs/images/*.png) from the built app on the
# simulated exchange, offscreen: no display and no internet needed.
#
#   bash scripts/screenshots.sh [BUILD_DIR]     (default build/release; builds target liqmap)
#
# The demo market is seeded, but what the window shows after N seconds depends on how fast this
# machine loads the history, so two runs give similar, not identical, pictures.
set -euo pipefail

cd "$(dirname "$0")/.."
build="${1:-build/release}"
if [[ ! -f "$build/CMakeCache.txt" ]]; then
    cmake --preset release
fi
cmake --build "$build" --target liqmap
app="$build/bin/liqmap"
out=docs/images
mkdir -p "$out"

shoot() {
    local name="$1"
    shift
    QT_QPA_PLATFORM=offscreen "$app" --exchange demo --after 12 --screenshot "$out/$name.png" "$@"
    echo "wrote $out/$name.png"
}

shoot map --view map --theme dark
shoot hover --view map --theme dark --hover largest
shoot heatmap --view heatmap --theme dark
shoot heatmap-hover --view heatmap --theme dark --hover largest
shoot light --view map --theme light
shoot colour-blind --view map --theme dark --palette orange-blue
shoot narrow --view map --theme dark --size 760x560
