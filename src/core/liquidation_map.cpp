#include "liqmap/core/liquidation_map.h"

#include <algorithm>  // std::min
#include <cmath>      // std::floor, std::isfinite
#include <string>     // std::to_string

#include "liqmap/core/config_error.h"
#include "liqmap/core/number_text.h"

namespace liqmap::core {

namespace {

constexpr int kMaxBins = 100'000;

}  // namespace

void MapOptions::validate() const {
    if (bins < 1 || bins > kMaxBins) {
        throw ConfigError("bins", "must be in [1, " + std::to_string(kMaxBins) + "], got " +
                                      std::to_string(bins));
    }
    if (!std::isfinite(range)) {
        throw ConfigError("range", "not a finite number");
    }
    if (range <= 0 || range >= 1) {
        throw ConfigError(
            "range", "must be above 0 % and below 100 %, got " + formatNumber(range * 100) + " %");
    }
}

LiquidationMap LiquidationMap::build(const CohortBook& book, double currentPrice,
                                     const MapOptions& options) {
    options.validate();
    if (!std::isfinite(currentPrice) || currentPrice <= 0) {
        throw ConfigError("price",
                          "must be positive and finite, got " + formatNumber(currentPrice));
    }
    LiquidationMap map;
    map.m_currentPrice = currentPrice;
    const double halfWidth = currentPrice * options.range;
    map.m_priceLow = currentPrice - halfWidth;
    map.m_priceHigh = currentPrice + halfWidth;
    map.m_binCount = static_cast<std::size_t>(options.bins);
    map.m_binWidth = (map.m_priceHigh - map.m_priceLow) / options.bins;

    const std::size_t tiers = book.tiers().size();
    for (const CohortTier& tier : book.tiers()) {
        map.m_leverages.push_back(tier.leverage);
    }
    const std::size_t bins = map.m_binCount;
    map.m_long.assign(bins, 0);
    map.m_short.assign(bins, 0);
    map.m_longByTier.assign(bins * tiers, 0);
    map.m_shortByTier.assign(bins * tiers, 0);

    for (const Side side : {Side::Long, Side::Short}) {
        const bool isLong = side == Side::Long;
        std::vector<double>& perBin = isLong ? map.m_long : map.m_short;
        std::vector<double>& perTier = isLong ? map.m_longByTier : map.m_shortByTier;
        double& inRange = isLong ? map.m_totalLong : map.m_totalShort;
        double& outside = isLong ? map.m_outsideLong : map.m_outsideShort;
        book.forEachCohort(side, [&](std::size_t tier, double lp, double notional) {
            if (const auto bin = map.binIndexOf(lp)) {
                perBin[*bin] += notional;
                perTier[*bin * tiers + tier] += notional;
                inRange += notional;
            } else {
                outside += notional;
            }
        });
    }

    // Longs are liquidated as price falls: accumulate from the top bin down. Shorts the other way.
    map.m_cumulativeLong.assign(bins, 0);
    map.m_cumulativeShort.assign(bins, 0);
    double running = 0;
    for (std::size_t i = bins; i-- > 0;) {
        running += map.m_long[i];
        map.m_cumulativeLong[i] = running;
    }
    running = 0;
    for (std::size_t i = 0; i < bins; ++i) {
        running += map.m_short[i];
        map.m_cumulativeShort[i] = running;
    }
    return map;
}

double LiquidationMap::binLow(std::size_t bin) const {
    return bin >= m_binCount ? m_priceHigh : m_priceLow + static_cast<double>(bin) * m_binWidth;
}

std::optional<std::size_t> LiquidationMap::binIndexOf(double price) const {
    if (!(price >= m_priceLow && price <= m_priceHigh)) {
        return std::nullopt;
    }
    const double position = std::floor((price - m_priceLow) / m_binWidth);
    auto bin = std::min(static_cast<std::size_t>(position), m_binCount - 1);
    // The division can land one bin off near an edge; settle against the edges binLow() reports
    // so lookup and drawing always agree.
    while (bin > 0 && price < binLow(bin)) {
        --bin;
    }
    while (bin + 1 < m_binCount && price >= binLow(bin + 1)) {
        ++bin;
    }
    return bin;
}

}  // namespace liqmap::core
