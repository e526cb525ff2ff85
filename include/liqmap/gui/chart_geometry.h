#pragma once

#include <cstddef>   // std::size_t
#include <optional>  // std::optional
#include <utility>   // std::pair

namespace liqmap::gui {

/// The plot area of a chart in widget pixels (inside the axes). y grows downwards, as in Qt.
struct PlotArea {
    double left = 0;
    double top = 0;
    double width = 1;
    double height = 1;
};

/// Where a map's bins lie in price: bin i covers [priceLow + i · binWidth, priceLow + (i + 1) ·
/// binWidth).
struct BinLayout {
    double priceLow = 0;
    double binWidth = 1;
    std::size_t count = 0;
};

/// Everything that maps a liquidation chart between price/notional and pixels, and how zoom and
/// pan change it: an immutable value, so the widget keeps one, replaces it on every gesture, and
/// paints from a copy. Zoom and pan never leave the full price range (the map's), and never show
/// less than 1/kMaxZoom of it. Notional runs from 0 at the bottom of the plot to notionalMax()
/// at its top.
class ChartGeometry {
public:
    static constexpr double kMaxZoom = 1000;

    /// Throws std::invalid_argument for a plot area without positive width and height, or a
    /// full range that is not finite with fullLow < fullHigh.
    ChartGeometry(PlotArea area, double fullLow, double fullHigh);

    const PlotArea& area() const { return m_area; }
    double fullLow() const { return m_fullLow; }
    double fullHigh() const { return m_fullHigh; }
    double visibleLow() const { return m_visibleLow; }
    double visibleHigh() const { return m_visibleHigh; }
    double notionalMax() const { return m_notionalMax; }
    /// How many times the full range is magnified (1 when reset).
    double zoom() const { return (m_fullHigh - m_fullLow) / (m_visibleHigh - m_visibleLow); }

    // Inline: the map's paint calls these for every bin and bar segment.
    double xOfPrice(double price) const {
        return m_area.left + (price - m_visibleLow) / (m_visibleHigh - m_visibleLow) * m_area.width;
    }
    double priceAtX(double x) const;
    double yOfNotional(double notional) const {
        return m_area.top + m_area.height - notional / m_notionalMax * m_area.height;
    }
    double notionalAtY(double y) const;
    bool contains(double x, double y) const;

    /// The same view scaled so that `notional` reaches the top (y autoscale); a value that is
    /// not positive and finite gives a scale of 1.
    ChartGeometry withNotionalMax(double notional) const;
    /// The same view in another plot area (the widget was resized).
    ChartGeometry withArea(PlotArea area) const;
    /// Magnifies by `factor` (> 1 in, < 1 out) keeping the price under `x` where it is, as far
    /// as the limits allow. A factor that is not positive and finite changes nothing.
    ChartGeometry zoomedAt(double x, double factor) const;
    /// Moves the content `dx` pixels to the right (a drag), stopping at the full range's ends.
    ChartGeometry pannedBy(double dx) const;
    /// The same magnification centred on `price`, shifted back inside the full range if needed.
    ChartGeometry centredOn(double price) const;
    /// The full range again, notional scale kept.
    ChartGeometry reset() const;

    /// The bin under `x`, if `x` is inside the plot area and over a bin.
    std::optional<std::size_t> binAtX(double x, const BinLayout& bins) const;
    /// The bins that overlap the visible range, as [first, last); empty when none.
    std::pair<std::size_t, std::size_t> visibleBins(const BinLayout& bins) const;

private:
    ChartGeometry withVisible(double low, double high) const;

    PlotArea m_area;
    double m_fullLow;
    double m_fullHigh;
    double m_visibleLow;
    double m_visibleHigh;
    double m_notionalMax = 1;
};

}  // namespace liqmap::gui
