#include "liqmap/exchange/instrument_registry.h"

#include <gtest/gtest.h>

#include <limits>  // std::numeric_limits

#include "liqmap/core/config_error.h"
#include "liqmap/core/default_instruments.h"

namespace liqmap::exchange {
namespace {

InstrumentInfo okxBtc() {
    InstrumentInfo info;
    info.symbol = "BTC-USDT-SWAP";
    info.baseAsset = "BTC";
    info.quoteAsset = "USDT";
    info.contractValue = 0.01;
    info.tickSize = 0.1;
    info.maxLeverage = 100;
    return info;
}

TEST(InstrumentRegistry, FindsWhatWasAddedAndListsSymbolsSorted) {
    InstrumentRegistry registry;
    InstrumentInfo eth = okxBtc();
    eth.symbol = "ETH-USDT-SWAP";
    registry.upsert(okxBtc());
    registry.upsert(eth);
    ASSERT_NE(registry.find("BTC-USDT-SWAP"), nullptr);
    EXPECT_EQ(registry.find("BTC-USDT-SWAP")->contractValue, 0.01);
    EXPECT_EQ(registry.find("DOGE-USDT-SWAP"), nullptr);
    EXPECT_EQ(registry.symbols(), (std::vector<std::string>{"BTC-USDT-SWAP", "ETH-USDT-SWAP"}));
    EXPECT_EQ(registry.size(), 2u);
}

TEST(InstrumentRegistry, TiersSurviveAnInstrumentRefreshWithoutTiers) {
    InstrumentRegistry registry;
    EXPECT_FALSE(registry.setTiers("BTC-USDT-SWAP", {{1e6, 0.004, 0, 100}}));
    registry.upsert(okxBtc());
    ASSERT_TRUE(registry.setTiers("BTC-USDT-SWAP", {{1e6, 0.004, 0, 100}}));
    InstrumentInfo refreshed = okxBtc();
    refreshed.tickSize = 0.5;
    registry.upsert(refreshed);
    const InstrumentInfo* info = registry.find("BTC-USDT-SWAP");
    ASSERT_NE(info, nullptr);
    EXPECT_EQ(info->tickSize, 0.5);
    ASSERT_EQ(info->tiers.size(), 1u);
    EXPECT_EQ(info->tiers[0].mmr, 0.004);
}

TEST(InstrumentRegistry, InstrumentUsesTheVenuesOwnTiersAndContractValue) {
    InstrumentRegistry registry;
    registry.upsert(okxBtc());
    const double inf = std::numeric_limits<double>::infinity();
    registry.setTiers("BTC-USDT-SWAP", {{50'000, 0.004, 0, 100}, {inf, 0.006, 0, 50}});
    const core::Instrument instrument = registry.instrument(Venue::Okx, "BTC-USDT-SWAP");
    EXPECT_EQ(instrument.exchange(), "okx");
    EXPECT_EQ(instrument.symbol(), "BTC-USDT-SWAP");
    EXPECT_EQ(instrument.formula(), core::MarginFormula::Okx);
    EXPECT_EQ(instrument.contractValue(), 0.01);
    EXPECT_EQ(instrument.tickSize(), 0.1);
    ASSERT_EQ(instrument.tiers().size(), 2u);
    EXPECT_EQ(instrument.tiers()[1].mmr, 0.006);
    // The OKX close fee comes from the built-in venue rules (0.05 %).
    EXPECT_EQ(instrument.closeFeeRate(), 0.0005);
}

TEST(InstrumentRegistry, WithoutTiersUsesBuiltInTiersCappedAtTheContractsLeverage) {
    InstrumentRegistry registry;
    InstrumentInfo info;
    info.symbol = "ETHUSDT";
    info.baseAsset = "ETH";
    info.tickSize = 0.01;
    info.maxLeverage = 75;
    registry.upsert(info);
    const core::Instrument builtIn = core::defaultInstrument("binance", "ETHUSDT");
    const core::Instrument instrument = registry.instrument(Venue::Binance, "ETHUSDT");
    ASSERT_EQ(instrument.tiers().size(), builtIn.tiers().size());
    for (std::size_t i = 0; i < instrument.tiers().size(); ++i) {
        EXPECT_EQ(instrument.tiers()[i].mmr, builtIn.tiers()[i].mmr);
        EXPECT_EQ(instrument.tiers()[i].maxLeverage,
                  std::min(75.0, builtIn.tiers()[i].maxLeverage));
    }
    EXPECT_EQ(instrument.maxLeverage(), 75);
    EXPECT_EQ(instrument.tickSize(), 0.01);
}

TEST(InstrumentRegistry, UnknownSymbolGetsTheBuiltInInstrument) {
    const InstrumentRegistry registry;
    const core::Instrument instrument = registry.instrument(Venue::Bybit, "SOLUSDT");
    const core::Instrument builtIn = core::defaultInstrument("bybit", "SOLUSDT");
    EXPECT_EQ(instrument.symbol(), "SOLUSDT");
    EXPECT_EQ(instrument.maxLeverage(), builtIn.maxLeverage());
    EXPECT_EQ(instrument.tiers().size(), builtIn.tiers().size());
}

TEST(InstrumentRegistry, ImpossibleNumbersFromTheVenueAreAConfigError) {
    InstrumentRegistry registry;
    InstrumentInfo info = okxBtc();
    info.contractValue = 0;
    registry.upsert(info);
    EXPECT_THROW(registry.instrument(Venue::Okx, "BTC-USDT-SWAP"), core::ConfigError);
}

}  // namespace
}  // namespace liqmap::exchange
