#pragma once

#include <cstdint>      // std::uint8_t
#include <optional>     // std::optional
#include <span>         // std::span
#include <string_view>  // std::string_view

namespace liqmap::core {

/// The character of the simulated market's price path (docs/accuracy.md describes each).
enum class MarketRegime : std::uint8_t {
    Range,      ///< mean-reverting around a level, ordinary volatility
    TrendUp,    ///< steady upward drift with pullbacks
    TrendDown,  ///< steady downward drift with bounces
    Crash,      ///< ranging, then sharp sell-offs that cascade through long liquidations
    Squeeze,    ///< ranging, then sharp rallies that cascade through short liquidations
};

std::string_view toString(MarketRegime regime);
/// "range", "trend-up", "trend-down", "crash", "squeeze"; nullopt otherwise.
std::optional<MarketRegime> parseMarketRegime(std::string_view text);
/// Every regime, in declaration order.
std::span<const MarketRegime> allMarketRegimes();

}  // namespace liqmap::core
