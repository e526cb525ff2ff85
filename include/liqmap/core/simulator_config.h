#pragma once

#include <cstdint>  // std::uint64_t

#include "liqmap/core/leverage_mix.h"
#include "liqmap/core/market_event.h"  // TimestampMs
#include "liqmap/core/market_regime.h"

namespace liqmap::core {

/// Everything that decides a simulated market. Two simulators with equal configurations produce
/// bit-identical output on the same build.
struct SimulatorConfig {
    std::uint64_t seed = 1;
    MarketRegime regime = MarketRegime::Range;
    /// Exchange time of the start (2026-01-01T00:00:00Z by default; the demo server sets the
    /// start so that its history ends "now").
    TimestampMs startMs = 1'767'225'600'000;
    double startPrice = 60'000;
    /// The leverage the simulated traders really use. forSeed() draws it from the seed so that
    /// the estimator is never measured against one fixed mix.
    LeverageMix trueLeverageMix = LeverageMix::defaultMix();
    /// Regime events (the crash and squeeze episodes) start no earlier than this long after
    /// startMs, so an evaluation's warm-up can stay quiet.
    TimestampMs regimeDelayMs = 0;
    /// Open interest is published at every multiple of this period (Binance openInterestHist 5m).
    TimestampMs openInterestPeriodMs = 5 * kMinuteMs;
    /// Publish individual trades. Turning them off changes nothing else (trades draw from their
    /// own random stream); eval turns them off because the estimator does not need them.
    bool publishTrades = true;

    /// The configuration for `seed` and `regime`: the true leverage mix and the share of each
    /// kind of trader are drawn from the seed.
    static SimulatorConfig forSeed(std::uint64_t seed, MarketRegime regime);

    /// Throws ConfigError naming the field for a non-finite or non-positive start price, a
    /// negative regime delay or an open-interest period that is not a positive multiple of a
    /// second.
    void validate() const;
};

}  // namespace liqmap::core
