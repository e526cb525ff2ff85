#include "liqmap/core/market_regime.h"

#include <gtest/gtest.h>

#include <string>

namespace liqmap::core {
namespace {

TEST(MarketRegime, NamesReadBack) {
    ASSERT_EQ(allMarketRegimes().size(), 5u);
    for (const MarketRegime regime : allMarketRegimes()) {
        EXPECT_EQ(parseMarketRegime(toString(regime)), regime) << toString(regime);
    }
    EXPECT_EQ(toString(MarketRegime::Range), "range");
    EXPECT_EQ(toString(MarketRegime::TrendUp), "trend-up");
    EXPECT_EQ(toString(MarketRegime::TrendDown), "trend-down");
    EXPECT_EQ(toString(MarketRegime::Crash), "crash");
    EXPECT_EQ(toString(MarketRegime::Squeeze), "squeeze");
}

TEST(MarketRegime, AllRegimesAreInDeclarationOrder) {
    const auto regimes = allMarketRegimes();
    EXPECT_EQ(regimes.front(), MarketRegime::Range);
    EXPECT_EQ(regimes.back(), MarketRegime::Squeeze);
}

TEST(MarketRegime, UnknownNamesAreRejected) {
    EXPECT_EQ(parseMarketRegime(""), std::nullopt);
    EXPECT_EQ(parseMarketRegime("Range"), std::nullopt);
    EXPECT_EQ(parseMarketRegime("trend_up"), std::nullopt);
    EXPECT_EQ(parseMarketRegime("crash "), std::nullopt);
}

}  // namespace
}  // namespace liqmap::core
