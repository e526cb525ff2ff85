#include "liqmap/gui/heatmap_widget.h"

#include <QDateTime>
#include <QFontMetricsF>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPen>
#include <QPolygonF>
#include <QStringList>
#include <QWheelEvent>
#include <algorithm>  // std::max, std::min, std::clamp
#include <array>      // std::array
#include <cmath>      // std::ceil, std::floor, std::log10, std::pow, std::round, std::isfinite
#include <limits>     // std::numeric_limits
#include <utility>    // std::move

#include "chart_drawing.h"
#include "liqmap/core/liquidation_map.h"

namespace liqmap::gui {

namespace {

constexpr double kLegendBarHeight = 10;
constexpr double kLegendBarMaxWidth = 220;
constexpr double kLegendBarMinWidth = 60;
constexpr double kPriceTickSpacing = 42;  // roughly, in pixels
constexpr double kTimeLabelGap = 16;
constexpr double kLabelGap = 6;
constexpr double kMinPlotWidth = 40;
constexpr double kMinPlotHeight = 30;
constexpr double kSideMargin = 8;
constexpr core::TimestampMs kDayMs = 24 * core::kHourMs;

// Column widths the time axis may step by: whole minutes, hours and days, so ticks land on
// times people read.
constexpr std::array<core::TimestampMs, 16> kTimeSteps{
    core::kMinuteMs,      2 * core::kMinuteMs,  5 * core::kMinuteMs, 10 * core::kMinuteMs,
    15 * core::kMinuteMs, 30 * core::kMinuteMs, core::kHourMs,       2 * core::kHourMs,
    3 * core::kHourMs,    6 * core::kHourMs,    12 * core::kHourMs,  kDayMs,
    2 * kDayMs,           7 * kDayMs,           14 * kDayMs,         28 * kDayMs};

using chart::badgeText;
using chart::compact;
using chart::decimalsForBinWidth;
using chart::decimalsForStep;
using chart::fromStd;
using chart::kEllipsis;
using chart::kEnDash;
using chart::kMinus;
using chart::niceStep;
using chart::percentText;
using chart::priceText;

QDateTime utc(core::TimestampMs ms) { return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC); }

QString dateTimeText(core::TimestampMs ms) {
    return utc(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

/// Whether [start, end) covers more than one UTC calendar day.
bool spansDays(core::TimestampMs start, core::TimestampMs end) {
    auto day = [](core::TimestampMs ms) { return ms >= 0 ? ms / kDayMs : (ms + 1) / kDayMs - 1; };
    return day(start) != day(end - 1);
}

/// A time-axis label: the date at midnight when the axis spans days, the time of day otherwise.
QString timeTickText(core::TimestampMs ms, bool withDates) {
    if (withDates && ms % kDayMs == 0) {
        return utc(ms).toString(QStringLiteral("MMM d"));
    }
    return utc(ms).toString(QStringLiteral("HH:mm"));
}

/// long + short per bin, with anything negative or not finite counted as nothing (the colour
/// scale cannot show it, and one NaN must not blank the scale).
float cellValue(double longNotional, double shortNotional) {
    const double sum = longNotional + shortNotional;
    return std::isfinite(sum) && sum > 0 ? static_cast<float>(sum) : 0.0F;
}

/// A light line with a dark outline, readable on every colour of the scale: drawn as shifted
/// copies of a one-pixel antialiased line (dark ones 1.2 px off in four directions, then light
/// ones). Qt draws those on a fast path; a 3.8 px antialiased stroke of a 700-point line costs
/// it ~20 times as much (1.6 ms against 0.08 ms per copy, measured at 1920 × 1080).
void drawOutlined(QPainter& painter, const QPolygonF& line) {
    QPen pen(QColor(0, 0, 0, 150), 1);
    pen.setCosmetic(true);
    painter.setPen(pen);
    for (const QPointF offset :
         {QPointF(-1.2, 0), QPointF(1.2, 0), QPointF(0, -1.2), QPointF(0, 1.2)}) {
        painter.drawPolyline(line.translated(offset));
    }
    pen.setColor(QColor(255, 255, 255));
    painter.setPen(pen);
    for (const QPointF offset : {QPointF(0, -0.4), QPointF(0, 0.4), QPointF(0.4, 0)}) {
        painter.drawPolyline(line.translated(offset));
    }
}

}  // namespace

HeatmapWidget::HeatmapWidget(QWidget* parent)
    : QWidget(parent), m_palette(ChartPalette::make()), m_geometry(PlotArea{}, {0}, 1, 0, 1) {
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_geometry = m_geometry.withArea(plotAreaFor(width(), height()));
}

HeatmapWidget::~HeatmapWidget() = default;

QSize HeatmapWidget::sizeHint() const { return {800, 400}; }

QSize HeatmapWidget::minimumSizeHint() const { return {240, 160}; }

const core::LiquidationMap* HeatmapWidget::liveMap() const {
    return m_snapshot && m_snapshot->map ? &m_snapshot->map->total() : nullptr;
}

PlotArea HeatmapWidget::plotAreaFor(int width, int height) const {
    const QFontMetricsF metrics(font());
    // Legend: the colour bar, its labels under it, a gap.
    const double top = std::ceil(4 + kLegendBarHeight + 3 + metrics.height() + 6);
    const double bottom = std::ceil(metrics.height() + 10);
    // Whole pixels, so one image row is one plot row.
    PlotArea area;
    area.left = kSideMargin;
    area.top = top;
    area.width = std::max(kMinPlotWidth, std::floor(width - kSideMargin - m_axisWidth));
    area.height = std::max(kMinPlotHeight, std::floor(height - top - bottom));
    return area;
}

void HeatmapWidget::setChartPalette(const ChartPalette& palette) {
    m_palette = palette;
    update();
}

void HeatmapWidget::setSnapshot(std::shared_ptr<const MapSnapshot> snapshot) {
    // The version alone could repeat when a new engine starts counting for another market, so
    // the market must match too.
    if (snapshot == m_snapshot ||
        (snapshot && m_snapshot && snapshot->version == m_snapshot->version &&
         snapshot->exchange == m_snapshot->exchange && snapshot->symbol == m_snapshot->symbol)) {
        return;
    }
    const std::shared_ptr<const MapSnapshot> previous = std::move(m_snapshot);
    m_snapshot = std::move(snapshot);
    const bool sameSource = previous && m_snapshot && previous->exchange == m_snapshot->exchange &&
                            previous->symbol == m_snapshot->symbol;
    const bool wasZoomed = m_drawable && m_geometry.zoom() > 1;
    const double oldLow = m_geometry.visibleLow();
    const double oldHigh = m_geometry.visibleHigh();

    rebuildColumns();
    if (!sameSource) {
        m_cells = {};  // let go of the other market's data
        m_hovered.reset();
    }
    HeatmapGeometry next = freshGeometry();
    if (sameSource && wasZoomed && m_drawable) {
        // The same market with a wider or shifted history: keep looking at the same prices.
        next = next.showing(oldLow, oldHigh);
    }
    applyGeometry(next);
}

void HeatmapWidget::rebuildColumns() {
    const std::shared_ptr<const core::Heatmap> heatmap = m_snapshot ? m_snapshot->heatmap : nullptr;
    if (heatmap != m_columnsFrom || !heatmap) {
        // A new heatmap (a column was added): read its history once; between appends only the
        // live column changes.
        m_columns.clear();
        m_skippedColumns = 0;
        m_intervalMs = core::kMinuteMs;
        const std::size_t count = heatmap ? heatmap->size() : 0;
        m_columns.reserve(count + 1);
        core::TimestampMs smallestStep = std::numeric_limits<core::TimestampMs>::max();
        for (std::size_t i = 0; i < count; ++i) {
            const core::HeatmapColumn& source = heatmap->column(i);
            Column column;
            column.ts = source.ts;
            column.priceLow = source.priceLow;
            column.priceHigh = source.priceHigh;
            column.currentPrice = source.currentPrice;
            column.history = &source;
            column.valid = std::isfinite(source.priceLow) && std::isfinite(source.priceHigh) &&
                           source.priceLow < source.priceHigh && !source.longNotional.empty() &&
                           source.longNotional.size() == source.shortNotional.size();
            if (column.valid) {
                column.totals.reserve(source.longNotional.size());
                for (std::size_t bin = 0; bin < source.longNotional.size(); ++bin) {
                    column.totals.push_back(
                        cellValue(source.longNotional[bin], source.shortNotional[bin]));
                }
            } else {
                ++m_skippedColumns;
            }
            if (!m_columns.empty() && column.ts > m_columns.back().ts) {
                smallestStep = std::min(smallestStep, column.ts - m_columns.back().ts);
            }
            m_columns.push_back(std::move(column));
        }
        // The snapshot does not say how wide a column is; the smallest step between columns is
        // it (a larger step is a gap in the history). One column alone gets the engine's
        // smallest width, a minute.
        if (smallestStep != std::numeric_limits<core::TimestampMs>::max()) {
            m_intervalMs = smallestStep;
        }
        m_historyCount = m_columns.size();
        m_columnsFrom = heatmap;
    } else {
        m_columns.resize(m_historyCount);  // drops the previous live column
    }

    m_drawable = std::any_of(m_columns.begin(), m_columns.end(),
                             [](const Column& column) { return column.valid; });
    m_hasLive = false;
    const core::LiquidationMap* live = liveMap();
    if (live != nullptr && m_drawable) {
        Column column;
        column.ts = m_columns.back().ts + m_intervalMs;
        column.priceLow = live->priceLow();
        column.priceHigh = live->priceHigh();
        column.currentPrice = live->currentPrice();
        column.valid = live->binCount() > 0 && std::isfinite(live->priceLow()) &&
                       std::isfinite(live->priceHigh()) && live->priceLow() < live->priceHigh();
        if (column.valid) {
            column.totals.reserve(live->binCount());
            for (std::size_t bin = 0; bin < live->binCount(); ++bin) {
                column.totals.push_back(
                    cellValue(live->longNotional(bin), live->shortNotional(bin)));
            }
            m_columns.push_back(std::move(column));
            m_hasLive = true;
        }
    }

    // Price labels: decimals from the newest column's bins, axis as wide as the widest label.
    m_priceDecimals = 2;
    double widestPrice = 0;
    for (auto it = m_columns.rbegin(); it != m_columns.rend(); ++it) {
        if (it->valid) {
            m_priceDecimals = decimalsForBinWidth(it->binWidth());
            break;
        }
    }
    for (const Column& column : m_columns) {
        if (column.valid) {
            widestPrice =
                std::max({widestPrice, std::abs(column.priceLow), std::abs(column.priceHigh)});
        }
    }
    const QFontMetricsF metrics(font());
    m_axisWidth = std::max(metrics.horizontalAdvance(priceText(widestPrice, m_priceDecimals)),
                           metrics.horizontalAdvance(QStringLiteral("88:88"))) +
                  2 * kLabelGap + 4;
}

HeatmapGeometry HeatmapWidget::freshGeometry() const {
    const PlotArea area = plotAreaFor(width(), height());
    if (!m_drawable) {
        return {area, {0}, 1, 0, 1};
    }
    std::vector<core::TimestampMs> starts;
    starts.reserve(m_columns.size());
    double low = std::numeric_limits<double>::infinity();
    double high = -std::numeric_limits<double>::infinity();
    for (const Column& column : m_columns) {
        starts.push_back(column.ts);
        if (column.valid) {
            low = std::min(low, column.priceLow);
            high = std::max(high, column.priceHigh);
        }
    }
    return {area, std::move(starts), m_columns.back().ts + m_intervalMs, low, high};
}

void HeatmapWidget::applyGeometry(const HeatmapGeometry& geometry) {
    const double oldLow = m_geometry.visibleLow();
    const double oldHigh = m_geometry.visibleHigh();
    m_geometry = geometry;

    // The colour scale tops out at the largest cell in view (autoscale, like the map's y).
    m_scaleMax = 0;
    const double low = m_geometry.visibleLow();
    const double high = m_geometry.visibleHigh();
    for (const Column& column : m_columns) {
        if (!column.valid || column.priceHigh <= low || column.priceLow >= high) {
            continue;
        }
        const double width = column.binWidth();
        const auto count = static_cast<double>(column.totals.size());
        const double first = std::clamp(std::floor((low - column.priceLow) / width), 0.0, count);
        const double last = std::clamp(std::ceil((high - column.priceLow) / width), 0.0, count);
        for (auto bin = static_cast<std::size_t>(first); bin < static_cast<std::size_t>(last);
             ++bin) {
            m_scaleMax = std::max(m_scaleMax, static_cast<double>(column.totals[bin]));
        }
    }

    if (m_mouse && m_drawable) {
        m_hovered = m_geometry.cellAt(m_mouse->x(), m_mouse->y());
    } else {
        m_hovered.reset();
    }
    if (m_geometry.visibleLow() != oldLow || m_geometry.visibleHigh() != oldHigh) {
        Q_EMIT visibleRangeChanged(m_geometry.visibleLow(), m_geometry.visibleHigh());
    }
    update();
}

void HeatmapWidget::centreOn(double price) { applyGeometry(m_geometry.centredOn(price)); }

void HeatmapWidget::resetZoom() { applyGeometry(m_geometry.reset()); }

void HeatmapWidget::zoomBy(double factor) {
    const PlotArea& area = m_geometry.area();
    applyGeometry(m_geometry.zoomedAt(area.top + area.height / 2, factor));
}

std::optional<std::size_t> HeatmapWidget::binOf(const Column& column, double price) const {
    if (!column.valid || !(price >= column.priceLow && price <= column.priceHigh)) {
        return std::nullopt;
    }
    const auto position =
        static_cast<std::size_t>(std::floor((price - column.priceLow) / column.binWidth()));
    return std::min(position, column.totals.size() - 1);
}

double HeatmapWidget::longAt(std::size_t column, std::size_t bin) const {
    const Column& c = m_columns[column];
    return c.history != nullptr ? c.history->longNotional[bin] : liveMap()->longNotional(bin);
}

double HeatmapWidget::shortAt(std::size_t column, std::size_t bin) const {
    const Column& c = m_columns[column];
    return c.history != nullptr ? c.history->shortNotional[bin] : liveMap()->shortNotional(bin);
}

QString HeatmapWidget::stateText() const {
    if (m_drawable) {
        return {};
    }
    if (!m_snapshot) {
        return QStringLiteral("Waiting for data") + kEllipsis;
    }
    const QString message = fromStd(m_snapshot->message);
    if (liveMap() != nullptr) {
        // A map but no history yet: say so, or how far the history has come.
        return m_snapshot->state == FeedState::LoadingHistory ? badgeText(*m_snapshot)
                                                              : QStringLiteral("No history yet");
    }
    switch (m_snapshot->state) {
        case FeedState::Connecting:
            if (!message.isEmpty()) {
                return message;
            }
            return m_snapshot->exchange.empty() ? QStringLiteral("Connecting") + kEllipsis
                                                : QStringLiteral("Connecting to ") +
                                                      fromStd(m_snapshot->exchange) + kEllipsis;
        case FeedState::LoadingHistory:
            return badgeText(*m_snapshot);
        case FeedState::Error:
            return message.isEmpty() ? QStringLiteral("Error") : message;
        case FeedState::Live:
        case FeedState::Stale:
            return message.isEmpty() ? QStringLiteral("No history yet") : message;
    }
    return message;
}

QString HeatmapWidget::tooltipText(std::size_t column, double price) const {
    if (!m_drawable || column >= m_columns.size()) {
        return {};
    }
    const Column& c = m_columns[column];
    const std::optional<std::size_t> bin = binOf(c, price);
    if (!bin) {
        return {};
    }
    const double width = c.binWidth();
    const double low = c.priceLow + static_cast<double>(*bin) * width;
    const double high = *bin + 1 == c.totals.size()
                            ? c.priceHigh
                            : c.priceLow + static_cast<double>(*bin + 1) * width;
    const int decimals = decimalsForBinWidth(width);

    QStringList lines;
    QString time = dateTimeText(c.ts) + QStringLiteral(" UTC");
    if (c.history == nullptr) {
        time += QStringLiteral(" (live)");
    }
    lines << time;
    lines << QStringLiteral("Price ") + priceText(low, decimals) + QLatin1Char(' ') + kEnDash +
                 QLatin1Char(' ') + priceText(high, decimals);
    lines << QStringLiteral("Long ") + compact(longAt(column, *bin));
    lines << QStringLiteral("Short ") + compact(shortAt(column, *bin));
    if (std::isfinite(c.currentPrice) && c.currentPrice > 0) {
        const double centre = (low + high) / 2;
        lines << QStringLiteral("Distance ") +
                     percentText((centre - c.currentPrice) / c.currentPrice * 100) +
                     QStringLiteral(" from ") + priceText(c.currentPrice, decimals);
    }
    return lines.join(QLatin1Char('\n'));
}

// ---- input ---------------------------------------------------------------------------------

void HeatmapWidget::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    applyGeometry(m_geometry.withArea(plotAreaFor(width(), height())));
}

void HeatmapWidget::mouseMoveEvent(QMouseEvent* event) {
    const QPointF position = event->position();
    if (m_dragLastY && (event->buttons() & Qt::LeftButton) != 0) {
        const double dy = position.y() - *m_dragLastY;
        m_dragLastY = position.y();
        m_mouse = position;
        applyGeometry(m_geometry.pannedBy(dy));
        return;
    }
    m_mouse = position;
    m_hovered = m_drawable ? m_geometry.cellAt(position.x(), position.y()) : std::nullopt;
    update();
}

void HeatmapWidget::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && m_drawable) {
        m_dragLastY = event->position().y();
        setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QWidget::mousePressEvent(event);
}

