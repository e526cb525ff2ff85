#include "liqmap/core/map_format.h"

#include <gtest/gtest.h>

#include <array>

namespace liqmap::core {
namespace {

// Two bins over [85, 115] around 100: 300 (10x) and 700 (25x) of longs at 90 and 96 in bin 0,
// the same of shorts at 110 and 104 in bin 1.
LiquidationMap twoBinMap() {
    CohortBook book({{10, 0.9, 1.1}, {25, 0.96, 1.04}}, 1e-4);
    const std::array<double, 2> perTier{300, 700};
    book.open(0, 100, perTier);
    return LiquidationMap::build(book, 100, {2, 0.15});
}

TEST(MapFormat, CsvHasOneColumnPairPerTier) {
    EXPECT_EQ(formatMapCsv(twoBinMap()),
              "price_low,price_high,long_notional,short_notional,long_10x,short_10x,long_25x,"
              "short_25x\n"
              "85,100,1000,0,300,0,700,0\n"
              "100,115,0,1000,0,300,0,700\n");
}

TEST(MapFormat, JsonCarriesCaptionTotalsAndBins) {
    EXPECT_EQ(formatMapJson(twoBinMap(), {"binance", "BTCUSDT"}),
              "{\"exchange\":\"binance\",\"symbol\":\"BTCUSDT\",\"price\":100,\"price_low\":85,"
              "\"price_high\":115,\"leverages\":[10,25],\"total_long\":1000,\"total_short\":1000,"
              "\"outside_long\":0,\"outside_short\":0,\"bins\":["
              "{\"price_low\":85,\"price_high\":100,\"long_notional\":1000,\"short_notional\":0,"
              "\"long_by_tier\":[300,700],\"short_by_tier\":[0,0],\"cumulative_long\":1000,"
              "\"cumulative_short\":0},"
              "{\"price_low\":100,\"price_high\":115,\"long_notional\":0,\"short_notional\":1000,"
              "\"long_by_tier\":[0,0],\"short_by_tier\":[300,700],\"cumulative_long\":0,"
              "\"cumulative_short\":1000}]}\n");
}

TEST(MapFormat, JsonEscapesTheCaption) {
    const std::string json = formatMapJson(twoBinMap(), {"odd\"venue", "a\\b"});
    EXPECT_EQ(json.rfind("{\"exchange\":\"odd\\\"venue\",\"symbol\":\"a\\\\b\",", 0), 0u);
}

TEST(MapFormat, TableShowsShortsAboveAndLongsBelowThePriceLine) {
    const std::string table = formatMapTable(twoBinMap(), {"binance", "BTCUSDT"});
    const auto shortsRow = table.find("100 - 115");
    const auto priceLine = table.find("current price 100 ");
    const auto longsRow = table.find(" 85 - 100");
    ASSERT_NE(shortsRow, std::string::npos) << table;
    ASSERT_NE(priceLine, std::string::npos) << table;
    ASSERT_NE(longsRow, std::string::npos) << table;
    EXPECT_LT(shortsRow, priceLine);
    EXPECT_LT(priceLine, longsRow);
    // Bins 15 wide need no decimals. Both bins hold the largest amount, so both bars are full
    // width (22), and no row ends in blanks.
    EXPECT_EQ(table.find(" \n"), std::string::npos) << table;
    EXPECT_NE(table.find("1.00K " + std::string(22, '#')), std::string::npos) << table;
    EXPECT_NE(table.find("1.00K " + std::string(22, '*')), std::string::npos) << table;
    EXPECT_EQ(table.rfind("Estimated liquidation map, binance BTCUSDT (a risk map from estimates, "
                          "not a prediction)\n",
                          0),
              0u);
    EXPECT_NE(table.find("in range: longs 1.00K, shorts 1.00K; beyond the range: longs 0, "
                         "shorts 0\n"),
              std::string::npos)
        << table;
}

}  // namespace
}  // namespace liqmap::core
