#include "liqmap/core/market_regime.h"

#include <array>  // std::array

namespace liqmap::core {

namespace {

constexpr std::array<MarketRegime, 5> kAllRegimes = {MarketRegime::Range, MarketRegime::TrendUp,
                                                     MarketRegime::TrendDown, MarketRegime::Crash,
                                                     MarketRegime::Squeeze};

}  // namespace

std::string_view toString(MarketRegime regime) {
    switch (regime) {
        case MarketRegime::Range:
            return "range";
        case MarketRegime::TrendUp:
            return "trend-up";
        case MarketRegime::TrendDown:
            return "trend-down";
        case MarketRegime::Crash:
            return "crash";
        case MarketRegime::Squeeze:
            return "squeeze";
    }
    return "range";
}

std::optional<MarketRegime> parseMarketRegime(std::string_view text) {
    for (const MarketRegime regime : kAllRegimes) {
        if (toString(regime) == text) {
            return regime;
        }
    }
    return std::nullopt;
}

std::span<const MarketRegime> allMarketRegimes() { return kAllRegimes; }

}  // namespace liqmap::core
