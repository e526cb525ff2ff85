#include "liqmap/core/liquidation_map.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>

#include "support/config_error_text.h"

namespace liqmap::core {
namespace {

using test::configErrorText;

// 10x and 25x without maintenance margin: from entry 100, longs at 90 and 96, shorts at 104
// and 110.
CohortBook bookWithOpening(double entry, double tenX, double twentyFiveX) {
    CohortBook book({{10, 0.9, 1.1}, {25, 0.96, 1.04}}, 1e-4);
    const std::array<double, 2> perTier{tenX, twentyFiveX};
    book.open(0, entry, perTier);
    return book;
}

TEST(LiquidationMap, BinEdgesSpanTheRangeAroundThePrice) {
    // P = 100, R = 15 %: [85, 115] in six bins of 5.
    const LiquidationMap map = LiquidationMap::build(bookWithOpening(100, 1, 1), 100, {6, 0.15});
    EXPECT_EQ(map.priceLow(), 85);
    EXPECT_EQ(map.priceHigh(), 115);
    EXPECT_EQ(map.binWidth(), 5);
    ASSERT_EQ(map.binCount(), 6u);
    for (std::size_t bin = 0; bin < 6; ++bin) {
        EXPECT_EQ(map.binLow(bin), 85 + 5.0 * static_cast<double>(bin));
        EXPECT_EQ(map.binHigh(bin), 90 + 5.0 * static_cast<double>(bin));
    }
    EXPECT_EQ(map.leverages(), (std::vector<double>{10, 25}));
}

TEST(LiquidationMap, BinLookupFollowsTheEdges) {
    const LiquidationMap map = LiquidationMap::build(bookWithOpening(100, 1, 1), 100, {6, 0.15});
    EXPECT_EQ(map.binIndexOf(85), 0u);
    EXPECT_EQ(map.binIndexOf(89.999), 0u);
    EXPECT_EQ(map.binIndexOf(90), 1u);  // a lower edge belongs to its bin
    EXPECT_EQ(map.binIndexOf(100), 3u);
    EXPECT_EQ(map.binIndexOf(114.99), 5u);
    EXPECT_EQ(map.binIndexOf(115), 5u);  // the top edge closes the last bin
    EXPECT_EQ(map.binIndexOf(84.999), std::nullopt);
    EXPECT_EQ(map.binIndexOf(115.001), std::nullopt);
    EXPECT_EQ(map.binIndexOf(std::nan("")), std::nullopt);
}

TEST(LiquidationMap, BinLookupAgreesWithBinLowEverywhere) {
    // Awkward numbers, where (price − low) / width rounds across edges.
    const LiquidationMap map =
        LiquidationMap::build(bookWithOpening(100, 1, 1), 37010.7, {199, 0.137});
    for (std::size_t bin = 0; bin < map.binCount(); ++bin) {
        const double edge = map.binLow(bin);
        EXPECT_EQ(map.binIndexOf(edge), bin) << "edge of bin " << bin;
        EXPECT_EQ(map.binIndexOf(std::nextafter(map.binHigh(bin), 0)), bin) << "top of " << bin;
    }
    std::uint64_t state = 7;
    for (int i = 0; i < 10'000; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const double price = map.priceLow() + (map.priceHigh() - map.priceLow()) *
                                                  static_cast<double>(state >> 11) /
                                                  9007199254740992.0;
        const auto bin = map.binIndexOf(price);
        ASSERT_TRUE(bin);
        EXPECT_LE(map.binLow(*bin), price);
        if (*bin + 1 < map.binCount()) {
            EXPECT_LT(price, map.binLow(*bin + 1));
        }
    }
}

TEST(LiquidationMap, BinsHoldEachSideAndTier) {
    // 300 at 10x and 700 at 25x from entry 100, ten bins of 3 over [85, 115]:
    // longs 90 → bin 1, 96 → bin 3; shorts 104 → bin 6, 110 → bin 8.
    const LiquidationMap map =
        LiquidationMap::build(bookWithOpening(100, 300, 700), 100, {10, 0.15});
    EXPECT_EQ(map.longNotional(1), 300);
    EXPECT_EQ(map.longNotional(1, 0), 300);
    EXPECT_EQ(map.longNotional(1, 1), 0);
    EXPECT_EQ(map.longNotional(3), 700);
    EXPECT_EQ(map.longNotional(3, 1), 700);
    EXPECT_EQ(map.shortNotional(6), 700);
    EXPECT_EQ(map.shortNotional(6, 1), 700);
    EXPECT_EQ(map.shortNotional(8), 300);
    EXPECT_EQ(map.shortNotional(8, 0), 300);
    EXPECT_EQ(map.totalLong(), 1000);
    EXPECT_EQ(map.totalShort(), 1000);
    EXPECT_EQ(map.outsideLong(), 0);
}

TEST(LiquidationMap, CumulativeCurvesRunOutwardFromThePrice) {
    // Longs: 300 in bin 1, 700 in bin 3; liquidated if price falls to a bin's low edge, so the
    // long curve sums from the top: bins 9..4 → 0, 3 → 700, 2 → 700, 1 → 1000, 0 → 1000.
    // Shorts: 700 in bin 6, 300 in bin 8, summed from the bottom: 0..5 → 0, 6, 7 → 700,
    // 8, 9 → 1000.
    const LiquidationMap map =
        LiquidationMap::build(bookWithOpening(100, 300, 700), 100, {10, 0.15});
    const std::array<double, 10> expectedLong{1000, 1000, 700, 700, 0, 0, 0, 0, 0, 0};
    const std::array<double, 10> expectedShort{0, 0, 0, 0, 0, 0, 700, 700, 1000, 1000};
    for (std::size_t bin = 0; bin < 10; ++bin) {
        EXPECT_EQ(map.cumulativeLong(bin), expectedLong[bin]) << "bin " << bin;
        EXPECT_EQ(map.cumulativeShort(bin), expectedShort[bin]) << "bin " << bin;
    }
}

TEST(LiquidationMap, CohortsOutsideTheRangeAreCountedApart) {
    // Range 5 % around 100 is [95, 105]: only the 25x cohorts (96, 104) are inside.
    const LiquidationMap map =
        LiquidationMap::build(bookWithOpening(100, 300, 700), 100, {4, 0.05});
    EXPECT_EQ(map.totalLong(), 700);
    EXPECT_EQ(map.outsideLong(), 300);
    EXPECT_EQ(map.totalShort(), 700);
    EXPECT_EQ(map.outsideShort(), 300);
}

TEST(LiquidationMap, OneBinHoldsEverythingInRange) {
    const LiquidationMap map =
        LiquidationMap::build(bookWithOpening(100, 300, 700), 100, {1, 0.15});
    EXPECT_EQ(map.longNotional(0), 1000);
    EXPECT_EQ(map.shortNotional(0), 1000);
    EXPECT_EQ(map.binLow(0), 85);
    EXPECT_EQ(map.binHigh(0), 115);
}

TEST(LiquidationMap, RejectsBadOptionsAndPrices) {
    const CohortBook book = bookWithOpening(100, 1, 1);
    EXPECT_EQ(configErrorText([&] {
                  LiquidationMap::build(book, 100, {0, 0.15});
              }),
              "bins: must be in [1, 100000], got 0");
    EXPECT_EQ(configErrorText([&] {
                  LiquidationMap::build(book, 100, {100'001, 0.15});
              }),
              "bins: must be in [1, 100000], got 100001");
    EXPECT_EQ(configErrorText([&] {
                  LiquidationMap::build(book, 100, {10, -0.1});
              }),
              "range: must be above 0 % and below 100 %, got -10 %");
    EXPECT_EQ(configErrorText([&] {
                  LiquidationMap::build(book, 100, {10, 0});
              }),
              "range: must be above 0 % and below 100 %, got 0 %");
    EXPECT_EQ(configErrorText([&] {
                  LiquidationMap::build(book, 100, {10, 1});
              }),
              "range: must be above 0 % and below 100 %, got 100 %");
    EXPECT_EQ(configErrorText([&] {
                  LiquidationMap::build(book, 100, {10, std::nan("")});
              }),
              "range: not a finite number");
    EXPECT_EQ(configErrorText([&] {
                  LiquidationMap::build(book, 0, {10, 0.15});
              }),
              "price: must be positive and finite, got 0");
    EXPECT_EQ(configErrorText([&] {
                  LiquidationMap::build(book, INFINITY, {10, 0.15});
              }),
              "price: must be positive and finite, got inf");
}

TEST(LiquidationMap, SumAddsBinsAndMatchesTiersByLeverage) {
    // Venue A: 10x and 25x from entry 100 with notionals 2 and 4 (longs at 90 and 96, shorts at
    // 110 and 104). Venue B: 25x and 50x (longs 96 and 98, shorts 104 and 102) with 1 and 8.
    // Six bins of 5 over [85, 115]: 90 → bin 1, 96 and 98 → bin 2, 102 and 104 → bin 3,
    // 110 → bin 5.
    CohortBook other({{25, 0.96, 1.04}, {50, 0.98, 1.02}}, 1e-4);
    const std::array<double, 2> otherPerTier{1, 8};
    other.open(0, 100, otherPerTier);
    const std::array<LiquidationMap, 2> maps{
        LiquidationMap::build(bookWithOpening(100, 2, 4), 100, {6, 0.15}),
        LiquidationMap::build(other, 100, {6, 0.15})};
    const LiquidationMap total = LiquidationMap::sum(maps);

    EXPECT_EQ(total.leverages(), (std::vector<double>{10, 25, 50}));
    EXPECT_EQ(total.binCount(), 6u);
    EXPECT_EQ(total.longNotional(1), 2);
    EXPECT_EQ(total.longNotional(2), 4 + 1 + 8);
    EXPECT_EQ(total.shortNotional(3), 4 + 1 + 8);
    EXPECT_EQ(total.shortNotional(5), 2);
    // Per tier: 25x holds A's 4 and B's 1, 50x only B's 8.
    EXPECT_EQ(total.longNotional(2, 0), 0);
    EXPECT_EQ(total.longNotional(2, 1), 5);
    EXPECT_EQ(total.longNotional(2, 2), 8);
    EXPECT_EQ(total.longNotional(1, 0), 2);
    EXPECT_EQ(total.totalLong(), 15);
    EXPECT_EQ(total.totalShort(), 15);
    // Cumulative longs from the top: bin 2 holds 13, bin 1 adds 2.
    EXPECT_EQ(total.cumulativeLong(2), 13);
    EXPECT_EQ(total.cumulativeLong(1), 15);
    EXPECT_EQ(total.cumulativeShort(3), 13);
    EXPECT_EQ(total.cumulativeShort(5), 15);
}

TEST(LiquidationMap, SumRefusesMapsCutDifferentlyOrNone) {
    const std::array<LiquidationMap, 2> shifted{
        LiquidationMap::build(bookWithOpening(100, 1, 1), 100, {6, 0.15}),
        LiquidationMap::build(bookWithOpening(100, 1, 1), 101, {6, 0.15})};
    EXPECT_EQ(configErrorText([&] { LiquidationMap::sum(shifted); }),
              "maps: must share current price, range and bin count");
    EXPECT_EQ(configErrorText([&] { LiquidationMap::sum({}); }), "maps: nothing to add up");
}

TEST(LiquidationMap, FromLevelsBinsLikeABookWithTheSameCohorts) {
    // The book above opened 100 at entry 100 puts 10x longs at 90, 25x longs at 96, 25x shorts
    // at 104 and 10x shorts at 110; explicit levels at those prices must give the same map.
    const LiquidationMap fromBook =
        LiquidationMap::build(bookWithOpening(100, 100, 100), 100, {6, 0.15});
    const std::array<LiquidationLevel, 4> levels{{{Side::Long, 0, 90, 100},
                                                  {Side::Long, 1, 96, 100},
                                                  {Side::Short, 1, 104, 100},
                                                  {Side::Short, 0, 110, 100}}};
    const LiquidationMap fromLevels = LiquidationMap::fromLevels({10, 25}, levels, 100, {6, 0.15});
    ASSERT_EQ(fromLevels.binCount(), 6U);
    for (std::size_t bin = 0; bin < 6; ++bin) {
        for (std::size_t tier = 0; tier < 2; ++tier) {
            EXPECT_DOUBLE_EQ(fromLevels.longNotional(bin, tier), fromBook.longNotional(bin, tier));
            EXPECT_DOUBLE_EQ(fromLevels.shortNotional(bin, tier),
                             fromBook.shortNotional(bin, tier));
        }
        EXPECT_DOUBLE_EQ(fromLevels.cumulativeLong(bin), fromBook.cumulativeLong(bin));
        EXPECT_DOUBLE_EQ(fromLevels.cumulativeShort(bin), fromBook.cumulativeShort(bin));
    }
    // Range [85, 115], bins 5 wide: 90 → bin 1, 96 → bin 2, 104 → bin 3, 110 → bin 5.
    EXPECT_DOUBLE_EQ(fromLevels.longNotional(1), 100);
    EXPECT_DOUBLE_EQ(fromLevels.longNotional(2), 100);
    EXPECT_DOUBLE_EQ(fromLevels.shortNotional(3), 100);
    EXPECT_DOUBLE_EQ(fromLevels.shortNotional(5), 100);
}

TEST(LiquidationMap, FromLevelsCountsOutsideAndRejectsBadLevels) {
    const std::array<LiquidationLevel, 2> outside{
        {{Side::Long, 0, 50, 7}, {Side::Short, 0, 200, 3}}};
    const LiquidationMap map = LiquidationMap::fromLevels({10}, outside, 100, {6, 0.15});
    EXPECT_DOUBLE_EQ(map.outsideLong(), 7);
    EXPECT_DOUBLE_EQ(map.outsideShort(), 3);
    EXPECT_DOUBLE_EQ(map.totalLong() + map.totalShort(), 0);

    const std::array<LiquidationLevel, 1> badTier{{{Side::Long, 1, 90, 1}}};
    EXPECT_EQ(configErrorText([&] {
                  LiquidationMap::fromLevels({10}, badTier, 100, {6, 0.15});
              }),
              "levels: level 0: tier 1 but the map has 1 tiers");
    const std::array<LiquidationLevel, 1> negative{{{Side::Short, 0, 110, -1}}};
    EXPECT_EQ(configErrorText([&] {
                  LiquidationMap::fromLevels({10}, negative, 100, {6, 0.15});
              }),
              "levels: level 0: notional must be finite and not negative, got -1");
    const std::array<LiquidationLevel, 1> nan{{{Side::Short, 0, std::nan(""), 1}}};
    EXPECT_EQ(configErrorText([&] {
                  LiquidationMap::fromLevels({10}, nan, 100, {6, 0.15});
              }),
              "levels: level 0: price is not a finite number");
}

}  // namespace
}  // namespace liqmap::core
