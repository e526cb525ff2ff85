#pragma once

#include <cstddef>     // std::size_t
#include <cstdint>     // std::int64_t, std::uint32_t, std::uint64_t
#include <functional>  // std::function
#include <vector>      // std::vector

#include "liqmap/core/sim_position.h"
#include "sim_liquidation_ladder.h"

namespace liqmap::core {

/// The traders' open positions, indexed so that a tick costs only what it changes: each side's
/// liquidation prices sit on a SimLiquidationLadder (a crossing touches only what it removes and
/// the buckets next to the mark), and closing
/// times sit in a timing wheel with one bucket per tick, whose entries for positions already
/// liquidated are skipped when their bucket comes up (lazy deletion). Positions live in a slot
/// array reused through a free list, which also gives forEach() a deterministic order.
class SimPositionBook {
public:
    /// Ticks last `tickMs`; every closing time is a tick's end. `referencePrice` centres the
    /// liquidation-price grids (the start price).
    SimPositionBook(TimestampMs tickMs, double referencePrice);

    /// Adds an open position; its id must be new, non-zero and larger than any before, and its
    /// closeAtMs a later tick's end than the last closeDue().
    void open(const SimPosition& position);

    /// Removes every long with liquidationPrice ≥ `mark` and every short with liquidationPrice ≤
    /// `mark`, and appends them in the order the price crossed them (longs from the highest
    /// liquidation price down, shorts from the lowest up).
    void liquidateCrossed(double mark, std::vector<SimPosition>& removed);
    /// Removes every position with closeAtMs == `now`, appending them in id order. Must be called
    /// at every tick's end, in order, so that no closing time is passed over.
    void closeDue(TimestampMs now, std::vector<SimPosition>& removed);

    std::int64_t longLots() const { return m_longLots; }
    std::int64_t shortLots() const { return m_shortLots; }
    std::size_t size() const { return m_count; }
    void forEach(const std::function<void(const SimPosition&)>& visit) const;

private:
    struct CloseEntry {
        std::uint64_t id;
        std::uint32_t slot;
    };
    /// 2^16 ticks, 18 hours at one second: most positions close within one turn of the wheel;
    /// the others stay in their bucket for another turn.
    static constexpr std::size_t kWheelBuckets = std::size_t{1} << 16;

    std::vector<CloseEntry>& bucketOf(TimestampMs closeAtMs);
    void release(std::uint32_t slot, std::vector<SimPosition>& removed);

    TimestampMs m_tickMs;
    std::vector<SimPosition> m_slots;  ///< id 0 marks a free slot
    std::vector<std::uint32_t> m_freeSlots;
    SimLiquidationLadder m_longs;
    SimLiquidationLadder m_shorts;
    std::vector<std::uint32_t> m_crossedSlots;  ///< scratch
    std::vector<std::vector<CloseEntry>> m_wheel;
    std::int64_t m_longLots = 0;
    std::int64_t m_shortLots = 0;
    std::size_t m_count = 0;
};

}  // namespace liqmap::core
