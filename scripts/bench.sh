#!/usr/bin/env bash
# Regenerates the measured block of docs/performance.md (between the `bench.sh: begin` and
# `bench.sh: end` markers): every measurement of the performance report (issue 7), with the
# machine it ran on and, per row, the command that reproduces that row alone.
#
#   scripts/bench.sh           # the full run: about 15 minutes (the soak alone takes 10)
#   scripts/bench.sh --quick   # about 4 minutes: 1-minute soak, 20 s latency, 3 repetitions
#
# It configures and builds a Release tree in build/bench (CMake + Ninja, -j2), then runs:
#   liqmap_bench       trade-frame parsing per adapter, estimator throughput, the 30-day build
#   liqmap_gui_bench   painting a new map / repainting one, 200, 2 000 and 10 000 bins
#   liqmap-gui-latency event-to-repaint latency on the demo, 1920x1080 (60 s)
#   liqmap-soak        the window on "all" with four live loopback feeds: peak RSS and growth
#   liqmap             --report-first-map: process start to the first painted map, 5 runs
# Google Benchmark results are medians of the repetitions (--benchmark_repetitions, JSON
# output read with python3), in CPU time (wall time beside it); raw outputs in build/bench/results. Exit status: 0 when every measurement ran (targets missed or not:
# the table says), 1 when one failed, 2 on bad usage or a missing tool.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: scripts/bench.sh [--quick]" >&2; exit 2; }
quick=0
case "${1:-}" in
    "") ;;
    --quick) quick=1 ;;
    *) usage ;;
esac
[[ $# -le 1 ]] || usage
for tool in cmake ninja python3 git; do
    command -v "$tool" >/dev/null || { echo "bench.sh: $tool not found" >&2; exit 2; }
done
doc=docs/performance.md
grep -q '^<!-- bench.sh: begin -->$' "$doc" && grep -q '^<!-- bench.sh: end -->$' "$doc" ||
    { echo "bench.sh: the bench.sh markers are missing from $doc" >&2; exit 2; }

build=build/bench
bin=$build/bin
if ((quick)); then
    repetitions=3 latency_seconds=20 soak_minutes=1
else
    repetitions=5 latency_seconds=60 soak_minutes=10
fi
cold_runs=5
# The raw outputs (benchmark JSON, the tools' text) stay here for a closer look.
out=$build/results
rm -rf "$out"
mkdir -p "$out"

# The machine, before anything of ours runs on it.
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u '+%Y-%m-%d %H:%M UTC')

echo "== build ($build, Release)"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >"$out/configure.log" ||
    { cat "$out/configure.log" >&2; exit 1; }
cmake --build "$build" -j2 --target liqmap_bench liqmap_gui_bench liqmap-gui-latency \
    liqmap-soak liqmap liqmap-cli >"$out/build.log" || { tail -40 "$out/build.log" >&2; exit 1; }

bench_flags=(--benchmark_repetitions=$repetitions --benchmark_report_aggregates_only=true)
((quick)) && bench_flags+=(--benchmark_min_time=0.1)

echo "== liqmap_bench: trade frames per adapter, estimator, 30-day build"
"$bin/liqmap_bench" "${bench_flags[@]}" \
    --benchmark_filter='^BM_ParseFrame/(binance/aggTrade|bybit/publicTrade|okx/trades|hyperliquid/trades)$|^BM_EstimatorApply(MixedStream|CandlesAndOi)$|^BM_Build30DayMap$' \
    --benchmark_out="$out/core.json" --benchmark_out_format=json >/dev/null

echo "== liqmap_gui_bench: painting"
"$bin/liqmap_gui_bench" "${bench_flags[@]}" --benchmark_filter='^BM_Paint(New)?Map/' \
    --benchmark_out="$out/paint.json" --benchmark_out_format=json >/dev/null

echo "== liqmap-gui-latency: ${latency_seconds} s on the demo"
"$bin/liqmap-gui-latency" --seconds "$latency_seconds" --width 1920 --height 1080 \
    >"$out/latency.txt"

echo "== liqmap-soak: ${soak_minutes} min, four live loopback feeds"
# Exit 1 means "grew": still a result for the table.
soak_status=0
"$bin/liqmap-soak" --minutes "$soak_minutes" >"$out/soak.txt" || soak_status=$?
((soak_status <= 1)) || { cat "$out/soak.txt" >&2; echo "bench.sh: liqmap-soak failed" >&2; exit 1; }

echo "== liqmap --report-first-map: ${cold_runs} runs on the demo"
: >"$out/cold.txt"
for _ in $(seq "$cold_runs"); do
    QT_QPA_PLATFORM=offscreen "$bin/liqmap" --exchange demo --report-first-map 120 \
        >>"$out/cold.txt"
done

load_end=$(cut -d' ' -f1-3 /proc/loadavg)
compiler=$(readlink -f "$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")")
versions() { dpkg-query -W -f='${Package} ${Version}, ' "$@" 2>/dev/null | sed 's/, $//'; }
commit=$(git rev-parse --short HEAD)
git diff --quiet HEAD -- . 2>/dev/null || commit="$commit (plus uncommitted changes)"

echo "== $doc"
BIN=$bin QUICK=$quick REPETITIONS=$repetitions LATENCY_SECONDS=$latency_seconds \
SOAK_MINUTES=$soak_minutes COLD_RUNS=$cold_runs OUT=$out DOC=$doc \
LOAD_START=$load_start LOAD_END=$load_end STARTED=$started COMMIT=$commit \
COMPILER_VERSION="$compiler: $("$compiler" --version | head -n1)" NPROC=$(nproc) \
OS="$(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)" \
LIBRARIES=$(versions qt6-base-dev libboost1.81-dev libbenchmark-dev) \
CPU_MODEL=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1) \
MEM_KIB=$(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo) \
python3 - <<'PYTHON'
import json, os, re, statistics

