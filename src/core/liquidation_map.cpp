#include "liqmap/core/liquidation_map.h"

#include <algorithm>  // std::min, std::sort, std::unique, std::lower_bound
#include <cmath>      // std::floor, std::isfinite
#include <string>     // std::to_string
#include <utility>    // std::move

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

LiquidationMap LiquidationMap::emptyAround(double currentPrice, const MapOptions& options,
                                           std::vector<double> leverages) {
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
    map.m_leverages = std::move(leverages);
    const std::size_t bins = map.m_binCount;
    const std::size_t tiers = map.m_leverages.size();
    map.m_long.assign(bins, 0);
    map.m_short.assign(bins, 0);
    map.m_longByTier.assign(bins * tiers, 0);
    map.m_shortByTier.assign(bins * tiers, 0);
    return map;
}

void LiquidationMap::add(Side side, std::size_t tier, double liquidationPrice, double notional) {
    const bool isLong = side == Side::Long;
    if (const auto bin = binIndexOf(liquidationPrice)) {
        (isLong ? m_long : m_short)[*bin] += notional;
        (isLong ? m_longByTier : m_shortByTier)[*bin * tierCount() + tier] += notional;
        (isLong ? m_totalLong : m_totalShort) += notional;
    } else {
        (isLong ? m_outsideLong : m_outsideShort) += notional;
    }
}

LiquidationMap LiquidationMap::build(const CohortBook& book, double currentPrice,
                                     const MapOptions& options) {
    std::vector<double> leverages;
    for (const CohortTier& tier : book.tiers()) {
        leverages.push_back(tier.leverage);
    }
    LiquidationMap map = emptyAround(currentPrice, options, std::move(leverages));
    for (const Side side : {Side::Long, Side::Short}) {
        book.forEachCohort(side, [&](std::size_t tier, double lp, double notional) {
            map.add(side, tier, lp, notional);
        });
    }
    map.computeCumulatives();
    return map;
}

LiquidationMap LiquidationMap::fromLevels(std::vector<double> leverages,
                                          std::span<const LiquidationLevel> levels,
                                          double currentPrice, const MapOptions& options) {
    LiquidationMap map = emptyAround(currentPrice, options, std::move(leverages));
    for (std::size_t i = 0; i < levels.size(); ++i) {
        const LiquidationLevel& level = levels[i];
        const std::string where = "level " + std::to_string(i) + ": ";
        if (level.tier >= map.tierCount()) {
            throw ConfigError("levels", where + "tier " + std::to_string(level.tier) +
                                            " but the map has " + std::to_string(map.tierCount()) +
                                            " tiers");
        }
        if (!std::isfinite(level.notional) || level.notional < 0) {
            throw ConfigError("levels", where + "notional must be finite and not negative, got " +
                                            formatNumber(level.notional));
        }
        if (!std::isfinite(level.price)) {
            throw ConfigError("levels", where + "price is not a finite number");
        }
        map.add(level.side, level.tier, level.price, level.notional);
    }
    map.computeCumulatives();
    return map;
}

void LiquidationMap::computeCumulatives() {
    const std::size_t bins = m_binCount;
    // Longs are liquidated as price falls: accumulate from the top bin down. Shorts the other way.
    m_cumulativeLong.assign(bins, 0);
    m_cumulativeShort.assign(bins, 0);
    double running = 0;
    for (std::size_t i = bins; i-- > 0;) {
        running += m_long[i];
        m_cumulativeLong[i] = running;
    }
    running = 0;
    for (std::size_t i = 0; i < bins; ++i) {
        running += m_short[i];
        m_cumulativeShort[i] = running;
    }
}

LiquidationMap LiquidationMap::sum(std::span<const LiquidationMap> maps) {
    if (maps.empty()) {
        throw ConfigError("maps", "nothing to add up");
    }
    const LiquidationMap& first = maps.front();
    LiquidationMap total;
    total.m_currentPrice = first.m_currentPrice;
    total.m_priceLow = first.m_priceLow;
    total.m_priceHigh = first.m_priceHigh;
    total.m_binWidth = first.m_binWidth;
    total.m_binCount = first.m_binCount;
    for (const LiquidationMap& map : maps) {
        // Exact comparison on purpose: maps built around the same price with the same options
        // have bit-identical edges, and anything else would misplace notional.
        if (map.m_currentPrice != first.m_currentPrice || map.m_priceLow != first.m_priceLow ||
            map.m_priceHigh != first.m_priceHigh || map.m_binCount != first.m_binCount) {
            throw ConfigError("maps", "must share current price, range and bin count");
        }
        total.m_leverages.insert(total.m_leverages.end(), map.m_leverages.begin(),
                                 map.m_leverages.end());
    }
    std::sort(total.m_leverages.begin(), total.m_leverages.end());
    total.m_leverages.erase(std::unique(total.m_leverages.begin(), total.m_leverages.end()),
                            total.m_leverages.end());

    const std::size_t bins = total.m_binCount;
    const std::size_t tiers = total.m_leverages.size();
    total.m_long.assign(bins, 0);
    total.m_short.assign(bins, 0);
    total.m_longByTier.assign(bins * tiers, 0);
    total.m_shortByTier.assign(bins * tiers, 0);
    for (const LiquidationMap& map : maps) {
        for (std::size_t tier = 0; tier < map.tierCount(); ++tier) {
            const auto slot = static_cast<std::size_t>(std::lower_bound(total.m_leverages.begin(),
                                                                        total.m_leverages.end(),
                                                                        map.m_leverages[tier]) -
                                                       total.m_leverages.begin());
            for (std::size_t bin = 0; bin < bins; ++bin) {
                total.m_longByTier[bin * tiers + slot] += map.longNotional(bin, tier);
                total.m_shortByTier[bin * tiers + slot] += map.shortNotional(bin, tier);
            }
        }
        for (std::size_t bin = 0; bin < bins; ++bin) {
            total.m_long[bin] += map.m_long[bin];
            total.m_short[bin] += map.m_short[bin];
        }
        total.m_totalLong += map.m_totalLong;
        total.m_totalShort += map.m_totalShort;
        total.m_outsideLong += map.m_outsideLong;
        total.m_outsideShort += map.m_outsideShort;
    }
    total.computeCumulatives();
    return total;
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
