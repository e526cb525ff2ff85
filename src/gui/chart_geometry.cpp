#include "liqmap/gui/chart_geometry.h"

#include <algorithm>  // std::clamp, std::max, std::min
#include <cmath>      // std::isfinite, std::floor, std::ceil
#include <stdexcept>  // std::invalid_argument

namespace liqmap::gui {

ChartGeometry::ChartGeometry(PlotArea area, double fullLow, double fullHigh)
    : m_area(area),
      m_fullLow(fullLow),
      m_fullHigh(fullHigh),
      m_visibleLow(fullLow),
      m_visibleHigh(fullHigh) {
    if (!(area.width > 0 && area.height > 0)) {
        throw std::invalid_argument("chart geometry: the plot area must have a positive size");
    }
    if (!(std::isfinite(fullLow) && std::isfinite(fullHigh) && fullLow < fullHigh)) {
        throw std::invalid_argument(
            "chart geometry: the price range must be finite and low < high");
    }
}

double ChartGeometry::priceAtX(double x) const {
    return m_visibleLow + (x - m_area.left) / m_area.width * (m_visibleHigh - m_visibleLow);
}

double ChartGeometry::notionalAtY(double y) const {
    return (m_area.top + m_area.height - y) / m_area.height * m_notionalMax;
}

bool ChartGeometry::contains(double x, double y) const {
    return x >= m_area.left && x < m_area.left + m_area.width && y >= m_area.top &&
           y < m_area.top + m_area.height;
}

ChartGeometry ChartGeometry::withNotionalMax(double notional) const {
    ChartGeometry copy = *this;
    copy.m_notionalMax = std::isfinite(notional) && notional > 0 ? notional : 1;
    return copy;
}

ChartGeometry ChartGeometry::withArea(PlotArea area) const {
    ChartGeometry copy(area, m_fullLow, m_fullHigh);
    copy.m_visibleLow = m_visibleLow;
    copy.m_visibleHigh = m_visibleHigh;
    copy.m_notionalMax = m_notionalMax;
    return copy;
}

ChartGeometry ChartGeometry::withVisible(double low, double high) const {
    // Width first (between the full range / kMaxZoom and the full range), then position: the
    // window slides back inside the full range rather than being cut.
    const double full = m_fullHigh - m_fullLow;
    const double width = std::clamp(high - low, full / kMaxZoom, full);
    const double centre = (low + high) / 2;
    const double newLow = std::clamp(centre - width / 2, m_fullLow, m_fullHigh - width);
    ChartGeometry copy = *this;
    copy.m_visibleLow = newLow;
    copy.m_visibleHigh = newLow + width;
    return copy;
}

ChartGeometry ChartGeometry::zoomedAt(double x, double factor) const {
    if (!(std::isfinite(factor) && factor > 0)) {
        return *this;
    }
    const double full = m_fullHigh - m_fullLow;
    const double width = std::clamp((m_visibleHigh - m_visibleLow) / factor, full / kMaxZoom, full);
    // The price under the cursor keeps its fraction of the plot width.
    const double anchor = priceAtX(x);
    const double fraction = (x - m_area.left) / m_area.width;
    const double low = anchor - fraction * width;
    return withVisible(low, low + width);
}

ChartGeometry ChartGeometry::pannedBy(double dx) const {
    const double shift = dx / m_area.width * (m_visibleHigh - m_visibleLow);
    return withVisible(m_visibleLow - shift, m_visibleHigh - shift);
}

ChartGeometry ChartGeometry::centredOn(double price) const {
    const double half = (m_visibleHigh - m_visibleLow) / 2;
    return withVisible(price - half, price + half);
}

ChartGeometry ChartGeometry::reset() const { return withVisible(m_fullLow, m_fullHigh); }

std::optional<std::size_t> ChartGeometry::binAtX(double x, const BinLayout& bins) const {
    if (bins.count == 0 || !(bins.binWidth > 0) || x < m_area.left ||
        x >= m_area.left + m_area.width) {
        return std::nullopt;
    }
    const double position = std::floor((priceAtX(x) - bins.priceLow) / bins.binWidth);
    if (!(position >= 0 && position < static_cast<double>(bins.count))) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(position);
}

std::pair<std::size_t, std::size_t> ChartGeometry::visibleBins(const BinLayout& bins) const {
    if (bins.count == 0 || !(bins.binWidth > 0)) {
        return {0, 0};
    }
    const double count = static_cast<double>(bins.count);
    const double first =
        std::clamp(std::floor((m_visibleLow - bins.priceLow) / bins.binWidth), 0.0, count);
    const double last =
        std::clamp(std::ceil((m_visibleHigh - bins.priceLow) / bins.binWidth), 0.0, count);
    if (last <= first) {
        return {0, 0};
    }
    return {static_cast<std::size_t>(first), static_cast<std::size_t>(last)};
}

}  // namespace liqmap::gui
