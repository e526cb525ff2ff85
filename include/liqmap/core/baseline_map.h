#pragma once

#include <array>  // std::array
#include <span>   // std::span

#include "liqmap/core/liquidation_map.h"

namespace liqmap::core {

/// The baseline's leverages: the common 5x to 100x ladder. Fixed on purpose — it must not move
/// when the model's default mix is re-tuned, or the comparison would drift with it.
inline constexpr std::array<double, 5> kNaiveBaselineLeverages{5, 10, 25, 50, 100};

/// The naive liquidation map that eval measures the model against (issue 5): every position is
/// assumed to have entered at the current price P, `notionalPerSide` is split equally over the
/// leverages, and each tier is liquidated at P · (1 − 1/L) for longs and P · (1 + 1/L) for shorts
/// (no maintenance margin, no history). The tiers of the map are the leverages in ascending
/// order. Throws ConfigError("leverages", …) for an empty or repeated list, ConfigError
/// ("leverages[i]", …) for a leverage that is not finite or not above 1, ConfigError
/// ("notional", …) for a negative or non-finite notional, and the errors of
/// LiquidationMap::fromLevels for the price and options.
LiquidationMap naiveBaselineMap(double currentPrice, double notionalPerSide,
                                std::span<const double> leverages, const MapOptions& options);

}  // namespace liqmap::core