env = os.environ
out = env["OUT"]
quick = env["QUICK"] == "1"
reps = env["REPETITIONS"]
flags = f"--benchmark_repetitions={reps} --benchmark_report_aggregates_only=true"
if quick:
    flags += " --benchmark_min_time=0.1"


def medians(path):
    """Benchmark name -> its median aggregate (JSON object)."""
    with open(path) as f:
        data = json.load(f)
    return {b["run_name"]: b for b in data["benchmarks"] if b.get("aggregate_name") == "median"}


def ms(benchmark, kind="cpu_time"):
    scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[benchmark["time_unit"]]
    return benchmark[kind] * scale


def cpu_and_wall(benchmark):
    """CPU time judged against the target; wall time beside it (it also counts the waits for a
    core on a shared machine)."""
    return f"{num(ms(benchmark))} ms (wall {num(ms(benchmark, 'real_time'))} ms)"


def num(value, digits=2):
    return f"{value:,.{digits}f}".replace(",", " ")


rows = []  # what, measured, target, met, command


def row(what, measured, target="—", met="—", command=""):
    rows.append((what, measured, target, met, f"`{command}`" if command else ""))


def yes_no(ok):
    return "yes" if ok else "**no**"


core = medians(f"{out}/core.json")
for name, label in [("binance/aggTrade", "Binance aggTrade"), ("bybit/publicTrade", "Bybit publicTrade"),
                    ("okx/trades", "OKX trades"), ("hyperliquid/trades", "Hyperliquid trades")]:
    b = core[f"BM_ParseFrame/{name}"]
    rate = b["items_per_second"] / 1e6
    row(f"Parse trade frames: {label} (`BM_ParseFrame/{name}`, one core)", f"{num(rate)} M frames/s",
        "≥ 1 M frames/s", yes_no(rate >= 1),
        f"{env['BIN']}/liqmap_bench --benchmark_filter='^BM_ParseFrame/{name}$' {flags}")
for name, label in [("BM_EstimatorApplyMixedStream", "live mix: marks, candles, OI, liquidations"),
                    ("BM_EstimatorApplyCandlesAndOi", "30-day candles and OI")]:
    rate = core[name]["items_per_second"] / 1e6
    row(f"Estimator throughput, {label} (`{name}`)", f"{num(rate, 1)} M events/s", "≥ 5 M events/s",
        yes_no(rate >= 5), f"{env['BIN']}/liqmap_bench --benchmark_filter='^{name}$' {flags}")
build_ms = ms(core["BM_Build30DayMap"])
row("30-day map build: 43 200 candles + 8 640 OI points into a fresh estimator, then a 200-bin map "
    "(`BM_Build30DayMap`)", cpu_and_wall(core["BM_Build30DayMap"]), "≤ 1.5 ms", yes_no(build_ms <= 1.5),
    f"{env['BIN']}/liqmap_bench --benchmark_filter='^BM_Build30DayMap$' {flags}")

paint = medians(f"{out}/paint.json")
for name, label in [("BM_PaintNewMap", "a new snapshot painted (setSnapshot + full paint)"),
                    ("BM_PaintMap", "a repaint of the same snapshot (mouse moved)")]:
    for bins in (200, 2000, 10000):
        value = ms(paint[f"{name}/{bins}"])
        target, met = ("≤ 2 ms", yes_no(value <= 2)) if bins == 2000 else ("—", "—")
        row(f"Paint, 1920×1080, {num(bins, 0)} bins: {label} (`{name}/{bins}`)",
            cpu_and_wall(paint[f"{name}/{bins}"]),
            target, met, f"{env['BIN']}/liqmap_gui_bench --benchmark_filter='^{name}/{bins}$' {flags}")

latency = open(f"{out}/latency.txt").read()
total = re.search(r"^event to repaint \(total\)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)", latency, re.M)
counted = re.search(r"measured (\d+)", latency)
p50, p99, worst = float(total.group(2)), float(total.group(4)), float(total.group(5))
row(f"Event-to-repaint latency on the demo, whole pipeline, 1920×1080, {env['LATENCY_SECONDS']} s live "
    f"(`liqmap-gui-latency`, {counted.group(1)} snapshots)", f"p50 {num(p50, 1)} ms, p99 {num(p99, 1)} ms "
    f"(max {num(worst, 1)})", "p99 ≤ 50 ms", yes_no(p99 <= 50),
    f"{env['BIN']}/liqmap-gui-latency --seconds {env['LATENCY_SECONDS']} --width 1920 --height 1080")

