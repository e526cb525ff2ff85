#include "liqmap/core/cohort_book.h"

#include <algorithm>  // std::max, std::min, std::sort
#include <bit>        // std::countl_zero, std::countr_zero
#include <cmath>      // std::log, std::log1p, std::floor, std::isnan, std::abs
#include <limits>     // std::numeric_limits
#include <utility>    // std::move

namespace liqmap::core {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::int64_t kNoLow = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kNoHigh = std::numeric_limits<std::int64_t>::min();
constexpr std::uint64_t kAllBits = ~std::uint64_t{0};
// Rescale before the side scale could underflow; far above the smallest normal double.
constexpr double kMinSideScale = 1e-200;
// A cohort reduced below this share by partial consumption is treated as gone.
constexpr double kMinBucketFactor = 1e-12;

// Grid index → (chunk number, slot in chunk); the shift floors negative indices too (C++20).
std::int64_t chunkNumberOf(std::int64_t gridIndex) { return gridIndex >> 6; }
std::int64_t slotOf(std::int64_t gridIndex) { return gridIndex & 63; }

}  // namespace

CohortBook::Chunk::Chunk(std::size_t tiers)
    : buckets(2 * tiers * kChunkSlots), occupied(2 * tiers, 0) {
    static_assert(kChunkSlots == 64, "chunkNumberOf, slotOf and the bitmaps assume 64 slots");
    entries.fill(kNaN);
}

CohortBook::CohortBook(std::vector<CohortTier> tiers, double entryBucketStep)
    : m_tiers(std::move(tiers)), m_logStep(std::log1p(entryBucketStep)) {
    for (SideState* state : {&m_longs, &m_shorts}) {
        state->low.assign(m_tiers.size(), kNoLow);
        state->high.assign(m_tiers.size(), kNoHigh);
    }
    m_longs.extremeLiquidationPrice = -kInfinity;
    m_shorts.extremeLiquidationPrice = kInfinity;
}

std::int64_t CohortBook::gridIndexOf(double price) const {
    return static_cast<std::int64_t>(std::floor(std::log(price) / m_logStep));
}

const CohortBook::Chunk* CohortBook::chunkAt(std::int64_t chunkNumber) const {
    const std::int64_t index = chunkNumber - m_firstChunk;
    if (index < 0 || index >= static_cast<std::int64_t>(m_chunks.size())) {
        return nullptr;
    }
    return m_chunks[static_cast<std::size_t>(index)].get();
}

CohortBook::Chunk& CohortBook::chunkFor(std::int64_t gridIndex) {
    const std::int64_t chunkNumber = chunkNumberOf(gridIndex);
    if (m_chunks.empty()) {
        m_firstChunk = chunkNumber;
    }
    if (chunkNumber < m_firstChunk) {
        // Only pointers move; chunks themselves never do.
        const auto added = static_cast<std::size_t>(m_firstChunk - chunkNumber);
        std::vector<std::unique_ptr<Chunk>> grown(added + m_chunks.size());
        std::move(m_chunks.begin(), m_chunks.end(),
                  grown.begin() + static_cast<std::ptrdiff_t>(added));
        m_chunks = std::move(grown);
        m_firstChunk = chunkNumber;
    }
    const auto index = static_cast<std::size_t>(chunkNumber - m_firstChunk);
    if (index >= m_chunks.size()) {
        m_chunks.resize(index + 1);
    }
    if (!m_chunks[index]) {
        m_chunks[index] = std::make_unique<Chunk>(m_tiers.size());
    }
    return *m_chunks[index];
}

CohortBook::Bucket& CohortBook::bucketAt(Side side, std::size_t tier, std::int64_t gridIndex) {
    Chunk& chunk = *m_chunks[static_cast<std::size_t>(chunkNumberOf(gridIndex) - m_firstChunk)];
    return chunk
        .buckets[laneOf(side, tier) * kChunkSlots + static_cast<std::size_t>(slotOf(gridIndex))];
}

const CohortBook::Bucket& CohortBook::bucketAt(Side side, std::size_t tier,
                                               std::int64_t gridIndex) const {
    const Chunk& chunk = *chunkAt(chunkNumberOf(gridIndex));
    return chunk
        .buckets[laneOf(side, tier) * kChunkSlots + static_cast<std::size_t>(slotOf(gridIndex))];
}

double CohortBook::entryAt(std::int64_t gridIndex) const {
    return chunkAt(chunkNumberOf(gridIndex))->entries[static_cast<std::size_t>(slotOf(gridIndex))];
}

