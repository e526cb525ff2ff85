#!/usr/bin/env bash
# Regenerates the accuracy tables of docs/accuracy.md: `liqmap-cli eval` for every regime and
# seeds 1..N (default 6), 24 simulated hours each, the default model against the naive baseline.
# Usage: scripts/accuracy.sh [SEEDS] [HOURS]. Needs build/release/bin/liqmap-cli:
#   cmake --preset release && cmake --build --preset release --target liqmap-cli
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-6}
hours=${2:-24}
cli=build/release/bin/liqmap-cli
[[ -x $cli ]] || { echo "build $cli first (see the comment at the top)" >&2; exit 2; }

# One line per run: regime, seed, then model and baseline values of W1, correlation, notional
# ratio and capture for longs and shorts, read from the summary block of the table (the lines
# before the first checkpoint). A missing metric is "–".
results=$(mktemp)
trap 'rm -f "$results"' EXIT
for regime in range trend-up trend-down crash squeeze; do
    for seed in $(seq 1 "$seeds"); do
        "$cli" eval --seed "$seed" --hours "$hours" --regime "$regime" |
            awk -v regime="$regime" -v seed="$seed" '
                /^checkpoint/ { exit }
                $1 == "model" || $1 == "baseline" { for (i = 3; i <= 6; i++) v[$1, $2, i] = $i }
                END {
                    line = regime " " seed
                    for (i = 3; i <= 6; i++)
                        for (s = 0; s < 2; s++) {
                            side = s == 0 ? "long" : "short"
                            line = line " " v["model", side, i] " " v["baseline", side, i]
                        }
                    print line
                }' >>"$results"
    done
done

awk '
    function cell(m, b) { return m " / " b }
    # Better: lower W1, higher correlation, ratio nearer 1 (in log terms), higher capture.
    function better(metric, m, b) {
        if (m == "–" || b == "–") return -1
        if (metric == 0) return m < b
        if (metric == 1 || metric == 3) return m > b
        lm = log(m); lb = log(b)
        return (lm < 0 ? -lm : lm) < (lb < 0 ? -lb : lb)
    }
    BEGIN {
        print "| regime | seed | W1 % long | W1 % short | correlation long | correlation short | notional ratio long | notional ratio short | capture % long | capture % short |"
        print "|---|---|---|---|---|---|---|---|---|---|"
    }
    {
        line = "| " $1 " | " $2 " |"
        for (k = 0; k < 8; k++) {
            m = $(3 + 2 * k); b = $(4 + 2 * k); metric = int(k / 2)
            line = line " " cell(m, b) " |"
            w = better(metric, m, b)
            if (w >= 0) { total[$1, metric]++; wins[$1, metric] += w }
        }
        print line
        if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }
    }
    END {
        print ""
        print "| regime | W1 lower | correlation higher | notional ratio nearer 1 | capture higher |"
        print "|---|---|---|---|---|"
        for (r = 1; r <= n; r++) {
            line = "| " order[r] " |"
            for (metric = 0; metric < 4; metric++)
                line = line " " wins[order[r], metric] + 0 " of " total[order[r], metric] + 0 " |"
            print line
        }
    }' "$results"
