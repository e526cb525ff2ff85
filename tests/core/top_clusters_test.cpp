#include "liqmap/core/top_clusters.h"

#include <gtest/gtest.h>

#include <array>  // std::array

namespace liqmap::core {
namespace {

// Ten bins of 3 over [85, 115] around 100. Longs: 10 in bin 0 (at 86), 100 in bin 1 (89),
// 300 in bin 2 (92), 50 in bin 3 (95). Shorts: 200 in bin 6 (104), 400 in bin 9 (113).
LiquidationMap handMap() {
    const std::array<LiquidationLevel, 6> levels{{{Side::Long, 0, 86, 10},
                                                  {Side::Long, 0, 89, 100},
                                                  {Side::Long, 0, 92, 300},
                                                  {Side::Long, 0, 95, 50},
                                                  {Side::Short, 0, 104, 200},
                                                  {Side::Short, 0, 113, 400}}};
    return LiquidationMap::fromLevels({10}, levels, 100, {10, 0.15});
}

TEST(TopClusters, OneWidePeakIsOneCluster) {
    // Three-bin windows (half width 1): bin 2's window 1..3 holds 100 + 300 + 50 = 450, the
    // most; bin 0's window then overlaps it, so the longs have one cluster.
    const auto longs = topClusters(handMap(), Side::Long, 5, 1);
    ASSERT_EQ(longs.size(), 1U);
    EXPECT_EQ(longs[0].peakBin, 2U);
    EXPECT_EQ(longs[0].firstBin, 1U);
    EXPECT_EQ(longs[0].lastBin, 3U);
    EXPECT_DOUBLE_EQ(longs[0].price, 92.5);  // 85 + 2 · 3 + 1.5
    EXPECT_DOUBLE_EQ(longs[0].notional, 450);
    EXPECT_DOUBLE_EQ(longs[0].distancePercent, -7.5);
    // From the price down to bin 1's low edge: 100 + 300 + 50.
    EXPECT_DOUBLE_EQ(longs[0].cumulative, 450);
}

TEST(TopClusters, SeparatePeaksComeLargestFirst) {
    // Bin 9's window is cut at the end (8..9): 400. Bin 6's (5..7): 200.
    const auto shorts = topClusters(handMap(), Side::Short, 5, 1);
    ASSERT_EQ(shorts.size(), 2U);
    EXPECT_EQ(shorts[0].peakBin, 9U);
    EXPECT_EQ(shorts[0].lastBin, 9U);
    EXPECT_DOUBLE_EQ(shorts[0].price, 113.5);
    EXPECT_DOUBLE_EQ(shorts[0].notional, 400);
    EXPECT_DOUBLE_EQ(shorts[0].distancePercent, 13.5);
    EXPECT_DOUBLE_EQ(shorts[0].cumulative, 600);  // from the price up through bin 9: 200 + 400
    EXPECT_EQ(shorts[1].peakBin, 6U);
    EXPECT_DOUBLE_EQ(shorts[1].price, 104.5);
    EXPECT_DOUBLE_EQ(shorts[1].notional, 200);
    EXPECT_DOUBLE_EQ(shorts[1].cumulative, 200);  // up through bin 7
    // The count caps the list.
    EXPECT_EQ(topClusters(handMap(), Side::Short, 1, 1).size(), 1U);
}

TEST(TopClusters, AnEmptySideHasNone) {
    const std::array<LiquidationLevel, 1> onlyLong{{{Side::Long, 0, 92, 1}}};
    const LiquidationMap map = LiquidationMap::fromLevels({10}, onlyLong, 100, {10, 0.15});
    EXPECT_TRUE(topClusters(map, Side::Short).empty());
    EXPECT_EQ(topClusters(map, Side::Long).size(), 1U);
}

}  // namespace
}  // namespace liqmap::core
