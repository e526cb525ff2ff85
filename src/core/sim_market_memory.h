#pragma once

#include <cstddef>  // std::size_t
#include <vector>   // std::vector

namespace liqmap::core {

/// The recent price history simulated traders look at: the mark of each of the last hour's ticks
/// (for returns over 15–60 minutes) and the high and low of each of the last four hours' minutes
/// (for recent highs, lows and ranges). Fixed memory; asking beyond it gives the oldest data kept.
class SimMarketMemory {
public:
    static constexpr std::size_t kTickCapacity = 3600;
    static constexpr std::size_t kMinuteCapacity = 240;

    /// Records the mark of a tick; `minuteEnds` closes the current minute after it.
    void record(double mark, bool minuteEnds);

    /// The mark `ticks` ticks ago (0 = the latest); the oldest kept when history is shorter.
    /// Call after at least one record().
    double markAgo(std::size_t ticks) const;
    /// Highest and lowest mark over the current minute and the `minutes` completed minutes
    /// before it (as many as are kept).
    double highOver(std::size_t minutes) const;
    double lowOver(std::size_t minutes) const;

private:
    std::vector<double> m_marks = std::vector<double>(kTickCapacity + 1);
    std::size_t m_markCount = 0;  ///< ticks recorded, including those overwritten
    /// Highest and lowest mark of the latest k + 1 completed minutes at index k, refreshed when a
    /// minute ends (240 steps a minute instead of up to 240 per question).
    std::vector<double> m_highSince = std::vector<double>(kMinuteCapacity);
    std::vector<double> m_lowSince = std::vector<double>(kMinuteCapacity);
    /// The completed minutes themselves, newest at m_minuteCount − 1 (mod capacity).
    std::vector<double> m_minuteHighs = std::vector<double>(kMinuteCapacity);
    std::vector<double> m_minuteLows = std::vector<double>(kMinuteCapacity);
    std::size_t m_minuteCount = 0;  ///< completed minutes recorded
    double m_currentHigh = 0;
    double m_currentLow = 0;
    bool m_minuteStarted = false;
};

}  // namespace liqmap::core
