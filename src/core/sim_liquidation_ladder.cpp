#include "sim_liquidation_ladder.h"

#include <algorithm>  // std::sort, std::clamp, std::max, std::min
#include <cmath>      // std::log, std::floor

namespace liqmap::core {

namespace {

/// 2000 buckets per unit of log price: 0.05 % each.
constexpr double kBucketsPerLogUnit = 2000;
/// e^±10 around the reference price.
constexpr std::int64_t kHalfBuckets = 20'000;
constexpr std::int64_t kBucketCount = 2 * kHalfBuckets + 1;

}  // namespace

SimLiquidationLadder::SimLiquidationLadder(Side side, double referencePrice)
    : m_side(side),
      m_referenceLog(std::log(referencePrice)),
      m_buckets(static_cast<std::size_t>(kBucketCount)),
      m_frontier(side == Side::Long ? 0 : kBucketCount - 1) {}

std::uint32_t SimLiquidationLadder::bucketOf(double price) const {
    // A long's liquidation price may be ≤ 0 (margin covers a fall to zero): lowest bucket.
    if (!(price > 0)) {
        return 0;
    }
    const double offset = std::floor((std::log(price) - m_referenceLog) * kBucketsPerLogUnit);
    const double clamped =
        std::clamp(offset, -static_cast<double>(kHalfBuckets), static_cast<double>(kHalfBuckets));
    return static_cast<std::uint32_t>(static_cast<std::int64_t>(clamped) + kHalfBuckets);
}

void SimLiquidationLadder::insert(double liquidationPrice, std::uint32_t slot) {
    const std::uint32_t bucket = bucketOf(liquidationPrice);
    std::vector<Entry>& entries = m_buckets[bucket];
    if (slot >= m_locations.size()) {
        m_locations.resize(static_cast<std::size_t>(slot) + 1);
    }
    m_locations[slot] = {bucket, static_cast<std::uint32_t>(entries.size())};
    entries.push_back({liquidationPrice, slot});
    m_frontier = m_side == Side::Long ? std::max<std::int64_t>(m_frontier, bucket)
                                      : std::min<std::int64_t>(m_frontier, bucket);
    ++m_size;
}

void SimLiquidationLadder::removeAt(std::uint32_t bucket, std::uint32_t index) {
    std::vector<Entry>& entries = m_buckets[bucket];
    // Swap with the last entry and shrink; the moved entry's location follows it.
    if (index + 1 != entries.size()) {
        entries[index] = entries.back();
        m_locations[entries[index].slot].index = index;
    }
    entries.pop_back();
    --m_size;
}

void SimLiquidationLadder::erase(std::uint32_t slot) {
    const Location location = m_locations[slot];
    removeAt(location.bucket, location.index);
}

void SimLiquidationLadder::takeCrossed(double mark, std::vector<std::uint32_t>& slots) {
    const bool isLong = m_side == Side::Long;
    const std::int64_t markBucket = bucketOf(mark);
    // One bucket of margin past the mark's own, in case the logarithm rounds an entry's price
    // and the mark's differently; the exact comparison decides.
    const std::int64_t last = isLong ? std::max<std::int64_t>(0, markBucket - 1)
                                     : std::min<std::int64_t>(kBucketCount - 1, markBucket + 1);
    const std::int64_t direction = isLong ? -1 : 1;
    m_crossed.clear();
    for (std::int64_t bucket = m_frontier;; bucket += direction) {
        std::vector<Entry>& entries = m_buckets[static_cast<std::size_t>(bucket)];
        for (std::size_t i = 0; i < entries.size();) {
            const Entry entry = entries[i];
            if (isLong ? entry.price >= mark : entry.price <= mark) {
                m_crossed.push_back(entry);
                removeAt(static_cast<std::uint32_t>(bucket), static_cast<std::uint32_t>(i));
            } else {
                ++i;
            }
        }
        if (bucket == last || (isLong ? bucket < last : bucket > last)) {
            break;
        }
    }
    // Every bucket beyond the mark's is empty now; the frontier keeps one bucket of margin for
    // the same rounding reason.
    m_frontier = isLong ? std::min(m_frontier, std::min(kBucketCount - 1, markBucket + 1))
                        : std::max(m_frontier, std::max<std::int64_t>(0, markBucket - 1));
    std::sort(m_crossed.begin(), m_crossed.end(), [isLong](const Entry& a, const Entry& b) {
        if (a.price != b.price) {
            return isLong ? a.price > b.price : a.price < b.price;
        }
        return a.slot < b.slot;
    });
    for (const Entry& entry : m_crossed) {
        slots.push_back(entry.slot);
    }
}

}  // namespace liqmap::core
