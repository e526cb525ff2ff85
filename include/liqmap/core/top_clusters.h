#pragma once

#include <cstddef>  // std::size_t
#include <vector>   // std::vector

#include "liqmap/core/liquidation_map.h"
#include "liqmap/core/market_event.h"  // Side

namespace liqmap::core {

/// A cluster of one side's liquidation notional: the bins around a peak.
struct LiquidationCluster {
    std::size_t peakBin = 0;
    std::size_t firstBin = 0;  ///< the bins the cluster spans, inclusive
    std::size_t lastBin = 0;
    double price = 0;            ///< the middle of the peak bin
    double notional = 0;         ///< over firstBin..lastBin
    double distancePercent = 0;  ///< (price − current) / current · 100: negative below
    /// What would be liquidated on the way from the current price to the far edge of the
    /// cluster: longs from the price down to binLow(firstBin), shorts up to binHigh(lastBin).
    double cumulative = 0;
};

/// The `count` largest clusters of `side`, largest first. A cluster is a window of
/// 2 · halfWidth + 1 bins (cut at the map's ends) centred on a bin with notional; the windows
/// are chosen greedily by their notional and never overlap, so one wide peak is one cluster,
/// not five. Fewer when the side has fewer separate peaks.
std::vector<LiquidationCluster> topClusters(const LiquidationMap& map, Side side,
                                            std::size_t count = 5, std::size_t halfWidth = 2);

}  // namespace liqmap::core
