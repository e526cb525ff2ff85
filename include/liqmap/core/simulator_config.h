#pragma once

#include <array>    // std::array
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

    /// Share of new traders of each kind, indexed by TraderKind; they sum to 1.
    std::array<double, 4> traderShares = {0.3, 0.2, 0.2, 0.3};
    /// Mean holding time of each kind's positions in minutes, indexed by TraderKind (holding
    /// times are exponential; a liquidation may end a position earlier).
    std::array<double, 4> meanHoldMinutes = {120, 480, 60, 240};
    /// New positions per second in a calm market; activity rises with volatility.
    double arrivalsPerSecond = 6;
    /// Median notional of a new position in quote currency (sizes are log-normal with a heavy
    /// tail).
    double medianNotional = 5'000;
    /// Volatility of the price per day in the calm state (0.02 = 2 %).
    double calmDailyVolatility = 0.02;

    /// The configuration for `seed` and `regime`: the true leverage mix, the share of each
    /// kind of trader, holding times, arrival rate, position sizes and calm volatility are drawn
    /// from the seed (docs/accuracy.md gives the ranges).
    static SimulatorConfig forSeed(std::uint64_t seed, MarketRegime regime);

    /// Throws ConfigError naming the field for a non-finite or non-positive start price, a
    /// negative regime delay or an open-interest period that is not a positive multiple of a
    /// second; a true leverage above the instrument's 125x ("trueLeverageMix"); trader shares
    /// that are negative or do not sum to 1; holding times, arrival rate, median notional or
    /// volatility that are not positive and finite or exceed their sanity bounds (arrivals at
    /// most 100 per second, holding times at most 30 days, median notional at most 10 000 000,
    /// daily volatility at most 0.5).
    void validate() const;
};

}  // namespace liqmap::core
