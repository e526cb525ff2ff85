#!/usr/bin/env bash
# Runs every libFuzzer target in tests/fuzz for SECONDS each (default 20): configures and builds
# a preset when needed (default fuzz: clang 14, ASan + UBSan, build/fuzz), assembles the seed corpora in
# a temporary directory from tests/data and, read in place, ../shared/exchanges/fixtures, then
# runs the targets (LIQMAP_FUZZ_JOBS at a time). Prints the end of the log and how to reproduce
# each finding; exits non-zero on any finding. Ends with a table: target, runs, coverage, result.
#
#   scripts/fuzz.sh [SECONDS]
#
# Reproducers are kept in build/<preset>/findings/<target>/ (the temporary corpora are deleted).
# Environment: LIQMAP_EXCHANGE_FIXTURES_DIR overrides where the captured frames are looked for;
# LIQMAP_FUZZ_PRESET picks the build (default fuzz: the fuzz targets alone; CI uses asan, whose
# build already holds them next to the instrumented test suite, so nothing is compiled twice);
# LIQMAP_FUZZ_JOBS runs that many targets at a time (default 1).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

seconds="${1:-20}"
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: scripts/fuzz.sh [SECONDS]   (whole seconds per target, default 20)" >&2
    exit 2
fi

venues=(binance bybit okx hyperliquid)
targets=()
for venue in "${venues[@]}"; do
    targets+=("fuzz_${venue}_frame" "fuzz_${venue}_rest")
done
targets+=(fuzz_recording fuzz_event_line fuzz_leverage_mix)

preset="${LIQMAP_FUZZ_PRESET:-fuzz}"
jobs="${LIQMAP_FUZZ_JOBS:-1}"
if ! [[ "$jobs" =~ ^[1-9][0-9]*$ ]]; then
    echo "fuzz: LIQMAP_FUZZ_JOBS must be a positive whole number, not '$jobs'" >&2
    exit 2
fi
build_dir="$root/build/$preset"
if [ ! -f "$build_dir/build.ninja" ]; then
    cmake --preset "$preset"
fi
cmake --build --preset "$preset" --target liqmap_fuzz

# The captured exchange frames: third-party data, read where it is and never copied into the
# repository (the seeds live only in the temporary directory). Same candidates as
# tests/CMakeLists.txt.
fixtures=""
for candidate in "${LIQMAP_EXCHANGE_FIXTURES_DIR:-}" "$root/../shared/exchanges/fixtures" \
                 /work/shared/exchanges/fixtures; do
    if [ -n "$candidate" ] && [ -d "$candidate" ]; then
        fixtures="$candidate"
        break
    fi
done
if [ -z "$fixtures" ]; then
    echo "fuzz: exchange fixtures not found; seeding from tests/data alone" >&2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/liqmap-fuzz.XXXXXX")"
trap 'rm -rf "$work"' EXIT
seeds="$work/seeds"

# new_seed TARGET: creates an empty seed file in TARGET's seed directory and prints its name
# (mktemp, as a counter would not survive the $(...) subshell).
new_seed() {
    mkdir -p "$seeds/$1"
    mktemp "$seeds/$1/seed-XXXXXXXX"
}

# one_line FILE: the file's JSON on one line. JSON allows a raw newline only as whitespace
# between tokens, so dropping the newlines keeps the document intact.
one_line() {
    tr -d '\r\n' <"$1"
}

# json_string: stdin escaped as the inside of a JSON string (the fixtures are ASCII apart from
# already-escaped text, so backslash and quote are all that need escaping).
json_string() {
    sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'
}

