#include "liqmap/core/baseline_map.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "support/config_error_text.h"

namespace liqmap::core {
namespace {

using test::configErrorText;

TEST(BaselineMap, PlacesEachTierAtOneOverLeverageFromThePrice) {
    // P = 100, L = 10: longs at 100 · (1 − 1/10) = 90, shorts at 100 · (1 + 1/10) = 110.
    // 30 bins over ±15 %: [85, 115] in bins of width 1, so 90 opens bin 5 and 110 bin 25.
    const std::vector<double> leverages{10};
    const LiquidationMap map = naiveBaselineMap(100, 1000, leverages, {30, 0.15});
    EXPECT_EQ(map.leverages(), (std::vector<double>{10}));
    for (std::size_t bin = 0; bin < map.binCount(); ++bin) {
        EXPECT_EQ(map.longNotional(bin), bin == 5 ? 1000 : 0) << bin;
        EXPECT_EQ(map.shortNotional(bin), bin == 25 ? 1000 : 0) << bin;
    }
    EXPECT_EQ(map.outsideLong(), 0);
    EXPECT_EQ(map.outsideShort(), 0);
}

TEST(BaselineMap, SplitsTheNotionalEquallyOverTheTiers) {
    // 900 per side over 5x, 10x and 25x: 300 each. Default cut (200 bins over [85, 115], width
    // 0.15): 10x at 90 and 110, 25x at 96 and 104; 5x at 80 and 120 lies beyond the range.
    const std::vector<double> leverages{25, 5, 10};  // any order: the tiers come out ascending
    const LiquidationMap map = naiveBaselineMap(100, 900, leverages, MapOptions{});
    EXPECT_EQ(map.leverages(), (std::vector<double>{5, 10, 25}));
    const std::size_t long10 = map.binIndexOf(90).value();
    const std::size_t short10 = map.binIndexOf(110).value();
    const std::size_t long25 = map.binIndexOf(96).value();
    const std::size_t short25 = map.binIndexOf(104).value();
    EXPECT_EQ(long10, 33u);    // (90 − 85) / 0.15 = 33.3
    EXPECT_EQ(short10, 166u);  // (110 − 85) / 0.15 = 166.7
    EXPECT_DOUBLE_EQ(map.longNotional(long10, 1), 300);
    EXPECT_DOUBLE_EQ(map.shortNotional(short10, 1), 300);
    EXPECT_DOUBLE_EQ(map.longNotional(long25, 2), 300);
    EXPECT_DOUBLE_EQ(map.shortNotional(short25, 2), 300);
    EXPECT_DOUBLE_EQ(map.totalLong(), 600);
    EXPECT_DOUBLE_EQ(map.totalShort(), 600);
    EXPECT_DOUBLE_EQ(map.outsideLong(), 300);
    EXPECT_DOUBLE_EQ(map.outsideShort(), 300);
}

TEST(BaselineMap, NoNotionalGivesAnEmptyMap) {
    const std::vector<double> leverages{10, 20};
    const LiquidationMap map = naiveBaselineMap(100, 0, leverages, MapOptions{});
    EXPECT_EQ(map.totalLong() + map.totalShort() + map.outsideLong() + map.outsideShort(), 0);
}

TEST(BaselineMap, RejectsBadLeveragesAndNotional) {
    const auto error = [](std::vector<double> leverages, double notional, double price = 100) {
        return configErrorText([&] { naiveBaselineMap(price, notional, leverages, MapOptions{}); });
    };
    EXPECT_EQ(error({}, 1), "leverages: at least one is needed");
    EXPECT_EQ(error({10, 1}, 1), "leverages[1]: must be finite and above 1, got 1");
    EXPECT_EQ(error({0.5}, 1), "leverages[0]: must be finite and above 1, got 0.5");
    EXPECT_EQ(error({std::nan("")}, 1), "leverages[0]: must be finite and above 1, got nan");
    EXPECT_EQ(error({std::numeric_limits<double>::infinity()}, 1),
              "leverages[0]: must be finite and above 1, got inf");
    EXPECT_EQ(error({10, 25, 10}, 1), "leverages: 10x appears twice");
    EXPECT_EQ(error({10}, -1), "notional: must be finite and not negative, got -1");
    EXPECT_EQ(error({10}, std::nan("")), "notional: must be finite and not negative, got nan");
    EXPECT_EQ(error({10}, 1, 0), "price: must be positive and finite, got 0");
}

}  // namespace
}  // namespace liqmap::core
