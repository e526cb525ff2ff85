#pragma once

#include <cstddef>   // std::size_t
#include <optional>  // std::optional
#include <vector>    // std::vector

#include "liqmap/core/market_event.h"   // core::TimestampMs
#include "liqmap/gui/chart_geometry.h"  // PlotArea

namespace liqmap::gui {

/// A point of the heatmap: which column (moment) and which price.
struct HeatmapCell {
    std::size_t column = 0;
    double price = 0;
};

/// Everything that maps the heatmap between time/price and pixels, and how zoom and pan change
/// it: an immutable value, like ChartGeometry, replaced on every gesture.
///
/// x is time: the whole history from the first column's start (left edge) to the last column's
/// end (right edge), linear in exchange time, so a gap in the history shows as a wider column.
/// Column i covers [columnStart(i), columnStart(i + 1)); the last one ends at timeEnd(). y is
/// price, low at the bottom. Zoom and pan act on price only (the time axis always shows every
/// column), never leave the full price range and never show less than 1/kMaxZoom of it.
class HeatmapGeometry {
public:
    static constexpr double kMaxZoom = ChartGeometry::kMaxZoom;

    /// Throws std::invalid_argument for a plot area without positive width and height, no
    /// columns, column starts that do not strictly increase, `timeEnd` not after the last start,
    /// or a price range that is not finite with fullLow < fullHigh.
    HeatmapGeometry(PlotArea area, std::vector<core::TimestampMs> columnStarts,
                    core::TimestampMs timeEnd, double fullLow, double fullHigh);

    const PlotArea& area() const { return m_area; }
    std::size_t columnCount() const { return m_starts.size(); }
    core::TimestampMs columnStart(std::size_t column) const { return m_starts[column]; }
    /// The next column's start, or timeEnd() for the last column.
    core::TimestampMs columnEnd(std::size_t column) const;
    core::TimestampMs timeStart() const { return m_starts.front(); }
    core::TimestampMs timeEnd() const { return m_timeEnd; }
    double fullLow() const { return m_fullLow; }
    double fullHigh() const { return m_fullHigh; }
    double visibleLow() const { return m_visibleLow; }
    double visibleHigh() const { return m_visibleHigh; }
    /// How many times the full price range is magnified (1 when reset).
    double zoom() const { return (m_fullHigh - m_fullLow) / (m_visibleHigh - m_visibleLow); }

    double xOfTime(double ms) const;
    double timeAtX(double x) const;
    double yOfPrice(double price) const;
    double priceAtY(double y) const;
    bool contains(double x, double y) const;

    /// The same view in another plot area (the widget was resized).
    HeatmapGeometry withArea(PlotArea area) const;
    /// Shows [low, high] as far as the limits allow: the width is clamped first, then the window
    /// slides back inside the full range.
    HeatmapGeometry showing(double low, double high) const;
    /// Magnifies by `factor` (> 1 in, < 1 out) keeping the price under `y` where it is, as far
    /// as the limits allow. A factor that is not positive and finite changes nothing.
    HeatmapGeometry zoomedAt(double y, double factor) const;
    /// Moves the content `dy` pixels down (a drag downwards shows higher prices), stopping at
    /// the full range's ends.
    HeatmapGeometry pannedBy(double dy) const;
    /// The same magnification centred on `price`, shifted back inside the full range if needed.
    HeatmapGeometry centredOn(double price) const;
    /// The full price range again.
    HeatmapGeometry reset() const;

    /// The column and price under (x, y), if the point is inside the plot area.
    std::optional<HeatmapCell> cellAt(double x, double y) const;

private:
    PlotArea m_area;
    std::vector<core::TimestampMs> m_starts;
    core::TimestampMs m_timeEnd;
    double m_fullLow;
    double m_fullHigh;
    double m_visibleLow;
    double m_visibleHigh;
};

}  // namespace liqmap::gui
