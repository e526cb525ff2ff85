#pragma once

#include <QImage>
#include <QPoint>
#include <QPointF>
#include <QSize>
#include <QString>
#include <QWidget>
#include <cstddef>   // std::size_t
#include <cstdint>   // std::uint64_t
#include <memory>    // std::shared_ptr, std::unique_ptr
#include <optional>  // std::optional
#include <vector>    // std::vector

#include "liqmap/gui/chart_geometry.h"
#include "liqmap/gui/chart_palette.h"
#include "liqmap/gui/map_snapshot.h"

class QKeyEvent;
class QMouseEvent;
class QPainter;
class QPaintEvent;
class QResizeEvent;
class QWheelEvent;

namespace liqmap::gui {

namespace chart {
class TextCache;
}

/// The liquidation map: estimated liquidation notional by price, long bars left of a dashed
/// current-price line and short bars right of it, each stacked by leverage tier, with cumulative
/// curves on a right-hand axis, realized liquidations marked on the price axis, and a hover
/// tooltip. Paints only from the last snapshot and its ChartGeometry.
///
/// Mouse: wheel zooms around the cursor, drag pans, double-click resets. Keys: + / − zoom around
/// the centre, 0 resets, Left / Right move a focus from cluster to cluster (bins with notional)
/// and show the same tooltip, Escape drops the focus.
class LiquidationMapWidget : public QWidget {
    Q_OBJECT

public:
    /// Magnification per wheel notch (120 units of angle delta) and per + / − key.
    static constexpr double kZoomStep = 1.25;

    explicit LiquidationMapWidget(QWidget* parent = nullptr);
    ~LiquidationMapWidget() override;

    /// Shows `snapshot` unless it carries the version, exchange and symbol already shown (then
    /// nothing happens, not even a repaint). The zoom stays when the new map is cut like the old
    /// one; for a re-cut map of the same exchange and symbol the visible price window is carried
    /// over (clamped to the new range); for another exchange or symbol, or no map, the view
    /// resets. A null pointer clears the chart.
    void setSnapshot(std::shared_ptr<const MapSnapshot> snapshot);
    const std::shared_ptr<const MapSnapshot>& snapshot() const { return m_snapshot; }

    void setChartPalette(const ChartPalette& palette);
    const ChartPalette& chartPalette() const { return m_palette; }

    /// Leaves the tiers of these leverages out of the bars and the y autoscale (View → Tiers),
    /// so the rest can be read on their own. The legend still lists them, struck out; the
    /// tooltip and the cumulative curves keep every tier: they are the map's totals.
    void setHiddenTiers(std::vector<double> leverages);
    const std::vector<double>& hiddenTiers() const { return m_hiddenTiers; }

    /// The current transforms (named so as not to hide QWidget::geometry()). Without a map it
    /// spans [0, 1].
    const ChartGeometry& chartGeometry() const { return m_geometry; }
    /// The bin the keyboard focus is on, if any.
    std::optional<std::size_t> focusedBin() const { return m_focusedBin; }
    /// The bin under the mouse, if any.
    std::optional<std::size_t> hoveredBin() const { return m_hoveredBin; }

    /// The tooltip of `bin` as plain text, one line per '\n': price range, distance from the
    /// current price, long and short notional with their per-tier split, the per-exchange split
    /// when the snapshot has several sources, and the cumulative notional between the current
    /// price and the bin. Empty without a map or for a bin out of range.
    QString tooltipText(std::size_t bin) const;
    /// What the chart says instead of a map ("Connecting to Bybit…", "Loading history… 42 %",
    /// the error text); empty when a map is shown.
    QString stateText() const;

