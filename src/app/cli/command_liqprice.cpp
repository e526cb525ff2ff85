// liqmap-cli liqprice: one position's liquidation price by a venue's formula.

#include <cstdio>  // std::puts
#include <string>  // std::string

#include "arguments.h"
#include "commands.h"
#include "liqmap/core/config_error.h"
#include "liqmap/core/default_instruments.h"
#include "liqmap/core/liquidation_price.h"
#include "liqmap/core/number_text.h"

namespace liqmap::cli {

int runLiqprice(std::span<const std::string_view> args) {
    const Arguments arguments(
        args, {"exchange", "side", "entry", "leverage", "mmr", "cum", "qty", "fee"});
    const std::string_view exchange = arguments.requiredText("exchange");
    const auto formula = core::parseMarginFormula(exchange);
    if (!formula) {
        throw UsageError("--exchange: expected binance, bybit, okx or hyperliquid, got '" +
                         std::string(exchange) + "'");
    }
    const std::string_view sideText = arguments.requiredText("side");
    const auto side = core::parseSide(sideText);
    if (!side) {
        throw UsageError("--side: expected long or short, got '" + std::string(sideText) + "'");
    }

    core::PositionTerms terms;
    terms.side = *side;
    terms.entry = arguments.requiredNumber("entry");
    terms.leverage = arguments.requiredNumber("leverage");
    terms.qty = arguments.number("qty").value_or(1);

    // Without --mmr the venue's built-in tier for this position's notional applies, maintenance
    // amount included (docs/estimator.md, "Venues").
    const core::Instrument instrument = core::defaultInstrument(exchange, "BTC");
    const core::MaintenanceTier& tier = instrument.tierFor(terms.entry * terms.qty);
    terms.mmr = arguments.number("mmr").value_or(tier.mmr);
    terms.maintenanceAmount =
        arguments.number("cum").value_or(arguments.has("mmr") ? 0 : tier.maintenanceAmount);
    terms.closeFeeRate = arguments.number("fee").value_or(instrument.closeFeeRate());
    if (terms.leverage > tier.maxLeverage) {
        throw core::ConfigError("leverage", core::formatNumber(terms.leverage) + "x is above the " +
                                                core::formatNumber(tier.maxLeverage) + "x " +
                                                std::string(exchange) +
                                                " allows for this position size");
    }
    core::validatePositionTerms(*formula, terms);

    const std::string price = core::formatNumber(core::liquidationPrice(*formula, terms));
    std::puts(price.c_str());
    return 0;
}

}  // namespace liqmap::cli