soak_text = open(f"{out}/soak.txt").read()
soak = dict(kv.split("=") for kv in re.search(r"^soak-result (.*)$", soak_text, re.M).group(1).split())
criterion = "last minute's mean RSS within max(8 MiB, 5 %) of the minute after warm-up; threads, fds not up"
bounded = soak["bounded"] == "1"
row(f"Peak RSS of the app (VmHWM), window on all/BTC with four live loopback feeds "
    f"(~100 frames/s), {soak['minutes']} min (`liqmap-soak`)",
    f"{soak['peak_rss_mib']} MiB; RSS {soak['baseline_mib']} → {soak['last_mib']} MiB "
    f"({float(soak['growth_mib']):+.1f} MiB, {float(soak['growth_pct']):+.1f} %); "
    f"{soak['threads']} threads, {soak['fds']} fds",
    f"bounded, no growth ({criterion})", yes_no(bounded),
    f"{env['BIN']}/liqmap-soak --minutes {env['SOAK_MINUTES']}")

cold = [int(m) for m in re.findall(r"^first map painted after (\d+) ms$", open(f"{out}/cold.txt").read(), re.M)]
cold_median = statistics.median(cold)
row(f"Cold start on the demo: process start to the first painted map (`liqmap --report-first-map`), "
    f"median of {len(cold)} runs", f"{num(cold_median / 1000)} s (runs: {' / '.join(num(c / 1000) for c in cold)} s)",
    "within a minute", yes_no(cold_median <= 60_000),
    f"QT_QPA_PLATFORM=offscreen {env['BIN']}/liqmap --exchange demo --report-first-map 120")

mem_gib = int(env["MEM_KIB"]) / 1024 / 1024
mode = ("`scripts/bench.sh --quick`: 3 repetitions of at least 0.1 s, a 20 s latency run and a "
        "1-minute soak — a smoke test, not the numbers to quote" if quick else
        f"`scripts/bench.sh`: Google Benchmark medians of {reps} repetitions, a "
        f"{env['LATENCY_SECONDS']} s latency run, a {env['SOAK_MINUTES']}-minute soak, "
        f"{env['COLD_RUNS']} cold starts")
lines = [
    "<!-- bench.sh: begin -->",
    "<!-- Generated by scripts/bench.sh; edits here are overwritten on the next run. -->",
    f"Measured by {mode}.",
    "",
    "| machine | |",
    "|---|---|",
    f"| CPUs | `nproc` = {env['NPROC']}, {env['CPU_MODEL']} |",
    f"| memory | {mem_gib:.1f} GiB |",
    f"| OS | {env['OS']} |",
    f"| compiler | {env['COMPILER_VERSION']}; CMake Release (`-O3 -DNDEBUG`), C++20 |",
    f"| libraries | {env['LIBRARIES'] or 'unknown (no dpkg)'} |",
    f"| date | {env['STARTED']} |",
    f"| commit | {env['COMMIT']} |",
    f"| load average (1, 5, 15 min) | {env['LOAD_START']} at the start, {env['LOAD_END']} at the end "
    "(the machine is shared: other jobs ran on its cores too) |",
    "",
    "| what | measured | target | met? | reproduce this row (from the repository root, after the build below) |",
    "|---|---|---|---|---|",
]
lines += ["| " + " | ".join(r) + " |" for r in rows]
cores = int(env["NPROC"])
busy = float(env["LOAD_START"].split()[0]) > cores or float(env["LOAD_END"].split()[0]) > cores
lines += [
    "",
    "Benchmark rows are medians of the repetitions in CPU time per iteration (the frames/s and "
    "events/s too: Google Benchmark computes them from CPU time), wall time beside them; the "
    "latency, the soak and the cold start are wall-clock by nature."
    + (f" The load average was above the {cores} cores: other jobs competed for them, so wall "
       "times, the latency and the cold start include waiting for a core, and even CPU times "
       "run higher than on an idle machine (shared caches). The hand-made runs in the sections "
       "below were taken on a quieter machine." if busy else ""),
    "",
    f"Build first: `cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build "
    f"build/bench -j2 --target liqmap_bench liqmap_gui_bench liqmap-gui-latency liqmap-soak liqmap`. "
    "Raw outputs of the last run: `build/bench/results/`. The sections below say what each "
    "program measures and why the numbers are what they are.",
    "<!-- bench.sh: end -->",
]
with open(env["DOC"]) as f:
    text = f.read()
begin = text.index("<!-- bench.sh: begin -->")
end = text.index("<!-- bench.sh: end -->") + len("<!-- bench.sh: end -->")
with open(env["DOC"], "w") as f:
    f.write(text[:begin] + "\n".join(lines) + text[end:])
print("\n".join("| " + " | ".join(r[:4]) + " |" for r in rows))
PYTHON
echo "bench.sh: $doc updated"
