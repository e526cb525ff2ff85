#include "liqmap/core/accuracy_evaluation.h"

#include <algorithm>  // std::min, std::upper_bound
#include <cmath>      // std::isfinite, std::llround
#include <cstddef>    // std::size_t
#include <span>       // std::span
#include <string>     // std::string, std::to_string
#include <utility>    // std::move
#include <variant>    // std::get_if
#include <vector>     // std::vector, std::erase_if

#include "liqmap/core/baseline_map.h"
#include "liqmap/core/config_error.h"
#include "liqmap/core/default_instruments.h"
#include "liqmap/core/estimator.h"
#include "liqmap/core/market_simulator.h"
#include "liqmap/core/number_text.h"
#include "liqmap/core/simulator_config.h"

namespace liqmap::core {

namespace {

constexpr double kMaxHours = 720;  // 30 days: the longest lookback the estimator offers
constexpr int kMaxCheckpoints = 100;
constexpr TimestampMs kSecondMs = 1000;
// The simulator is stepped in slices of at most this much market time, so the published events
// held at once stay bounded however long the run.
constexpr TimestampMs kSliceMs = kHourMs;

void requireHours(double hours, const char* field, bool allowZero) {
    if (!std::isfinite(hours)) {
        throw ConfigError(field, "not a finite number");
    }
    const double lowest = allowZero ? 0.0 : 1.0 / 3600;
    if (hours < lowest || hours > kMaxHours) {
        std::string problem = "must be ";
        problem += allowZero ? "from 0" : "from one second (1/3600)";
        problem += " to 720 hours, got ";
        problem += formatNumber(hours);
        throw ConfigError(field, problem);
    }
}

// Market time is whole simulator ticks (seconds).
TimestampMs wholeSeconds(double hours) { return std::llround(hours * 3600) * kSecondMs; }

void addMeans(SideAccuracy& summary, const std::vector<const SideAccuracy*>& results) {
    const auto mean = [&](std::optional<double> SideAccuracy::*metric) -> std::optional<double> {
        double sum = 0;
        int count = 0;
        for (const SideAccuracy* result : results) {
            if (const std::optional<double>& value = result->*metric) {
                sum += *value;
                ++count;
            }
        }
        return count == 0 ? std::nullopt : std::optional<double>(sum / count);
    };
    summary.wasserstein = mean(&SideAccuracy::wasserstein);
    summary.correlation = mean(&SideAccuracy::correlation);
    summary.notionalRatio = mean(&SideAccuracy::notionalRatio);
}

// A checkpoint whose capture horizon is still open: its maps wait for the forced closes.
struct OpenCheckpoint {
    std::size_t index = 0;
    TimestampMs horizonEndMs = 0;
    LiquidationMap estimate;
    LiquidationMap baseline;
};

// The simulator's full tape of forced closes over one slice, in time order, as map levels.
struct ForcedCloses {
    std::vector<TimestampMs> ts;
    std::vector<LiquidationLevel> levels;

    void assign(const std::vector<SimLiquidation>& closes) {
        ts.clear();
        levels.clear();
        for (const SimLiquidation& close : closes) {
            ts.push_back(close.ts);
            levels.push_back({close.side, 0, close.fillPrice, close.entryNotional});
        }
    }

