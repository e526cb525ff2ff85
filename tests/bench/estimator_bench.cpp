// Estimator throughput on a realistic live mix (docs/performance.md, target ≥ 5 M events/s).

#include <benchmark/benchmark.h>

#include <cstdint>   // std::uint64_t
#include <optional>  // std::optional
#include <string>    // std::string

#include "bench_data.h"

namespace liqmap::bench {

namespace {

// What one run of the stream left behind, for the checks and counters.
struct RunSummary {
    std::uint64_t skipped = 0;
    std::size_t cohorts = 0;
};

// A fresh estimator per iteration (the stream's timestamps must rise); only apply() is timed.
RunSummary applyEveryIteration(benchmark::State& state,
                               const std::vector<core::MarketEvent>& events) {
    RunSummary summary;
    for (auto _ : state) {
        state.PauseTiming();
        std::optional<core::Estimator> estimator(makeBinanceEstimator());
        state.ResumeTiming();
        for (const core::MarketEvent& event : events) {
            benchmark::DoNotOptimize(estimator->apply(event));
        }
        benchmark::ClobberMemory();
        state.PauseTiming();
        summary.skipped += estimator->skipped().total();
        summary.cohorts = estimator->book().cohortCount();
        estimator.reset();
        state.ResumeTiming();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(events.size()));
    if (summary.skipped > 0) {
        state.SkipWithError(("the estimator skipped " + std::to_string(summary.skipped) +
                             " events of the synthetic stream")
                                .c_str());
    }
    return summary;
}

void BM_EstimatorApplyMixedStream(benchmark::State& state) {
    const std::vector<core::MarketEvent>& events = mixedEvents();
    const RunSummary summary = applyEveryIteration(state, events);
    state.counters["events"] = static_cast<double>(events.size());
    state.counters["cohorts"] = static_cast<double>(summary.cohorts);
}
BENCHMARK(BM_EstimatorApplyMixedStream)->Unit(benchmark::kMillisecond);

// The same with candles and open interest only (the 30-day history), for the per-event cost of
// the events that open and sweep cohorts.
void BM_EstimatorApplyCandlesAndOi(benchmark::State& state) {
    applyEveryIteration(state, thirtyDayEvents());
}
BENCHMARK(BM_EstimatorApplyCandlesAndOi)->Unit(benchmark::kMillisecond);

}  // namespace

}  // namespace liqmap::bench