void HeatmapWidget::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && m_dragLastY) {
        m_dragLastY.reset();
        unsetCursor();
        event->accept();
        return;
    }
    QWidget::mouseReleaseEvent(event);
}

void HeatmapWidget::mouseDoubleClickEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        resetZoom();
        event->accept();
        return;
    }
    QWidget::mouseDoubleClickEvent(event);
}

void HeatmapWidget::wheelEvent(QWheelEvent* event) {
    const int delta = event->angleDelta().y();
    if (!m_drawable || delta == 0) {
        event->ignore();
        return;
    }
    const double factor = std::pow(kZoomStep, delta / 120.0);
    applyGeometry(m_geometry.zoomedAt(event->position().y(), factor));
    event->accept();
}

void HeatmapWidget::keyPressEvent(QKeyEvent* event) {
    switch (event->key()) {
        case Qt::Key_0:
            resetZoom();
            break;
        case Qt::Key_Plus:
        case Qt::Key_Equal:
            zoomBy(kZoomStep);
            break;
        case Qt::Key_Minus:
        case Qt::Key_Underscore:
            zoomBy(1 / kZoomStep);
            break;
        default:
            QWidget::keyPressEvent(event);
            return;
    }
    event->accept();
}

void HeatmapWidget::leaveEvent(QEvent* event) {
    QWidget::leaveEvent(event);
    m_mouse.reset();
    m_hovered.reset();
    update();
}