std::uint64_t CohortBook::occupiedWord(std::size_t lane, std::int64_t chunkNumber) const {
    const Chunk* chunk = chunkAt(chunkNumber);
    return chunk != nullptr ? chunk->occupied[lane] : 0;
}

std::int64_t CohortBook::highestOccupied(Side side, std::size_t tier, std::int64_t low,
                                         std::int64_t from) const {
    if (from < low) {
        return low - 1;
    }
    const std::size_t lane = laneOf(side, tier);
    std::int64_t chunkNumber = chunkNumberOf(from);
    const std::int64_t lowChunk = chunkNumberOf(low);
    std::uint64_t mask = occupiedWord(lane, chunkNumber) & (kAllBits >> (63 - slotOf(from)));
    while (mask == 0) {
        if (chunkNumber <= lowChunk) {
            return low - 1;
        }
        mask = occupiedWord(lane, --chunkNumber);
    }
    const std::int64_t found = chunkNumber * kChunkSlots + 63 - std::countl_zero(mask);
    return found >= low ? found : low - 1;
}

std::int64_t CohortBook::lowestOccupied(Side side, std::size_t tier, std::int64_t from,
                                        std::int64_t high) const {
    if (from > high) {
        return high + 1;
    }
    const std::size_t lane = laneOf(side, tier);
    std::int64_t chunkNumber = chunkNumberOf(from);
    const std::int64_t highChunk = chunkNumberOf(high);
    std::uint64_t mask = occupiedWord(lane, chunkNumber) & (kAllBits << slotOf(from));
    while (mask == 0) {
        if (chunkNumber >= highChunk) {
            return high + 1;
        }
        mask = occupiedWord(lane, ++chunkNumber);
    }
    const std::int64_t found = chunkNumber * kChunkSlots + std::countr_zero(mask);
    return found <= high ? found : high + 1;
}

void CohortBook::open(TimestampMs ts, double entry, std::span<const double> notionalPerTier) {
    const std::int64_t gridIndex = gridIndexOf(entry);
    Chunk& chunk = chunkFor(gridIndex);
    const auto slot = static_cast<std::size_t>(slotOf(gridIndex));
    double& bucketEntry = chunk.entries[slot];
    if (std::isnan(bucketEntry)) {
        bucketEntry = entry;
    }

    const std::size_t record = m_records.size();
    m_shares.resize(m_shares.size() + 2 * m_tiers.size());
    bool storedAnything = false;
    const std::size_t tierCount = std::min(notionalPerTier.size(), m_tiers.size());
    for (std::size_t t = 0; t < tierCount; ++t) {
        const double notional = notionalPerTier[t];
        if (!(notional > 0)) {
            continue;
        }
        for (const Side side : {Side::Long, Side::Short}) {
            addToSide(side, t, chunk, gridIndex, notional, shareOf(record, t, side));
        }
        // A new cohort can only push the sweep bounds outward; no need to recompute them.
        m_longs.extremeLiquidationPrice =
            std::max(m_longs.extremeLiquidationPrice, m_tiers[t].longFactor * bucketEntry);
        m_shorts.extremeLiquidationPrice =
            std::min(m_shorts.extremeLiquidationPrice, m_tiers[t].shortFactor * bucketEntry);
        storedAnything = true;
    }
    if (!storedAnything) {
        m_shares.resize(m_shares.size() - 2 * m_tiers.size());
        return;
    }
    m_records.push_back({ts, gridIndex});
}

void CohortBook::addToSide(Side side, std::size_t tier, Chunk& chunk, std::int64_t gridIndex,
                           double notional, Share& share) {
    SideState& state = sideOf(side);
    const std::size_t lane = laneOf(side, tier);
    const auto slot = static_cast<std::size_t>(slotOf(gridIndex));
    Bucket& bucket = chunk.buckets[lane * kChunkSlots + slot];
    if (!(bucket.stored > 0)) {
        ++state.liveCohorts;
        chunk.occupied[lane] |= std::uint64_t{1} << slot;
    }
    const double stored = notional / (state.scale * bucket.factor);
    bucket.stored += stored;
    ++bucket.liveRecords;
    share = {stored, bucket.generation};
    state.total += notional;
    state.low[tier] = std::min(state.low[tier], gridIndex);
    state.high[tier] = std::max(state.high[tier], gridIndex);
}

