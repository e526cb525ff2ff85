#include "liqmap/core/cohort_book.h"

#include <algorithm>  // std::max, std::min, std::sort, std::copy
#include <cmath>      // std::log, std::log1p, std::floor, std::isnan, std::abs
#include <limits>     // std::numeric_limits

namespace liqmap::core {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Slots added on each side of the first entry and at each growth: ±5 % at the default step.
constexpr std::int64_t kGridMargin = 512;
// Rescale before the side scale could underflow; far above the smallest normal double.
constexpr double kMinSideScale = 1e-200;
// A cohort reduced below this share by partial consumption is treated as gone.
constexpr double kMinBucketFactor = 1e-12;

}  // namespace

CohortBook::CohortBook(std::vector<CohortTier> tiers, double entryBucketStep)
    : m_tiers(std::move(tiers)), m_logStep(std::log1p(entryBucketStep)) {
    for (SideState* state : {&m_longs, &m_shorts}) {
        state->buckets.resize(m_tiers.size());
        state->low.assign(m_tiers.size(), 0);
        state->high.assign(m_tiers.size(), -1);
    }
    m_longs.extremeLiquidationPrice = -kInfinity;
    m_shorts.extremeLiquidationPrice = kInfinity;
}

std::int64_t CohortBook::gridIndexOf(double price) const {
    return static_cast<std::int64_t>(std::floor(std::log(price) / m_logStep));
}

std::int64_t CohortBook::slotFor(std::int64_t gridIndex) {
    const auto size = static_cast<std::int64_t>(m_entries.size());
    if (size == 0) {
        growGrid(gridIndex - kGridMargin, static_cast<std::size_t>(2 * kGridMargin + 1));
    } else if (gridIndex < m_gridBase) {
        // Grow by at least the current size so repeated growth stays amortised O(1).
        const std::int64_t newBase = std::min(gridIndex - kGridMargin, m_gridBase - size);
        growGrid(newBase, static_cast<std::size_t>(size + (m_gridBase - newBase)));
    } else if (gridIndex >= m_gridBase + size) {
        const std::int64_t newSize = std::max(gridIndex - m_gridBase + kGridMargin + 1, 2 * size);
        growGrid(m_gridBase, static_cast<std::size_t>(newSize));
    }
    return gridIndex - m_gridBase;
}

void CohortBook::growGrid(std::int64_t newBase, std::size_t newSize) {
    const std::int64_t shift = m_entries.empty() ? 0 : m_gridBase - newBase;
    const auto offset = static_cast<std::ptrdiff_t>(shift);

    std::vector<double> entries(newSize, kNaN);
    std::copy(m_entries.begin(), m_entries.end(), entries.begin() + offset);
    m_entries = std::move(entries);

    for (SideState* state : {&m_longs, &m_shorts}) {
        for (std::size_t t = 0; t < m_tiers.size(); ++t) {
            std::vector<Bucket> buckets(newSize);
            std::copy(state->buckets[t].begin(), state->buckets[t].end(),
                      buckets.begin() + offset);
            state->buckets[t] = std::move(buckets);
            state->low[t] += shift;
            state->high[t] += shift;
        }
    }
    m_gridBase = newBase;
}

void CohortBook::open(TimestampMs ts, double entry, std::span<const double> notionalPerTier) {
    const std::int64_t gridIndex = gridIndexOf(entry);
    const std::int64_t slot = slotFor(gridIndex);
    double& bucketEntry = m_entries[static_cast<std::size_t>(slot)];
    if (std::isnan(bucketEntry)) {
        bucketEntry = entry;
    }

    OpeningRecord record;
    record.ts = ts;
    record.bucketIndex = gridIndex;
    bool storedAnything = false;
    const std::size_t tierCount = std::min(notionalPerTier.size(), m_tiers.size());
    for (std::size_t t = 0; t < tierCount; ++t) {
        const double notional = notionalPerTier[t];
        if (!(notional > 0)) {
            continue;
        }
        addToSide(Side::Long, t, slot, notional, record.storedLong[t], record.generationLong[t]);
        addToSide(Side::Short, t, slot, notional, record.storedShort[t],
                  record.generationShort[t]);
        storedAnything = true;
    }
    if (storedAnything) {
        m_records.push_back(record);
        updateSweepBound(Side::Long);
        updateSweepBound(Side::Short);
    }
}