// ---- painting ------------------------------------------------------------------------------

void HeatmapWidget::paintEvent(QPaintEvent* /*event*/) {
    QPainter painter(this);
    painter.fillRect(rect(), m_palette.background);
    if (!m_drawable) {
        paintState(painter);
        return;
    }
    const PlotArea& area = m_geometry.area();
    painter.fillRect(QRectF(area.left, area.top, area.width, area.height),
                     m_palette.plotBackground);
    paintCells(painter);
    paintHighlight(painter);
    paintPriceLines(painter);
    paintAxes(painter);
    paintTimeAxis(painter);
    paintLegend(painter);
    paintCrosshair(painter);
    paintTooltip(painter);
}

void HeatmapWidget::paintState(QPainter& painter) const {
    chart::paintStateMessage(painter, QRectF(rect()), font(), m_palette, m_snapshot.get(),
                             stateText());
}

void HeatmapWidget::updateCellImage() {
    const PlotArea& area = m_geometry.area();
    const int rows = static_cast<int>(area.height);
    const int columns = static_cast<int>(m_columns.size());
    const double low = m_geometry.visibleLow();
    const double high = m_geometry.visibleHigh();
    const std::shared_ptr<const core::CombinedMap> live =
        m_hasLive ? m_snapshot->map : std::shared_ptr<const core::CombinedMap>();
    const bool sameFrame = !m_cells.image.isNull() && m_cells.heatmap == m_columnsFrom &&
                           m_cells.low == low && m_cells.high == high &&
                           m_cells.scaleMax == m_scaleMax && m_cells.columns == columns &&
                           m_cells.rows == rows;
    if (sameFrame && m_cells.live == live) {
        return;
    }
    if (sameFrame && live && m_cells.live) {
        // Between appends only the live map changes (up to 30 times a second): redraw its
        // column alone, unless it moved the colour scale (then the key differs above).
        const int last = columns - 1;
        const qsizetype stride = m_cells.image.bytesPerLine();
        uchar* const bits = m_cells.image.bits();
        for (int r = 0; r < rows; ++r) {
            reinterpret_cast<QRgb*>(bits + static_cast<qsizetype>(r) * stride)[last] = 0;
        }
        drawColumns(m_cells.image, m_columns.size() - 1, m_columns.size());
        m_cells.live = live;
        return;
    }
    // One pixel per column and one row per plot row; transparent where a column's map does not
    // reach (no data, which is not the same as zero).
    QImage image(columns, rows, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    drawColumns(image, 0, m_columns.size());
    m_cells = {m_columnsFrom, live, low, high, m_scaleMax, columns, rows, std::move(image)};
}

void HeatmapWidget::drawColumns(QImage& image, std::size_t from, std::size_t to) const {
    const int rows = image.height();
    const double low = m_geometry.visibleLow();
    const double high = m_geometry.visibleHigh();
    const double perRow = (high - low) / rows;
    const auto& table = m_scale.table();
    const double toIndex = HeatmapColourScale::kTableSize - 1;
    const double perMax = m_scaleMax > 0 ? 1 / m_scaleMax : 0;

    // Each bin's colour once (there are far fewer bins than pixels); then the rows in order, so
    // the pixels are written sequentially. Row r's middle lies (r + ½) · perRow below `high`, so
    // its position in a column's bins is start − r · step.
    struct Lane {
        int column = 0;
        bool coarse = false;  // rows wider than bins
        double low = 0;
        double high = 0;
        double perWidth = 0;
        double start = 0;
        double step = 0;
        double count = 0;
        std::size_t offset = 0;  // into colours and values
    };
    std::vector<Lane> lanes;
    std::vector<QRgb> colours;
    std::vector<float> values;
    lanes.reserve(to - from);
    for (std::size_t c = from; c < to; ++c) {
        const Column& column = m_columns[c];
        if (!column.valid || column.priceHigh <= low || column.priceLow >= high) {
            continue;
        }
        const double perWidth = 1 / column.binWidth();
        lanes.push_back({static_cast<int>(c), perRow * perWidth > 1, column.priceLow,
                         column.priceHigh, perWidth,
                         (high - perRow / 2 - column.priceLow) * perWidth, perRow * perWidth,
                         static_cast<double>(column.totals.size()), colours.size()});
        for (const float value : column.totals) {
            // sqrt(value / max) on the table, as HeatmapColourScale::positionOf and rgbAt do.
            const double position = value > 0 ? std::min(1.0, std::sqrt(value * perMax)) : 0.0;
            colours.push_back(table[static_cast<std::size_t>(position * toIndex + 0.5)]);
            values.push_back(value);
        }
    }
    uchar* const bits = image.bits();  // once: scanLine() on a non-const image checks for detach
    const qsizetype stride = image.bytesPerLine();
    for (int r = 0; r < rows; ++r) {
        auto* const line = reinterpret_cast<QRgb*>(bits + static_cast<qsizetype>(r) * stride);
        const double rowHigh = high - r * perRow;
        const double rowLow = rowHigh - perRow;
        for (const Lane& lane : lanes) {
            if (!lane.coarse) {
                // Rows finer than bins: the bin at the row's middle, as hit-testing finds it.
                const double position = lane.start - r * lane.step;
                if (position >= 0 && position <= lane.count) {
                    const auto bin = std::min(static_cast<std::size_t>(position),
                                              static_cast<std::size_t>(lane.count) - 1);
                    line[lane.column] = colours[lane.offset + bin];
                }
                continue;
            }
            // Rows coarser than bins: the largest bin in the row, so no cluster disappears when
            // zoomed out.
            if (rowHigh <= lane.low || rowLow >= lane.high) {
                continue;
            }
            const double lastBin = lane.count - 1;
            const double first =
                std::clamp(std::floor((rowLow - lane.low) * lane.perWidth), 0.0, lastBin);
            const double last =
                std::clamp(std::ceil((rowHigh - lane.low) * lane.perWidth) - 1, first, lastBin);
            auto chosen = static_cast<std::size_t>(first);
            for (auto bin = chosen + 1; bin <= static_cast<std::size_t>(last); ++bin) {
                if (values[lane.offset + bin] > values[lane.offset + chosen]) {
                    chosen = bin;
                }
            }
            line[lane.column] = colours[lane.offset + chosen];
        }
    }
}

void HeatmapWidget::paintCells(QPainter& painter) {
    updateCellImage();
    const PlotArea& area = m_geometry.area();
    painter.save();
    painter.setClipRect(QRectF(area.left, area.top, area.width, area.height));
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    // One drawImage per run of equally wide columns (usually one for everything); a gap in the
    // history makes its column wider, and a stretched run would misplace the rest.
    const std::size_t count = m_columns.size();
    std::size_t first = 0;
    while (first < count) {
        const core::TimestampMs duration =
            m_geometry.columnEnd(first) - m_geometry.columnStart(first);
        std::size_t end = first + 1;
        while (end < count && m_geometry.columnEnd(end) - m_geometry.columnStart(end) == duration) {
            ++end;
        }
        const double x0 = m_geometry.xOfTime(static_cast<double>(m_geometry.columnStart(first)));
        const double x1 = m_geometry.xOfTime(static_cast<double>(m_geometry.columnEnd(end - 1)));
        painter.drawImage(QRectF(x0, area.top, x1 - x0, area.height), m_cells.image,
                          QRectF(static_cast<double>(first), 0, static_cast<double>(end - first),
                                 m_cells.image.height()));
        first = end;
    }
    painter.restore();
}

void HeatmapWidget::paintHighlight(QPainter& painter) const {
    if (!m_hovered || m_dragLastY) {
        return;
    }
    const Column& column = m_columns[m_hovered->column];
    const std::optional<std::size_t> bin = binOf(column, m_hovered->price);
    if (!bin) {
        return;
    }
    const double width = column.binWidth();
    const double low = column.priceLow + static_cast<double>(*bin) * width;
    const double x0 = std::round(m_geometry.xOfTime(static_cast<double>(column.ts)));
    const double x1 = std::round(
        m_geometry.xOfTime(static_cast<double>(m_geometry.columnEnd(m_hovered->column))));
    const double y0 = std::round(m_geometry.yOfPrice(low + width));
    const double y1 = std::round(m_geometry.yOfPrice(low));
    const PlotArea& area = m_geometry.area();
    painter.save();
    painter.setClipRect(QRectF(area.left, area.top, area.width, area.height));
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setBrush(Qt::NoBrush);
    const QRectF cell(x0, y0, std::max(1.0, x1 - x0 - 1), std::max(1.0, y1 - y0 - 1));
    painter.setPen(QPen(QColor(0, 0, 0), 0));
    painter.drawRect(cell.adjusted(-1, -1, 1, 1));
    painter.setPen(QPen(QColor(255, 255, 255), 0));
    painter.drawRect(cell);
    painter.restore();
}

void HeatmapWidget::paintPriceLines(QPainter& painter) const {
    const PlotArea& area = m_geometry.area();
    painter.save();
    painter.setClipRect(QRectF(area.left, area.top, area.width, area.height));
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setBrush(Qt::NoBrush);

    // The price of each moment through the middle of its column.
    QPolygonF line;
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
        const Column& column = m_columns[i];
        if (!std::isfinite(column.currentPrice) || !(column.currentPrice > 0)) {
            continue;
        }
        const double middle =
            (static_cast<double>(column.ts) + static_cast<double>(m_geometry.columnEnd(i))) / 2;
        line << QPointF(m_geometry.xOfTime(middle), m_geometry.yOfPrice(column.currentPrice));
    }
    if (line.size() == 1) {
        // One moment alone: a short tick across its column rather than an invisible point.
        const double half = area.width / static_cast<double>(m_columns.size()) / 2;
        line = QPolygonF({line.front() - QPointF(half, 0), line.front() + QPointF(half, 0)});
    }
    drawOutlined(painter, line);
    painter.restore();

    // The live price: a dashed line across the plot, labelled on the price axis.
    const core::LiquidationMap* live = m_hasLive ? liveMap() : nullptr;
    if (live == nullptr) {
        return;
    }
    const double price = live->currentPrice();
    const double y = std::round(m_geometry.yOfPrice(price));
    if (!(y >= area.top && y < area.top + area.height)) {
        return;
    }
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    QPen pen(m_palette.priceLine, 1);
    pen.setCosmetic(true);
    pen.setDashPattern({4, 4});
    painter.setPen(pen);
    painter.drawLine(QLineF(area.left, y, area.left + area.width, y));
    const QFontMetricsF metrics(font());
    const QString text = priceText(price, m_priceDecimals);
    const double labelWidth =
        std::min(metrics.horizontalAdvance(text) + 8, width() - (area.left + area.width));
    const double labelHeight = metrics.height() + 2;
    const QRectF label(area.left + area.width, y - labelHeight / 2, labelWidth, labelHeight);
    painter.fillRect(label, m_palette.priceLine);
    painter.setPen(m_palette.priceLabelText);
    painter.drawText(label, Qt::AlignCenter, text);
    painter.restore();
}

