#include "liqmap/core/instrument.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "support/config_error_text.h"

namespace liqmap::core {
namespace {

using test::configErrorText;

constexpr double kInf = std::numeric_limits<double>::infinity();

std::vector<MaintenanceTier> threeTiers() {
    return {{50'000, 0.004, 0, 125}, {250'000, 0.005, 50, 100}, {kInf, 0.01, 1'300, 50}};
}

Instrument instrumentWith(std::vector<MaintenanceTier> tiers, double contractValue = 1,
                          double tickSize = 0.1, double fee = 0) {
    return Instrument("binance", "BTCUSDT", MarginFormula::Binance, contractValue, tickSize,
                      std::move(tiers), fee);
}

TEST(Instrument, KeepsWhatItWasGiven) {
    const Instrument instrument("okx", "BTC-USDT-SWAP", MarginFormula::Okx, 0.01, 0.1,
                                {{kInf, 0.004, 0, 100}}, 0.0005);
    EXPECT_EQ(instrument.exchange(), "okx");
    EXPECT_EQ(instrument.symbol(), "BTC-USDT-SWAP");
    EXPECT_EQ(instrument.formula(), MarginFormula::Okx);
    EXPECT_EQ(instrument.contractValue(), 0.01);
    EXPECT_EQ(instrument.tickSize(), 0.1);
    EXPECT_EQ(instrument.maxLeverage(), 100);
    EXPECT_EQ(instrument.closeFeeRate(), 0.0005);
    ASSERT_EQ(instrument.tiers().size(), 1u);
}

TEST(Instrument, TierForPicksTheFirstTierWhoseCapHoldsTheNotional) {
    const Instrument instrument = instrumentWith(threeTiers());
    EXPECT_EQ(instrument.tierFor(0).mmr, 0.004);
    EXPECT_EQ(instrument.tierFor(50'000).mmr, 0.004);  // a cap is inclusive
    EXPECT_EQ(instrument.tierFor(50'000.01).mmr, 0.005);
    EXPECT_EQ(instrument.tierFor(250'000).maintenanceAmount, 50);
    EXPECT_EQ(instrument.tierFor(1e12).mmr, 0.01);
    EXPECT_EQ(instrument.maxLeverage(), 125);
}

TEST(Instrument, TierForBeyondAFiniteLastCapUsesTheLastTier) {
    const Instrument instrument = instrumentWith({{1'000, 0.01, 0, 50}, {5'000, 0.02, 10, 20}});
    EXPECT_EQ(instrument.tierFor(10'000).mmr, 0.02);
}

TEST(Instrument, FlatMaintenanceReplacesTheTiers) {
    const Instrument flat = instrumentWith(threeTiers()).withFlatMaintenance(0.003);
    ASSERT_EQ(flat.tiers().size(), 1u);
    EXPECT_EQ(flat.tiers()[0].mmr, 0.003);
    EXPECT_EQ(flat.tiers()[0].maintenanceAmount, 0);
    EXPECT_EQ(flat.maxLeverage(), 125);
    EXPECT_EQ(flat.tierFor(1e9).mmr, 0.003);
    EXPECT_EQ(flat.symbol(), "BTCUSDT");
    EXPECT_EQ(configErrorText([] { instrumentWith(threeTiers()).withFlatMaintenance(1); }),
              "mmr: must be in [0, 1), got 1");
    EXPECT_EQ(configErrorText([] { instrumentWith(threeTiers()).withFlatMaintenance(NAN); }),
              "mmr: must be in [0, 1), got nan");
}

TEST(Instrument, RejectsBadNamesAndSizes) {
    EXPECT_EQ(configErrorText([] {
                  Instrument("", "X", MarginFormula::Binance, 1, 0.1, {{kInf, 0.004, 0, 125}});
              }),
              "instrument.exchange: must not be empty");
    EXPECT_EQ(
        configErrorText([] {
            Instrument("binance", "", MarginFormula::Binance, 1, 0.1, {{kInf, 0.004, 0, 125}});
        }),
        "instrument.symbol: must not be empty");
    EXPECT_EQ(configErrorText([] { instrumentWith(threeTiers(), 0); }),
              "instrument.contractValue: must be positive, got 0");
    EXPECT_EQ(configErrorText([] { instrumentWith(threeTiers(), NAN); }),
              "instrument.contractValue: not a finite number");
    EXPECT_EQ(configErrorText([] { instrumentWith(threeTiers(), 1, -0.1); }),
              "instrument.tickSize: must be positive, got -0.1");
    EXPECT_EQ(configErrorText([] { instrumentWith(threeTiers(), 1, 0.1, 0.2); }),
              "instrument.closeFeeRate: must be in [0, 0.1), got 0.2");
}

TEST(Instrument, RejectsBadTiersNamingTheTierAndField) {
    EXPECT_EQ(configErrorText([] { instrumentWith({}); }),
              "instrument.tiers: at least one maintenance tier is needed");
    EXPECT_EQ(configErrorText([] {
                  instrumentWith({{kInf, 0.004, 0, 125}, {kInf, 0.005, 50, 100}});
              }),
              "instrument.tiers[0].notionalCap: must be positive and finite (only the last may "
              "be infinite), got inf");
    EXPECT_EQ(configErrorText([] {
                  instrumentWith({{50'000, 0.004, 0, 125}, {50'000, 0.005, 50, 100}});
              }),
              "instrument.tiers[1].notionalCap: caps must strictly increase");
    EXPECT_EQ(configErrorText([] {
                  instrumentWith({{kInf, 1.0, 0, 125}});
              }),
              "instrument.tiers[0].mmr: must be in [0, 1), got 1");
    EXPECT_EQ(configErrorText([] {
                  instrumentWith({{kInf, -0.01, 0, 125}});
              }),
              "instrument.tiers[0].mmr: must be in [0, 1), got -0.01");
    EXPECT_EQ(configErrorText([] {
                  instrumentWith({{kInf, 0.004, -5, 125}});
              }),
              "instrument.tiers[0].maintenanceAmount: must be finite and not negative, got -5");
    EXPECT_EQ(configErrorText([] {
                  instrumentWith({{kInf, 0.004, 0, 1}});
              }),
              "instrument.tiers[0].maxLeverage: must be finite and above 1, got 1");
    EXPECT_EQ(configErrorText([] {
                  instrumentWith({{NAN, 0.004, 0, 125}});
              }),
              "instrument.tiers[0].notionalCap: must be positive and finite (only the last may "
              "be infinite), got nan");
}

}  // namespace
}  // namespace liqmap::core
