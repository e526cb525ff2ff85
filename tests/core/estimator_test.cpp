#include "liqmap/core/estimator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "liqmap/core/liquidation_map.h"
#include "support/config_error_text.h"

namespace liqmap::core {
namespace {

using test::configErrorText;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr TimestampMs kMinute = kMinuteMs;

// A contract with no maintenance margin, so the Binance formula gives round numbers:
// 10x long 0.9·E, short 1.1·E; 25x long 0.96·E, short 1.04·E.
Instrument plainInstrument(double mmr = 0) {
    return Instrument("test", "TEST", MarginFormula::Binance, 1, 0.01, {{kInf, mmr, 0, 125}});
}

// The mechanics one at a time: turnover and the initial share (on by default) are switched off
// here and tested on their own below.
EstimatorConfig tenAndTwentyFive() {
    EstimatorConfig config;
    config.leverageMix = LeverageMix::parse("10:0.5,25:0.5");
    config.turnoverHalfLifeMs = 0;
    config.initialOpenInterestShare = 0;
    return config;
}

Candle candle(TimestampMs ts, double open, double high, double low, double close) {
    Candle c;
    c.ts = ts;
    c.open = open;
    c.high = high;
    c.low = low;
    c.close = close;
    c.volume = 1;
    return c;
}

OpenInterest openInterest(TimestampMs ts, double qty) {
    OpenInterest oi;
    oi.ts = ts;
    oi.qty = qty;
    return oi;
}

// Baseline OI 1 000 at t 0, a candle with high 101, low 99, close 100, then OI 1 010 at t 1 min:
// ΔOI = 10 at the typical price (101 + 99 + 100) / 3 = 100, i.e. 1 000 of notional per side,
// 500 per tier.
void openTenCoinsAt100(Estimator& estimator) {
    ASSERT_FALSE(estimator.apply(openInterest(0, 1000)));
    ASSERT_FALSE(estimator.apply(candle(0, 100, 101, 99, 100)));
    ASSERT_FALSE(estimator.apply(openInterest(kMinute, 1010)));
}

TEST(Estimator, OneOpenInterestIncreaseOpensTheExpectedNotionalInTheExpectedBins) {
    Estimator estimator(plainInstrument(), tenAndTwentyFive());
    openTenCoinsAt100(estimator);
    EXPECT_EQ(estimator.totals().opened, 2000);  // 1 000 per side
    EXPECT_EQ(estimator.book().totalNotional(Side::Long), 1000);
    EXPECT_EQ(estimator.book().totalNotional(Side::Short), 1000);

    // Ten bins over [85, 115], 3 wide: liquidation prices 90, 96 | 104, 110 fall in bins
    // 1 [88, 91), 3 [94, 97) | 6 [103, 106), 8 [109, 112).
    const LiquidationMap map = LiquidationMap::build(estimator.book(), 100, {10, 0.15});
    for (std::size_t bin = 0; bin < 10; ++bin) {
        const double expectedLong = bin == 1 || bin == 3 ? 500 : 0;
        const double expectedShort = bin == 6 || bin == 8 ? 500 : 0;
        EXPECT_EQ(map.longNotional(bin), expectedLong) << "bin " << bin;
        EXPECT_EQ(map.shortNotional(bin), expectedShort) << "bin " << bin;
    }
    EXPECT_EQ(map.longNotional(1, 0), 500);   // 10x
    EXPECT_EQ(map.longNotional(3, 1), 500);   // 25x
    EXPECT_EQ(map.shortNotional(6, 1), 500);  // 25x
    EXPECT_EQ(map.shortNotional(8, 0), 500);  // 10x
}

TEST(Estimator, CandleSweepRemovesExactlyTheCrossedCohorts) {
    Estimator estimator(plainInstrument(), tenAndTwentyFive());
    openTenCoinsAt100(estimator);
    // Low 95 crosses the 25x long at 96, not the 10x long at 90.
    ASSERT_FALSE(estimator.apply(candle(2 * kMinute, 100, 100.5, 95, 97)));
    EXPECT_EQ(estimator.totals().estimatedLongLiquidations, 500);
    EXPECT_EQ(estimator.totals().estimatedShortLiquidations, 0);
    EXPECT_EQ(estimator.book().totalNotional(Side::Long), 500);
    // High 105 crosses the 25x short at 104, not the 10x short at 110.
    ASSERT_FALSE(estimator.apply(candle(3 * kMinute, 97, 105, 96.5, 104)));
    EXPECT_EQ(estimator.totals().estimatedShortLiquidations, 500);
    EXPECT_EQ(estimator.totals().estimatedLongLiquidations, 500);
    EXPECT_EQ(estimator.book().totalNotional(Side::Short), 500);
    EXPECT_EQ(estimator.currentPrice(), 104);
}

TEST(Estimator, MarkAndTradePricesSweepToo) {
    Estimator estimator(plainInstrument(), tenAndTwentyFive());
    openTenCoinsAt100(estimator);
    MarkPrice mark;
    mark.ts = 2 * kMinute;
    mark.price = 95.5;
    ASSERT_FALSE(estimator.apply(mark));
    EXPECT_EQ(estimator.totals().estimatedLongLiquidations, 500);  // 25x long at 96
    Trade trade;
    trade.ts = 3 * kMinute;
    trade.price = 110.5;
    trade.qty = 1;
    ASSERT_FALSE(estimator.apply(trade));
    EXPECT_EQ(estimator.totals().estimatedShortLiquidations, 1000);  // both shorts
    EXPECT_EQ(estimator.currentPrice(), 110.5);
}

TEST(Estimator, OpenInterestDecreaseClosesItsShareOfEveryCohort) {
    Estimator estimator(plainInstrument(), tenAndTwentyFive());
    openTenCoinsAt100(estimator);
    // OI falls from 1 010 to 909, by 10 %: 10 % of all positions close — the 1 000 coins from
    // before the first reading (not in the book) as much as the 10 the book holds — so every
    // cohort keeps 90 % of its 500, and each side loses 100.
    ASSERT_FALSE(estimator.apply(candle(kMinute, 100, 101, 99, 100)));
    ASSERT_FALSE(estimator.apply(openInterest(2 * kMinute, 909)));
    EXPECT_DOUBLE_EQ(estimator.totals().closed, 200);  // both sides
    const LiquidationMap map = LiquidationMap::build(estimator.book(), 100, {10, 0.15});
    EXPECT_DOUBLE_EQ(map.longNotional(1), 450);
    EXPECT_DOUBLE_EQ(map.longNotional(3), 450);
    EXPECT_DOUBLE_EQ(map.shortNotional(6), 450);
    EXPECT_DOUBLE_EQ(map.shortNotional(8), 450);
}

TEST(Estimator, OpenInterestFallingToZeroEmptiesTheBook) {
    Estimator estimator(plainInstrument(), tenAndTwentyFive());
    openTenCoinsAt100(estimator);
    ASSERT_FALSE(estimator.apply(openInterest(2 * kMinute, 0)));
    EXPECT_EQ(estimator.book().totalNotional(Side::Long), 0);
    EXPECT_EQ(estimator.book().totalNotional(Side::Short), 0);
    EXPECT_EQ(estimator.totals().closed, 2000);
}

TEST(Estimator, LookbackExpiresCohortsOpenedBeforeTheWindow) {
    EstimatorConfig config = tenAndTwentyFive();
    config.lookbackMs = 10 * kMinute;
    Estimator estimator(plainInstrument(), config);
    openTenCoinsAt100(estimator);  // opened at t 1 min
    // A second opening of 10 coins at 100, at t 6 min, into the same cohorts.
    ASSERT_FALSE(estimator.apply(candle(5 * kMinute, 100, 101, 99, 100)));
    ASSERT_FALSE(estimator.apply(openInterest(6 * kMinute, 1020)));
    EXPECT_EQ(estimator.book().totalNotional(Side::Long), 2000);

    // At t 11.5 min the window starts at 1.5 min: the first opening has expired.
    ASSERT_FALSE(estimator.apply(candle(11 * kMinute + 30'000, 100, 100, 100, 100)));
    EXPECT_EQ(estimator.book().totalNotional(Side::Long), 1000);
    EXPECT_EQ(estimator.book().totalNotional(Side::Short), 1000);
    EXPECT_EQ(estimator.totals().expired, 2000);

    // At t 16.5 min the second has expired as well.
    ASSERT_FALSE(estimator.apply(candle(16 * kMinute + 30'000, 100, 100, 100, 100)));
    EXPECT_EQ(estimator.book().totalNotional(Side::Long), 0);
    EXPECT_EQ(estimator.book().cohortCount(), 0u);
    EXPECT_EQ(estimator.totals().expired, 4000);
}

TEST(Estimator, LongTotalEqualsShortTotalAfterAnySequenceOfOpeningsAndClosings) {
    // Prices stay in [99, 101]: the nearest liquidation prices are 0.96 · 101 = 96.96 and
    // 1.04 · 99 = 102.96, so nothing is swept and both sides see the same openings and closings.
    Estimator estimator(plainInstrument(), tenAndTwentyFive());
    std::uint64_t state = 12345;
    auto next = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>(state >> 11) / 9007199254740992.0;  // [0, 1)
    };
    double oi = 1000;
    ASSERT_FALSE(estimator.apply(openInterest(0, oi)));
    for (int step = 1; step <= 500; ++step) {
        const TimestampMs ts = step * kMinute;
        const double close = 99.5 + next();
        ASSERT_FALSE(estimator.apply(candle(ts - kMinute, close, 101, 99, close)));
        oi = std::max(0.0, oi + (next() - 0.45) * 40);
        ASSERT_FALSE(estimator.apply(openInterest(ts, oi)));
        ASSERT_EQ(estimator.book().totalNotional(Side::Long),
                  estimator.book().totalNotional(Side::Short))
            << "step " << step;
    }
    EXPECT_EQ(estimator.totals().estimatedLongLiquidations, 0);
    EXPECT_GT(estimator.totals().closed, 0);
    // The running total agrees with the cohorts it summarises.
    double sum = 0;
    estimator.book().forEachCohort(Side::Long,
                                   [&](std::size_t, double, double notional) { sum += notional; });
    EXPECT_NEAR(sum, estimator.book().totalNotional(Side::Long), 1e-9 * sum);
}

TEST(Estimator, ReportedLiquidationConsumesNearbyCohortsOfItsSide) {
    Estimator estimator(plainInstrument(), tenAndTwentyFive());
    openTenCoinsAt100(estimator);
    // A long liquidation of 300 at 96.5; the 1 % window [95.535, 97.465] holds the 25x long at 96.
    Liquidation liquidation;
    liquidation.ts = 2 * kMinute;
    liquidation.side = Side::Long;
    liquidation.price = 96.5;
    liquidation.qty = 300 / 96.5;
    liquidation.notional = 300;
    ASSERT_FALSE(estimator.apply(liquidation));
    EXPECT_EQ(estimator.totals().realizedLong, 300);
    EXPECT_EQ(estimator.totals().consumedByRealized, 300);
    const LiquidationMap map = LiquidationMap::build(estimator.book(), 100, {10, 0.15});
    EXPECT_DOUBLE_EQ(map.longNotional(3), 200);  // 500 · (1 − 300 / 500)
    EXPECT_EQ(map.longNotional(1), 500);
    EXPECT_EQ(estimator.book().totalNotional(Side::Short), 1000);
}

TEST(Estimator, ReportedLiquidationsOnlyCountWhenConsumptionIsOff) {
    EstimatorConfig config = tenAndTwentyFive();
    config.consumeRealizedLiquidations = false;
    Estimator estimator(plainInstrument(), config);
    openTenCoinsAt100(estimator);
    Liquidation liquidation;
    liquidation.ts = 2 * kMinute;
    liquidation.side = Side::Short;
    liquidation.price = 104;
    liquidation.qty = 1;
    liquidation.notional = 104;
    ASSERT_FALSE(estimator.apply(liquidation));
    EXPECT_EQ(estimator.totals().realizedShort, 104);
    EXPECT_EQ(estimator.totals().consumedByRealized, 0);
    EXPECT_EQ(estimator.book().totalNotional(Side::Short), 1000);
}

TEST(Estimator, TurnoverClosesAndReopensAtThePricesOfTheMoment) {
    EstimatorConfig config = tenAndTwentyFive();
    config.turnoverHalfLifeMs = kMinute;
    Estimator estimator(plainInstrument(), config);
    ASSERT_FALSE(estimator.apply(openInterest(0, 1000)));
    ASSERT_FALSE(estimator.apply(candle(0, 100, 101, 99, 100)));
    // OI stands still for one half-life: half of the (empty) book closes and half of the
    // 1 000 coins reopen at the typical price 100: 50 000 per side, 25 000 per tier.
    ASSERT_FALSE(estimator.apply(openInterest(kMinute, 1000)));
    EXPECT_DOUBLE_EQ(estimator.book().totalNotional(Side::Long), 50'000);
    EXPECT_DOUBLE_EQ(estimator.totals().turnedOver, 0);
    // Another half-life at typical price (102.5 + 101.5 + 102) / 3 = 102 (no cohort crossed:
    // the 25x short sits at 104): the cohorts at 100 keep 12 500 per tier, and 500 coins reopen
    // at 102, 25 500 per tier; 4 cohorts · 12 500 turned over.
    ASSERT_FALSE(estimator.apply(candle(kMinute, 102, 102.5, 101.5, 102)));
    ASSERT_FALSE(estimator.apply(openInterest(2 * kMinute, 1000)));
    EXPECT_DOUBLE_EQ(estimator.totals().turnedOver, 50'000);
    EXPECT_DOUBLE_EQ(estimator.book().totalNotional(Side::Long), 76'000);
    EXPECT_DOUBLE_EQ(estimator.book().totalNotional(Side::Short), 76'000);
    // 10x longs at 0.9 · 100 = 90 and 0.9 · 102 = 91.8: bins 1 ([88, 91)) and 2 ([91, 94)) of
    // 10 over [85, 115].
    const LiquidationMap map = LiquidationMap::build(estimator.book(), 100, {10, 0.15});
    EXPECT_DOUBLE_EQ(map.longNotional(1, 0), 12'500);
    EXPECT_DOUBLE_EQ(map.longNotional(2, 0), 25'500);
    // A fall of 10 % with turnover: the fall closes 10 % first, then the half-life turns over
    // half of what is left and reopens 0.5 · min(1 000, 900) = 450 coins.
    ASSERT_FALSE(estimator.apply(openInterest(3 * kMinute, 900)));
    // 76 000 · 0.9 · 0.5 = 34 200 kept, + 450 · 102 = 45 900 reopened at the last price 102.
    EXPECT_DOUBLE_EQ(estimator.book().totalNotional(Side::Long), 34'200 + 45'900);
}

TEST(Estimator, InitialShareOpensPartOfTheFirstReadingAtThePriceOfTheMoment) {
    EstimatorConfig config = tenAndTwentyFive();
    config.initialOpenInterestShare = 0.5;
    Estimator estimator(plainInstrument(), config);
    // No price yet: the 0.5 · 1 000 = 500 coins wait for one; the candle closes at 100, so they
    // open at 100 (the interval holds only that candle: typical (101 + 99 + 100) / 3 = 100):
    // 50 000 per side, 25 000 per tier, 10x long at 90, 25x long at 96.
    ASSERT_FALSE(estimator.apply(openInterest(0, 1000)));
    EXPECT_EQ(estimator.book().totalNotional(Side::Long), 0);
    ASSERT_FALSE(estimator.apply(candle(0, 100, 101, 99, 100)));
    EXPECT_DOUBLE_EQ(estimator.book().totalNotional(Side::Long), 50'000);
    EXPECT_DOUBLE_EQ(estimator.book().totalNotional(Side::Short), 50'000);
    const LiquidationMap map = LiquidationMap::build(estimator.book(), 100, {10, 0.15});
    EXPECT_DOUBLE_EQ(map.longNotional(1), 25'000);
    EXPECT_DOUBLE_EQ(map.longNotional(3), 25'000);

    // With a price already known the share opens at once, at that price: 0.25 · 400 = 100 coins
    // at 80 → 8 000 per side.
    config.initialOpenInterestShare = 0.25;
    Estimator priced(plainInstrument(), config);
    ASSERT_FALSE(priced.apply(candle(0, 80, 80, 80, 80)));
    ASSERT_FALSE(priced.apply(openInterest(0, 400)));
    EXPECT_DOUBLE_EQ(priced.book().totalNotional(Side::Short), 8'000);
}

TEST(Estimator, RealizedScaleStretchesWhatAReportConsumes) {
    EstimatorConfig config = tenAndTwentyFive();
    config.realizedScale = 1.5;
    Estimator estimator(plainInstrument(), config);
    openTenCoinsAt100(estimator);
    // A reported 300 at 96.5 stands for 1.5 · 300 = 450 of the 500 in the 25x long at 96.
    Liquidation liquidation;
    liquidation.ts = 2 * kMinute;
    liquidation.side = Side::Long;
    liquidation.price = 96.5;
    liquidation.qty = 300 / 96.5;
    liquidation.notional = 300;
    ASSERT_FALSE(estimator.apply(liquidation));
    EXPECT_EQ(estimator.totals().realizedLong, 300);
    EXPECT_DOUBLE_EQ(estimator.totals().consumedByRealized, 450);
}

TEST(Estimator, OpeningBeyondTheCurrentPriceIsLiquidatedAtOnce) {
    // The interval spans 100..120 and closes at 100: typical price (120 + 100 + 100) / 3 =
    // 106.67. The 25x long would sit at 0.96 · 106.67 = 102.4, above the current price 100, so it
    // is priced out at once: 5 coins · 106.67 = 533.33 of estimated long liquidations.
    Estimator estimator(plainInstrument(), tenAndTwentyFive());
    ASSERT_FALSE(estimator.apply(openInterest(0, 1000)));
    ASSERT_FALSE(estimator.apply(candle(0, 110, 120, 100, 100)));
    ASSERT_FALSE(estimator.apply(openInterest(kMinute, 1010)));
    const double typical = (120.0 + 100 + 100) / 3;
    EXPECT_DOUBLE_EQ(estimator.totals().estimatedLongLiquidations, 5 * typical);
    EXPECT_DOUBLE_EQ(estimator.book().totalNotional(Side::Long), 5 * typical);  // the 10x half
    EXPECT_DOUBLE_EQ(estimator.book().totalNotional(Side::Short), 10 * typical);
}

TEST(Estimator, UniformEntryModelSpreadsOverTheInterval) {
    // Two slices of [90, 110]: entries 95 and 105, 5 coins each: 475 and 525 per side, half per
    // tier. The price closed at 100, so the 25x short from 95 (at 1.04 · 95 = 98.8) is priced out
    // at once: shorts keep 1 000 − 237.5.
    EstimatorConfig config = tenAndTwentyFive();
    config.entryModel = EntryModel::UniformRange;
    config.uniformSlices = 2;
    Estimator estimator(plainInstrument(), config);
    ASSERT_FALSE(estimator.apply(openInterest(0, 1000)));
    ASSERT_FALSE(estimator.apply(candle(0, 100, 110, 90, 100)));
    ASSERT_FALSE(estimator.apply(openInterest(kMinute, 1010)));
    EXPECT_EQ(estimator.book().totalNotional(Side::Short), 762.5);
    EXPECT_EQ(estimator.totals().estimatedShortLiquidations, 237.5);
    // 10x shorts at 1.1 · 95 = 104.5 (237.5) and 1.1 · 105 = 115.5 (262.5).
    double at104 = 0;
    double at115 = 0;
    estimator.book().forEachCohort(Side::Short, [&](std::size_t tier, double lp, double n) {
        if (tier == 0 && lp == 1.1 * 95) {
            at104 += n;
        }
        if (tier == 0 && lp == 1.1 * 105) {
            at115 += n;
        }
    });
    EXPECT_EQ(at104, 237.5);
    EXPECT_EQ(at115, 262.5);
}

TEST(Estimator, OpenInterestFasterThanTheStepIsAccumulated) {
    // Updates at 0, 20, 40 s are held; at 60 s the whole change from the reference (1 000 → 1 010)
    // opens at the prices seen over the full minute: (102 + 98 + 100) / 3 = 100.
    Estimator estimator(plainInstrument(), tenAndTwentyFive());
    ASSERT_FALSE(estimator.apply(openInterest(0, 1000)));
    ASSERT_FALSE(estimator.apply(candle(0, 100, 102, 100, 101)));
    ASSERT_FALSE(estimator.apply(openInterest(20'000, 1005)));
    ASSERT_FALSE(estimator.apply(candle(0, 100, 101, 98, 100)));
    ASSERT_FALSE(estimator.apply(openInterest(40'000, 1008)));
    EXPECT_EQ(estimator.book().totalNotional(Side::Long), 0);
    ASSERT_FALSE(estimator.apply(openInterest(60'000, 1010)));
    EXPECT_EQ(estimator.book().totalNotional(Side::Long), 1000);
}

TEST(Estimator, ImplausiblePriceIsSkippedAndCounted) {
    Estimator estimator(plainInstrument(), tenAndTwentyFive());
    openTenCoinsAt100(estimator);
    // A low of 10 would wipe out every long; a factor 10 from 100 is beyond the guard's 4.
    EXPECT_EQ(estimator.apply(candle(2 * kMinute, 100, 100, 10, 100)),
              SkipReason::ImplausiblePriceJump);
    EXPECT_EQ(estimator.book().totalNotional(Side::Long), 1000);
    EXPECT_EQ(estimator.skipped().count(SkipReason::ImplausiblePriceJump), 1u);
    EXPECT_EQ(estimator.totals().eventsApplied, 3u);
}

TEST(Estimator, InvalidEventsAreSkippedWithTheirReason) {
    Estimator estimator(plainInstrument(), tenAndTwentyFive());
    Trade nanTrade;
    nanTrade.ts = 0;
    nanTrade.price = std::nan("");
    nanTrade.qty = 1;
    EXPECT_EQ(estimator.apply(nanTrade), SkipReason::InvalidValue);
    EXPECT_EQ(estimator.apply(candle(0, 100, 99, 98, 100)), SkipReason::InconsistentCandle);
    EXPECT_EQ(estimator.skipped().total(), 2u);
    EXPECT_FALSE(estimator.currentPrice());
}

TEST(Estimator, OpenInterestGrowthBeforeAnyPriceCannotBePlaced) {
    Estimator estimator(plainInstrument(), tenAndTwentyFive());
    ASSERT_FALSE(estimator.apply(openInterest(0, 1000)));
    EXPECT_EQ(estimator.apply(openInterest(kMinute, 1010)), SkipReason::NoPriceForOpening);
    EXPECT_EQ(estimator.book().totalNotional(Side::Long), 0);
    // The reference moved: the next change is measured from 1 010, not from 1 000.
    ASSERT_FALSE(estimator.apply(candle(kMinute, 100, 101, 99, 100)));
    ASSERT_FALSE(estimator.apply(openInterest(2 * kMinute, 1011)));
    EXPECT_EQ(estimator.book().totalNotional(Side::Long), 100);
}

TEST(Estimator, OlderOpenInterestIsOutOfOrder) {
    Estimator estimator(plainInstrument(), tenAndTwentyFive());
    ASSERT_FALSE(estimator.apply(openInterest(5 * kMinute, 1000)));
    EXPECT_EQ(estimator.apply(openInterest(4 * kMinute, 1010)), SkipReason::OutOfOrder);
}

TEST(Estimator, CoverageIsTheOpenInterestHistoryCappedAtTheLookback) {
    EstimatorConfig config = tenAndTwentyFive();
    config.lookbackMs = 60 * kMinute;
    Estimator estimator(plainInstrument(), config);
    EXPECT_EQ(estimator.openInterestCoverageMs(), 0);
    ASSERT_FALSE(estimator.apply(openInterest(10 * kMinute, 1000)));
    ASSERT_FALSE(estimator.apply(candle(40 * kMinute, 100, 101, 99, 100)));
    EXPECT_EQ(estimator.openInterestCoverageMs(), 30 * kMinute);
    ASSERT_FALSE(estimator.apply(candle(200 * kMinute, 100, 101, 99, 100)));
    EXPECT_EQ(estimator.openInterestCoverageMs(), 60 * kMinute);
}

TEST(Estimator, RejectsALeverageAboveTheInstrumentMaximum) {
    EstimatorConfig config;
    config.leverageMix = LeverageMix::parse("10:0.5,150:0.5");
    EXPECT_EQ(configErrorText([&] { Estimator(plainInstrument(), config); }),
              "leverage.tiers[1]: 150x is above TEST's maximum leverage 125x");
}

TEST(Estimator, RejectsAMaintenanceRateAtOrAboveOneOverLeverage) {
    // mmr 2 % and a 50x tier: maintenance equals the whole initial margin.
    EstimatorConfig config;
    config.leverageMix = LeverageMix::parse("10:0.5,50:0.5");
    EXPECT_EQ(configErrorText([&] { Estimator(plainInstrument(0.02), config); }),
              "mmr: 0.02 is not below 1/leverage = 0.02: the position would be liquidated at "
              "entry");
}

TEST(Estimator, RejectsATierTheTypicalPositionIsNotAllowed) {
    // A typical position of 100 000 falls in the second tier, which allows at most 50x.
    const Instrument tiered("test", "TEST", MarginFormula::Binance, 1, 0.01,
                            {{50'000, 0.004, 0, 125}, {kInf, 0.01, 300, 50}});
    EstimatorConfig config;
    config.leverageMix = LeverageMix::parse("10:0.5,100:0.5");
    config.typicalPositionNotional = 100'000;
    EXPECT_EQ(configErrorText([&] { Estimator(tiered, config); }),
              "leverage.tiers[1]: 100x is above the 50x allowed for a 100000 position");
}

TEST(Estimator, RejectsAnInvalidConfiguration) {
    EstimatorConfig config;
    config.realizedWindow = std::nan("");
    EXPECT_EQ(configErrorText([&] { Estimator(plainInstrument(), config); }),
              "realizedWindow: not a finite number");
}

TEST(Estimator, MaintenanceAmountShiftsLiquidationByTheTypicalPositionSize) {
    // Binance tier with mmr 0.5 % and cum 50; typical position 10 000 at 10x.
    // Long factor = ((1 − 0.1) − 50 / 10 000) / (1 − 0.005) = 0.895 / 0.995.
    const Instrument tiered("test", "TEST", MarginFormula::Binance, 1, 0.01,
                            {{kInf, 0.005, 50, 125}});
    EstimatorConfig config;
    config.leverageMix = LeverageMix::parse("10:1");
    Estimator estimator(tiered, config);
    ASSERT_EQ(estimator.book().tiers().size(), 1u);
    EXPECT_NEAR(estimator.book().tiers()[0].longFactor, 0.895 / 0.995, 1e-15);
    EXPECT_NEAR(estimator.book().tiers()[0].shortFactor, 1.105 / 1.005, 1e-15);
}

}  // namespace
}  // namespace liqmap::core
