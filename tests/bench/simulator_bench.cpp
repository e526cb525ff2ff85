// The market simulator's speed in simulated hours per second of wall time (docs/performance.md):
// `eval` runs about 72 simulated hours with trades off, so the target is ≤ 1.5 s per simulated
// day, i.e. ≥ 16 simulated hours per second, in the release build.

#include <benchmark/benchmark.h>

#include <vector>  // std::vector

#include "liqmap/core/accuracy_evaluation.h"
#include "liqmap/core/market_simulator.h"

namespace liqmap::bench {

namespace {

// Each iteration is one more simulated hour of a market warmed up for twelve hours first (open
// interest then sits near its steady state, which is where the time per tick is highest).
// Arguments: regime (0 range, 3 crash) and whether trades are published.
void BM_SimulatedHour(benchmark::State& state) {
    const auto regime = static_cast<core::MarketRegime>(state.range(0));
    core::SimulatorConfig config = core::SimulatorConfig::forSeed(1, regime);
    config.publishTrades = state.range(1) != 0;
    core::MarketSimulator simulator(config);
    std::vector<core::MarketEvent> events;
    std::vector<core::SimLiquidation> forcedCloses;
    simulator.advanceTo(config.startMs + 12 * core::kHourMs, events, &forcedCloses);
    std::size_t published = 0;
    for (auto _ : state) {
        events.clear();
        forcedCloses.clear();
        simulator.advanceTo(simulator.now() + core::kHourMs, events, &forcedCloses);
        published += events.size();
        benchmark::DoNotOptimize(events.data());
    }
    state.counters["sim_hours_per_s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    state.counters["events_per_hour"] =
        static_cast<double>(published) / static_cast<double>(state.iterations());
    state.counters["positions"] = static_cast<double>(simulator.positionCount());
}
BENCHMARK(BM_SimulatedHour)
    ->ArgNames({"regime", "trades"})
    ->Args({0, 0})
    ->Args({0, 1})
    ->Args({3, 0})
    ->Args({3, 1})
    ->Unit(benchmark::kMillisecond);

// One whole `liqmap-cli eval --seed 1 --hours 24 --regime R` without the printing: 24 h of
// warm-up, 24 h watched with four checkpoints, 24 h of capture horizon (issue 5: under a
// minute). Argument: regime (0 range … 4 squeeze).
void BM_Evaluate24Hours(benchmark::State& state) {
    core::EvaluationOptions options;
    options.seed = 1;
    options.regime = static_cast<core::MarketRegime>(state.range(0));
    options.hours = 24;
    for (auto _ : state) {
        const core::EvaluationReport report = core::evaluate(options);
        benchmark::DoNotOptimize(report.checkpoints.data());
    }
}
BENCHMARK(BM_Evaluate24Hours)
    ->ArgName("regime")
    ->DenseRange(0, 4)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace

}  // namespace liqmap::bench