void HeatmapWidget::paintAxes(QPainter& painter) const {
    const PlotArea& area = m_geometry.area();
    const QFontMetricsF metrics(font());
    const double right = area.left + area.width;
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setPen(QPen(m_palette.axis, 0));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(QRectF(area.left, area.top, area.width, area.height));

    // Price ticks on the right: a nice step about kPriceTickSpacing pixels apart; a label that
    // would collide with the live price's label or leave the widget is dropped.
    const double span = m_geometry.visibleHigh() - m_geometry.visibleLow();
    const double step = niceStep(span / std::max(1.0, area.height / kPriceTickSpacing));
    const int decimals = decimalsForStep(step);
    std::optional<double> liveY;
    if (const core::LiquidationMap* live = m_hasLive ? liveMap() : nullptr) {
        liveY = m_geometry.yOfPrice(live->currentPrice());
    }
    for (double tick = std::ceil(m_geometry.visibleLow() / step) * step;
         tick <= m_geometry.visibleHigh(); tick += step) {
        const double y = std::round(m_geometry.yOfPrice(tick));
        painter.setPen(QPen(m_palette.axis, 0));
        painter.drawLine(QLineF(right, y, right + 4, y));
        const double baseline = y + metrics.ascent() / 2 - 1;
        if (baseline - metrics.ascent() < 0 || baseline + metrics.descent() > height() ||
            (liveY && std::abs(*liveY - y) < metrics.height())) {
            continue;
        }
        painter.setPen(m_palette.text);
        painter.drawText(QPointF(right + kLabelGap, baseline), priceText(tick, decimals));
    }
}

