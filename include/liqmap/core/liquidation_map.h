#pragma once

#include <cstddef>   // std::size_t
#include <optional>  // std::optional
#include <span>      // std::span
#include <vector>    // std::vector

#include "liqmap/core/cohort_book.h"

namespace liqmap::core {

/// Notional at one liquidation price, for maps that do not come from a CohortBook: the
/// simulator's true positions and the naive baseline.
struct LiquidationLevel {
    Side side = Side::Long;
    std::size_t tier = 0;  ///< index into the leverages the map is built with
    double price = 0;      ///< liquidation price
    double notional = 0;   ///< quote currency at entry, as the estimator counts it
};

/// How a map is cut: `bins` equal price bins over [P · (1 − range), P · (1 + range)].
struct MapOptions {
    int bins = 200;
    double range = 0.15;

    /// Throws ConfigError("bins", …) for bins < 1 or above 100 000, ConfigError("range", …)
    /// for a range that is not finite or outside (0, 1).
    void validate() const;
};

/// Estimated liquidation notional by price bin around the current price, per side and leverage
/// tier, with cumulative curves. An immutable value: build it, then read it from any thread.
class LiquidationMap {
public:
    /// Bins every cohort of `book` by its liquidation price around `currentPrice` (> 0).
    /// Cohorts outside the range are counted in outsideLong()/outsideShort(), not dropped
    /// silently. Throws ConfigError for invalid options.
    static LiquidationMap build(const CohortBook& book, double currentPrice,
                                const MapOptions& options);
    /// The same binning for explicit levels, with tiers named by `leverages` (ascending, any
    /// number). Throws ConfigError("levels", …) for a tier index out of range, a non-finite or
    /// negative notional or a non-finite price, and the errors of build() otherwise.
    static LiquidationMap fromLevels(std::vector<double> leverages,
                                     std::span<const LiquidationLevel> levels, double currentPrice,
                                     const MapOptions& options);
    /// Several maps of one asset added bin by bin (the aggregate "all" source). They must share
    /// current price, range and bin count (build them around one price with one MapOptions);
    /// tiers are matched by leverage, and the sum has the union of the leverages in ascending
    /// order. Throws ConfigError("maps", …) for an empty list or maps cut differently.
    static LiquidationMap sum(std::span<const LiquidationMap> maps);

    double currentPrice() const { return m_currentPrice; }
    double priceLow() const { return m_priceLow; }
    double priceHigh() const { return m_priceHigh; }
    std::size_t binCount() const { return m_binCount; }
    double binWidth() const { return m_binWidth; }
    /// Lower edge of bin `bin`; bin i covers [binLow(i), binLow(i + 1)), the last one also
    /// includes priceHigh().
    double binLow(std::size_t bin) const;
    double binHigh(std::size_t bin) const {
        return bin + 1 == m_binCount ? m_priceHigh : binLow(bin + 1);
    }
    /// The bin holding `price`, consistent with binLow(); nullopt outside [priceLow, priceHigh].
    std::optional<std::size_t> binIndexOf(double price) const;

    /// Leverage of each tier, in the order of the per-tier accessors.
    const std::vector<double>& leverages() const { return m_leverages; }
    std::size_t tierCount() const { return m_leverages.size(); }

    double longNotional(std::size_t bin) const { return m_long[bin]; }
    double shortNotional(std::size_t bin) const { return m_short[bin]; }
    double longNotional(std::size_t bin, std::size_t tier) const {
        return m_longByTier[bin * tierCount() + tier];
    }
    double shortNotional(std::size_t bin, std::size_t tier) const {
        return m_shortByTier[bin * tierCount() + tier];
    }
    /// Long notional liquidated if price falls to binLow(bin): the sum over this bin and every
    /// bin above it.
    double cumulativeLong(std::size_t bin) const { return m_cumulativeLong[bin]; }
    /// Short notional liquidated if price rises to binHigh(bin): this bin and every bin below.
    double cumulativeShort(std::size_t bin) const { return m_cumulativeShort[bin]; }

    std::span<const double> longNotionals() const { return m_long; }
    std::span<const double> shortNotionals() const { return m_short; }

    double totalLong() const { return m_totalLong; }
    double totalShort() const { return m_totalShort; }
    /// Notional whose liquidation price lies outside the range.
    double outsideLong() const { return m_outsideLong; }
    double outsideShort() const { return m_outsideShort; }

private:
    LiquidationMap() = default;
    /// Edges and zeroed bins around `currentPrice`; validates the options and the price.
    static LiquidationMap emptyAround(double currentPrice, const MapOptions& options,
                                      std::vector<double> leverages);
    /// Adds notional at a liquidation price to its bin, or to the outside totals.
    void add(Side side, std::size_t tier, double liquidationPrice, double notional);
    void computeCumulatives();

    double m_currentPrice = 0;
    double m_priceLow = 0;
    double m_priceHigh = 0;
    double m_binWidth = 0;
    std::size_t m_binCount = 0;
    std::vector<double> m_leverages;
    std::vector<double> m_long;
    std::vector<double> m_short;
    std::vector<double> m_longByTier;  // [bin * tiers + tier]
    std::vector<double> m_shortByTier;
    std::vector<double> m_cumulativeLong;
    std::vector<double> m_cumulativeShort;
    double m_totalLong = 0;
    double m_totalShort = 0;
    double m_outsideLong = 0;
    double m_outsideShort = 0;
};

}  // namespace liqmap::core
