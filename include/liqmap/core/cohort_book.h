#pragma once

#include <array>       // std::array
#include <cstddef>     // std::size_t
#include <cstdint>     // std::int64_t, std::uint32_t
#include <deque>       // std::deque
#include <functional>  // std::function
#include <memory>      // std::unique_ptr
#include <span>        // std::span
#include <vector>      // std::vector

#include "liqmap/core/leverage_mix.h"  // LeverageMix::kMaxTiers
#include "liqmap/core/market_event.h"  // Side, TimestampMs

namespace liqmap::core {

/// A leverage tier as the book sees it: a cohort entered at E is liquidated at factor · E.
/// (Every formula in liquidation_price.h is linear in E once the tier and the typical position
/// size are fixed, so a factor per side and tier is all the book needs.)
struct CohortTier {
    double leverage = 0;
    double longFactor = 0;
    double shortFactor = 0;
};

/// Notional removed from each side by one operation.
struct SideAmounts {
    double longs = 0;
    double shorts = 0;
};

/// The open positions the estimator believes in, as cohorts keyed by (side, tier, entry bucket).
///
/// Entry prices live on a logarithmic grid (one bucket per `entryBucketStep`, relative); a bucket
/// takes the entry of its first contribution as its price, so a cohort's liquidation price is
/// fixed and liquidation prices rise with the bucket index. That ordering is what keeps every
/// operation cheap: a sweep walks inward from the extreme occupied bucket, jumping over empty
/// ones with an occupancy bitmap, and touches only what it removes; closing is one
/// multiplication of a per-side scale; expiry pops opening records from a FIFO. Nothing is ever
/// rescanned per price update.
///
/// Stored amounts are in "scaled units": a bucket's notional is stored · sideScale · bucketFactor,
/// and each opening remembers what it stored, so expiry subtracts exactly its own remaining
/// share after any closing or partial consumption. A bucket's generation changes whenever it is
/// emptied, so an expired opening whose bucket was liquidated meanwhile subtracts nothing.
class CohortBook {
public:
    /// `tiers` must be non-empty, at most LeverageMix::kMaxTiers, with positive finite factors;
    /// `entryBucketStep` in (0, 0.01]. (The estimator validates its configuration first.)
    CohortBook(std::vector<CohortTier> tiers, double entryBucketStep);

    /// Opens `notionalPerTier[t]` (quote currency at entry) on both sides at entry price `entry`.
    void open(TimestampMs ts, double entry, std::span<const double> notionalPerTier);

    /// Liquidates every long cohort whose liquidation price is at or above `price`.
    /// Returns the notional removed. Inline test first: most prices cross nothing.
    double sweepLongs(double price) {
        return price <= m_longs.extremeLiquidationPrice ? walkLongsDownTo(price) : 0;
    }
    /// Liquidates every short cohort whose liquidation price is at or below `price`.
    double sweepShorts(double price) {
        return price >= m_shorts.extremeLiquidationPrice ? walkShortsUpTo(price) : 0;
    }

    /// Closes the share `fraction` (0 to 1) of every cohort on both sides, as a fall in open
    /// interest of that share closes that share of all positions. Returns what each side lost.
    SideAmounts closeFraction(double fraction);

    /// Removes up to `notional` from `side`'s cohorts whose liquidation price lies within
    /// `window` (relative) of `price`, nearest first. Returns the notional removed.
    double consumeNear(Side side, double price, double notional, double window);

    /// Drops what is left of every opening made before `cutoff`. Returns what each side lost.
    SideAmounts expireBefore(TimestampMs cutoff) {
        return !m_records.empty() && m_records.front().ts < cutoff ? expireRecordsBefore(cutoff)
                                                                   : SideAmounts{};
    }

    double totalNotional(Side side) const { return sideOf(side).total; }
    const std::vector<CohortTier>& tiers() const { return m_tiers; }
    /// Non-empty (side, tier, bucket) cohorts; bounded by entry buckets × tiers × 2.
    std::size_t cohortCount() const { return m_longs.liveCohorts + m_shorts.liveCohorts; }
    /// Openings still inside the lookback (one record per opening, for expiry).
    std::size_t openingRecordCount() const { return m_records.size(); }
    /// Highest long / lowest short liquidation price of a possibly empty cohort; a price beyond
    /// both leaves the book untouched.
    double sweepBoundLong() const { return m_longs.extremeLiquidationPrice; }
    double sweepBoundShort() const { return m_shorts.extremeLiquidationPrice; }

