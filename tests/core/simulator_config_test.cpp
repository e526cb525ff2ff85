#include "liqmap/core/simulator_config.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "support/config_error_text.h"

namespace liqmap::core {
namespace {

using test::configErrorText;

double meanLeverage(const LeverageMix& mix) {
    double mean = 0;
    for (const LeverageTier& tier : mix.tiers()) {
        mean += tier.weight * tier.leverage;
    }
    return mean;
}

TEST(SimulatorConfig, DefaultsAreValid) { EXPECT_NO_THROW(SimulatorConfig{}.validate()); }

TEST(SimulatorConfig, ForSeedIsDeterministicAndKeepsSeedAndRegime) {
    const SimulatorConfig a = SimulatorConfig::forSeed(11, MarketRegime::Crash);
    const SimulatorConfig b = SimulatorConfig::forSeed(11, MarketRegime::Crash);
    EXPECT_EQ(a.seed, 11u);
    EXPECT_EQ(a.regime, MarketRegime::Crash);
    EXPECT_EQ(a.trueLeverageMix.toString(), b.trueLeverageMix.toString());
    EXPECT_EQ(a.traderShares, b.traderShares);
    EXPECT_EQ(a.meanHoldMinutes, b.meanHoldMinutes);
    EXPECT_EQ(a.arrivalsPerSecond, b.arrivalsPerSecond);
    EXPECT_EQ(a.medianNotional, b.medianNotional);
    EXPECT_EQ(a.calmDailyVolatility, b.calmDailyVolatility);
    // The regime does not change what is drawn from the seed.
    const SimulatorConfig range = SimulatorConfig::forSeed(11, MarketRegime::Range);
    EXPECT_EQ(range.trueLeverageMix.toString(), a.trueLeverageMix.toString());
    EXPECT_NE(SimulatorConfig::forSeed(12, MarketRegime::Crash).trueLeverageMix.toString(),
              a.trueLeverageMix.toString());
}

TEST(SimulatorConfig, ForSeedDrawsVariedPlausibleMarkets) {
    constexpr double kChoices[] = {2, 3, 5, 10, 15, 20, 25, 50, 75, 100, 125};
    double lowestMean = std::numeric_limits<double>::infinity();
    double highestMean = 0;
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
        const SimulatorConfig config = SimulatorConfig::forSeed(seed, MarketRegime::Range);
        ASSERT_NO_THROW(config.validate()) << seed;
        const LeverageMix& mix = config.trueLeverageMix;
        EXPECT_GE(mix.size(), 5u) << seed;
        EXPECT_LE(mix.size(), 8u) << seed;
        for (const LeverageTier& tier : mix.tiers()) {
            EXPECT_NE(std::find(std::begin(kChoices), std::end(kChoices), tier.leverage),
                      std::end(kChoices))
                << seed;
        }
        const double mean = meanLeverage(mix);
        EXPECT_GE(mean, 8) << seed;
        EXPECT_LE(mean, 50) << seed;
        lowestMean = std::min(lowestMean, mean);
        highestMean = std::max(highestMean, mean);
        for (std::size_t kind = 0; kind < 4; ++kind) {
            EXPECT_GT(config.traderShares[kind], 0.0) << seed;
        }
        // Holding ranges (minutes): trend 30–240, dip 60–720, range 15–90, noise 20–480.
        EXPECT_GE(config.meanHoldMinutes[0], 30);
        EXPECT_LE(config.meanHoldMinutes[1], 720);
        EXPECT_LE(config.meanHoldMinutes[2], 90);
        EXPECT_GE(config.meanHoldMinutes[3], 20);
        EXPECT_GE(config.calmDailyVolatility, 0.015);
        EXPECT_LE(config.calmDailyVolatility, 0.03);
        // Little's law keeps the aimed-at open positions between 80 000 and 150 000.
        double meanHold = 0;
        for (std::size_t kind = 0; kind < 4; ++kind) {
            meanHold += config.traderShares[kind] * config.meanHoldMinutes[kind] * 60;
        }
        EXPECT_GE(config.arrivalsPerSecond * meanHold, 80'000 * (1 - 1e-9)) << seed;
        EXPECT_LE(config.arrivalsPerSecond * meanHold, 150'000 * (1 + 1e-9)) << seed;
    }
    // The point of drawing the mix: the estimator meets cautious and reckless crowds alike.
    EXPECT_LT(lowestMean, 12);
    EXPECT_GT(highestMean, 40);
}

TEST(SimulatorConfig, RejectsABadStartPrice) {
    SimulatorConfig config;
    config.startPrice = 0;
    EXPECT_EQ(configErrorText([&] { config.validate(); }),
              "startPrice: must be a positive finite number, got 0");
    config.startPrice = std::numeric_limits<double>::infinity();
    EXPECT_EQ(configErrorText([&] { config.validate(); }),
              "startPrice: must be a positive finite number, got inf");
    config.startPrice = std::nan("");
    EXPECT_EQ(configErrorText([&] { config.validate(); }),
              "startPrice: must be a positive finite number, got nan");
}

TEST(SimulatorConfig, RejectsANegativeRegimeDelay) {
    SimulatorConfig config;
    config.regimeDelayMs = -1;
    EXPECT_EQ(configErrorText([&] { config.validate(); }),
              "regimeDelayMs: must not be negative, got -1");
    config.regimeDelayMs = 0;
    EXPECT_NO_THROW(config.validate());
}

TEST(SimulatorConfig, RejectsAnOpenInterestPeriodThatIsNotWholeSeconds) {
    SimulatorConfig config;
    config.openInterestPeriodMs = 1500;
    EXPECT_EQ(configErrorText([&] { config.validate(); }),
              "openInterestPeriodMs: must be a positive multiple of 1000 ms, got 1500");
    config.openInterestPeriodMs = 0;
    EXPECT_EQ(configErrorText([&] { config.validate(); }),
              "openInterestPeriodMs: must be a positive multiple of 1000 ms, got 0");
    config.openInterestPeriodMs = 1000;
    EXPECT_NO_THROW(config.validate());
}

TEST(SimulatorConfig, RejectsATrueLeverageAboveTheInstrumentMaximum) {
    SimulatorConfig config;
    config.trueLeverageMix = LeverageMix::parse("10:0.5,150:0.5");
    EXPECT_EQ(configErrorText([&] { config.validate(); }),
              "trueLeverageMix: 150x is above the instrument's maximum leverage 125");
    config.trueLeverageMix = LeverageMix::parse("10:0.5,125:0.5");
    EXPECT_NO_THROW(config.validate());
}

TEST(SimulatorConfig, RejectsTraderSharesThatAreNegativeOrDoNotSumToOne) {
    SimulatorConfig config;
    config.traderShares = {0.5, 0.5, -0.1, 0.1};
    EXPECT_EQ(configErrorText([&] { config.validate(); }),
              "traderShares[2]: must be a finite number not below 0, got -0.1");
    config.traderShares = {0.5, 0.5, 0.5, 0};
    EXPECT_EQ(configErrorText([&] { config.validate(); }),
              "traderShares: must sum to 1 (within 1e-9), got 1.5");
    config.traderShares = {0, 0, 0, 1};
    EXPECT_NO_THROW(config.validate());
}

TEST(SimulatorConfig, RejectsRatesAndSizesOutsideTheirBounds) {
    SimulatorConfig config;
    config.meanHoldMinutes[3] = 0;
    EXPECT_EQ(configErrorText([&] { config.validate(); }),
              "meanHoldMinutes[3]: must be a positive finite number, got 0");
    config.meanHoldMinutes[3] = 50'000;
    EXPECT_EQ(configErrorText([&] { config.validate(); }),
              "meanHoldMinutes[3]: must be at most 43200, got 50000");
    config = SimulatorConfig{};
    config.arrivalsPerSecond = 101;
    EXPECT_EQ(configErrorText([&] { config.validate(); }),
              "arrivalsPerSecond: must be at most 100, got 101");
    config = SimulatorConfig{};
    config.medianNotional = -5;
    EXPECT_EQ(configErrorText([&] { config.validate(); }),
              "medianNotional: must be a positive finite number, got -5");
    config = SimulatorConfig{};
    config.calmDailyVolatility = 0.6;
    EXPECT_EQ(configErrorText([&] { config.validate(); }),
              "calmDailyVolatility: must be at most 0.5, got 0.6");
}

}  // namespace
}  // namespace liqmap::core