void CohortBook::addToSide(Side side, std::size_t tier, std::int64_t slot, double notional,
                           double& storedOut, std::uint32_t& generationOut) {
    SideState& state = sideOf(side);
    Bucket& bucket = state.buckets[tier][static_cast<std::size_t>(slot)];
    if (!(bucket.stored > 0)) {
        ++state.liveCohorts;
    }
    const double stored = notional / (state.scale * bucket.factor);
    bucket.stored += stored;
    ++bucket.liveRecords;
    storedOut = stored;
    generationOut = bucket.generation;
    state.total += notional;
    if (state.low[tier] > state.high[tier]) {
        state.low[tier] = slot;
        state.high[tier] = slot;
    } else {
        state.low[tier] = std::min(state.low[tier], slot);
        state.high[tier] = std::max(state.high[tier], slot);
    }
}

double CohortBook::emptyBucket(SideState& state, Bucket& bucket) {
    const double amount = bucket.stored * state.scale * bucket.factor;
    bucket.stored = 0;
    bucket.factor = 1;
    ++bucket.generation;
    bucket.liveRecords = 0;
    --state.liveCohorts;
    // Keep the running total exact when the side empties and non-negative despite rounding.
    state.total = state.liveCohorts == 0 ? 0 : std::max(0.0, state.total - amount);
    return amount;
}

double CohortBook::sweepLongs(double price) {
    SideState& state = m_longs;
    if (!(price <= state.extremeLiquidationPrice)) {
        return 0;
    }
    double removed = 0;
    for (std::size_t t = 0; t < m_tiers.size(); ++t) {
        const double factor = m_tiers[t].longFactor;
        std::vector<Bucket>& buckets = state.buckets[t];
        std::int64_t slot = state.high[t];
        // Liquidation prices fall with the slot: walk down until one is below the price.
        while (slot >= state.low[t]) {
            Bucket& bucket = buckets[static_cast<std::size_t>(slot)];
            if (bucket.stored > 0) {
                if (factor * m_entries[static_cast<std::size_t>(slot)] < price) {
                    break;
                }
                removed += emptyBucket(state, bucket);
            }
            --slot;
        }
        state.high[t] = slot;
    }
    updateSweepBound(Side::Long);
    return removed;
}

double CohortBook::sweepShorts(double price) {
    SideState& state = m_shorts;
    if (!(price >= state.extremeLiquidationPrice)) {
        return 0;
    }
    double removed = 0;
    for (std::size_t t = 0; t < m_tiers.size(); ++t) {
        const double factor = m_tiers[t].shortFactor;
        std::vector<Bucket>& buckets = state.buckets[t];
        std::int64_t slot = state.low[t];
        while (slot <= state.high[t]) {
            Bucket& bucket = buckets[static_cast<std::size_t>(slot)];
            if (bucket.stored > 0) {
                if (factor * m_entries[static_cast<std::size_t>(slot)] > price) {
                    break;
                }
                removed += emptyBucket(state, bucket);
            }
            ++slot;
        }
        state.low[t] = slot;
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
        // The extreme slot may be empty after expiry; its entry is still set, so the bound
        // stays safe (never tighter than the truth) and the next sweep tightens it.
        if (isLong) {
            const auto slot = static_cast<std::size_t>(state.high[t]);
            bound = std::max(bound, m_tiers[t].longFactor * m_entries[slot]);
        } else {
            const auto slot = static_cast<std::size_t>(state.low[t]);
            bound = std::min(bound, m_tiers[t].shortFactor * m_entries[slot]);
        }
    }
    state.extremeLiquidationPrice = bound;
}

void CohortBook::clearSide(SideState& state) {
    for (std::size_t t = 0; t < m_tiers.size(); ++t) {
        for (std::int64_t slot = state.low[t]; slot <= state.high[t]; ++slot) {
            Bucket& bucket = state.buckets[t][static_cast<std::size_t>(slot)];
            if (bucket.stored > 0) {
                emptyBucket(state, bucket);
            }
        }
        state.low[t] = 0;
        state.high[t] = -1;
    }
    state.scale = 1;
    state.total = 0;
}

