#include "liqmap/core/baseline_map.h"

#include <algorithm>  // std::sort, std::adjacent_find
#include <cmath>      // std::isfinite
#include <cstdint>    // std::int64_t
#include <string>     // std::string
#include <utility>    // std::move
#include <vector>     // std::vector

#include "liqmap/core/config_error.h"
#include "liqmap/core/number_text.h"

namespace liqmap::core {

LiquidationMap naiveBaselineMap(double currentPrice, double notionalPerSide,
                                std::span<const double> leverages, const MapOptions& options) {
    if (leverages.empty()) {
        throw ConfigError("leverages", "at least one is needed");
    }
    for (std::size_t i = 0; i < leverages.size(); ++i) {
        if (!std::isfinite(leverages[i]) || leverages[i] <= 1) {
            std::string field = "leverages[";
            appendInteger(field, static_cast<std::int64_t>(i));
            field += ']';
            throw ConfigError(field,
                              "must be finite and above 1, got " + formatNumber(leverages[i]));
        }
    }
    if (!std::isfinite(notionalPerSide) || notionalPerSide < 0) {
        throw ConfigError("notional",
                          "must be finite and not negative, got " + formatNumber(notionalPerSide));
    }
    std::vector<double> tiers(leverages.begin(), leverages.end());
    std::sort(tiers.begin(), tiers.end());
    if (const auto repeated = std::adjacent_find(tiers.begin(), tiers.end());
        repeated != tiers.end()) {
        throw ConfigError("leverages", formatNumber(*repeated) + "x appears twice");
    }

    const double perTier = notionalPerSide / static_cast<double>(tiers.size());
    std::vector<LiquidationLevel> levels;
    levels.reserve(2 * tiers.size());
    for (std::size_t tier = 0; tier < tiers.size(); ++tier) {
        const double reach = currentPrice / tiers[tier];
        levels.push_back({Side::Long, tier, currentPrice - reach, perTier});
        levels.push_back({Side::Short, tier, currentPrice + reach, perTier});
    }
    return LiquidationMap::fromLevels(std::move(tiers), levels, currentPrice, options);
}

}  // namespace liqmap::core
