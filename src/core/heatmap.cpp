#include "liqmap/core/heatmap.h"

#include <algorithm>  // std::max

#include "liqmap/core/config_error.h"

namespace liqmap::core {

Heatmap::Heatmap(std::size_t maxColumns) : m_maxColumns(maxColumns) {
    if (maxColumns == 0) {
        throw ConfigError("heatmap.columns", "must be at least 1");
    }
}

bool Heatmap::append(TimestampMs ts, const LiquidationMap& map) {
    if (!m_columns.empty() && ts < m_columns.back().ts) {
        return false;
    }
    HeatmapColumn column;
    column.ts = ts;
    column.priceLow = map.priceLow();
    column.priceHigh = map.priceHigh();
    column.currentPrice = map.currentPrice();
    column.longNotional.reserve(map.binCount());
    column.shortNotional.reserve(map.binCount());
    for (std::size_t bin = 0; bin < map.binCount(); ++bin) {
        column.longNotional.push_back(static_cast<float>(map.longNotional(bin)));
        column.shortNotional.push_back(static_cast<float>(map.shortNotional(bin)));
    }
    if (!m_columns.empty() && m_columns.back().ts == ts) {
        m_columns.back() = std::move(column);
        return true;
    }
    m_columns.push_back(std::move(column));
    if (m_columns.size() > m_maxColumns) {
        m_columns.pop_front();
    }
    return true;
}

double Heatmap::maxNotional() const {
    double largest = 0;
    for (const HeatmapColumn& column : m_columns) {
        for (const float value : column.longNotional) {
            largest = std::max(largest, static_cast<double>(value));
        }
        for (const float value : column.shortNotional) {
            largest = std::max(largest, static_cast<double>(value));
        }
    }
    return largest;
}

}  // namespace liqmap::core