double CohortBook::emptyBucket(Side side, std::size_t tier, std::int64_t gridIndex) {
    SideState& state = sideOf(side);
    Bucket& bucket = bucketAt(side, tier, gridIndex);
    const double amount = bucket.stored * state.scale * bucket.factor;
    bucket.stored = 0;
    bucket.factor = 1;
    ++bucket.generation;
    bucket.liveRecords = 0;
    Chunk& chunk = *m_chunks[static_cast<std::size_t>(chunkNumberOf(gridIndex) - m_firstChunk)];
    chunk.occupied[laneOf(side, tier)] &= ~(std::uint64_t{1} << slotOf(gridIndex));
    --state.liveCohorts;
    // Keep the running total exact when the side empties and non-negative despite rounding.
    state.total = state.liveCohorts == 0 ? 0 : std::max(0.0, state.total - amount);
    return amount;
}

double CohortBook::walkLongsDownTo(double price) {
    SideState& state = m_longs;
    double removed = 0;
    for (std::size_t t = 0; t < m_tiers.size(); ++t) {
        const std::int64_t low = state.low[t];
        if (low > state.high[t]) {
            continue;
        }
        const double factor = m_tiers[t].longFactor;
        // Liquidation prices fall with the grid index: walk the occupied buckets down until one
        // is below the price.
        std::int64_t at = highestOccupied(Side::Long, t, low, state.high[t]);
        while (at >= low && factor * entryAt(at) >= price) {
            removed += emptyBucket(Side::Long, t, at);
            at = highestOccupied(Side::Long, t, low, at - 1);
        }
        state.high[t] = at;  // below `low` once the tier is empty
    }
    updateSweepBound(Side::Long);
    return removed;
}

double CohortBook::walkShortsUpTo(double price) {
    SideState& state = m_shorts;
    double removed = 0;
    for (std::size_t t = 0; t < m_tiers.size(); ++t) {
        const std::int64_t high = state.high[t];
        if (state.low[t] > high) {
            continue;
        }
        const double factor = m_tiers[t].shortFactor;
        std::int64_t at = lowestOccupied(Side::Short, t, state.low[t], high);
        while (at <= high && factor * entryAt(at) <= price) {
            removed += emptyBucket(Side::Short, t, at);
            at = lowestOccupied(Side::Short, t, at + 1, high);
        }
        state.low[t] = at;  // above `high` once the tier is empty
    }
    updateSweepBound(Side::Short);
    return removed;
}

void CohortBook::updateSweepBound(Side side) {
    SideState& state = sideOf(side);
    const bool isLong = side == Side::Long;
    double bound = isLong ? -kInfinity : kInfinity;
    for (std::size_t t = 0; t < m_tiers.size(); ++t) {
        if (state.low[t] > state.high[t]) {
            continue;
        }
        // The extreme bucket may be empty after expiry; its entry is still set, so the bound
        // stays safe (never tighter than the truth) and the next sweep tightens it.
        if (isLong) {
            bound = std::max(bound, m_tiers[t].longFactor * entryAt(state.high[t]));
        } else {
            bound = std::min(bound, m_tiers[t].shortFactor * entryAt(state.low[t]));
        }
    }
    state.extremeLiquidationPrice = bound;
}

void CohortBook::forEachCohort(
    Side side, const std::function<void(std::size_t, double, double)>& visit) const {
    const SideState& state = sideOf(side);
    for (std::size_t t = 0; t < m_tiers.size(); ++t) {
        const double factor = factorOf(side, t);
        const std::int64_t high = state.high[t];
        for (std::int64_t at = lowestOccupied(side, t, state.low[t], high); at <= high;
             at = lowestOccupied(side, t, at + 1, high)) {
            const Bucket& bucket = bucketAt(side, t, at);
            visit(t, factor * entryAt(at), bucket.stored * state.scale * bucket.factor);
        }
    }
}

void CohortBook::clearSide(Side side) {
    SideState& state = sideOf(side);
    for (std::size_t t = 0; t < m_tiers.size(); ++t) {
        const std::int64_t high = state.high[t];
        for (std::int64_t at = lowestOccupied(side, t, state.low[t], high); at <= high;
             at = lowestOccupied(side, t, at + 1, high)) {
            emptyBucket(side, t, at);
        }
        state.low[t] = kNoLow;
        state.high[t] = kNoHigh;
    }
    state.scale = 1;
    state.total = 0;
}

SideAmounts CohortBook::closeFraction(double fraction) {
    SideAmounts removed;
    if (!(fraction > 0)) {
        return removed;
    }
    for (const Side side : {Side::Long, Side::Short}) {
        SideState& state = sideOf(side);
        double& lost = side == Side::Long ? removed.longs : removed.shorts;
        if (fraction >= 1) {
            lost = state.total;
            clearSide(side);
            updateSweepBound(side);
            continue;
        }
        const double keep = 1 - fraction;
        lost = state.total * fraction;
        state.scale *= keep;
        state.total *= keep;
        if (state.scale < kMinSideScale) {
            renormalizeScale(side);
        }
    }
    return removed;
}

