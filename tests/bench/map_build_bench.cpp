// The 30-day build: 43 200 one-minute candles and 8 640 five-minute open-interest points applied
// to a fresh estimator, then a 200-bin ±15 % map (docs/performance.md, target ≤ 1.5 ms).

#include <benchmark/benchmark.h>

#include <string>   // std::string
#include <variant>  // std::holds_alternative

#include "bench_data.h"
#include "liqmap/core/liquidation_map.h"
#include "liqmap/core/map_format.h"

namespace liqmap::bench {

namespace {

constexpr std::size_t kThirtyDayCandles = 43'200;
constexpr std::size_t kThirtyDayOiPoints = 8'640;

core::MapOptions defaultMapOptions() {
    core::MapOptions options;
    options.bins = 200;
    options.range = 0.15;
    return options;
}

// The data set must be exactly what the target is stated for.
bool checkThirtyDayData(benchmark::State& state) {
    std::size_t candles = 0;
    std::size_t points = 0;
    for (const core::MarketEvent& event : thirtyDayEvents()) {
        candles += std::holds_alternative<core::Candle>(event) ? 1 : 0;
        points += std::holds_alternative<core::OpenInterest>(event) ? 1 : 0;
    }
    if (candles != kThirtyDayCandles || points != kThirtyDayOiPoints ||
        candles + points != thirtyDayEvents().size()) {
        state.SkipWithError("the 30-day data set is not 43 200 candles + 8 640 OI points");
        return false;
    }
    return true;
}

// Construction, every apply() and the map: the whole build, timed as one.
void BM_Build30DayMap(benchmark::State& state) {
    if (!checkThirtyDayData(state)) {
        return;
    }
    const std::vector<core::MarketEvent>& events = thirtyDayEvents();
    const core::MapOptions options = defaultMapOptions();
    double total = 0;
    for (auto _ : state) {
        core::Estimator estimator = makeBinanceEstimator();
        for (const core::MarketEvent& event : events) {
            benchmark::DoNotOptimize(estimator.apply(event));
        }
        const core::LiquidationMap map =
            core::LiquidationMap::build(estimator.book(), *estimator.currentPrice(), options);
        total = map.totalLong() + map.totalShort();
        benchmark::DoNotOptimize(total);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(events.size()));
    state.counters["map_notional_M"] = total / 1e6;
}
BENCHMARK(BM_Build30DayMap)->Unit(benchmark::kMicrosecond);

// Only LiquidationMap::build from the book the 30 days leave behind.
void BM_MapFrom30DayBook(benchmark::State& state) {
    core::Estimator estimator = makeBinanceEstimator();
    for (const core::MarketEvent& event : thirtyDayEvents()) {
        estimator.apply(event);
    }
    const core::MapOptions options = defaultMapOptions();
    for (auto _ : state) {
        const core::LiquidationMap map =
            core::LiquidationMap::build(estimator.book(), *estimator.currentPrice(), options);
        benchmark::DoNotOptimize(map.totalLong());
    }
    state.counters["cohorts"] = static_cast<double>(estimator.book().cohortCount());
}
BENCHMARK(BM_MapFrom30DayBook)->Unit(benchmark::kMicrosecond);

// What `liqmap-cli map --events FILE` does after reading the file, in process: split the text
// into lines, parse, apply, build and format the CSV. The CLI benchmark minus process start-up
// and file reading.
void BM_MapFrom30DayText(benchmark::State& state) {
    const std::string text = joinLines(thirtyDayLines());
    const core::MapOptions options = defaultMapOptions();
    std::size_t outputSize = 0;
    for (auto _ : state) {
        core::Estimator estimator = makeBinanceEstimator();
        core::EventRecord record;
        std::size_t start = 0;
        while (start < text.size()) {
            std::size_t end = text.find('\n', start);
            if (end == std::string::npos) {
                end = text.size();
            }
            const std::string_view line(text.data() + start, end - start);
            start = end + 1;
            if (core::parseEventLine(line, record).ok) {
                benchmark::DoNotOptimize(estimator.apply(record.event));
            }
        }
        const core::LiquidationMap map =
            core::LiquidationMap::build(estimator.book(), *estimator.currentPrice(), options);
        const std::string csv = core::formatMapCsv(map);
        outputSize = csv.size();
        benchmark::DoNotOptimize(csv.data());
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
    state.counters["csv_bytes"] = static_cast<double>(outputSize);
}
BENCHMARK(BM_MapFrom30DayText)->Unit(benchmark::kMillisecond);

}  // namespace

}  // namespace liqmap::bench
