#include "liqmap/core/liquidation_price.h"

#include <cmath>   // std::isfinite
#include <string>  // std::string

#include "liqmap/core/config_error.h"
#include "liqmap/core/number_text.h"

namespace liqmap::core {

std::string_view toString(MarginFormula formula) {
    switch (formula) {
        case MarginFormula::Binance:
            return "binance";
        case MarginFormula::Bybit:
            return "bybit";
        case MarginFormula::Okx:
            return "okx";
        case MarginFormula::Hyperliquid:
            return "hyperliquid";
    }
    return "binance";
}

std::optional<MarginFormula> parseMarginFormula(std::string_view exchange) {
    if (exchange == "binance") {
        return MarginFormula::Binance;
    }
    if (exchange == "bybit") {
        return MarginFormula::Bybit;
    }
    if (exchange == "okx") {
        return MarginFormula::Okx;
    }
    if (exchange == "hyperliquid") {
        return MarginFormula::Hyperliquid;
    }
    return std::nullopt;
}

namespace {

void requireFinite(double value, const char* field) {
    if (!std::isfinite(value)) {
        throw ConfigError(field, "not a finite number");
    }
}

bool hasMaintenanceAmount(MarginFormula formula) {
    // Only Binance ("cum") and Bybit ("mmDeduction") publish a maintenance deduction
    // (PROTOCOLS.md §6.12); accepting one elsewhere would silently change the answer.
    return formula == MarginFormula::Binance || formula == MarginFormula::Bybit;
}

}  // namespace

void validatePositionTerms(MarginFormula formula, const PositionTerms& terms) {
    requireFinite(terms.entry, "entry");
    requireFinite(terms.leverage, "leverage");
    requireFinite(terms.mmr, "mmr");
    requireFinite(terms.maintenanceAmount, "cum");
    requireFinite(terms.qty, "qty");
    requireFinite(terms.closeFeeRate, "fee");
    if (terms.entry <= 0) {
        throw ConfigError("entry", "must be positive, got " + formatNumber(terms.entry));
    }
    if (terms.qty <= 0) {
        throw ConfigError("qty", "must be positive, got " + formatNumber(terms.qty));
    }
    if (terms.leverage <= 1) {
        throw ConfigError("leverage", "must be above 1, got " + formatNumber(terms.leverage));
    }
    if (terms.mmr < 0) {
        throw ConfigError("mmr", "must not be negative, got " + formatNumber(terms.mmr));
    }
    if (terms.maintenanceAmount < 0) {
        throw ConfigError("cum",
                          "must not be negative, got " + formatNumber(terms.maintenanceAmount));
    }
    if (terms.maintenanceAmount != 0 && !hasMaintenanceAmount(formula)) {
        throw ConfigError(
            "cum", std::string(toString(formula)) + " has no maintenance amount; leave it at 0");
    }
    if (terms.closeFeeRate < 0) {
        throw ConfigError("fee", "must not be negative, got " + formatNumber(terms.closeFeeRate));
    }
    if (terms.closeFeeRate != 0 && formula != MarginFormula::Okx) {
        throw ConfigError("fee", std::string(toString(formula)) +
                                     " does not count a close fee in maintenance margin");
    }
    const double maintenance = terms.mmr + terms.closeFeeRate;
    if (maintenance * terms.leverage >= 1) {
        throw ConfigError("mmr", formatNumber(maintenance) + " is not below 1/leverage = " +
                                     formatNumber(1 / terms.leverage) +
                                     ": the position would be liquidated at entry");
    }
}

double liquidationPrice(MarginFormula formula, const PositionTerms& terms) {
    const double e = terms.entry;
    const double im = 1 / terms.leverage;  // initial margin per unit of entry value
    const double deduction = terms.maintenanceAmount / terms.qty;  // A / Q, quote per coin
    const bool isLong = terms.side == Side::Long;
    switch (formula) {
        case MarginFormula::Bybit:
            // Maintenance margin valued at entry: LP = E·(1 ∓ 1/L ± mmr) ∓ A/Q.
            return isLong ? e * (1 - im + terms.mmr) - deduction
                          : e * (1 + im - terms.mmr) + deduction;
        case MarginFormula::Okx:
            // Margin ratio = (margin + uPnL) / (maintenance + fee to close), both at the mark.
            return isLong ? e * (1 - im) / (1 - terms.mmr - terms.closeFeeRate)
                          : e * (1 + im) / (1 + terms.mmr + terms.closeFeeRate);
        case MarginFormula::Binance:
        case MarginFormula::Hyperliquid:
            break;
    }
    // Margin balance equals maintenance margin at the mark price P:
    //   Q·E/L + s·Q·(P − E) = Q·P·mmr − A   ⇒   P = (E·(1 ∓ 1/L) ∓ A/Q) / (1 ∓ mmr).
    return isLong ? (e * (1 - im) - deduction) / (1 - terms.mmr)
                  : (e * (1 + im) + deduction) / (1 + terms.mmr);
}

}  // namespace liqmap::core
