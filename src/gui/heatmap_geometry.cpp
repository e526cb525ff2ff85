#include "liqmap/gui/heatmap_geometry.h"

#include <algorithm>  // std::clamp, std::upper_bound, std::adjacent_find
#include <cmath>      // std::isfinite
#include <iterator>   // std::distance
#include <stdexcept>  // std::invalid_argument
#include <utility>    // std::move

namespace liqmap::gui {

HeatmapGeometry::HeatmapGeometry(PlotArea area, std::vector<core::TimestampMs> columnStarts,
                                 core::TimestampMs timeEnd, double fullLow, double fullHigh)
    : m_area(area),
      m_starts(std::move(columnStarts)),
      m_timeEnd(timeEnd),
      m_fullLow(fullLow),
      m_fullHigh(fullHigh),
      m_visibleLow(fullLow),
      m_visibleHigh(fullHigh) {
    if (!(area.width > 0 && area.height > 0)) {
        throw std::invalid_argument("heatmap geometry: the plot area must have a positive size");
    }
    if (m_starts.empty()) {
        throw std::invalid_argument("heatmap geometry: at least one column is needed");
    }
    if (std::adjacent_find(m_starts.begin(), m_starts.end(),
                           [](core::TimestampMs a, core::TimestampMs b) { return b <= a; }) !=
        m_starts.end()) {
        throw std::invalid_argument("heatmap geometry: column starts must strictly increase");
    }
    if (timeEnd <= m_starts.back()) {
        throw std::invalid_argument(
            "heatmap geometry: the time range must end after the last "
            "column starts");
    }
    if (!(std::isfinite(fullLow) && std::isfinite(fullHigh) && fullLow < fullHigh)) {
        throw std::invalid_argument(
            "heatmap geometry: the price range must be finite and low < high");
    }
}

core::TimestampMs HeatmapGeometry::columnEnd(std::size_t column) const {
    return column + 1 < m_starts.size() ? m_starts[column + 1] : m_timeEnd;
}

double HeatmapGeometry::xOfTime(double ms) const {
    const auto start = static_cast<double>(timeStart());
    const auto span = static_cast<double>(m_timeEnd - timeStart());
    return m_area.left + (ms - start) / span * m_area.width;
}

double HeatmapGeometry::timeAtX(double x) const {
    const auto start = static_cast<double>(timeStart());
    const auto span = static_cast<double>(m_timeEnd - timeStart());
    return start + (x - m_area.left) / m_area.width * span;
}

double HeatmapGeometry::yOfPrice(double price) const {
    return m_area.top + (m_visibleHigh - price) / (m_visibleHigh - m_visibleLow) * m_area.height;
}

double HeatmapGeometry::priceAtY(double y) const {
    return m_visibleHigh - (y - m_area.top) / m_area.height * (m_visibleHigh - m_visibleLow);
}

bool HeatmapGeometry::contains(double x, double y) const {
    return x >= m_area.left && x < m_area.left + m_area.width && y >= m_area.top &&
           y < m_area.top + m_area.height;
}

HeatmapGeometry HeatmapGeometry::withArea(PlotArea area) const {
    HeatmapGeometry copy(area, m_starts, m_timeEnd, m_fullLow, m_fullHigh);
    copy.m_visibleLow = m_visibleLow;
    copy.m_visibleHigh = m_visibleHigh;
    return copy;
}

HeatmapGeometry HeatmapGeometry::showing(double low, double high) const {
    if (!(std::isfinite(low) && std::isfinite(high))) {
        return *this;
    }
    // Width first (between the full range / kMaxZoom and the full range), then position: the
    // window slides back inside the full range rather than being cut.
    const double full = m_fullHigh - m_fullLow;
    const double width = std::clamp(high - low, full / kMaxZoom, full);
    const double centre = (low + high) / 2;
    const double newLow = std::clamp(centre - width / 2, m_fullLow, m_fullHigh - width);
    HeatmapGeometry copy = *this;
    copy.m_visibleLow = newLow;
    copy.m_visibleHigh = newLow + width;
    return copy;
}

HeatmapGeometry HeatmapGeometry::zoomedAt(double y, double factor) const {
    if (!(std::isfinite(factor) && factor > 0 && std::isfinite(y))) {
        return *this;
    }
    const double full = m_fullHigh - m_fullLow;
    const double width = std::clamp((m_visibleHigh - m_visibleLow) / factor, full / kMaxZoom, full);
    // The price under the cursor keeps its fraction of the plot height (measured from the top,
    // where the window's high end is).
    const double anchor = priceAtY(y);
    const double fraction = (y - m_area.top) / m_area.height;
    const double high = anchor + fraction * width;
    return showing(high - width, high);
}

HeatmapGeometry HeatmapGeometry::pannedBy(double dy) const {
    const double shift = dy / m_area.height * (m_visibleHigh - m_visibleLow);
    return showing(m_visibleLow + shift, m_visibleHigh + shift);
}

HeatmapGeometry HeatmapGeometry::centredOn(double price) const {
    const double half = (m_visibleHigh - m_visibleLow) / 2;
    return showing(price - half, price + half);
}

HeatmapGeometry HeatmapGeometry::reset() const { return showing(m_fullLow, m_fullHigh); }

std::optional<HeatmapCell> HeatmapGeometry::cellAt(double x, double y) const {
    if (!contains(x, y)) {
        return std::nullopt;
    }
    const double time = timeAtX(x);
    // The last start at or before `time`; x inside the area keeps time within [start, end).
    const auto after = std::upper_bound(
        m_starts.begin(), m_starts.end(), time,
        [](double t, core::TimestampMs start) { return t < static_cast<double>(start); });
    if (after == m_starts.begin()) {
        return std::nullopt;
    }
    const auto column = static_cast<std::size_t>(std::distance(m_starts.begin(), after) - 1);
    return HeatmapCell{column, priceAtY(y)};
}

}  // namespace liqmap::gui
