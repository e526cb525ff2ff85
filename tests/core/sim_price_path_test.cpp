#include "sim_price_path.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace liqmap::core {
namespace {

/// Start, end and extremes of one simulated day of the price process without order flow.
struct DayPath {
    double start = 0;
    double end = 0;
    double low = 0;
    double high = 0;
};

DayPath dayOf(const SimulatorConfig& config) {
    SimPricePath path(config);
    DayPath day{config.startPrice, 0, config.startPrice, config.startPrice};
    for (TimestampMs tick = 1; tick <= kDayMs / 1000; ++tick) {
        const double price = path.advance(config.startMs + tick * 1000, 0);
        day.low = std::min(day.low, price);
        day.high = std::max(day.high, price);
        day.end = price;
    }
    return day;
}

// The regimes' statistics are checked over 20 seeds. The bounds come from measuring 100 seeds
// (range: |log return| ≤ 0.032; trend-up ended higher on 97, trend-down lower on 98; the crash's
// daily low was at most 0.899 of the start, the squeeze's high at least 1.099) with a margin, so
// they hold for any correct implementation of the model, not just for these draws.
constexpr std::uint64_t kSeeds = 20;

TEST(SimPricePath, RangeStaysNearItsStart) {
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        const DayPath day = dayOf(SimulatorConfig::forSeed(seed, MarketRegime::Range));
        EXPECT_LT(std::abs(std::log(day.end / day.start)), 0.06) << seed;
        EXPECT_GT(day.low, 0.9 * day.start) << seed;
        EXPECT_LT(day.high, 1.1 * day.start) << seed;
    }
}

TEST(SimPricePath, TrendsEndTheDayInTheirDirectionOnMostSeeds) {
    int up = 0;
    int down = 0;
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        const DayPath rising = dayOf(SimulatorConfig::forSeed(seed, MarketRegime::TrendUp));
        const DayPath falling = dayOf(SimulatorConfig::forSeed(seed, MarketRegime::TrendDown));
        up += rising.end > rising.start ? 1 : 0;
        down += falling.end < falling.start ? 1 : 0;
    }
    EXPECT_GE(up, 17);
    EXPECT_GE(down, 17);
}

TEST(SimPricePath, CrashesFallAndSqueezesRiseByAnEpisodeWithinADay) {
    for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        const DayPath crash = dayOf(SimulatorConfig::forSeed(seed, MarketRegime::Crash));
        const DayPath squeeze = dayOf(SimulatorConfig::forSeed(seed, MarketRegime::Squeeze));
        // The first episode (8–20 %) starts 2–10 hours in.
        EXPECT_LT(crash.low, 0.92 * crash.start) << seed;
        EXPECT_GT(squeeze.high, 1.08 * squeeze.start) << seed;
    }
}

TEST(SimPricePath, EpisodesWaitForTheRegimeDelay) {
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        SimulatorConfig config = SimulatorConfig::forSeed(seed, MarketRegime::Crash);
        config.regimeDelayMs = 6 * kHourMs;
        SimPricePath path(config);
        TimestampMs firstEpisodeMs = 0;
        for (TimestampMs tick = 1; tick <= 17 * 3600 && firstEpisodeMs == 0; ++tick) {
            const TimestampMs now = config.startMs + tick * 1000;
            path.advance(now, 0);
            EXPECT_GE(path.volatilityMultiple(), 1);
            if (path.inEpisode()) {
                firstEpisodeMs = now - config.startMs;
                // A sell-off runs at three times the calm volatility.
                EXPECT_GE(path.volatilityMultiple(), 3);
            }
        }
        // Delay + [2 h, 10 h], to the tick.
        EXPECT_GE(firstEpisodeMs, 8 * kHourMs) << seed;
        EXPECT_LE(firstEpisodeMs, 16 * kHourMs + 1000) << seed;
    }
}

TEST(SimPricePath, ImpactMovesThePriceByItsLogarithm) {
    const SimulatorConfig config = SimulatorConfig::forSeed(1, MarketRegime::Range);
    SimPricePath calm(config);
    SimPricePath pushed(config);
    const double a = calm.advance(config.startMs + 1000, 0);
    const double b = pushed.advance(config.startMs + 1000, std::log(0.99));
    EXPECT_NEAR(b / a, 0.99, 1e-12);
}

}  // namespace
}  // namespace liqmap::core
