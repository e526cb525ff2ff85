#pragma once

#include <cstdint>      // std::uint8_t
#include <optional>     // std::optional
#include <string_view>  // std::string_view

#include "liqmap/core/market_event.h"  // Side

namespace liqmap::core {

/// Which venue's documented isolated-margin liquidation formula to use (docs/estimator.md).
enum class MarginFormula : std::uint8_t {
    /// Maintenance margin at the mark price, with maintenance amount ("cum").
    Binance,
    /// Maintenance margin valued at entry, with maintenance deduction.
    Bybit,
    /// Maintenance margin at the mark price plus the fee to close; OKX tiers have no deduction.
    Okx,
    /// Maintenance margin at the mark price, rate 1 / (2 · max leverage).
    Hyperliquid,
};

std::string_view toString(MarginFormula formula);
std::optional<MarginFormula> parseMarginFormula(std::string_view exchange);

/// One isolated position on a linear contract, in the terms the formulas need.
struct PositionTerms {
    Side side = Side::Long;
    double entry = 0;              ///< entry price, quote per coin
    double leverage = 0;           ///< initial margin = entry · qty / leverage
    double mmr = 0;                ///< maintenance-margin rate of the applicable tier
    double maintenanceAmount = 0;  ///< Binance "cum" / Bybit "mmDeduction", quote currency
    double qty = 1;           ///< position size in coins; only matters with a maintenance amount
    double closeFeeRate = 0;  ///< taker fee to close (OKX counts it in maintenance)
};

/// Throws ConfigError naming the field when the terms make no sense for `formula`: non-finite
/// values, entry or qty ≤ 0, leverage ≤ 1, mmr < 0, mmr (+ close fee) ≥ 1 / leverage (the
/// position would be liquidated at entry), a negative maintenance amount, a maintenance amount
/// or close fee on a venue that has none.
void validatePositionTerms(MarginFormula formula, const PositionTerms& terms);

/// The price at which the position is liquidated. Pure formula; call validatePositionTerms first.
/// May be ≤ 0 for a long whose margin covers a fall to zero.
double liquidationPrice(MarginFormula formula, const PositionTerms& terms);

}  // namespace liqmap::core
