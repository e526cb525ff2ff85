#pragma once

#include <cstddef>  // std::size_t
#include <deque>    // std::deque
#include <vector>   // std::vector

#include "liqmap/core/liquidation_map.h"
#include "liqmap/core/market_event.h"  // TimestampMs

namespace liqmap::core {

/// One moment of the heatmap: long and short notional per price bin of that moment's map, tiers
/// summed.
struct HeatmapColumn {
    TimestampMs ts = 0;
    double priceLow = 0;
    double priceHigh = 0;
    double currentPrice = 0;
    std::vector<float> longNotional;  // per bin; float halves the memory of a long history
    std::vector<float> shortNotional;
};

/// Liquidation maps over time, one column per candle, at most `maxColumns` of them (oldest
/// dropped first), so memory stays bounded however long the app runs.
class Heatmap {
public:
    /// Throws ConfigError("heatmap.columns", …) when `maxColumns` is 0.
    explicit Heatmap(std::size_t maxColumns);

    /// Adds a column for the candle opened at `ts`. A column for the same `ts` as the newest
    /// one replaces it (live updates of the current candle). Older timestamps are ignored and
    /// reported by returning false.
    bool append(TimestampMs ts, const LiquidationMap& map);

    std::size_t size() const { return m_columns.size(); }
    std::size_t capacity() const { return m_maxColumns; }
    const HeatmapColumn& column(std::size_t index) const { return m_columns[index]; }
    /// Largest single-bin notional (either side) over all columns, for the colour scale.
    double maxNotional() const;

private:
    std::size_t m_maxColumns;
    std::deque<HeatmapColumn> m_columns;
};

}  // namespace liqmap::core
