#pragma once

#include <cstddef>   // std::size_t
#include <optional>  // std::optional
#include <span>      // std::span
#include <vector>    // std::vector

#include "liqmap/core/liquidation_map.h"
#include "liqmap/core/market_event.h"  // Side

namespace liqmap::core {

// How close an estimated liquidation map is to the true one (docs/accuracy.md). Every metric
// looks at one side: Side::Long reads longNotional(bin), Side::Short reads shortNotional(bin).
// A metric that has nothing to measure (an empty side, a flat map) is nullopt, never 0.

/// Wasserstein-1 (earth mover's) distance between the two maps' in-range distributions of
/// notional, in percent of the current price: how far, on average, the estimate's notional would
/// have to move to look like the truth. With p = estimate / Σ estimate and q = truth / Σ truth
/// per bin and P, Q their running sums, W1 = Σ_{i < n−1} |P_i − Q_i| · binWidth / price · 100.
/// nullopt when either side holds no notional in range. Throws ConfigError("maps", …) unless
/// both maps share current price, range and bin count (compared exactly, as LiquidationMap::sum).
std::optional<double> wassersteinPercent(const LiquidationMap& estimate,
                                         const LiquidationMap& truth, Side side);

/// Pearson correlation of the bin notionals of the two maps; nullopt when either map's bins are
/// all equal (no variance). The same ConfigError as wassersteinPercent for maps cut differently.
std::optional<double> binCorrelation(const LiquidationMap& estimate, const LiquidationMap& truth,
                                     Side side);

/// Total notional of the estimate (in range and beyond it) over the same total of the truth;
/// nullopt when the truth has none. The maps may be cut differently.
std::optional<double> notionalRatio(const LiquidationMap& estimate, const LiquidationMap& truth,
                                    Side side);

/// The ceil(bins / 10) bins holding the most notional on `side`, in ascending bin order. Only
/// bins with notional above 0 qualify, so a sparse map yields fewer; equal notional goes to the
/// lower bin.
std::vector<std::size_t> topDecileBins(const LiquidationMap& map, Side side);

/// Liquidation notional that really happened, and how much of it the map pointed at.
struct CaptureTally {
    double captured = 0;  ///< realized notional whose price lay in a top-decile bin
    double realized = 0;  ///< all realized notional of the side

    /// captured / realized; nullopt when nothing was realized.
    std::optional<double> share() const;
    CaptureTally& operator+=(const CaptureTally& other);
};

/// Counts the realized liquidations of `side` (price = where each happened, notional = its
/// entry notional); those whose price falls in one of topDecileBins(estimate, side) are
/// captured. Levels of the other side are ignored; realized prices outside the map's range count
/// as realized, never as captured.
CaptureTally captureTally(const LiquidationMap& estimate, Side side,
                          std::span<const LiquidationLevel> realized);

/// The four metrics for one side.
struct SideAccuracy {
    std::optional<double> wasserstein;    ///< wassersteinPercent
    std::optional<double> correlation;    ///< binCorrelation
    std::optional<double> notionalRatio;  ///< notionalRatio
    std::optional<double> capture;        ///< CaptureTally::share over the following horizon
};

struct MapAccuracy {
    SideAccuracy longs;
    SideAccuracy shorts;

    const SideAccuracy& side(Side which) const { return which == Side::Long ? longs : shorts; }
    SideAccuracy& side(Side which) { return which == Side::Long ? longs : shorts; }
};

/// Fills wasserstein, correlation and notionalRatio of both sides; capture stays nullopt (it
/// needs the liquidations that happen later). The same ConfigError as wassersteinPercent.
MapAccuracy compareMaps(const LiquidationMap& estimate, const LiquidationMap& truth);

}  // namespace liqmap::core
