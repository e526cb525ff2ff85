#include "liqmap/core/heatmap.h"

#include <gtest/gtest.h>

#include <array>

#include "support/config_error_text.h"

namespace liqmap::core {
namespace {

// A map of 10 bins over [85, 115] with 300 long in bin 1 and 300 short in bin 8 (10x from 100),
// scaled by `amount / 300`.
LiquidationMap mapWith(double amount) {
    CohortBook book({{10, 0.9, 1.1}}, 1e-4);
    const std::array<double, 1> perTier{amount};
    book.open(0, 100, perTier);
    return LiquidationMap::build(book, 100, {10, 0.15});
}

TEST(Heatmap, ColumnCopiesTheMapsBins) {
    Heatmap heatmap(5);
    ASSERT_TRUE(heatmap.append(60'000, mapWith(300)));
    ASSERT_EQ(heatmap.size(), 1u);
    const HeatmapColumn& column = heatmap.column(0);
    EXPECT_EQ(column.ts, 60'000);
    EXPECT_EQ(column.priceLow, 85);
    EXPECT_EQ(column.priceHigh, 115);
    EXPECT_EQ(column.currentPrice, 100);
    ASSERT_EQ(column.longNotional.size(), 10u);
    EXPECT_EQ(column.longNotional[1], 300.0f);
    EXPECT_EQ(column.shortNotional[8], 300.0f);
    EXPECT_EQ(column.longNotional[0], 0.0f);
    EXPECT_EQ(heatmap.maxNotional(), 300);
}

TEST(Heatmap, KeepsAtMostItsCapacityDroppingTheOldest) {
    Heatmap heatmap(3);
    for (int minute = 0; minute < 5; ++minute) {
        ASSERT_TRUE(heatmap.append(minute * 60'000, mapWith(100.0 * (minute + 1))));
    }
    ASSERT_EQ(heatmap.size(), 3u);
    EXPECT_EQ(heatmap.capacity(), 3u);
    EXPECT_EQ(heatmap.column(0).ts, 2 * 60'000);
    EXPECT_EQ(heatmap.column(2).ts, 4 * 60'000);
    EXPECT_EQ(heatmap.maxNotional(), 500);
}

TEST(Heatmap, SameCandleReplacesTheNewestColumn) {
    Heatmap heatmap(3);
    ASSERT_TRUE(heatmap.append(0, mapWith(100)));
    ASSERT_TRUE(heatmap.append(60'000, mapWith(200)));
    ASSERT_TRUE(heatmap.append(60'000, mapWith(250)));
    ASSERT_EQ(heatmap.size(), 2u);
    EXPECT_EQ(heatmap.column(1).longNotional[1], 250.0f);
}

TEST(Heatmap, OlderCandleIsRefused) {
    Heatmap heatmap(3);
    ASSERT_TRUE(heatmap.append(60'000, mapWith(100)));
    EXPECT_FALSE(heatmap.append(0, mapWith(200)));
    EXPECT_EQ(heatmap.size(), 1u);
    EXPECT_EQ(heatmap.column(0).longNotional[1], 100.0f);
}

TEST(Heatmap, NeedsRoomForOneColumn) {
    EXPECT_EQ(test::configErrorText([] { Heatmap(0); }), "heatmap.columns: must be at least 1");
}

}  // namespace
}  // namespace liqmap::core
