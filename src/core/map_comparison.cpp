#include "liqmap/core/map_comparison.h"

#include <algorithm>  // std::sort, std::binary_search, std::clamp, std::all_of
#include <cmath>      // std::abs, std::sqrt

#include "liqmap/core/config_error.h"

namespace liqmap::core {

namespace {

std::span<const double> binsOf(const LiquidationMap& map, Side side) {
    return side == Side::Long ? map.longNotionals() : map.shortNotionals();
}

void requireSameCut(const LiquidationMap& a, const LiquidationMap& b) {
    // Exact comparison, as LiquidationMap::sum: maps cut around one price with one MapOptions
    // have bit-identical edges, and anything else compares different price levels bin by bin.
    if (a.currentPrice() != b.currentPrice() || a.priceLow() != b.priceLow() ||
        a.priceHigh() != b.priceHigh() || a.binCount() != b.binCount()) {
        throw ConfigError("maps", "must share current price, range and bin count");
    }
}

double sumOf(std::span<const double> values) {
    double sum = 0;
    for (const double value : values) {
        sum += value;
    }
    return sum;
}

bool allEqual(std::span<const double> values) {
    return std::all_of(values.begin(), values.end(),
                       [&](double value) { return value == values.front(); });
}

}  // namespace

std::optional<double> wassersteinPercent(const LiquidationMap& estimate,
                                         const LiquidationMap& truth, Side side) {
    requireSameCut(estimate, truth);
    const std::span<const double> p = binsOf(estimate, side);
    const std::span<const double> q = binsOf(truth, side);
    const double pSum = sumOf(p);
    const double qSum = sumOf(q);
    if (!(pSum > 0) || !(qSum > 0)) {
        return std::nullopt;
    }
    // On a line, W1 is the area between the two cumulative distributions: the running sums
    // differ over one bin width between consecutive bin positions. After the last bin both
    // reach 1, so that term is left out rather than added as rounding noise.
    double runningP = 0;
    double runningQ = 0;
    double area = 0;
    for (std::size_t i = 0; i + 1 < p.size(); ++i) {
        runningP += p[i] / pSum;
        runningQ += q[i] / qSum;
        area += std::abs(runningP - runningQ);
    }
    return area * estimate.binWidth() / estimate.currentPrice() * 100;
}

std::optional<double> binCorrelation(const LiquidationMap& estimate, const LiquidationMap& truth,
                                     Side side) {
    requireSameCut(estimate, truth);
    const std::span<const double> x = binsOf(estimate, side);
    const std::span<const double> y = binsOf(truth, side);
    // Tested exactly rather than by the variance: the mean of equal values need not equal them
    // after rounding, and the "variance" left over would give a meaningless correlation.
    if (x.size() < 2 || allEqual(x) || allEqual(y)) {
        return std::nullopt;
    }
    const auto n = static_cast<double>(x.size());
    const double meanX = sumOf(x) / n;
    const double meanY = sumOf(y) / n;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double dx = x[i] - meanX;
        const double dy = y[i] - meanY;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if (!(sxx > 0) || !(syy > 0)) {
        return std::nullopt;  // differences too small to square (underflow)
    }
    return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

std::optional<double> notionalRatio(const LiquidationMap& estimate, const LiquidationMap& truth,
                                    Side side) {
    const auto total = [side](const LiquidationMap& map) {
        return side == Side::Long ? map.totalLong() + map.outsideLong()
                                  : map.totalShort() + map.outsideShort();
    };
    const double truthTotal = total(truth);
    if (!(truthTotal > 0)) {
        return std::nullopt;
    }
    return total(estimate) / truthTotal;
}

std::vector<std::size_t> topDecileBins(const LiquidationMap& map, Side side) {
    const std::span<const double> bins = binsOf(map, side);
    const std::size_t wanted = (bins.size() + 9) / 10;
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < bins.size(); ++i) {
        if (bins[i] > 0) {
            candidates.push_back(i);
        }
    }
    std::sort(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) {
        return bins[a] != bins[b] ? bins[a] > bins[b] : a < b;
    });
    if (candidates.size() > wanted) {
        candidates.resize(wanted);
    }
    std::sort(candidates.begin(), candidates.end());
    return candidates;
}

std::optional<double> CaptureTally::share() const {
    if (!(realized > 0)) {
        return std::nullopt;
    }
    return captured / realized;
}

CaptureTally& CaptureTally::operator+=(const CaptureTally& other) {
    captured += other.captured;
    realized += other.realized;
    return *this;
}

CaptureTally captureTally(const LiquidationMap& estimate, Side side,
                          std::span<const LiquidationLevel> realized) {
    const std::vector<std::size_t> top = topDecileBins(estimate, side);
    CaptureTally tally;
    for (const LiquidationLevel& level : realized) {
        if (level.side != side) {
            continue;
        }
        tally.realized += level.notional;
        const auto bin = estimate.binIndexOf(level.price);
        if (bin && std::binary_search(top.begin(), top.end(), *bin)) {
            tally.captured += level.notional;
        }
    }
    return tally;
}

MapAccuracy compareMaps(const LiquidationMap& estimate, const LiquidationMap& truth) {
    MapAccuracy accuracy;
    for (const Side side : {Side::Long, Side::Short}) {
        SideAccuracy& result = accuracy.side(side);
        result.wasserstein = wassersteinPercent(estimate, truth, side);
        result.correlation = binCorrelation(estimate, truth, side);
        result.notionalRatio = notionalRatio(estimate, truth, side);
    }
    return accuracy;
}

}  // namespace liqmap::core
