#pragma once

#include <cstddef>      // std::size_t
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

namespace liqmap::core {

/// One leverage bucket of the assumed market and the share of new open interest it gets.
struct LeverageTier {
    double leverage = 0;
    double weight = 0;
};

/// The leverage tiers the estimator assumes traders use, with weights summing to 1.
class LeverageMix {
public:
    /// The most tiers a mix may have; bounds the estimator's state per entry bucket.
    static constexpr std::size_t kMaxTiers = 8;

    /// Tiers are kept sorted by leverage. Throws ConfigError naming the field ("leverage",
    /// "leverage.tiers[i]", "leverage.weights[i]", "leverage.weights") when there are no tiers or
    /// more than kMaxTiers, a leverage is not finite, ≤ 1 or repeated, a weight is not finite or
    /// negative, or the weights do not sum to 1 within 1e-9.
    explicit LeverageMix(std::vector<LeverageTier> tiers);

    /// Parses "10:0.5,25:0.5" (leverage:weight, comma-separated, an optional "x" after the
    /// leverage). Throws ConfigError("leverage", …) for text that is not of that form, and the
    /// constructor's errors otherwise.
    static LeverageMix parse(std::string_view spec);

    /// Provisional default 5/10/25/50/100x at 0.10/0.25/0.30/0.20/0.15, to be re-chosen by
    /// measurement against the simulator (docs/estimator.md).
    static LeverageMix defaultMix();

    /// For the default mix on a venue with a lower cap: tiers above `maxLeverage` are replaced by
    /// one tier at `maxLeverage` carrying their weight. Never applied to a user's mix, which is
    /// rejected instead (see Estimator).
    LeverageMix cappedAt(double maxLeverage) const;

    const std::vector<LeverageTier>& tiers() const { return m_tiers; }
    std::size_t size() const { return m_tiers.size(); }

    /// "5:0.1,10:0.25,…", parseable by parse().
    std::string toString() const;

private:
    std::vector<LeverageTier> m_tiers;
};

}  // namespace liqmap::core