void CohortBook::renormalizeScale(Side side) {
    SideState& state = sideOf(side);
    const double scale = state.scale;
    for (std::size_t t = 0; t < m_tiers.size(); ++t) {
        const std::int64_t high = state.high[t];
        for (std::int64_t at = lowestOccupied(side, t, state.low[t], high); at <= high;
             at = lowestOccupied(side, t, at + 1, high)) {
            bucketAt(side, t, at).stored *= scale;
        }
    }
    for (std::size_t record = 0; record < m_records.size(); ++record) {
        for (std::size_t t = 0; t < m_tiers.size(); ++t) {
            shareOf(record, t, side).stored *= scale;
        }
    }
    state.scale = 1;
}

double CohortBook::consumeNear(Side side, double price, double notional, double window) {
    SideState& state = sideOf(side);
    if (!(notional > 0) || state.liveCohorts == 0) {
        return 0;
    }
    const double lowest = price * (1 - window);
    const double highest = price * (1 + window);

    struct Candidate {
        double distance;
        std::size_t tier;
        std::int64_t gridIndex;
    };
    std::vector<Candidate> candidates;
    for (std::size_t t = 0; t < m_tiers.size(); ++t) {
        if (state.low[t] > state.high[t]) {
            continue;
        }
        const double factor = factorOf(side, t);
        // Buckets whose liquidation price can fall in the window, one bucket of slack for
        // rounding in the grid index; the exact test follows.
        const std::int64_t first = std::max(state.low[t], gridIndexOf(lowest / factor) - 1);
        const std::int64_t last = std::min(state.high[t], gridIndexOf(highest / factor) + 1);
        for (std::int64_t at = lowestOccupied(side, t, first, last); at <= last;
             at = lowestOccupied(side, t, at + 1, last)) {
            const double lp = factor * entryAt(at);
            if (lp >= lowest && lp <= highest) {
                candidates.push_back({std::abs(lp - price), t, at});
            }
        }
    }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        if (a.distance != b.distance) {
            return a.distance < b.distance;
        }
        return a.tier != b.tier ? a.tier < b.tier : a.gridIndex < b.gridIndex;
    });

    double remaining = notional;
    for (const Candidate& candidate : candidates) {
        if (!(remaining > 0)) {
            break;
        }
        Bucket& bucket = bucketAt(side, candidate.tier, candidate.gridIndex);
        const double available = bucket.stored * state.scale * bucket.factor;
        if (remaining >= available) {
            remaining -= emptyBucket(side, candidate.tier, candidate.gridIndex);
            continue;
        }
        bucket.factor *= 1 - remaining / available;
        state.total = std::max(0.0, state.total - remaining);
        remaining = 0;
        if (bucket.factor < kMinBucketFactor) {
            emptyBucket(side, candidate.tier, candidate.gridIndex);
        }
    }
    return notional - std::max(0.0, remaining);
}

SideAmounts CohortBook::expireRecordsBefore(TimestampMs cutoff) {
    SideAmounts expired;
    const auto sharesPerRecord = static_cast<std::ptrdiff_t>(2 * m_tiers.size());
    while (!m_records.empty() && m_records.front().ts < cutoff) {
        const std::int64_t gridIndex = m_records.front().gridIndex;
        for (std::size_t t = 0; t < m_tiers.size(); ++t) {
            for (const Side side : {Side::Long, Side::Short}) {
                const Share& share = shareOf(0, t, side);
                SideState& state = sideOf(side);
                Bucket& bucket = bucketAt(side, t, gridIndex);
                if (!(share.stored > 0) || bucket.generation != share.generation) {
                    continue;  // nothing stored, or the cohort was emptied since
                }
                double& lost = side == Side::Long ? expired.longs : expired.shorts;
                if (bucket.liveRecords <= 1 || share.stored >= bucket.stored) {
                    // The last opening in the bucket takes any rounding residue with it.
                    lost += emptyBucket(side, t, gridIndex);
                    continue;
                }
                const double amount = share.stored * state.scale * bucket.factor;
                bucket.stored -= share.stored;
                --bucket.liveRecords;
                state.total = std::max(0.0, state.total - amount);
                lost += amount;
            }
        }
        m_records.pop_front();
        m_shares.erase(m_shares.begin(), m_shares.begin() + sharesPerRecord);
    }
    return expired;
}

}  // namespace liqmap::core