void HeatmapWidget::paintTimeAxis(QPainter& painter) const {
    const PlotArea& area = m_geometry.area();
    const QFontMetricsF metrics(font());
    const double bottom = area.top + area.height;
    const core::TimestampMs start = m_geometry.timeStart();
    const core::TimestampMs end = m_geometry.timeEnd();
    const bool withDates = spansDays(start, end);
    const double labelWidth =
        std::max(metrics.horizontalAdvance(QStringLiteral("88:88")),
                 withDates ? metrics.horizontalAdvance(QStringLiteral("May 30")) : 0.0) +
        kTimeLabelGap;
    const double pixelsPerMs = area.width / static_cast<double>(end - start);
    // The smallest step whose labels fit; beyond four weeks, whole multiples of four weeks (a
    // history of years, or timestamps that make no sense, still gets a handful of ticks).
    const double needed = labelWidth / pixelsPerMs;
    core::TimestampMs step = kTimeSteps.back();
    if (needed > static_cast<double>(step)) {
        step *= static_cast<core::TimestampMs>(std::ceil(needed / static_cast<double>(step)));
    }
    for (const core::TimestampMs candidate : kTimeSteps) {
        if (static_cast<double>(candidate) >= needed) {
            step = candidate;
            break;
        }
    }
    // Ticks on whole multiples of the step in UTC (days start at midnight UTC).
    core::TimestampMs tick = (start / step) * step;
    if (tick < start) {
        tick += step;
    }
    double lastRight = -std::numeric_limits<double>::infinity();
    for (; tick <= end; tick += step) {
        const double x = std::round(m_geometry.xOfTime(static_cast<double>(tick)));
        painter.setPen(QPen(m_palette.axis, 0));
        painter.drawLine(QLineF(x, bottom, x, bottom + 4));
        const QString text = timeTickText(tick, withDates);
        const double w = metrics.horizontalAdvance(text);
        const double left = x - w / 2;
        if (left < lastRight + kLabelGap || left < 0 || left + w > width()) {
            continue;  // dropped rather than overlapping
        }
        painter.setPen(m_palette.text);
        painter.drawText(QPointF(left, bottom + 4 + metrics.ascent()), text);
        lastRight = left + w;
    }
}