    /// Keeps the magnification and moves the view so `price` is in the middle (as far as the
    /// map's range allows).
    void centreOn(double price);
    /// Back to the full price range.
    void resetZoom();
    /// Magnifies by `factor` around the middle of the plot.
    void zoomBy(double factor);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    /// The visible price range changed (zoom, pan, reset, a new map).
    void visibleRangeChanged(double low, double high);
    /// A paint has just finished, showing the snapshot of `version` (0 without a snapshot).
    /// For measuring event-to-repaint latency (tests/bench/gui_latency_tool.cpp).
    void painted(std::uint64_t version);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    const core::LiquidationMap* map() const;
    BinLayout binLayout() const;
    PlotArea plotAreaFor(int width, int height) const;
    /// Replaces the geometry, rescales y to the visible bins and repaints.
    void applyGeometry(const ChartGeometry& geometry);
    /// Per-bin stacked tier tops and the tier shades, computed once per snapshot.
    void precompute();
    void moveFocus(int direction);
    bool isHidden(double leverage) const;

    void paintState(QPainter& painter) const;
    /// Draws the plot's background, grid and bars into m_plotLayer (only after the snapshot,
    /// geometry, palette, tiers or size changed; hovering repaints reuse it).
    void renderPlotLayer(QImage::Format format);
    /// The grid lines across the layer.
    void paintGrid();
    /// The visible bars, stacked by tier, written into the layer.
    void paintBars();
    void paintActiveBin(QPainter& painter) const;
    void paintCurves(QPainter& painter) const;
    void paintAxes(QPainter& painter) const;
    void paintPriceLine(QPainter& painter) const;
    void paintRealized(QPainter& painter);
    /// Whether m_marksLayer shows the snapshot's realized marks as the view, plot area, palette
    /// and `ratio` place and colour them now.
    bool marksLayerShows(qreal ratio) const;
    /// Draws the realized marks into m_marksLayer, transparent around them.
    void renderMarksLayer(qreal ratio);
    void paintLegend(QPainter& painter) const;
    void paintCrosshair(QPainter& painter) const;
    void paintTooltip(QPainter& painter) const;

    std::shared_ptr<const MapSnapshot> m_snapshot;
    ChartPalette m_palette;
    ChartGeometry m_geometry;

    // Precomputed from the snapshot: m_longTops[bin * tiers + t] is the top of tier t's segment
    // in the long bar of `bin` (tiers stacked from 0 upwards), likewise for shorts.
    std::vector<double> m_longTops;
    std::vector<double> m_shortTops;
    std::vector<double> m_binPeak;  // max(long, short) per bin, for the y autoscale
    std::vector<QColor> m_longShades;
    std::vector<QColor> m_shortShades;
    std::vector<QRgb> m_longRgb;  // the shades as premultiplied pixels, for the plot layer
    std::vector<QRgb> m_shortRgb;
    QImage m_plotLayer;  // plot background, grid and bars, in device pixels
    QPoint m_plotLayerOrigin;
    bool m_plotLayerValid = false;
    // The realized marks along the price axis, drawn once into an image that each paint blends
    // over the curves, and what they were drawn from: any difference redraws them.
    struct MarksKey {
        std::vector<RealizedMark> marks;
        double visibleLow = 0;
        double visibleHigh = 0;
        double left = 0;
        double width = 0;
        double bottom = 0;
        QRgb longColour = 0;
        QRgb shortColour = 0;
        qreal ratio = 0;
    };
    QImage m_marksLayer;
    QPointF m_marksOrigin;  // where m_marksLayer goes, in widget pixels
    MarksKey m_marksKey;
    std::vector<double> m_hiddenTiers;  // leverages whose segments are not drawn
    int m_priceDecimals = 2;
    double m_cumulativeMax = 1;  // right axis scale

    // The axis, legend and tooltip texts of the last paint, laid out once (held by pointer:
    // the paint functions are const, and the cache only remembers how to draw).
    std::unique_ptr<chart::TextCache> m_texts;

    std::optional<std::size_t> m_hoveredBin;
    std::optional<std::size_t> m_focusedBin;
    std::optional<QPointF> m_mouse;     // last position inside the widget, for the crosshair
    std::optional<double> m_dragLastX;  // set while the left button drags
};

}  // namespace liqmap::gui
