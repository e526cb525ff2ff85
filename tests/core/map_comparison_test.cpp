#include "liqmap/core/map_comparison.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "support/config_error_text.h"

namespace liqmap::core {
namespace {

using test::configErrorText;

// Maps around P = 100 with one tier. Ten bins over ±10 % are [90, 110] in bins of width 2 whose
// centres are 91, 93, …, 109; five bins are of width 4 with centres 92, 96, 100, 104, 108.
constexpr MapOptions kTenBins{10, 0.10};
constexpr MapOptions kFiveBins{5, 0.10};

double centre(const MapOptions& options, std::size_t bin) {
    const double width = 200 * options.range / options.bins;
    return 100 * (1 - options.range) + width * (static_cast<double>(bin) + 0.5);
}

// One level of `notional` at the centre of each listed bin.
LiquidationMap mapOf(const MapOptions& options, Side side, const std::vector<double>& perBin,
                     std::vector<LiquidationLevel> extra = {}) {
    std::vector<LiquidationLevel> levels = std::move(extra);
    for (std::size_t bin = 0; bin < perBin.size(); ++bin) {
        if (perBin[bin] > 0) {
            levels.push_back({side, 0, centre(options, bin), perBin[bin]});
        }
    }
    return LiquidationMap::fromLevels({10}, levels, 100, options);
}

LiquidationMap longs(const MapOptions& options, const std::vector<double>& perBin) {
    return mapOf(options, Side::Long, perBin);
}

TEST(MapComparison, WassersteinOfAMassMovedTwoBinsIsTwoBinWidths) {
    // All notional in bin 2 against all of it in bin 4: the running sums differ by 1 over bins
    // 2 and 3, so W1 = 2 · width 2 / price 100 · 100 = 4 %. Scale does not matter.
    const LiquidationMap inBinTwo = longs(kTenBins, {0, 0, 500});
    const LiquidationMap inBinFour = longs(kTenBins, {0, 0, 0, 0, 80});
    EXPECT_DOUBLE_EQ(wassersteinPercent(inBinTwo, inBinFour, Side::Long).value(), 4);
    EXPECT_DOUBLE_EQ(wassersteinPercent(inBinFour, inBinTwo, Side::Long).value(), 4);
}

TEST(MapComparison, WassersteinAveragesHowFarEachPartMoves) {
    // Half in bin 1 and half in bin 3 against everything in bin 2: each half moves one bin.
    // Running sums P = 0, .5, .5, 1, … and Q = 0, 0, 1, 1, …: |P − Q| = .5 at bins 1 and 2, an
    // area of one bin, W1 = 1 · 2 / 100 · 100 = 2 %.
    EXPECT_DOUBLE_EQ(
        wassersteinPercent(longs(kTenBins, {0, 50, 0, 50}), longs(kTenBins, {0, 0, 7}), Side::Long)
            .value(),
        2);
    // A quarter moved by four bins: W1 = .25 · 4 · 2 = 2 %.
    EXPECT_DOUBLE_EQ(
        wassersteinPercent(longs(kTenBins, {3, 0, 0, 0, 1}), longs(kTenBins, {1}), Side::Long)
            .value(),
        2);
}

TEST(MapComparison, WassersteinOfEqualShapesIsZero) {
    EXPECT_EQ(
        wassersteinPercent(longs(kTenBins, {1, 2, 3}), longs(kTenBins, {10, 20, 30}), Side::Long)
            .value(),
        0);
}

TEST(MapComparison, WassersteinReadsTheRequestedSideAndOnlyTheRange) {
    // Shorts in bin 9 against bin 6: 3 bins, 6 %. The longs (and notional beyond the range) are
    // not part of the short distribution.
    const LiquidationMap estimate = mapOf(kTenBins, Side::Short, {0, 0, 0, 0, 0, 0, 0, 0, 0, 5},
                                          {{Side::Long, 0, 91, 100}, {Side::Short, 0, 150, 1e9}});
    const LiquidationMap truth = mapOf(kTenBins, Side::Short, {0, 0, 0, 0, 0, 0, 5},
                                       {{Side::Long, 0, 109, 100}, {Side::Short, 0, 50, 1e9}});
    EXPECT_DOUBLE_EQ(wassersteinPercent(estimate, truth, Side::Short).value(), 6);
    // Longs at 91 and 109: bins 0 and 9, nine bins apart, 18 %.
    EXPECT_DOUBLE_EQ(wassersteinPercent(estimate, truth, Side::Long).value(), 18);
}

TEST(MapComparison, WassersteinNeedsNotionalOnBothMaps) {
    const LiquidationMap some = longs(kTenBins, {1});
    const LiquidationMap none = longs(kTenBins, {});
    EXPECT_EQ(wassersteinPercent(some, none, Side::Long), std::nullopt);
    EXPECT_EQ(wassersteinPercent(none, some, Side::Long), std::nullopt);
    EXPECT_EQ(wassersteinPercent(some, some, Side::Short), std::nullopt);  // no shorts at all
    // Notional beyond the range is no distribution over the bins either.
    const LiquidationMap outside = LiquidationMap::fromLevels(
        {10}, std::vector<LiquidationLevel>{{Side::Long, 0, 50, 1}}, 100, kTenBins);
    EXPECT_EQ(wassersteinPercent(some, outside, Side::Long), std::nullopt);
}

TEST(MapComparison, BinMetricsRejectMapsCutDifferently) {
    const LiquidationMap map = longs(kTenBins, {1});
    const std::vector<LiquidationLevel> level{{Side::Long, 0, 95, 1}};
    const LiquidationMap otherPrice = LiquidationMap::fromLevels({10}, level, 101, kTenBins);
    const LiquidationMap otherRange = LiquidationMap::fromLevels({10}, level, 100, {10, 0.2});
    const LiquidationMap otherBins = LiquidationMap::fromLevels({10}, level, 100, {11, 0.1});
    for (const LiquidationMap* other : {&otherPrice, &otherRange, &otherBins}) {
        EXPECT_EQ(configErrorText([&] { wassersteinPercent(map, *other, Side::Long); }),
                  "maps: must share current price, range and bin count");
        EXPECT_EQ(configErrorText([&] { binCorrelation(*other, map, Side::Long); }),
                  "maps: must share current price, range and bin count");
        EXPECT_EQ(configErrorText([&] { compareMaps(map, *other); }),
                  "maps: must share current price, range and bin count");
    }
    // The ratio compares totals only, so any cut will do: 1 / 1.
    EXPECT_EQ(notionalRatio(map, otherBins, Side::Long), 1);
}

TEST(MapComparison, CorrelationIsPearsonOverTheBins) {
    // x = 0 1 2 3 4, y = 0 2 1 4 3: both means 2, deviations −2 −1 0 1 2 and −2 0 −1 2 1;
    // Σ dx·dy = 4 + 0 + 0 + 2 + 2 = 8, Σ dx² = Σ dy² = 10, r = 8 / 10 = 0.8.
    EXPECT_DOUBLE_EQ(binCorrelation(longs(kFiveBins, {0, 1, 2, 3, 4}),
                                    longs(kFiveBins, {0, 2, 1, 4, 3}), Side::Long)
                         .value(),
                     0.8);
    // y = 3x is perfectly correlated, y = 4 − x perfectly anti-correlated.
    EXPECT_DOUBLE_EQ(binCorrelation(longs(kFiveBins, {0, 1, 2, 3, 4}),
                                    longs(kFiveBins, {0, 3, 6, 9, 12}), Side::Long)
                         .value(),
                     1);
    EXPECT_DOUBLE_EQ(binCorrelation(longs(kFiveBins, {0, 1, 2, 3, 4}),
                                    longs(kFiveBins, {4, 3, 2, 1, 0}), Side::Long)
                         .value(),
                     -1);
}

TEST(MapComparison, CorrelationReadsTheShortSide) {
    // Shorts 1 0 0 0 1 against 0 0 1 0 0: means .4 and .2; Σ dx·dy = .6·(−.2)·2 + (−.4)·.8 +
    // 2·(−.4)·(−.2) = −.24 − .32 + .16 = −.4; Σ dx² = 2·.36 + 3·.16 = 1.2; Σ dy² = .64 + 4·.04
    // = .8; r = −.4 / √.96 = −0.40824829…
    EXPECT_NEAR(binCorrelation(mapOf(kFiveBins, Side::Short, {1, 0, 0, 0, 1}),
                               mapOf(kFiveBins, Side::Short, {0, 0, 1}), Side::Short)
                    .value(),
                -0.4 / std::sqrt(0.96), 1e-12);
}

TEST(MapComparison, CorrelationNeedsVarianceOnBothMaps) {
    const LiquidationMap varied = longs(kFiveBins, {0, 1, 2, 3, 4});
    // Equal notional in every bin, and an empty side: no variance, no correlation. Equality is
    // tested exactly: a rounded mean of equal values could leave a spurious variance.
    EXPECT_EQ(binCorrelation(varied, longs(kFiveBins, {0.1, 0.1, 0.1, 0.1, 0.1}), Side::Long),
              std::nullopt);
    EXPECT_EQ(binCorrelation(longs(kFiveBins, {}), varied, Side::Long), std::nullopt);
    EXPECT_EQ(binCorrelation(varied, varied, Side::Short), std::nullopt);
}

TEST(MapComparison, NotionalRatioCountsTheRangeAndBeyond) {
    // 300 in range + 100 beyond = 400 longs against 200 + 300 = 500: 400 / 500 = 0.8.
    const LiquidationMap four = mapOf(kTenBins, Side::Long, {100, 200}, {{Side::Long, 0, 50, 100}});
    const LiquidationMap five = mapOf(kTenBins, Side::Long, {0, 0, 0, 200},
                                      {{Side::Long, 0, 80, 100}, {Side::Long, 0, 89.9, 200}});
    EXPECT_DOUBLE_EQ(notionalRatio(four, five, Side::Long).value(), 0.8);
    EXPECT_DOUBLE_EQ(notionalRatio(five, four, Side::Long).value(), 1.25);
    // A truth without shorts gives no ratio. An empty estimate against a truth is 0.
    EXPECT_EQ(notionalRatio(four, five, Side::Short), std::nullopt);
    EXPECT_EQ(notionalRatio(longs(kTenBins, {}), five, Side::Long), 0);
}

TEST(MapComparison, TopDecileTakesTheLargestBinsTiesToTheLowerIndex) {
    // 20 bins: ceil(20 / 10) = 2 bins. Bin 15 holds the most; bins 3, 7 and 11 tie for second
    // and the lowest index wins. Returned in bin order.
    std::vector<double> perBin(20, 0);
    perBin[3] = 5;
    perBin[7] = 5;
    perBin[11] = 5;
    perBin[15] = 9;
    perBin[19] = 1;
    const LiquidationMap map = longs({20, 0.10}, perBin);
    EXPECT_EQ(topDecileBins(map, Side::Long), (std::vector<std::size_t>{3, 15}));
    EXPECT_EQ(topDecileBins(map, Side::Short), (std::vector<std::size_t>{}));
}

TEST(MapComparison, TopDecileRoundsUpAndSkipsEmptyBins) {
    // 25 bins: ceil(2.5) = 3. Four non-empty bins: the three largest.
    std::vector<double> perBin(25, 0);
    perBin[0] = 1;
    perBin[4] = 4;
    perBin[20] = 3;
    perBin[24] = 2;
    EXPECT_EQ(topDecileBins(longs({25, 0.10}, perBin), Side::Long),
              (std::vector<std::size_t>{4, 20, 24}));
    // Only one bin holds anything: that one alone, not two empty ones besides.
    EXPECT_EQ(topDecileBins(longs({25, 0.10}, {0, 0, 0, 0, 0, 0, 7}), Side::Long),
              (std::vector<std::size_t>{6}));
    // A single-bin map has a top decile of one bin.
    EXPECT_EQ(topDecileBins(longs({1, 0.10}, {2}), Side::Long), (std::vector<std::size_t>{0}));
}

TEST(MapComparison, CaptureCountsRealizedNotionalInTopDecileBins) {
    // 20 bins of width 1 over [90, 110]; the top two long bins are 3 ([93, 94)) and 15
    // ([105, 106)).
    std::vector<double> perBin(20, 0);
    perBin[3] = 10;
    perBin[15] = 8;
    perBin[8] = 1;
    const LiquidationMap map = longs({20, 0.10}, perBin);
    const std::vector<LiquidationLevel> realized{
        {Side::Long, 0, 93.5, 100},   // bin 3: captured
        {Side::Long, 0, 94, 50},      // a lower edge belongs to bin 4: missed
        {Side::Long, 0, 105.2, 30},   // bin 15: captured
        {Side::Long, 0, 98.5, 40},    // bin 8 holds notional but is not in the top decile
        {Side::Long, 0, 80, 20},      // beyond the range: realized, never captured
        {Side::Short, 0, 93.5, 1e6},  // the other side: ignored
    };
    const CaptureTally tally = captureTally(map, Side::Long, realized);
    EXPECT_DOUBLE_EQ(tally.captured, 130);
    EXPECT_DOUBLE_EQ(tally.realized, 240);
    EXPECT_DOUBLE_EQ(tally.share().value(), 130.0 / 240);

    // The map holds no shorts, so nothing is captured of the realized short.
    const CaptureTally shorts = captureTally(map, Side::Short, realized);
    EXPECT_EQ(shorts.captured, 0);
    EXPECT_EQ(shorts.realized, 1e6);
    EXPECT_EQ(shorts.share(), 0);
}

TEST(MapComparison, CaptureTalliesAddUpAndNeedRealizedNotional) {
    CaptureTally total;
    EXPECT_EQ(total.share(), std::nullopt);
    total += CaptureTally{30, 40};
    total += CaptureTally{0, 0};
    total += CaptureTally{10, 60};
    EXPECT_EQ(total.captured, 40);
    EXPECT_EQ(total.realized, 100);
    EXPECT_DOUBLE_EQ(total.share().value(), 0.4);
    EXPECT_EQ(captureTally(longs(kTenBins, {1}), Side::Long, {}).share(), std::nullopt);
}

TEST(MapComparison, CompareMapsFillsEverythingButCapture) {
    // Longs: bin 2 against bin 4 (4 %), shorts: the same shape (0 %).
    const LiquidationMap estimate = mapOf(kTenBins, Side::Long, {0, 0, 6},
                                          {{Side::Short, 0, 105, 2}, {Side::Short, 0, 107, 2}});
    const LiquidationMap truth = mapOf(kTenBins, Side::Long, {0, 0, 0, 0, 3},
                                       {{Side::Short, 0, 105, 1}, {Side::Short, 0, 107, 1}});
    const MapAccuracy accuracy = compareMaps(estimate, truth);
    EXPECT_DOUBLE_EQ(accuracy.longs.wasserstein.value(), 4);
    // Spikes in different bins, x = 6 in bin 2 and y = 3 in bin 4 over ten bins: means .6 and
    // .3; Σ dx·dy = Σ x·y − 10·.6·.3 = −1.8, Σ dx² = 36 − 3.6 = 32.4, Σ dy² = 9 − .9 = 8.1;
    // r = −1.8 / √(32.4 · 8.1) = −1.8 / 16.2 = −1/9.
    EXPECT_NEAR(accuracy.longs.correlation.value(), -1.0 / 9, 1e-12);
    EXPECT_DOUBLE_EQ(accuracy.longs.notionalRatio.value(), 2);
    EXPECT_EQ(accuracy.longs.capture, std::nullopt);
    EXPECT_EQ(accuracy.shorts.wasserstein.value(), 0);
    EXPECT_DOUBLE_EQ(accuracy.shorts.correlation.value(), 1);
    EXPECT_DOUBLE_EQ(accuracy.shorts.notionalRatio.value(), 2);
    EXPECT_EQ(accuracy.shorts.capture, std::nullopt);
    EXPECT_EQ(&accuracy.side(Side::Long), &accuracy.longs);
    EXPECT_EQ(&accuracy.side(Side::Short), &accuracy.shorts);
}

}  // namespace
}  // namespace liqmap::core