void HeatmapWidget::paintLegend(QPainter& painter) const {
    const PlotArea& area = m_geometry.area();
    const QFontMetricsF metrics(font());
    const double barTop = 4;
    const double barLeft = area.left;
    const double barWidth =
        std::clamp(area.width * 0.4, std::min(kLegendBarMinWidth, area.width), kLegendBarMaxWidth);
    const QRectF bar(barLeft, barTop, barWidth, kLegendBarHeight);

    // The scale itself, from its table, stretched over the bar.
    QImage ramp(HeatmapColourScale::kTableSize, 1, QImage::Format_RGB32);
    for (int i = 0; i < HeatmapColourScale::kTableSize; ++i) {
        reinterpret_cast<QRgb*>(ramp.scanLine(0))[i] =
            m_scale.rgbAt(static_cast<double>(i) / (HeatmapColourScale::kTableSize - 1));
    }
    painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
    painter.drawImage(bar, ramp);
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setPen(QPen(m_palette.axis, 0));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(bar);

    // Labels under the bar at the square-root positions: both ends first, then round values
    // downwards (5, 2, 1 × 10^k); any that would overlap one already placed is dropped.
    const double baseline = barTop + kLegendBarHeight + 3 + metrics.ascent();
    std::vector<std::pair<double, double>> placed;  // [left, right] of each label
    auto place = [&](double value) {
        const double x = barLeft + HeatmapColourScale::positionOf(value, m_scaleMax) * barWidth;
        const QString text = compact(value);
        const double w = metrics.horizontalAdvance(text);
        const double left = std::clamp(x - w / 2, barLeft - 2, barLeft + barWidth + 2 - w);
        for (const auto& [l, r] : placed) {
            if (left < r + kLabelGap && left + w + kLabelGap > l) {
                return;
            }
        }
        placed.emplace_back(left, left + w);
        painter.setPen(QPen(m_palette.axis, 0));
        painter.drawLine(QLineF(x, barTop + kLegendBarHeight, x, barTop + kLegendBarHeight + 2));
        painter.setPen(m_palette.mutedText);
        painter.drawText(QPointF(left, baseline), text);
    };
    place(0);
    if (m_scaleMax > 0) {
        place(m_scaleMax);
        const double top = std::pow(10.0, std::floor(std::log10(m_scaleMax)));
        for (double magnitude = top; magnitude >= top * 1e-3; magnitude /= 10) {
            for (const double multiple : {5.0, 2.0, 1.0}) {
                if (multiple * magnitude < m_scaleMax) {
                    place(multiple * magnitude);
                }
            }
        }
    }

    // What the colours mean, and the disclaimer, right-aligned on the bar's row and the labels'
    // row; elided or left out when there is no room.
    const double textLeft = barLeft + barWidth + 12;
    const double room = std::max(0.0, width() - kSideMargin - textLeft);
    painter.setPen(m_palette.mutedText);
    const QString note =
        metrics.elidedText(QStringLiteral("estimated, not a prediction"), Qt::ElideRight, room);
    painter.drawText(QPointF(width() - kSideMargin - metrics.horizontalAdvance(note),
                             barTop + metrics.ascent() - 2),
                     note);
    const QString meaning = QStringLiteral("long + short liquidation notional");
    if (metrics.horizontalAdvance(meaning) <= room) {
        painter.drawText(
            QPointF(width() - kSideMargin - metrics.horizontalAdvance(meaning), baseline), meaning);
    }

    // A feed that is not live says so over the plot's top right corner.
    const QString badge = m_snapshot ? badgeText(*m_snapshot) : QString();
    if (!badge.isEmpty()) {
        const QString text = metrics.elidedText(badge, Qt::ElideRight, area.width - 16);
        const double w = metrics.horizontalAdvance(text) + 10;
        const QRectF box(area.left + area.width - w - 4, area.top + 4, w, metrics.height() + 4);
        painter.fillRect(box, m_palette.tooltipBackground);
        painter.setPen(m_snapshot->state == FeedState::Error ? m_palette.longColour
                                                             : m_palette.text);
        painter.drawText(box, Qt::AlignCenter, text);
    }
}

