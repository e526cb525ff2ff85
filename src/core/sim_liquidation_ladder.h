#pragma once

#include <cstddef>  // std::size_t
#include <cstdint>  // std::int64_t, std::uint32_t
#include <vector>   // std::vector

#include "liqmap/core/market_event.h"  // Side

namespace liqmap::core {

/// The liquidation prices of one side's open positions, bucketed on a logarithmic price grid
/// (0.05 % per bucket) so that the per-tick check only looks at the buckets between the last
/// extreme and the mark, and adding or removing a position is O(1) with no tree to walk. Each
/// entry carries its price, so comparisons with the mark are exact; the grid only narrows the
/// search. Entries are identified by the position's slot.
class SimLiquidationLadder {
public:
    /// Longs are crossed by a mark at or below their price, shorts by one at or above.
    /// `referencePrice` (> 0) centres the grid; prices beyond a factor of e^10 from it share the
    /// outermost buckets, which costs time, never correctness.
    SimLiquidationLadder(Side side, double referencePrice);

    void insert(double liquidationPrice, std::uint32_t slot);
    /// Removes the entry of `slot`, which must be present.
    void erase(std::uint32_t slot);
    /// Removes every entry the mark crossed (long: price ≥ mark; short: price ≤ mark) and appends
    /// their slots in the order a moving price meets them (long: highest price first; short:
    /// lowest first; equal prices by slot).
    void takeCrossed(double mark, std::vector<std::uint32_t>& slots);

    std::size_t size() const { return m_size; }

private:
    struct Entry {
        double price;
        std::uint32_t slot;
    };
    struct Location {
        std::uint32_t bucket;
        std::uint32_t index;
    };

    std::uint32_t bucketOf(double price) const;
    void removeAt(std::uint32_t bucket, std::uint32_t index);

    Side m_side;
    double m_referenceLog;
    std::vector<std::vector<Entry>> m_buckets;
    std::vector<Location> m_locations;  ///< by slot
    /// Long: every bucket above it is empty; short: every bucket below it is empty.
    std::int64_t m_frontier;
    std::size_t m_size = 0;
    std::vector<Entry> m_crossed;  ///< scratch
};

}  // namespace liqmap::core
