#include "liqmap/core/combined_map.h"

#include <gtest/gtest.h>

#include <array>   // std::array
#include <string>  // std::string

#include "liqmap/core/map_format.h"
#include "support/config_error_text.h"

namespace liqmap::core {
namespace {

// 10x and 25x without maintenance margin, opened at 100: longs at 90 and 96, shorts at 110 and
// 104. Six bins of 5 over [85, 115]: 90 → bin 1, 96 → bin 2, 104 → bin 3, 110 → bin 5.
LiquidationMap mapWith(double tenX, double twentyFiveX) {
    CohortBook book({{10, 0.9, 1.1}, {25, 0.96, 1.04}}, 1e-4);
    const std::array<double, 2> perTier{tenX, twentyFiveX};
    book.open(0, 100, perTier);
    return LiquidationMap::build(book, 100, {6, 0.15});
}

TEST(CombinedMap, KeepsEachVenuesMapNextToTheSum) {
    CombinedMap combined(
        {{"binance", "BTCUSDT", mapWith(2, 4)}, {"okx", "BTC-USDT-SWAP", mapWith(1, 1)}});
    ASSERT_EQ(combined.sources().size(), 2u);
    EXPECT_EQ(combined.sources()[1].exchange, "okx");
    // Bin 2 holds the 25x longs at 96: 4 from binance, 1 from okx.
    EXPECT_EQ(combined.sources()[0].map.longNotional(2), 4);
    EXPECT_EQ(combined.sources()[1].map.longNotional(2), 1);
    EXPECT_EQ(combined.total().longNotional(2), 5);
    EXPECT_EQ(combined.total().totalShort(), 8);
    const std::string json = formatCombinedMapJson(combined, {"all", "BTC"});
    EXPECT_EQ(json.rfind("{\"exchange\":\"all\",\"symbol\":\"BTC\",", 0), 0u);
    EXPECT_NE(json.find(",\"sources\":[{\"exchange\":\"binance\",\"symbol\":\"BTCUSDT\","
                        "\"total_long\":6,\"total_short\":6,\"long_notional\":[0,2,4,0,0,0],"
                        "\"short_notional\":[0,0,0,4,0,2]},{\"exchange\":\"okx\""),
              std::string::npos)
        << json;
    EXPECT_EQ(json.substr(json.size() - 3), "]}\n");
}

TEST(CombinedMap, RefusesNoSources) {
    EXPECT_EQ(test::configErrorText([] { CombinedMap({}); }), "maps: nothing to add up");
}

}  // namespace
}  // namespace liqmap::core