void HeatmapWidget::paintCrosshair(QPainter& painter) const {
    if (!m_mouse || m_dragLastY) {
        return;
    }
    const PlotArea& area = m_geometry.area();
    const double x = std::round(m_mouse->x());
    const double y = std::round(m_mouse->y());
    if (!m_geometry.contains(x, y)) {
        return;
    }
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setPen(QPen(m_palette.crosshair, 0, Qt::DotLine));
    painter.drawLine(QLineF(x, area.top, x, area.top + area.height));
    painter.drawLine(QLineF(area.left, y, area.left + area.width, y));

    // The values under the cursor on both axes.
    const QFontMetricsF metrics(font());
    const QString price = priceText(m_geometry.priceAtY(y), m_priceDecimals);
    const double right = area.left + area.width;
    const QRectF priceBox(right, y - metrics.height() / 2 - 1,
                          std::min(metrics.horizontalAdvance(price) + 8, width() - right),
                          metrics.height() + 2);
    painter.fillRect(priceBox, m_palette.crosshair);
    painter.setPen(m_palette.background);
    painter.drawText(priceBox, Qt::AlignCenter, price);
    const auto time = static_cast<core::TimestampMs>(std::floor(m_geometry.timeAtX(x)));
    const QString timeText = spansDays(m_geometry.timeStart(), m_geometry.timeEnd())
                                 ? utc(time).toString(QStringLiteral("MMM d HH:mm"))
                                 : utc(time).toString(QStringLiteral("HH:mm"));
    const double timeWidth = metrics.horizontalAdvance(timeText) + 8;
    const QRectF timeBox(std::clamp(x - timeWidth / 2, 0.0, std::max(0.0, width() - timeWidth)),
                         area.top + area.height + 1, timeWidth, metrics.height() + 2);
    painter.fillRect(timeBox, m_palette.crosshair);
    painter.drawText(timeBox, Qt::AlignCenter, timeText);
    painter.restore();
}

void HeatmapWidget::paintTooltip(QPainter& painter) const {
    if (!m_hovered || !m_mouse || m_dragLastY) {
        return;
    }
    const QString text = tooltipText(m_hovered->column, m_hovered->price);
    if (text.isEmpty()) {
        return;
    }
    chart::paintTooltipBox(painter, text.split(QLatin1Char('\n')), *m_mouse, QRectF(rect()), font(),
                           m_palette);
}

}  // namespace liqmap::gui
