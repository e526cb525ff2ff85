#include "sim_market_memory.h"

#include <algorithm>  // std::max, std::min

namespace liqmap::core {

void SimMarketMemory::record(double mark, bool minuteEnds) {
    m_marks[m_markCount % m_marks.size()] = mark;
    ++m_markCount;
    if (m_minuteStarted) {
        m_currentHigh = std::max(m_currentHigh, mark);
        m_currentLow = std::min(m_currentLow, mark);
    } else {
        m_currentHigh = mark;
        m_currentLow = mark;
        m_minuteStarted = true;
    }
    if (minuteEnds) {
        m_minuteHighs[m_minuteCount % kMinuteCapacity] = m_currentHigh;
        m_minuteLows[m_minuteCount % kMinuteCapacity] = m_currentLow;
        ++m_minuteCount;
        m_minuteStarted = false;
        const std::size_t kept = std::min(m_minuteCount, kMinuteCapacity);
        double high = m_currentHigh;
        double low = m_currentLow;
        for (std::size_t k = 0; k < kept; ++k) {
            const std::size_t index = (m_minuteCount - 1 - k) % kMinuteCapacity;
            high = std::max(high, m_minuteHighs[index]);
            low = std::min(low, m_minuteLows[index]);
            m_highSince[k] = high;
            m_lowSince[k] = low;
        }
    }
}

double SimMarketMemory::markAgo(std::size_t ticks) const {
    const std::size_t kept = std::min(m_markCount, m_marks.size());
    const std::size_t back = std::min(ticks, kept - 1);
    return m_marks[(m_markCount - 1 - back) % m_marks.size()];
}

double SimMarketMemory::highOver(std::size_t minutes) const {
    const std::size_t count = std::min({minutes, m_minuteCount, kMinuteCapacity});
    // Between a minute's end and the next record() the current minute is empty: start from the
    // latest mark instead.
    const double high = m_minuteStarted ? m_currentHigh : markAgo(0);
    return count == 0 ? high : std::max(high, m_highSince[count - 1]);
}

double SimMarketMemory::lowOver(std::size_t minutes) const {
    const std::size_t count = std::min({minutes, m_minuteCount, kMinuteCapacity});
    const double low = m_minuteStarted ? m_currentLow : markAgo(0);
    return count == 0 ? low : std::min(low, m_lowSince[count - 1]);
}

}  // namespace liqmap::core
