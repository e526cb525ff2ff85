#include "liqmap/core/default_instruments.h"

#include <gtest/gtest.h>

#include <cmath>

#include "support/config_error_text.h"

namespace liqmap::core {
namespace {

TEST(DefaultInstruments, BinanceHasBracketTwoWithItsMaintenanceAmount) {
    const Instrument binance = defaultInstrument("binance", "BTCUSDT");
    EXPECT_EQ(binance.formula(), MarginFormula::Binance);
    EXPECT_EQ(binance.symbol(), "BTCUSDT");
    EXPECT_EQ(binance.maxLeverage(), 125);
    EXPECT_EQ(binance.tierFor(10'000).mmr, 0.004);
    // Bracket 2 starts at 50 000: cum = 50 000 · (0.005 − 0.004) = 50.
    EXPECT_EQ(binance.tierFor(60'000).mmr, 0.005);
    EXPECT_EQ(binance.tierFor(60'000).maintenanceAmount, 50);
}

TEST(DefaultInstruments, EachVenueUsesItsOwnFormulaAndRules) {
    EXPECT_EQ(defaultInstrument("bybit", "BTCUSDT").formula(), MarginFormula::Bybit);
    EXPECT_EQ(defaultInstrument("bybit", "BTCUSDT").tierFor(1).mmr, 0.005);
    const Instrument okx = defaultInstrument("okx", "BTC-USDT-SWAP");
    EXPECT_EQ(okx.formula(), MarginFormula::Okx);
    EXPECT_EQ(okx.contractValue(), 0.01);
    EXPECT_EQ(okx.closeFeeRate(), 0.0005);
    const Instrument hyperliquid = defaultInstrument("hyperliquid", "BTC");
    EXPECT_EQ(hyperliquid.formula(), MarginFormula::Hyperliquid);
    EXPECT_EQ(hyperliquid.maxLeverage(), 40);
    EXPECT_EQ(hyperliquid.tierFor(1).mmr, 1.0 / (2 * 40));  // half the initial margin at 40x
}

TEST(DefaultInstruments, DemoFollowsBinance) {
    const Instrument demo = defaultInstrument("demo", "BTCUSDT");
    EXPECT_EQ(demo.formula(), MarginFormula::Binance);
    EXPECT_EQ(demo.exchange(), "demo");
}

TEST(DefaultInstruments, UnknownVenueIsAConfigurationError) {
    EXPECT_EQ(test::configErrorText([] { defaultInstrument("kraken", "XBTUSD"); }),
              "exchange: unknown exchange 'kraken' (binance, bybit, okx, hyperliquid, demo)");
}

}  // namespace
}  // namespace liqmap::core