    // The closes with timestamps in (after, upTo].
    std::span<const LiquidationLevel> between(TimestampMs after, TimestampMs upTo) const {
        const auto first = std::upper_bound(ts.begin(), ts.end(), after);
        const auto last = std::upper_bound(first, ts.end(), upTo);
        return {levels.data() + (first - ts.begin()), static_cast<std::size_t>(last - first)};
    }
};

}  // namespace

Instrument evaluationInstrument() { return defaultInstrument("binance", "BTCUSDT"); }

EstimatorConfig defaultEvaluationModel() {
    EstimatorConfig config;
    config.leverageMix = LeverageMix::defaultMix().cappedAt(evaluationInstrument().maxLeverage());
    return config;
}

void EvaluationOptions::validate() const {
    requireHours(hours, "hours", false);
    requireHours(warmupHours, "warmup", true);
    if (horizonHours) {
        requireHours(*horizonHours, "horizon", false);
    }
    if (checkpoints < 1 || checkpoints > kMaxCheckpoints) {
        throw ConfigError("checkpoints", "must be in [1, " + std::to_string(kMaxCheckpoints) +
                                             "], got " + std::to_string(checkpoints));
    }
    const TimestampMs windowSeconds = wholeSeconds(hours) / kSecondMs;
    if (windowSeconds < checkpoints) {
        throw ConfigError("checkpoints", std::to_string(checkpoints) +
                                             " checkpoints need a window of at least as many "
                                             "seconds, got " +
                                             std::to_string(windowSeconds));
    }
    map.validate();
    model.validate();
}

CaptureTallies& CaptureTallies::operator+=(const CaptureTallies& other) {
    longs += other.longs;
    shorts += other.shorts;
    return *this;
}

EvaluationReport evaluate(const EvaluationOptions& options) {
    options.validate();
    const Instrument instrument = evaluationInstrument();
    // Made before the market runs, so a mix the venue forbids fails at once.
    Estimator estimator(instrument, options.model);

    SimulatorConfig simConfig = SimulatorConfig::forSeed(options.seed, options.regime);
    const TimestampMs warmupMs = wholeSeconds(options.warmupHours);
    const TimestampMs windowMs = wholeSeconds(options.hours);
    const TimestampMs horizonMs = wholeSeconds(options.horizon());
    simConfig.regimeDelayMs = warmupMs;
    simConfig.publishTrades = false;
    MarketSimulator simulator(simConfig);

    EvaluationReport report;
    report.options = options;
    report.trueLeverageMix = simConfig.trueLeverageMix.toString();
    report.modelLeverageMix = options.model.leverageMix.toString();
    report.baselineLeverages.assign(kNaiveBaselineLeverages.begin(), kNaiveBaselineLeverages.end());

    std::vector<MarketEvent> published;
    std::vector<SimLiquidation> closes;
    std::optional<double> lastOpenInterest;
    // Steps the market to `until`, feeding the estimator unless still warming up. Unclosed
    // candles are left out: they repeat the marks of their minute, and the closed candle follows.
    const auto runTo = [&](TimestampMs until, bool listening) {
        published.clear();
        closes.clear();
        simulator.advanceTo(until, published, listening ? &closes : nullptr);
        for (const MarketEvent& event : published) {
            if (const auto* oi = std::get_if<OpenInterest>(&event)) {
                lastOpenInterest = oi->qty;
            }
            if (!listening) {
                continue;
            }
            if (const auto* candle = std::get_if<Candle>(&event);
                candle != nullptr && !candle->closed) {
                continue;
            }
            estimator.apply(event);
        }
    };

    const TimestampMs startMs = simulator.now();
    while (simulator.now() < startMs + warmupMs) {
        runTo(std::min(startMs + warmupMs, simulator.now() + kSliceMs), false);
    }
    report.windowStartMs = simulator.now();

    const auto windowTicks = windowMs / kSecondMs;
    std::vector<TimestampMs> checkpointTimes;
    for (int k = 1; k <= options.checkpoints; ++k) {
        checkpointTimes.push_back(report.windowStartMs +
                                  windowTicks * k / options.checkpoints * kSecondMs);
    }
    const TimestampMs endMs = checkpointTimes.back() + horizonMs;

    std::vector<OpenCheckpoint> open;
    ForcedCloses tape;
    std::size_t next = 0;
    while (simulator.now() < endMs) {
        TimestampMs until = std::min(endMs, simulator.now() + kSliceMs);
        if (next < checkpointTimes.size()) {
            until = std::min(until, checkpointTimes[next]);
        }
        runTo(until, true);

        tape.assign(closes);
        for (OpenCheckpoint& pending : open) {
            CheckpointResult& result = report.checkpoints[pending.index];
            const auto levels = tape.between(result.ts, pending.horizonEndMs);
            for (const Side side : {Side::Long, Side::Short}) {
                result.modelCapture.side(side) += captureTally(pending.estimate, side, levels);
                result.baselineCapture.side(side) += captureTally(pending.baseline, side, levels);
            }
        }
        std::erase_if(open, [&](const OpenCheckpoint& pending) {
            return pending.horizonEndMs <= simulator.now();
        });

        if (next < checkpointTimes.size() && simulator.now() >= checkpointTimes[next]) {
            CheckpointResult result;
            result.ts = simulator.now();
            result.price = simulator.markPrice();
            result.openInterest = lastOpenInterest.value_or(0);
            const LiquidationMap truth = simulator.trueMap(result.price, options.map);
            LiquidationMap estimate =
                LiquidationMap::build(estimator.book(), result.price, options.map);
            LiquidationMap baseline =
                naiveBaselineMap(result.price, result.openInterest * result.price,
                                 report.baselineLeverages, options.map);
            result.model = compareMaps(estimate, truth);
            result.baseline = compareMaps(baseline, truth);
            report.checkpoints.push_back(result);
            open.push_back({next, result.ts + horizonMs, std::move(estimate), std::move(baseline)});
            ++next;
        }
    }

    std::vector<const SideAccuracy*> modelSides;
    std::vector<const SideAccuracy*> baselineSides;
    for (CheckpointResult& result : report.checkpoints) {
        report.modelCapture += result.modelCapture;
        report.baselineCapture += result.baselineCapture;
        for (const Side side : {Side::Long, Side::Short}) {
            result.model.side(side).capture = result.modelCapture.side(side).share();
            result.baseline.side(side).capture = result.baselineCapture.side(side).share();
        }
    }
    for (const Side side : {Side::Long, Side::Short}) {
        modelSides.clear();
        baselineSides.clear();
        for (const CheckpointResult& result : report.checkpoints) {
            modelSides.push_back(&result.model.side(side));
            baselineSides.push_back(&result.baseline.side(side));
        }
        addMeans(report.model.side(side), modelSides);
        addMeans(report.baseline.side(side), baselineSides);
        report.model.side(side).capture = report.modelCapture.side(side).share();
        report.baseline.side(side).capture = report.baselineCapture.side(side).share();
    }
    report.skippedEvents = estimator.skipped().total();
    return report;
}

}  // namespace liqmap::core
