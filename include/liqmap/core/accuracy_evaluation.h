#pragma once

#include <cstdint>   // std::uint64_t
#include <optional>  // std::optional
#include <string>    // std::string
#include <vector>    // std::vector

#include "liqmap/core/estimator_config.h"
#include "liqmap/core/instrument.h"
#include "liqmap/core/liquidation_map.h"
#include "liqmap/core/map_comparison.h"
#include "liqmap/core/market_event.h"  // TimestampMs, Side
#include "liqmap/core/market_regime.h"

namespace liqmap::core {

/// The contract eval estimates: Binance BTCUSDT's built-in rules, as the app uses for the demo
/// (defaultInstrument("binance", "BTCUSDT")).
Instrument evaluationInstrument();

/// EstimatorConfig{} with the default leverage mix capped at evaluationInstrument()'s maximum,
/// as liqmap-cli makes estimators when no --leverage is given.
EstimatorConfig defaultEvaluationModel();

/// What to simulate and how to measure (docs/accuracy.md, "Method").
struct EvaluationOptions {
    std::uint64_t seed = 1;
    MarketRegime regime = MarketRegime::Range;
    /// The window the estimator watches, after the warm-up.
    double hours = 24;
    /// The market runs this long before the estimator starts listening: positions opened then
    /// exist but are unknown to it, as in real life. Regime episodes (crash, squeeze) start only
    /// after it.
    double warmupHours = 24;
    /// How far after each checkpoint realized liquidations count for capture; default: hours.
    std::optional<double> horizonHours;
    /// Evenly spaced over the window, the last at its end.
    int checkpoints = 4;
    MapOptions map;
    EstimatorConfig model = defaultEvaluationModel();

    /// The horizon in force: horizonHours, or hours when it is not set.
    double horizon() const { return horizonHours.value_or(hours); }

    /// Throws ConfigError naming the field: "hours" (not finite, under one second or above 720),
    /// "warmup" (not finite, negative or above 720), "horizon" (not finite, under one second or
    /// above 720), "checkpoints" (outside [1, 100] or more than the window has seconds), and the
    /// errors of MapOptions::validate and EstimatorConfig::validate.
    void validate() const;
};

/// Realized liquidation notional per side, and how much of it a map's top-decile bins held.
struct CaptureTallies {
    CaptureTally longs;
    CaptureTally shorts;

    const CaptureTally& side(Side which) const { return which == Side::Long ? longs : shorts; }
    CaptureTally& side(Side which) { return which == Side::Long ? longs : shorts; }
    CaptureTallies& operator+=(const CaptureTallies& other);
};

/// One comparison of the estimate and the baseline with the truth.
struct CheckpointResult {
    TimestampMs ts = 0;
    double price = 0;         ///< the simulator's mark price, which every map is cut around
    double openInterest = 0;  ///< the last published open interest (coins)
    /// The metrics against the true map; capture from the tallies below.
    MapAccuracy model;
    MapAccuracy baseline;
    /// Forced closes in (ts, ts + horizon], against each map's top-decile bins.
    CaptureTallies modelCapture;
    CaptureTallies baselineCapture;
};

struct EvaluationReport {
    EvaluationOptions options;
    std::string trueLeverageMix;   ///< the simulator's, LeverageMix::toString
    std::string modelLeverageMix;  ///< the estimator's
    std::vector<double> baselineLeverages;
    /// When the estimator started listening (the end of the warm-up).
    TimestampMs windowStartMs = 0;
    std::vector<CheckpointResult> checkpoints;
    /// Summary: per side the mean over checkpoints of wasserstein, correlation and notional
    /// ratio (checkpoints where a metric is nullopt are left out; nullopt when all are), and
    /// capture = Σ captured / Σ realized over all checkpoints.
    MapAccuracy model;
    MapAccuracy baseline;
    CaptureTallies modelCapture;  ///< the sums the summary capture is made of
    CaptureTallies baselineCapture;
    /// Events the estimator skipped (bad input would show here; the simulator sends none).
    std::uint64_t skippedEvents = 0;

    /// The checkpoint at the end of the window.
    const CheckpointResult& end() const { return checkpoints.back(); }
};

/// Runs the seeded simulator (SimulatorConfig::forSeed, trades off, regime episodes after the
/// warm-up) for the warm-up, then feeds everything it publishes except unclosed candles to an
/// Estimator(evaluationInstrument(), options.model) for `hours`, comparing at each checkpoint
/// the estimated map, the truth (MarketSimulator::trueMap) and naiveBaselineMap (last published
/// open interest × price per side, kNaiveBaselineLeverages), all cut around the mark
/// price with options.map. The market then runs on until the last checkpoint + horizon for the
/// capture tallies. Deterministic: equal options give equal reports. Throws ConfigError for
/// invalid options (before anything runs).
EvaluationReport evaluate(const EvaluationOptions& options);

}  // namespace liqmap::core
