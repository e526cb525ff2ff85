#include "sim_position_book.h"

namespace liqmap::core {

namespace {

TimestampMs floorDiv(TimestampMs value, TimestampMs divisor) {
    const TimestampMs quotient = value / divisor;
    return (value % divisor != 0 && value < 0) ? quotient - 1 : quotient;
}

}  // namespace

SimPositionBook::SimPositionBook(TimestampMs tickMs, double referencePrice)
    : m_tickMs(tickMs),
      m_longs(Side::Long, referencePrice),
      m_shorts(Side::Short, referencePrice),
      m_wheel(kWheelBuckets) {}

std::vector<SimPositionBook::CloseEntry>& SimPositionBook::bucketOf(TimestampMs closeAtMs) {
    // Consecutive tick ends have consecutive quotients, whatever the start's offset.
    const auto tick = static_cast<std::uint64_t>(floorDiv(closeAtMs, m_tickMs));
    return m_wheel[tick % kWheelBuckets];
}

void SimPositionBook::open(const SimPosition& position) {
    std::uint32_t slot = 0;
    if (m_freeSlots.empty()) {
        slot = static_cast<std::uint32_t>(m_slots.size());
        m_slots.push_back(position);
    } else {
        slot = m_freeSlots.back();
        m_freeSlots.pop_back();
        m_slots[slot] = position;
    }
    if (position.side == Side::Long) {
        m_longs.insert(position.liquidationPrice, slot);
        m_longLots += position.lots;
    } else {
        m_shorts.insert(position.liquidationPrice, slot);
        m_shortLots += position.lots;
    }
    bucketOf(position.closeAtMs).push_back({position.id, slot});
    ++m_count;
}

void SimPositionBook::release(std::uint32_t slot, std::vector<SimPosition>& removed) {
    SimPosition& position = m_slots[slot];
    removed.push_back(position);
    (position.side == Side::Long ? m_longLots : m_shortLots) -= position.lots;
    position.id = 0;
    m_freeSlots.push_back(slot);
    --m_count;
}

void SimPositionBook::liquidateCrossed(double mark, std::vector<SimPosition>& removed) {
    m_crossedSlots.clear();
    m_longs.takeCrossed(mark, m_crossedSlots);
    m_shorts.takeCrossed(mark, m_crossedSlots);
    for (const std::uint32_t slot : m_crossedSlots) {
        release(slot, removed);
    }
}

void SimPositionBook::closeDue(TimestampMs now, std::vector<SimPosition>& removed) {
    std::vector<CloseEntry>& bucket = bucketOf(now);
    // Entries due now leave; entries a whole turn (or more) later stay, in their order.
    std::size_t kept = 0;
    for (const CloseEntry& entry : bucket) {
        const SimPosition& position = m_slots[entry.slot];
        if (position.id != entry.id) {
            continue;  // liquidated earlier (its slot may hold a newer position by now)
        }
        if (position.closeAtMs != now) {
            bucket[kept++] = entry;
            continue;
        }
        (position.side == Side::Long ? m_longs : m_shorts).erase(entry.slot);
        release(entry.slot, removed);
    }
    bucket.resize(kept);
}

void SimPositionBook::forEach(const std::function<void(const SimPosition&)>& visit) const {
    for (const SimPosition& position : m_slots) {
        if (position.id != 0) {
            visit(position);
        }
    }
}

}  // namespace liqmap::core
