#include "liqmap/core/top_clusters.h"

#include <algorithm>  // std::min
#include <cmath>      // std::abs

namespace liqmap::core {

std::vector<LiquidationCluster> topClusters(const LiquidationMap& map, Side side, std::size_t count,
                                            std::size_t halfWidth) {
    const std::size_t bins = map.binCount();
    const bool isLong = side == Side::Long;
    const auto notionalAt = [&](std::size_t bin) {
        return isLong ? map.longNotional(bin) : map.shortNotional(bin);
    };
    const auto firstOf = [&](std::size_t bin) { return bin >= halfWidth ? bin - halfWidth : 0; };
    const auto lastOf = [&](std::size_t bin) { return std::min(bin + halfWidth, bins - 1); };
    const auto windowSum = [&](std::size_t bin) {
        double sum = 0;
        for (std::size_t i = firstOf(bin); i <= lastOf(bin); ++i) {
            sum += notionalAt(i);
        }
        return sum;
    };

    std::vector<bool> taken(bins, false);
    std::vector<LiquidationCluster> clusters;
    while (clusters.size() < count) {
        // The free bin whose window holds the most; ties to the bin nearer the price (a wider
        // scan would be no more right, and this keeps the choice deterministic).
        std::size_t best = bins;
        double bestSum = 0;
        for (std::size_t bin = 0; bin < bins; ++bin) {
            if (notionalAt(bin) <= 0) {
                continue;
            }
            bool free = true;
            for (std::size_t i = firstOf(bin); i <= lastOf(bin) && free; ++i) {
                free = !taken[i];
            }
            if (!free) {
                continue;
            }
            const double sum = windowSum(bin);
            const double price = map.binLow(bin) + map.binWidth() / 2;
            const bool nearer = best < bins && std::abs(price - map.currentPrice()) <
                                                   std::abs(map.binLow(best) + map.binWidth() / 2 -
                                                            map.currentPrice());
            if (sum > bestSum || (sum == bestSum && nearer)) {
                best = bin;
                bestSum = sum;
            }
        }
        if (best == bins) {
            break;
        }
        LiquidationCluster cluster;
        cluster.peakBin = best;
        cluster.firstBin = firstOf(best);
        cluster.lastBin = lastOf(best);
        cluster.price = map.binLow(best) + map.binWidth() / 2;
        cluster.notional = bestSum;
        cluster.distancePercent = (cluster.price - map.currentPrice()) / map.currentPrice() * 100;
        cluster.cumulative =
            isLong ? map.cumulativeLong(cluster.firstBin) : map.cumulativeShort(cluster.lastBin);
        for (std::size_t i = cluster.firstBin; i <= cluster.lastBin; ++i) {
            taken[i] = true;
        }
        clusters.push_back(cluster);
    }
    return clusters;
}

}  // namespace liqmap::core
