#include "liqmap/core/default_instruments.h"

#include <limits>  // std::numeric_limits
#include <string>  // std::string

#include "liqmap/core/config_error.h"

namespace liqmap::core {

namespace {

constexpr double kOpenEnded = std::numeric_limits<double>::infinity();

}  // namespace

Instrument defaultInstrument(std::string_view exchange, std::string_view symbol) {
    const std::string name(symbol);
    // Published first tiers of each venue's BTC perpetual (docs/estimator.md, "Venues"). The
    // last tier is left open-ended: larger positions would really pay more maintenance.
    if (exchange == "binance" || exchange == "demo") {
        // BTCUSDT brackets 1 and 2; bracket 2 starts at 50 000, so its maintenance amount is
        // cum_2 = 50 000 · (0.005 − 0.004) = 50 (PROTOCOLS.md §5.1–5.2).
        return Instrument(std::string(exchange), name, MarginFormula::Binance, 1, 0.1,
                          {{50'000, 0.004, 0, 125}, {kOpenEnded, 0.005, 50, 100}});
    }
    if (exchange == "bybit") {
        return Instrument("bybit", name, MarginFormula::Bybit, 1, 0.1,
                          {{kOpenEnded, 0.005, 0, 100}});
    }
    if (exchange == "okx") {
        // BTC-USDT-SWAP: ctVal 0.01 BTC; maintenance includes a 0.05 % taker fee to close.
        return Instrument("okx", name, MarginFormula::Okx, 0.01, 0.1, {{kOpenEnded, 0.004, 0, 100}},
                          0.0005);
    }
    if (exchange == "hyperliquid") {
        // Maintenance margin is half the initial margin at max leverage: 1 / (2 · 40).
        return Instrument("hyperliquid", name, MarginFormula::Hyperliquid, 1, 1,
                          {{kOpenEnded, 1.0 / 80, 0, 40}});
    }
    throw ConfigError("exchange", "unknown exchange '" + std::string(exchange) +
                                      "' (binance, bybit, okx, hyperliquid, demo)");
}

}  // namespace liqmap::core
