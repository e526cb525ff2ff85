#pragma once

#include <array>    // std::array
#include <cstddef>  // std::size_t
#include <cstdint>  // std::int64_t, std::uint32_t
#include <deque>    // std::deque
#include <span>     // std::span
#include <vector>   // std::vector

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
/// operation cheap: a sweep walks inward from the extreme occupied bucket and touches only what
/// it removes; proportional closing is one multiplication of a per-side scale; expiry pops
/// opening records from a FIFO. Nothing is ever rescanned per price update.
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
    /// Returns the notional removed.
    double sweepLongs(double price);
    /// Liquidates every short cohort whose liquidation price is at or below `price`.
    double sweepShorts(double price);

    /// Closes `notional` on each side, taken from every cohort of that side in proportion to its
    /// notional; a side holding less is emptied. Returns what each side lost.
    SideAmounts closeProportionally(double notional);

    /// Removes up to `notional` from `side`'s cohorts whose liquidation price lies within
    /// `window` (relative) of `price`, nearest first. Returns the notional removed.
    double consumeNear(Side side, double price, double notional, double window);

    /// Drops what is left of every opening made before `cutoff`. Returns what each side lost.
    SideAmounts expireBefore(TimestampMs cutoff);

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
    template <class Visitor>
    void forEachCohort(Side side, Visitor&& visit) const {
        const SideState& state = sideOf(side);
        for (std::size_t t = 0; t < m_tiers.size(); ++t) {
            const double factor = side == Side::Long ? m_tiers[t].longFactor
                                                     : m_tiers[t].shortFactor;
            const std::vector<Bucket>& buckets = state.buckets[t];
            for (std::int64_t slot = state.low[t]; slot <= state.high[t]; ++slot) {
                const Bucket& bucket = buckets[static_cast<std::size_t>(slot)];
                if (bucket.stored > 0) {
                    visit(t, factor * m_entries[static_cast<std::size_t>(slot)],
                          bucket.stored * state.scale * bucket.factor);
                }
            }
        }
    }

private:
    struct Bucket {
        double stored = 0;
        double factor = 1;
        std::uint32_t generation = 0;
        std::uint32_t liveRecords = 0;
    };

    struct SideState {
        double scale = 1;
        double total = 0;
        std::size_t liveCohorts = 0;
        std::vector<std::vector<Bucket>> buckets;  // [tier][slot]
        std::vector<std::int64_t> low;             // per tier, slots that may be non-empty
        std::vector<std::int64_t> high;            // (low > high: none)
        double extremeLiquidationPrice = 0;
    };

    using TierArray = std::array<double, LeverageMix::kMaxTiers>;
    using GenerationArray = std::array<std::uint32_t, LeverageMix::kMaxTiers>;

    struct OpeningRecord {
        TimestampMs ts = 0;
        std::int64_t bucketIndex = 0;  // absolute grid index, stable when the grid grows
        TierArray storedLong{};
        TierArray storedShort{};
        GenerationArray generationLong{};
        GenerationArray generationShort{};
    };

    SideState& sideOf(Side side) { return side == Side::Long ? m_longs : m_shorts; }
    const SideState& sideOf(Side side) const { return side == Side::Long ? m_longs : m_shorts; }
    double factorOf(Side side, std::size_t tier) const {
        return side == Side::Long ? m_tiers[tier].longFactor : m_tiers[tier].shortFactor;
    }

    std::int64_t gridIndexOf(double price) const;
    std::int64_t slotFor(std::int64_t gridIndex);  // grows the grid when needed
    void growGrid(std::int64_t newBase, std::size_t newSize);
    void addToSide(Side side, std::size_t tier, std::int64_t slot, double notional,
                   double& storedOut, std::uint32_t& generationOut);
    double emptyBucket(SideState& state, Bucket& bucket);
    void clearSide(SideState& state);
    void renormalizeScale(Side side);
    void updateSweepBound(Side side);

    std::vector<CohortTier> m_tiers;
    double m_logStep;
    std::int64_t m_gridBase = 0;    // absolute grid index of slot 0
    std::vector<double> m_entries;  // per slot: entry price of the bucket, NaN while unused
    SideState m_longs;
    SideState m_shorts;
    std::deque<OpeningRecord> m_records;
};

}  // namespace liqmap::core