SideAmounts CohortBook::closeProportionally(double notional) {
    SideAmounts removed;
    if (!(notional > 0)) {
        return removed;
    }
    for (const Side side : {Side::Long, Side::Short}) {
        SideState& state = sideOf(side);
        double& lost = side == Side::Long ? removed.longs : removed.shorts;
        if (!(state.total > 0)) {
            continue;
        }
        if (notional >= state.total) {
            lost = state.total;
            clearSide(state);
            updateSweepBound(side);
            continue;
        }
        const double keep = 1 - notional / state.total;
        state.scale *= keep;
        state.total *= keep;
        lost = notional;
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
        for (std::int64_t slot = state.low[t]; slot <= state.high[t]; ++slot) {
            state.buckets[t][static_cast<std::size_t>(slot)].stored *= scale;
        }
    }
    for (OpeningRecord& record : m_records) {
        TierArray& stored = side == Side::Long ? record.storedLong : record.storedShort;
        for (double& value : stored) {
            value *= scale;
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
        std::int64_t slot;
    };
    std::vector<Candidate> candidates;
    for (std::size_t t = 0; t < m_tiers.size(); ++t) {
        if (state.low[t] > state.high[t]) {
            continue;
        }
        const double factor = factorOf(side, t);
        // Entry slots whose liquidation price can fall in the window, one slot of slack for
        // rounding in the grid index; the exact test follows.
        const std::int64_t first =
            std::max(state.low[t], gridIndexOf(lowest / factor) - 1 - m_gridBase);
        const std::int64_t last =
            std::min(state.high[t], gridIndexOf(highest / factor) + 1 - m_gridBase);
        for (std::int64_t slot = first; slot <= last; ++slot) {
            const Bucket& bucket = state.buckets[t][static_cast<std::size_t>(slot)];
            if (!(bucket.stored > 0)) {
                continue;
            }
            const double lp = factor * m_entries[static_cast<std::size_t>(slot)];
            if (lp >= lowest && lp <= highest) {
                candidates.push_back({std::abs(lp - price), t, slot});
            }
        }
    }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        if (a.distance != b.distance) {
            return a.distance < b.distance;
        }
        return a.tier != b.tier ? a.tier < b.tier : a.slot < b.slot;
    });

    double remaining = notional;
    for (const Candidate& candidate : candidates) {
        if (!(remaining > 0)) {
            break;
        }
        Bucket& bucket = state.buckets[candidate.tier][static_cast<std::size_t>(candidate.slot)];
        const double available = bucket.stored * state.scale * bucket.factor;
        if (remaining >= available) {
            remaining -= emptyBucket(state, bucket);
            continue;
        }
        bucket.factor *= 1 - remaining / available;
        state.total = std::max(0.0, state.total - remaining);
        remaining = 0;
        if (bucket.factor < kMinBucketFactor) {
            emptyBucket(state, bucket);
        }
    }
    return notional - std::max(0.0, remaining);
}

SideAmounts CohortBook::expireBefore(TimestampMs cutoff) {
    SideAmounts expired;
    while (!m_records.empty() && m_records.front().ts < cutoff) {
        const OpeningRecord& record = m_records.front();
        const auto slot = static_cast<std::size_t>(record.bucketIndex - m_gridBase);
        for (std::size_t t = 0; t < m_tiers.size(); ++t) {
            for (const Side side : {Side::Long, Side::Short}) {
                const bool isLong = side == Side::Long;
                const double stored = isLong ? record.storedLong[t] : record.storedShort[t];
                const std::uint32_t generation =
                    isLong ? record.generationLong[t] : record.generationShort[t];
                SideState& state = sideOf(side);
                Bucket& bucket = state.buckets[t][slot];
                if (!(stored > 0) || bucket.generation != generation) {
                    continue;  // nothing stored, or the cohort was emptied since
                }
                double& lost = isLong ? expired.longs : expired.shorts;
                if (bucket.liveRecords <= 1 || stored >= bucket.stored) {
                    // The last opening in the bucket takes any rounding residue with it.
                    lost += emptyBucket(state, bucket);
                    continue;
                }
                const double amount = stored * state.scale * bucket.factor;
                bucket.stored -= stored;
                --bucket.liveRecords;
                state.total = std::max(0.0, state.total - amount);
                lost += amount;
            }
        }
        m_records.pop_front();
    }
    return expired;
}

}  // namespace liqmap::core