# rest_name VENUE FILE: the request name a REST body answers, from the file's name; empty when
# it is not one the adapter knows.
rest_name() {
    case "$1/$(basename "$2")" in
        binance/exchange_info*|binance/rest_exchangeInfo_*) echo exchangeInfo ;;
        binance/rest_klines_*) echo klines ;;
        binance/rest_leverageBracket_*) echo leverageBracket ;;
        binance/rest_openInterestHist_*) echo openInterestHist ;;
        binance/rest_openInterest_*) echo openInterest ;;
        binance/rest_premiumIndex_*) echo premiumIndex ;;
        bybit/instruments_info*|bybit/rest_instruments_info_*) echo instruments-info ;;
        bybit/rest_kline_*) echo kline ;;
        bybit/rest_open_interest_*) echo open-interest ;;
        bybit/rest_risk_limit_*) echo risk-limit ;;
        okx/instruments*|okx/rest_instruments_*) echo instruments ;;
        okx/rest_candles_*) echo candles ;;
        okx/rest_history_candles_*) echo history-candles ;;
        okx/rest_open_interest_*) echo open-interest ;;
        okx/rest_position_tiers_*) echo position-tiers ;;
        okx/rest_rubik_open_interest_history_*) echo open-interest-history ;;
        okx/rest_rubik_open_interest_volume_*) echo open-interest-volume ;;
        hyperliquid/meta_and_asset_ctxs*|hyperliquid/rest_info_metaAndAssetCtxs_*)
            echo metaAndAssetCtxs ;;
        hyperliquid/meta_margin*|hyperliquid/rest_info_meta_*) echo meta ;;
        hyperliquid/rest_info_candleSnapshot_*_request.json) echo "" ;;
        hyperliquid/rest_info_candleSnapshot_*) echo candleSnapshot ;;
        *) echo "" ;;
    esac
}

symbol_of() {
    case "$1" in
        binance | bybit) echo BTCUSDT ;;
        okx) echo BTC-USDT-SWAP ;;
        hyperliquid) echo BTC ;;
    esac
}