    /// Calls `visit(tierIndex, liquidationPrice, notional)` for every non-empty cohort of `side`,
    /// tier by tier in rising liquidation price.
    void forEachCohort(Side side,
                       const std::function<void(std::size_t, double, double)>& visit) const;

private:
    struct Bucket {
        double stored = 0;
        double factor = 1;
        std::uint32_t generation = 0;
        std::uint32_t liveRecords = 0;
    };

    /// 64 neighbouring entry buckets of every (side, tier), allocated when first used: memory
    /// follows the price range actually visited, and growing never copies.
    static constexpr std::int64_t kChunkSlots = 64;
    struct Chunk {
        explicit Chunk(std::size_t tiers);
        std::array<double, kChunkSlots> entries;  // entry price of each bucket, NaN while unused
        std::vector<Bucket> buckets;              // [side][tier][slot]
        std::vector<std::uint64_t> occupied;      // [side][tier]: bit set while a bucket holds
    };

    struct SideState {
        double scale = 1;
        double total = 0;
        std::size_t liveCohorts = 0;
        // Per tier, the grid indices that may hold notional (low > high: none).
        std::vector<std::int64_t> low;
        std::vector<std::int64_t> high;
        double extremeLiquidationPrice = 0;
    };

    struct OpeningRecord {
        TimestampMs ts = 0;
        std::int64_t gridIndex = 0;
    };

    // What one opening stored into one cohort, and the cohort's generation at the time.
    struct Share {
        double stored = 0;
        std::uint32_t generation = 0;
    };

    SideState& sideOf(Side side) { return side == Side::Long ? m_longs : m_shorts; }
    const SideState& sideOf(Side side) const { return side == Side::Long ? m_longs : m_shorts; }
    double factorOf(Side side, std::size_t tier) const {
        return side == Side::Long ? m_tiers[tier].longFactor : m_tiers[tier].shortFactor;
    }
    std::size_t laneOf(Side side, std::size_t tier) const {
        return (side == Side::Long ? 0 : m_tiers.size()) + tier;
    }

    double walkLongsDownTo(double price);
    double walkShortsUpTo(double price);
    SideAmounts expireRecordsBefore(TimestampMs cutoff);
    std::int64_t gridIndexOf(double price) const;
    const Chunk* chunkAt(std::int64_t chunkNumber) const;
    Chunk& chunkFor(std::int64_t gridIndex);  // allocates the chunk when needed
    Bucket& bucketAt(Side side, std::size_t tier, std::int64_t gridIndex);
    const Bucket& bucketAt(Side side, std::size_t tier, std::int64_t gridIndex) const;
    double entryAt(std::int64_t gridIndex) const;
    /// The occupancy bits of one (side, tier) lane in a chunk; 0 where no chunk was allocated.
    std::uint64_t occupiedWord(std::size_t lane, std::int64_t chunkNumber) const;
    std::int64_t highestOccupied(Side side, std::size_t tier, std::int64_t low,
                                 std::int64_t from) const;
    std::int64_t lowestOccupied(Side side, std::size_t tier, std::int64_t from,
                                std::int64_t high) const;
    void addToSide(Side side, std::size_t tier, Chunk& chunk, std::int64_t gridIndex,
                   double notional, Share& share);
    Share& shareOf(std::size_t record, std::size_t tier, Side side) {
        return m_shares[(record * m_tiers.size() + tier) * 2 + (side == Side::Long ? 0 : 1)];
    }
    double emptyBucket(Side side, std::size_t tier, std::int64_t gridIndex);
    void clearSide(Side side);
    void renormalizeScale(Side side);
    void updateSweepBound(Side side);

    std::vector<CohortTier> m_tiers;
    double m_logStep;
    // Chunk i covers grid indices [(m_firstChunk + i) · 64, …); null where nothing was opened.
    std::vector<std::unique_ptr<Chunk>> m_chunks;
    std::int64_t m_firstChunk = 0;
    SideState m_longs;
    SideState m_shorts;
    // Openings still inside the lookback, oldest first, and what each stored per tier and side.
    // Deques of small elements: chunked storage reused as the FIFO turns over.
    std::deque<OpeningRecord> m_records;
    std::deque<Share> m_shares;  // [record][tier][side]
};

}  // namespace liqmap::core
