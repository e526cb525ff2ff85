#include "liqmap/core/liquidation_price.h"

#include <gtest/gtest.h>

#include <cmath>

#include "support/config_error_text.h"

namespace liqmap::core {
namespace {

using test::configErrorText;

PositionTerms position(Side side, double entry, double leverage, double mmr,
                       double maintenanceAmount = 0, double qty = 1, double closeFee = 0) {
    PositionTerms terms;
    terms.side = side;
    terms.entry = entry;
    terms.leverage = leverage;
    terms.mmr = mmr;
    terms.maintenanceAmount = maintenanceAmount;
    terms.qty = qty;
    terms.closeFeeRate = closeFee;
    return terms;
}

// Relative tolerance for formulas evaluated in a different order than the hand calculation.
constexpr double kTolerance = 1e-12;

TEST(LiquidationPrice, BinanceLongWithoutMaintenanceAmount) {
    // E = 100, L = 10, mmr = 0.4 %: LP = 100 · (1 − 1/10) / (1 − 0.004) = 90 / 0.996.
    const double lp =
        liquidationPrice(MarginFormula::Binance, position(Side::Long, 100, 10, 0.004));
    EXPECT_NEAR(lp, 90.0 / 0.996, 90 * kTolerance);
    EXPECT_NEAR(lp, 90.3614457831, 1e-9);  // ARCHITECTURE.md's example
}

TEST(LiquidationPrice, BinanceShortWithoutMaintenanceAmount) {
    // LP = 100 · (1 + 1/10) / (1 + 0.004) = 110 / 1.004.
    const double lp =
        liquidationPrice(MarginFormula::Binance, position(Side::Short, 100, 10, 0.004));
    EXPECT_NEAR(lp, 110.0 / 1.004, 110 * kTolerance);
    EXPECT_NEAR(lp, 109.5617529880, 1e-9);
}

TEST(LiquidationPrice, BinanceLongWithMaintenanceAmount) {
    // 1 BTC at 60 000, 20x, bracket 2 (mmr 0.5 %, cum 50): margin 3 000.
    // LP = (60 000 − 3 000 − 50) / (1 − 0.005) = 56 950 / 0.995 = 57 236.18… (PROTOCOLS.md §5.1).
    const double lp =
        liquidationPrice(MarginFormula::Binance, position(Side::Long, 60000, 20, 0.005, 50));
    EXPECT_NEAR(lp, 56950.0 / 0.995, 57000 * kTolerance);
    EXPECT_NEAR(lp, 57236.18, 0.005);
}

TEST(LiquidationPrice, BinanceShortWithMaintenanceAmount) {
    // LP = (60 000 + 3 000 + 50) / (1 + 0.005) = 63 050 / 1.005.
    const double lp =
        liquidationPrice(MarginFormula::Binance, position(Side::Short, 60000, 20, 0.005, 50));
    EXPECT_NEAR(lp, 63050.0 / 1.005, 63000 * kTolerance);
}

TEST(LiquidationPrice, MaintenanceAmountIsSpreadOverThePositionSize) {
    // 2 BTC: (2·60 000 − 2·3 000 − 50) / (2 · 0.995) = 113 950 / 1.99.
    const double lp =
        liquidationPrice(MarginFormula::Binance, position(Side::Long, 60000, 20, 0.005, 50, 2));
    EXPECT_NEAR(lp, 113950.0 / 1.99, 57000 * kTolerance);
}

TEST(LiquidationPrice, BybitValuesMaintenanceAtEntry) {
    // LP = E · (1 ∓ 1/L ± mmr) ∓ A/Q: 60 000 · (1 − 0.05 + 0.005) = 57 300,
    // 60 000 · (1 + 0.05 − 0.005) = 62 700; with a deduction of 50: 57 250 and 62 750.
    EXPECT_NEAR(liquidationPrice(MarginFormula::Bybit, position(Side::Long, 60000, 20, 0.005)),
                57300, 1e-8);
    EXPECT_NEAR(liquidationPrice(MarginFormula::Bybit, position(Side::Short, 60000, 20, 0.005)),
                62700, 1e-8);
    EXPECT_NEAR(liquidationPrice(MarginFormula::Bybit, position(Side::Long, 60000, 20, 0.005, 50)),
                57250, 1e-8);
    EXPECT_NEAR(liquidationPrice(MarginFormula::Bybit, position(Side::Short, 60000, 20, 0.005, 50)),
                62750, 1e-8);
}

TEST(LiquidationPrice, OkxCountsTheFeeToClose) {
    // mmr 0.4 % + taker fee 0.05 %: long 57 000 / (1 − 0.0045), short 63 000 / (1 + 0.0045).
    EXPECT_NEAR(
        liquidationPrice(MarginFormula::Okx, position(Side::Long, 60000, 20, 0.004, 0, 1, 0.0005)),
        57000.0 / 0.9955, 57000 * kTolerance);
    EXPECT_NEAR(
        liquidationPrice(MarginFormula::Okx, position(Side::Short, 60000, 20, 0.004, 0, 1, 0.0005)),
        63000.0 / 1.0045, 63000 * kTolerance);
}

TEST(LiquidationPrice, HyperliquidUsesTheCommonModel) {
    // mmr = 1 / (2 · 40) = 1.25 %: long 57 000 / 0.9875 = 57 721.52, short 63 000 / 1.0125.
    const double longLp =
        liquidationPrice(MarginFormula::Hyperliquid, position(Side::Long, 60000, 20, 0.0125));
    EXPECT_NEAR(longLp, 57000.0 / 0.9875, 57000 * kTolerance);
    EXPECT_NEAR(longLp, 57721.52, 0.005);
    EXPECT_NEAR(
        liquidationPrice(MarginFormula::Hyperliquid, position(Side::Short, 60000, 20, 0.0125)),
        63000.0 / 1.0125, 63000 * kTolerance);
}

// For every venue and a spread of leverages and rates, the liquidation price lies strictly
// between entry and the bankruptcy price E · (1 ∓ 1/L): margin is not yet gone, but below the
// maintenance level.
class LiquidationPriceBetweenEntryAndBankruptcy : public testing::TestWithParam<MarginFormula> {};

TEST_P(LiquidationPriceBetweenEntryAndBankruptcy, ForEveryLeverageAndRate) {
    for (const double leverage : {2.0, 5.0, 10.0, 25.0, 50.0, 100.0}) {
        for (const double mmr : {0.001, 0.004, 0.009}) {
            const double fee = GetParam() == MarginFormula::Okx ? 0.0005 : 0;
            if ((mmr + fee) * leverage >= 1) {
                continue;
            }
            const double longLp =
                liquidationPrice(GetParam(), position(Side::Long, 1000, leverage, mmr, 0, 1, fee));
            const double shortLp =
                liquidationPrice(GetParam(), position(Side::Short, 1000, leverage, mmr, 0, 1, fee));
            EXPECT_GT(longLp, 1000 * (1 - 1 / leverage)) << leverage << "x mmr " << mmr;
            EXPECT_LT(longLp, 1000) << leverage << "x mmr " << mmr;
            EXPECT_LT(shortLp, 1000 * (1 + 1 / leverage)) << leverage << "x mmr " << mmr;
            EXPECT_GT(shortLp, 1000) << leverage << "x mmr " << mmr;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(AllVenues, LiquidationPriceBetweenEntryAndBankruptcy,
                         testing::Values(MarginFormula::Binance, MarginFormula::Bybit,
                                         MarginFormula::Okx, MarginFormula::Hyperliquid));

TEST(LiquidationPrice, FormulaNamesRoundTrip) {
    for (const MarginFormula formula : {MarginFormula::Binance, MarginFormula::Bybit,
                                        MarginFormula::Okx, MarginFormula::Hyperliquid}) {
        EXPECT_EQ(parseMarginFormula(toString(formula)), formula);
    }
    EXPECT_EQ(parseMarginFormula("kraken"), std::nullopt);
    EXPECT_EQ(parseMarginFormula("Binance"), std::nullopt);
}

TEST(PositionTerms, ValidTermsPass) {
    EXPECT_NO_THROW(
        validatePositionTerms(MarginFormula::Binance, position(Side::Long, 60000, 20, 0.005, 50)));
    EXPECT_NO_THROW(validatePositionTerms(MarginFormula::Okx,
                                          position(Side::Short, 60000, 20, 0.004, 0, 1, 0.0005)));
}

TEST(PositionTerms, RejectsEachBadFieldByName) {
    const auto errorFor = [](MarginFormula formula, const PositionTerms& terms) {
        return configErrorText([&] { validatePositionTerms(formula, terms); });
    };
    const auto binance = MarginFormula::Binance;
    EXPECT_EQ(errorFor(binance, position(Side::Long, 0, 10, 0.004)),
              "entry: must be positive, got 0");
    EXPECT_EQ(errorFor(binance, position(Side::Long, NAN, 10, 0.004)),
              "entry: not a finite number");
    EXPECT_EQ(errorFor(binance, position(Side::Long, 100, INFINITY, 0.004)),
              "leverage: not a finite number");
    EXPECT_EQ(errorFor(binance, position(Side::Long, 100, 1, 0.004)),
              "leverage: must be above 1, got 1");
    EXPECT_EQ(errorFor(binance, position(Side::Long, 100, 0.5, 0.004)),
              "leverage: must be above 1, got 0.5");
    EXPECT_EQ(errorFor(binance, position(Side::Long, 100, 10, -0.001)),
              "mmr: must not be negative, got -0.001");
    EXPECT_EQ(errorFor(binance, position(Side::Long, 100, 10, 0.004, -1)),
              "cum: must not be negative, got -1");
    EXPECT_EQ(errorFor(binance, position(Side::Long, 100, 10, 0.004, 0, 0)),
              "qty: must be positive, got 0");
    EXPECT_EQ(errorFor(binance, position(Side::Long, 100, 10, 0.004, 0, 1, NAN)),
              "fee: not a finite number");
}

TEST(PositionTerms, RejectsAMaintenanceRateAtOrAboveOneOverLeverage) {
    // mmr 10 % at 10x: maintenance equals the whole initial margin, liquidated at entry.
    EXPECT_EQ(configErrorText([] {
                  validatePositionTerms(MarginFormula::Binance, position(Side::Long, 100, 10, 0.1));
              }),
              "mmr: 0.1 is not below 1/leverage = 0.1: the position would be liquidated at entry");
    EXPECT_EQ(configErrorText([] {
                  validatePositionTerms(MarginFormula::Bybit, position(Side::Long, 100, 100, 0.02));
              }),
              "mmr: 0.02 is not below 1/leverage = 0.01: the position would be liquidated at "
              "entry");
    // OKX adds the close fee to maintenance: 0.0095 + 0.0005 = 1 % at 100x.
    EXPECT_EQ(configErrorText([] {
                  validatePositionTerms(MarginFormula::Okx,
                                        position(Side::Long, 100, 100, 0.0095, 0, 1, 0.0005));
              }),
              "mmr: 0.01 is not below 1/leverage = 0.01: the position would be liquidated at "
              "entry");
}

TEST(PositionTerms, RejectsTermsAVenueDoesNotHave) {
    EXPECT_EQ(configErrorText([] {
                  validatePositionTerms(MarginFormula::Okx,
                                        position(Side::Long, 100, 10, 0.004, 5));
              }),
              "cum: okx has no maintenance amount; leave it at 0");
    EXPECT_EQ(configErrorText([] {
                  validatePositionTerms(MarginFormula::Hyperliquid,
                                        position(Side::Long, 100, 10, 0.004, 5));
              }),
              "cum: hyperliquid has no maintenance amount; leave it at 0");
    EXPECT_EQ(configErrorText([] {
                  validatePositionTerms(MarginFormula::Binance,
                                        position(Side::Long, 100, 10, 0.004, 0, 1, 0.0005));
              }),
              "fee: binance does not count a close fee in maintenance margin");
}

}  // namespace
}  // namespace liqmap::core