# --- seeds per venue: frames (.jsonl lines, ws_* captures), REST bodies, recordings ----------
recv=1700000000000
for venue in "${venues[@]}"; do
    symbol="$(symbol_of "$venue")"
    frame_files=()
    rest_files=()
    for file in "tests/data/$venue"/* ${fixtures:+"$fixtures/$venue"/*}; do
        [ -f "$file" ] || continue
        case "$(basename "$file")" in
            *.jsonl | ws_*.json) frame_files+=("$file") ;;
            *.json) rest_files+=("$file") ;;
        esac
    done
    # Recording seeds: one per capture (kept small, so the fuzzer's inputs stay small and fast),
    # each ending with the marker after which the replay delivers events.
    marker="$(printf '{"recv":%s,"exchange":"%s","symbol":"%s","marker":"bootstrap_done"}' \
        "$recv" "$venue" "$symbol")"
    for file in "${frame_files[@]}"; do
        recording="$(new_seed fuzz_recording)"
        case "$file" in
            *.jsonl)
                # The whole capture (a sequence, for the stateful parsers) and each frame alone.
                cp "$file" "$(new_seed "fuzz_${venue}_frame")"
                while IFS= read -r line || [ -n "$line" ]; do
                    [ -n "$line" ] || continue
                    printf '%s' "$line" >"$(new_seed "fuzz_${venue}_frame")"
                    printf '{"recv":%s,"exchange":"%s","symbol":"%s","stream":"market","frame":"%s"}\n' \
                        "$recv" "$venue" "$symbol" "$(printf '%s' "$line" | json_string)" \
                        >>"$recording"
                done <"$file"
                ;;
            *)
                one_line "$file" >"$(new_seed "fuzz_${venue}_frame")"
                printf '{"recv":%s,"exchange":"%s","symbol":"%s","stream":"market","frame":"%s"}\n' \
                    "$recv" "$venue" "$symbol" "$(one_line "$file" | json_string)" >>"$recording"
                ;;
        esac
        printf '%s\n' "$marker" >>"$recording"
    done
    for file in "${rest_files[@]}"; do
        # The REST targets pick the request by the first byte modulo the venue's request count
        # (at most 8): eight consecutive byte values put every body under every request.
        for selector in 0 1 2 3 4 5 6 7; do
            { printf '%s' "$selector"; cat "$file"; } >"$(new_seed "fuzz_${venue}_rest")"
        done
        name="$(rest_name "$venue" "$file")"
        if [ -n "$name" ]; then
            method=GET
            [ "$venue" = hyperliquid ] && method=POST
            printf '{"recv":%s,"exchange":"%s","symbol":"%s","rest":"%s","method":"%s","target":"/","request_body":"","status":200,"body":"%s"}\n%s\n' \
                "$recv" "$venue" "$symbol" "$name" "$method" \
                "$(one_line "$file" | json_string)" "$marker" >"$(new_seed fuzz_recording)"
        fi
    done
done

# --- seeds for the event reader: every line of our normalized event files ---------------------
for file in tests/data/*.jsonl; do
    while IFS= read -r line || [ -n "$line" ]; do
        [ -n "$line" ] || continue
        printf '%s' "$line" >"$(new_seed fuzz_event_line)"
    done <"$file"
done

# --- seeds for the leverage-mix parser: the documented forms --------------------------------
for spec in '10:0.5,25:0.5' '5:0.1,10:0.25,25:0.3,50:0.2,100:0.15' '20x:1' \
            ' 3X : 0.25 , 125:0.75'; do
    printf '%s' "$spec" >"$(new_seed fuzz_leverage_mix)"
done

# --- the regression inputs of earlier findings seed their target too -------------------------
for target in "${targets[@]}"; do
    regressions="tests/data/fuzz-regressions/$target"
    if [ -d "$regressions" ]; then
        for file in "$regressions"/*; do
            [ -f "$file" ] && cp "$file" "$(new_seed "$target")"
        done
    fi
done

# --- run ----------------------------------------------------------------------------------------
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
findings_root="$build_dir/findings"

# run_target TARGET: fuzzes TARGET for $seconds and writes "runs|coverage|result" to
# $work/TARGET.result; on a finding, prints the end of the log and how to reproduce it.
run_target() {
    local target="$1"
    local corpus="$work/corpus/$target"
    local findings="$findings_root/$target"
    local log="$work/$target.log"
    mkdir -p "$corpus" "$seeds/$target" "$findings"
    echo "fuzz: $target for ${seconds}s ($(find "$seeds/$target" -type f | wc -l) seeds)"
    # New inputs go to the first directory (temporary); the seeds are only read.
    local code=0
    "$build_dir/bin/$target" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$findings/" "$corpus" "$seeds/$target" \
        >"$log" 2>&1 || code=$?
    local runs coverage
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
    coverage="$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | sed 's/cov: //')"
    if [ "$code" -eq 0 ]; then
        echo "${runs:-?}|${coverage:-?}|ok" >"$work/$target.result"
        return 0
    fi
    echo "${runs:-?}|${coverage:-?}|FINDING (exit $code)" >"$work/$target.result"
    local reproducer
    reproducer="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)"
    cp "$log" "$findings/last.log"
    {
        echo "fuzz: $target found a problem (exit $code); the end of its log:"
        tail -n 60 "$log"
        if [ -n "$reproducer" ]; then
            echo "fuzz: reproducer: $reproducer"
            echo "fuzz: reproduce with: ${build_dir#"$root"/}/bin/$target $reproducer"
        else
            echo "fuzz: no reproducer written; full log: $findings/last.log"
        fi
    } >&2
    return 1
}

# At most $jobs targets at a time (each libFuzzer process uses one core).
running=0
for target in "${targets[@]}"; do
    if [ "$running" -ge "$jobs" ]; then
        wait -n || true
        running=$((running - 1))
    fi
    run_target "$target" &
    running=$((running + 1))
done
wait || true

echo
status=0
printf '%-24s %12s %9s  %s\n' target runs coverage result
for target in "${targets[@]}"; do
    row="$(cat "$work/$target.result" 2>/dev/null || echo "?|?|FINDING (no result)")"
    IFS='|' read -r runs coverage result <<<"$row"
    [ "$result" = ok ] || status=1
    printf '%-24s %12s %9s  %s\n' "$target" "$runs" "$coverage" "$result"
done
exit "$status"
