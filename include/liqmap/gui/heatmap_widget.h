#pragma once

#include <QImage>
#include <QPointF>
#include <QSize>
#include <QString>
#include <QWidget>
#include <cstddef>   // std::size_t
#include <memory>    // std::shared_ptr
#include <optional>  // std::optional
#include <vector>    // std::vector

#include "liqmap/core/combined_map.h"
#include "liqmap/core/heatmap.h"
#include "liqmap/gui/chart_palette.h"
#include "liqmap/gui/heatmap_colour_scale.h"
#include "liqmap/gui/heatmap_geometry.h"
#include "liqmap/gui/map_snapshot.h"

class QKeyEvent;
class QMouseEvent;
class QPainter;
class QPaintEvent;
class QResizeEvent;
class QWheelEvent;

namespace liqmap::gui {

/// The liquidation heatmap: time to the right, price upwards, each cell coloured by the
/// estimated long + short liquidation notional in that price bin at that time (a perceptual
/// scale from HeatmapColourScale, autoscaled to the largest cell in view), with the price of
/// each moment drawn over it and the live price as a dashed line. The snapshot's heatmap columns
/// come first; the live map (snapshot->map) is drawn as one more column at the right, so the
/// picture moves between appends. Column index i < heatmap->size() is the heatmap's column i;
/// index heatmap->size() is the live column.
///
/// Mouse: wheel zooms price around the cursor, vertical drag pans, double-click resets. Keys:
/// + / − zoom around the middle, 0 resets.
class HeatmapWidget : public QWidget {
    Q_OBJECT

public:
    /// Magnification per wheel notch (120 units of angle delta) and per + / − key.
    static constexpr double kZoomStep = 1.25;

    explicit HeatmapWidget(QWidget* parent = nullptr);
    ~HeatmapWidget() override;

    /// Shows `snapshot` unless it carries the version, exchange and symbol already shown (then
    /// nothing happens, not even a repaint). For the same exchange and symbol the visible price
    /// window is kept (clamped to the new range) when zoomed in; for another exchange or symbol
    /// the view resets. A null pointer clears the chart.
    void setSnapshot(std::shared_ptr<const MapSnapshot> snapshot);
    const std::shared_ptr<const MapSnapshot>& snapshot() const { return m_snapshot; }

    /// Background, axes, text and price-line colours; the cells take theirs from the scale.
    void setChartPalette(const ChartPalette& palette);
    const ChartPalette& chartPalette() const { return m_palette; }
    const HeatmapColourScale& colourScale() const { return m_scale; }

    /// The current transforms. Without columns it spans one column over [0, 1) ms and prices
    /// [0, 1].
    const HeatmapGeometry& heatmapGeometry() const { return m_geometry; }
    /// The notional at the top of the colour scale: the largest cell in the visible price window
    /// (0 without data).
    double scaleMax() const { return m_scaleMax; }
    /// Whether a column is drawn from the live map (the rightmost one).
    bool hasLiveColumn() const { return m_hasLive; }
    /// Columns left blank because their data is unusable (a price range that is not finite with
    /// low < high, no bins, or long and short of different lengths).
    std::size_t skippedColumns() const { return m_skippedColumns; }
    /// The point under the mouse, if it is over the plot.
    std::optional<HeatmapCell> hoveredCell() const { return m_hovered; }

    /// The tooltip of the cell of `column` holding `price`, as plain text, one line per '\n':
    /// the column's time (UTC), the bin's price range, long and short notional, and the price of
    /// that moment with the bin's distance from it in %. Empty for a column out of range or a
    /// price outside that column's map.
    QString tooltipText(std::size_t column, double price) const;
    /// What the chart says instead of a heatmap ("Connecting to Bybit…", "No history yet", the
    /// error text); empty when a heatmap is shown.
    QString stateText() const;

    /// Keeps the magnification and moves the view so `price` is in the middle (as far as the
    /// range allows).
    void centreOn(double price);
    /// Back to the full price range.
    void resetZoom();
    /// Magnifies by `factor` around the middle of the plot.
    void zoomBy(double factor);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    /// The visible price range changed (zoom, pan, reset, new data).
    void visibleRangeChanged(double low, double high);

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
    /// One drawable column: a heatmap column or the live map, with long + short per bin.
    struct Column {
        core::TimestampMs ts = 0;
        double priceLow = 0;
        double priceHigh = 0;
        double currentPrice = 0;
        const core::HeatmapColumn* history = nullptr;  ///< null for the live column
        std::vector<float> totals;                     ///< long + short per bin
        bool valid = false;  ///< a finite range with low < high and at least one bin

        double binWidth() const {
            return (priceHigh - priceLow) / static_cast<double>(totals.size());
        }
    };

    /// The image of the cells and what it was drawn for.
    struct CellImage {
        std::shared_ptr<const core::Heatmap> heatmap;
        std::shared_ptr<const core::CombinedMap> live;
        double low = 0;
        double high = 0;
        double scaleMax = 0;
        int columns = 0;
        int rows = 0;
        QImage image;
    };

    const core::LiquidationMap* liveMap() const;
    bool hasData() const { return m_drawable; }
    PlotArea plotAreaFor(int width, int height) const;
    /// Rebuilds m_columns from the snapshot (the history part only when the heatmap changed).
    void rebuildColumns();
    /// The geometry that fits the columns, or the placeholder when there are none.
    HeatmapGeometry freshGeometry() const;
    /// Replaces the geometry, rescales the colours to the visible window and repaints.
    void applyGeometry(const HeatmapGeometry& geometry);
    /// The bin of `column` holding `price`, if any.
    std::optional<std::size_t> binOf(const Column& column, double price) const;
    double longAt(std::size_t column, std::size_t bin) const;
    double shortAt(std::size_t column, std::size_t bin) const;
    /// Draws the cells into m_cells.image unless it is already up to date; when only the live
    /// map changed, only its column.
    void updateCellImage();
    /// Resamples columns [from, to) onto the rows of `image` (already cleared there).
    void drawColumns(QImage& image, std::size_t from, std::size_t to) const;

    void paintState(QPainter& painter) const;
    void paintCells(QPainter& painter);
    void paintHighlight(QPainter& painter) const;
    void paintPriceLines(QPainter& painter) const;
    void paintAxes(QPainter& painter) const;
    void paintTimeAxis(QPainter& painter) const;
    void paintLegend(QPainter& painter) const;
    void paintCrosshair(QPainter& painter) const;
    void paintTooltip(QPainter& painter) const;

    std::shared_ptr<const MapSnapshot> m_snapshot;
    ChartPalette m_palette;
    HeatmapColourScale m_scale;
    HeatmapGeometry m_geometry;

    std::vector<Column> m_columns;  // history first, then the live column if any
    std::shared_ptr<const core::Heatmap> m_columnsFrom;  // whose history m_columns holds
    std::size_t m_historyCount = 0;
    std::size_t m_skippedColumns = 0;
    core::TimestampMs m_intervalMs = core::kMinuteMs;  // the width of one column
    bool m_hasLive = false;
    bool m_drawable = false;  // at least one valid history column
    double m_scaleMax = 0;
    int m_priceDecimals = 2;
    double m_axisWidth = 60;  // the price labels on the right
    CellImage m_cells;

    std::optional<HeatmapCell> m_hovered;
    std::optional<QPointF> m_mouse;     // last position inside the widget, for the crosshair
    std::optional<double> m_dragLastY;  // set while the left button drags
};

}  // namespace liqmap::gui
