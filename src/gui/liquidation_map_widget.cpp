#include "liqmap/gui/liquidation_map_widget.h"

#include <QFontMetricsF>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPolygonF>
#include <QStringList>
#include <QWheelEvent>
#include <algorithm>  // std::max, std::min, std::clamp
#include <array>      // std::array
#include <cmath>      // std::ceil, std::floor, std::pow, std::round
#include <utility>    // std::move

#include "chart_drawing.h"
#include "liqmap/core/liquidation_map.h"

namespace liqmap::gui {

namespace {

// Room above the tallest visible bar (and the highest visible cumulative value), so bars never
// touch the legend.
constexpr double kHeadroom = 1.08;
// Roughly how far apart grid lines and tick labels are, in pixels.
constexpr double kNotionalTickSpacing = 44;
constexpr double kPriceLabelGap = 18;
constexpr double kBarGapFromWidth = 4;       // bars at least this wide get a one-pixel gap
constexpr double kRealizedMarkSize = 5;      // half the base of a realized mark's triangle
constexpr double kRealizedMarkHeight = 1.6;  // its height, in half bases
constexpr double kMinPlotWidth = 40;
constexpr double kMinPlotHeight = 30;

using chart::badgeText;
using chart::compact;
using chart::decimalsForStep;
using chart::fromStd;
using chart::kEllipsis;
using chart::kEnDash;
using chart::kMinus;
using chart::leverageText;
using chart::niceStep;
using chart::percentText;
using chart::priceText;

const QChar kMiddleDot(0x00b7);

/// "Long 1.50K: 10x 1.00K · 25x 500", or "Long 0" — tiers without notional left out.
QString sideLine(const QString& name, const core::LiquidationMap& map, std::size_t bin,
                 bool isLong) {
    const double total = isLong ? map.longNotional(bin) : map.shortNotional(bin);
    QString line = name + QLatin1Char(' ') + compact(total);
    QStringList tiers;
    for (std::size_t tier = 0; tier < map.tierCount(); ++tier) {
        const double value = isLong ? map.longNotional(bin, tier) : map.shortNotional(bin, tier);
        if (value > 0) {
            tiers << leverageText(map.leverages()[tier]) + QLatin1Char(' ') + compact(value);
        }
    }
    if (!tiers.isEmpty()) {
        line += QStringLiteral(": ") + tiers.join(QLatin1Char(' ') + kMiddleDot + QLatin1Char(' '));
    }
    return line;
}

}  // namespace

LiquidationMapWidget::LiquidationMapWidget(QWidget* parent)
    : QWidget(parent),
      m_palette(ChartPalette::make()),
      m_geometry(PlotArea{}, 0, 1),
      m_texts(std::make_unique<chart::TextCache>()) {
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_geometry = m_geometry.withArea(plotAreaFor(width(), height()));
}

LiquidationMapWidget::~LiquidationMapWidget() = default;

QSize LiquidationMapWidget::sizeHint() const { return {800, 400}; }

QSize LiquidationMapWidget::minimumSizeHint() const { return {240, 160}; }

const core::LiquidationMap* LiquidationMapWidget::map() const {
    return m_snapshot && m_snapshot->map ? &m_snapshot->map->total() : nullptr;
}

BinLayout LiquidationMapWidget::binLayout() const {
    const core::LiquidationMap* current = map();
    if (current == nullptr) {
        return {};
    }
    return {current->priceLow(), current->binWidth(), current->binCount()};
}

PlotArea LiquidationMapWidget::plotAreaFor(int width, int height) const {
    const QFontMetricsF metrics(font());
    const double labelWidth = metrics.horizontalAdvance(QStringLiteral("888.8K")) + 12;
    const double top = metrics.height() + 10;  // the legend row
    const double bottom = metrics.height() + 10;
    PlotArea area;
    area.left = labelWidth;
    area.top = top;
    area.width = std::max(kMinPlotWidth, width - 2 * labelWidth);
    area.height = std::max(kMinPlotHeight, height - top - bottom);
    return area;
}

void LiquidationMapWidget::setChartPalette(const ChartPalette& palette) {
    m_palette = palette;
    precompute();
    update();
}

void LiquidationMapWidget::setSnapshot(std::shared_ptr<const MapSnapshot> snapshot) {
    // The version alone could repeat when a new engine starts counting for another market, so
    // the market must match too.
    if (snapshot == m_snapshot ||
        (snapshot && m_snapshot && snapshot->version == m_snapshot->version &&
         snapshot->exchange == m_snapshot->exchange && snapshot->symbol == m_snapshot->symbol)) {
        return;
    }
    const std::shared_ptr<const MapSnapshot> previous = std::move(m_snapshot);
    m_snapshot = std::move(snapshot);
    const core::LiquidationMap* oldMap =
        previous && previous->map ? &previous->map->total() : nullptr;
    const core::LiquidationMap* newMap = map();
    const PlotArea area = plotAreaFor(width(), height());

    const bool sameSource = previous && m_snapshot && previous->exchange == m_snapshot->exchange &&
                            previous->symbol == m_snapshot->symbol;
    const bool sameCut = sameSource && oldMap != nullptr && newMap != nullptr &&
                         oldMap->priceLow() == newMap->priceLow() &&
                         oldMap->priceHigh() == newMap->priceHigh() &&
                         oldMap->binCount() == newMap->binCount();
    ChartGeometry next = m_geometry.withArea(area);
    if (newMap == nullptr) {
        next = ChartGeometry(area, 0, 1);
    } else if (!sameCut) {
        next = ChartGeometry(area, newMap->priceLow(), newMap->priceHigh());
        if (sameSource && oldMap != nullptr && m_geometry.zoom() > 1) {
            // The same market re-cut around a new price: keep looking at the same prices.
            const double oldLow = m_geometry.visibleLow();
            const double oldHigh = m_geometry.visibleHigh();
            const double factor = (next.fullHigh() - next.fullLow()) / (oldHigh - oldLow);
            next =
                next.zoomedAt(area.left + area.width / 2, factor).centredOn((oldLow + oldHigh) / 2);
        }
    }
    if (!sameCut) {
        m_focusedBin.reset();
    }
    precompute();
    applyGeometry(next);
}

void LiquidationMapWidget::setHiddenTiers(std::vector<double> leverages) {
    if (leverages == m_hiddenTiers) {
        return;
    }
    m_hiddenTiers = std::move(leverages);
    precompute();
    applyGeometry(m_geometry);  // the y autoscale follows the bars still drawn
}

bool LiquidationMapWidget::isHidden(double leverage) const {
    return std::find(m_hiddenTiers.begin(), m_hiddenTiers.end(), leverage) != m_hiddenTiers.end();
}

void LiquidationMapWidget::precompute() {
    const core::LiquidationMap* current = map();
    m_longTops.clear();
    m_shortTops.clear();
    m_binPeak.clear();
    m_longShades.clear();
    m_shortShades.clear();
    m_longRgb.clear();
    m_shortRgb.clear();
    m_plotLayerValid = false;
    if (current == nullptr) {
        return;
    }
    const std::size_t bins = current->binCount();
    const std::size_t tiers = current->tierCount();
    m_longTops.resize(bins * tiers);
    m_shortTops.resize(bins * tiers);
    m_binPeak.resize(bins);
    std::vector<bool> shown(tiers);
    for (std::size_t tier = 0; tier < tiers; ++tier) {
        shown[tier] = !isHidden(current->leverages()[tier]);
    }
    for (std::size_t bin = 0; bin < bins; ++bin) {
        double longTop = 0;
        double shortTop = 0;
        for (std::size_t tier = 0; tier < tiers; ++tier) {
            // A hidden tier is a segment of height 0: the tiers above it close the gap.
            if (shown[tier]) {
                longTop += current->longNotional(bin, tier);
                shortTop += current->shortNotional(bin, tier);
            }
            m_longTops[bin * tiers + tier] = longTop;
            m_shortTops[bin * tiers + tier] = shortTop;
        }
        m_binPeak[bin] = std::max(longTop, shortTop);
    }
    for (std::size_t tier = 0; tier < tiers; ++tier) {
        m_longShades.push_back(m_palette.longTier(tier, tiers));
        m_shortShades.push_back(m_palette.shortTier(tier, tiers));
        // As the plot layer's pixels: opaque, so the same in RGB32 and premultiplied ARGB32.
        m_longRgb.push_back(m_longShades.back().rgb());
        m_shortRgb.push_back(m_shortShades.back().rgb());
    }
    m_priceDecimals = chart::decimalsForBinWidth(current->binWidth());
}

void LiquidationMapWidget::applyGeometry(const ChartGeometry& geometry) {
    const double oldLow = m_geometry.visibleLow();
    const double oldHigh = m_geometry.visibleHigh();
    double peak = 0;
    m_cumulativeMax = 1;
    if (const core::LiquidationMap* current = map()) {
        const auto [first, last] = geometry.visibleBins(binLayout());
        for (std::size_t bin = first; bin < last; ++bin) {
            peak = std::max(peak, m_binPeak[bin]);
        }
        if (last > first) {
            // cumulativeLong falls and cumulativeShort rises with the bin index, so the largest
            // values in view are at the ends.
            const double cumulative =
                std::max(current->cumulativeLong(first), current->cumulativeShort(last - 1));
            m_cumulativeMax = cumulative > 0 ? cumulative * kHeadroom : 1;
        }
    }
    m_geometry = geometry.withNotionalMax(peak * kHeadroom);
    m_plotLayerValid = false;
    if (m_mouse && m_geometry.contains(m_mouse->x(), m_mouse->y())) {
        m_hoveredBin = m_geometry.binAtX(m_mouse->x(), binLayout());
    } else {
        m_hoveredBin.reset();
    }
    if (m_geometry.visibleLow() != oldLow || m_geometry.visibleHigh() != oldHigh) {
        Q_EMIT visibleRangeChanged(m_geometry.visibleLow(), m_geometry.visibleHigh());
    }
    update();
}

void LiquidationMapWidget::centreOn(double price) { applyGeometry(m_geometry.centredOn(price)); }

void LiquidationMapWidget::resetZoom() { applyGeometry(m_geometry.reset()); }

void LiquidationMapWidget::zoomBy(double factor) {
    const PlotArea& area = m_geometry.area();
    applyGeometry(m_geometry.zoomedAt(area.left + area.width / 2, factor));
}

QString LiquidationMapWidget::stateText() const {
    if (map() != nullptr) {
        return {};
    }
    if (!m_snapshot) {
        return QStringLiteral("Waiting for data") + kEllipsis;
    }
    const QString message = fromStd(m_snapshot->message);
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
            return message.isEmpty() ? QStringLiteral("No liquidation map yet") : message;
    }
    return message;
}

QString LiquidationMapWidget::tooltipText(std::size_t bin) const {
    const core::LiquidationMap* current = map();
    if (current == nullptr || bin >= current->binCount()) {
        return {};
    }
    const core::LiquidationMap& m = *current;
    const double price = m.currentPrice();
    const double low = m.binLow(bin);
    const double high = m.binHigh(bin);
    const double centre = (low + high) / 2;
    const int decimals = m_priceDecimals;

    QStringList lines;
    lines << QStringLiteral("Price ") + priceText(low, decimals) + QLatin1Char(' ') + kEnDash +
                 QLatin1Char(' ') + priceText(high, decimals);
    lines << QStringLiteral("Distance ") + percentText((centre - price) / price * 100) +
                 QStringLiteral(" from ") + priceText(price, decimals);
    lines << sideLine(QStringLiteral("Long"), m, bin, true);
    lines << sideLine(QStringLiteral("Short"), m, bin, false);
    const auto& sources = m_snapshot->map->sources();
    if (sources.size() > 1) {
        for (const core::CombinedMap::Source& source : sources) {
            lines << fromStd(source.exchange) + QStringLiteral(": long ") +
                         compact(source.map.longNotional(bin)) + QStringLiteral(", short ") +
                         compact(source.map.shortNotional(bin));
        }
    }
    if (centre < price) {
        lines << QStringLiteral("Longs liquidated from ") + priceText(price, decimals) +
                     QStringLiteral(" down to ") + priceText(low, decimals) + QStringLiteral(": ") +
                     compact(m.cumulativeLong(bin));
    } else {
        lines << QStringLiteral("Shorts liquidated from ") + priceText(price, decimals) +
                     QStringLiteral(" up to ") + priceText(high, decimals) + QStringLiteral(": ") +
                     compact(m.cumulativeShort(bin));
    }
    return lines.join(QLatin1Char('\n'));
}

// ---- input ---------------------------------------------------------------------------------

void LiquidationMapWidget::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    applyGeometry(m_geometry.withArea(plotAreaFor(width(), height())));
}

void LiquidationMapWidget::mouseMoveEvent(QMouseEvent* event) {
    const QPointF position = event->position();
    if (m_dragLastX && (event->buttons() & Qt::LeftButton) != 0) {
        const double dx = position.x() - *m_dragLastX;
        m_dragLastX = position.x();
        m_mouse = position;
        applyGeometry(m_geometry.pannedBy(dx));
        return;
    }
    m_mouse = position;
    m_focusedBin.reset();
    m_hoveredBin = m_geometry.contains(position.x(), position.y())
                       ? m_geometry.binAtX(position.x(), binLayout())
                       : std::nullopt;
    update();
}

void LiquidationMapWidget::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && map() != nullptr) {
        m_dragLastX = event->position().x();
        setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QWidget::mousePressEvent(event);
}

void LiquidationMapWidget::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && m_dragLastX) {
        m_dragLastX.reset();
        unsetCursor();
        event->accept();
        return;
    }
    QWidget::mouseReleaseEvent(event);
}

void LiquidationMapWidget::mouseDoubleClickEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        resetZoom();
        event->accept();
        return;
    }
    QWidget::mouseDoubleClickEvent(event);
}

void LiquidationMapWidget::wheelEvent(QWheelEvent* event) {
    const int delta = event->angleDelta().y();
    if (map() == nullptr || delta == 0) {
        event->ignore();
        return;
    }
    const double factor = std::pow(kZoomStep, delta / 120.0);
    applyGeometry(m_geometry.zoomedAt(event->position().x(), factor));
    event->accept();
}

void LiquidationMapWidget::keyPressEvent(QKeyEvent* event) {
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
        case Qt::Key_Left:
            moveFocus(-1);
            break;
        case Qt::Key_Right:
            moveFocus(+1);
            break;
        case Qt::Key_Escape:
            m_focusedBin.reset();
            update();
            break;
        default:
            QWidget::keyPressEvent(event);
            return;
    }
    event->accept();
}

void LiquidationMapWidget::leaveEvent(QEvent* event) {
    QWidget::leaveEvent(event);
    m_mouse.reset();
    m_hoveredBin.reset();
    update();
}

void LiquidationMapWidget::moveFocus(int direction) {
    const core::LiquidationMap* current = map();
    if (current == nullptr || current->binCount() == 0) {
        return;
    }
    const auto count = static_cast<long>(current->binCount());
    long start = 0;
    if (m_focusedBin) {
        start = static_cast<long>(*m_focusedBin) + direction;
    } else {
        // From the current price: rightwards the first bin not wholly below it, leftwards the
        // last bin not wholly above it.
        const double price = current->currentPrice();
        if (direction > 0) {
            start = 0;
            while (start < count && current->binHigh(static_cast<std::size_t>(start)) <= price) {
                ++start;
            }
        } else {
            start = count - 1;
            while (start >= 0 && current->binLow(static_cast<std::size_t>(start)) >= price) {
                --start;
            }
        }
    }
    for (long bin = start; bin >= 0 && bin < count; bin += direction) {
        const auto index = static_cast<std::size_t>(bin);
        if (current->longNotional(index) + current->shortNotional(index) > 0) {
            m_focusedBin = index;
            m_mouse.reset();
            m_hoveredBin.reset();
            const double low = current->binLow(index);
            const double high = current->binHigh(index);
            if (low < m_geometry.visibleLow() || high > m_geometry.visibleHigh()) {
                centreOn((low + high) / 2);
            } else {
                update();
            }
            return;
        }
    }
}

// ---- painting ------------------------------------------------------------------------------

void LiquidationMapWidget::paintEvent(QPaintEvent* /*event*/) {
    QPainter painter(this);
    if (map() == nullptr) {
        painter.fillRect(rect(), m_palette.background);
        paintState(painter);
        m_texts->endPaint();
        Q_EMIT painted(m_snapshot ? m_snapshot->version : 0);
        return;
    }
    // The layer in the format of what is painted on (the window's backing store, or the image
    // of grab() and render()), so drawing it is a plain copy rather than a conversion.
    QImage::Format format = QImage::Format_ARGB32_Premultiplied;
    if (const QPaintDevice* device = painter.device();
        device != nullptr && device->devType() == QInternal::Image &&
        static_cast<const QImage*>(device)->format() == QImage::Format_RGB32) {
        format = QImage::Format_RGB32;
    }
    if (!m_plotLayerValid || m_plotLayer.devicePixelRatio() != devicePixelRatioF() ||
        m_plotLayer.format() != format) {
        renderPlotLayer(format);
    }
    // The background only around the plot: the layer covers the rest.
    const QRect plot(m_plotLayerOrigin, m_plotLayer.deviceIndependentSize().toSize());
    painter.fillRect(QRect(0, 0, width(), plot.top()), m_palette.background);
    painter.fillRect(QRect(0, plot.bottom() + 1, width(), height() - plot.bottom() - 1),
                     m_palette.background);
    painter.fillRect(QRect(0, plot.top(), plot.left(), plot.height()), m_palette.background);
    painter.fillRect(QRect(plot.right() + 1, plot.top(), width() - plot.right() - 1, plot.height()),
                     m_palette.background);
    // Opaque pixels replace what is under them: a copy, not a blend.
    painter.setCompositionMode(QPainter::CompositionMode_Source);
    painter.drawImage(m_plotLayerOrigin, m_plotLayer);
    painter.setCompositionMode(QPainter::CompositionMode_SourceOver);
    paintActiveBin(painter);
    paintCurves(painter);
    paintPriceLine(painter);
    paintRealized(painter);
    paintAxes(painter);
    paintLegend(painter);
    paintCrosshair(painter);
    paintTooltip(painter);
    m_texts->endPaint();
    Q_EMIT painted(m_snapshot->version);
}

void LiquidationMapWidget::paintState(QPainter& painter) const {
    chart::paintStateMessage(painter, QRectF(rect()), font(), m_palette, m_snapshot.get(),
                             stateText());
}

void LiquidationMapWidget::renderPlotLayer(QImage::Format format) {
    const PlotArea& area = m_geometry.area();
    const QRect plot = QRectF(area.left, area.top, area.width, area.height).toAlignedRect();
    const qreal ratio = devicePixelRatioF();
    const QSize pixels(static_cast<int>(std::ceil(plot.width() * ratio)),
                       static_cast<int>(std::ceil(plot.height() * ratio)));
    if (m_plotLayer.size() != pixels || m_plotLayer.format() != format) {
        m_plotLayer = QImage(pixels, format);
    }
    m_plotLayer.setDevicePixelRatio(ratio);
    m_plotLayerOrigin = plot.topLeft();
    m_plotLayerValid = true;
    if (m_plotLayer.isNull()) {
        return;  // out of memory: the plot stays empty rather than the paint crashing
    }
    m_plotLayer.fill(m_palette.plotBackground);
    paintGrid();
    if (map() != nullptr) {
        paintBars();
    }
}

void LiquidationMapWidget::paintGrid() {
    // Rows written straight into the layer: QPainter draws a one-pixel cosmetic line pixel by
    // pixel, about 100 instructions each, which made the grid a sixth of a new map's paint.
    const PlotArea& area = m_geometry.area();
    const qreal ratio = m_plotLayer.devicePixelRatio();
    const QRgb grid = m_palette.grid.rgb();  // opaque: the same in RGB32 and premultiplied
    const double step =
        niceStep(m_geometry.notionalMax() / std::max(1.0, area.height / kNotionalTickSpacing));
    for (double value = step; value <= m_geometry.notionalMax(); value += step) {
        // On whole widget pixels, as the axis labels beside the lines are placed; the row such
        // a line lands on in device pixels.
        const double y = std::round(m_geometry.yOfNotional(value)) - m_plotLayerOrigin.y();
        const auto row = static_cast<int>(std::floor(y * ratio));
        if (row >= 0 && row < m_plotLayer.height()) {
            auto* line = reinterpret_cast<QRgb*>(m_plotLayer.scanLine(row));
            std::fill(line, line + m_plotLayer.width(), grid);
        }
    }
}

void LiquidationMapWidget::paintBars() {
    const core::LiquidationMap& m = *map();
    const std::size_t tiers = m.tierCount();
    const auto [first, last] = m_geometry.visibleBins(binLayout());
    const PlotArea& area = m_geometry.area();
    // Bars are written straight into the layer's pixels, a row of memory at a time: thousands
    // of thin bars through QPainter::fillRect cost a fixed overhead each, which made up most of
    // a 2 000-bin paint (docs/performance.md). Coordinates are widget pixels scaled to device
    // pixels and cut to the layer.
    const qreal ratio = m_plotLayer.devicePixelRatio();
    const int layerWidth = m_plotLayer.width();
    auto toDevice = [&](double logical, double origin) {
        return chart::roundToInt((logical - origin) * ratio);
    };
    const double originX = m_plotLayerOrigin.x();
    const double originY = m_plotLayerOrigin.y();
    const int bottom = std::min(m_plotLayer.height(), toDevice(m_geometry.yOfNotional(0), originY));
    uchar* const pixels = m_plotLayer.bits();  // detaches once, not per row
    const qsizetype stride = m_plotLayer.bytesPerLine();
    auto fill = [&](int left, int right, int top, int below, QRgb colour) {
        left = std::max(left, 0);
        right = std::min(right, layerWidth);
        top = std::max(top, 0);
        if (right - left == 1) {  // a thin bar: one pixel per row, four rows per step
            uchar* at = pixels + top * stride + left * qsizetype{sizeof(QRgb)};
            int y = top;
            for (; y + 4 <= below; y += 4, at += 4 * stride) {
                *reinterpret_cast<QRgb*>(at) = colour;
                *reinterpret_cast<QRgb*>(at + stride) = colour;
                *reinterpret_cast<QRgb*>(at + 2 * stride) = colour;
                *reinterpret_cast<QRgb*>(at + 3 * stride) = colour;
            }
            for (; y < below; ++y, at += stride) {
                *reinterpret_cast<QRgb*>(at) = colour;
            }
            return;
        }
        for (int y = top; y < below; ++y) {
            auto* line = reinterpret_cast<QRgb*>(pixels + y * stride);
            std::fill(line + left, line + right, colour);
        }
    };
    auto drawStack = [&](std::size_t bin, double x, double w, const std::vector<double>& tops,
                         const std::vector<QRgb>& shades) {
        const int left = toDevice(x, originX);
        const int right = std::max(left + 1, toDevice(x + w, originX));
        if (right <= 0 || left >= layerWidth) {
            return;
        }
        double below = 0;
        int yBelow = bottom;
        for (std::size_t tier = 0; tier < tiers; ++tier) {
            const double top = tops[bin * tiers + tier];
            if (top > below) {
                const int yTop = toDevice(m_geometry.yOfNotional(top), originY);
                if (yTop < yBelow) {
                    fill(left, right, yTop, yBelow, shades[tier]);
                    yBelow = yTop;
                }
            }
            below = top;
        }
    };

    const double binPixels = m_geometry.xOfPrice(m.binWidth()) - m_geometry.xOfPrice(0);
    if (binPixels * ratio < 1) {
        // Bins narrower than a pixel (many bins, a narrow window): per pixel column only the
        // bin with the tallest bar is drawn, one pixel wide, so what shows is the envelope of
        // the bars (as the y autoscale counts them) and each column is written once.
        std::optional<std::size_t> best;
        int column = 0;
        auto flush = [&] {
            if (best) {
                const bool longer =
                    m_longTops[*best * tiers + tiers - 1] >= m_shortTops[*best * tiers + tiers - 1];
                drawStack(*best, originX + column / ratio, 1 / ratio,
                          longer ? m_longTops : m_shortTops, longer ? m_longRgb : m_shortRgb);
            }
        };
        for (std::size_t bin = first; bin < last; ++bin) {
            if (m_binPeak[bin] <= 0) {
                continue;
            }
            const int x = static_cast<int>(
                std::floor((m_geometry.xOfPrice(m.binLow(bin)) - originX) * ratio));
            if (!best || x != column) {
                flush();
                best = bin;
                column = x;
            } else if (m_binPeak[bin] > m_binPeak[*best]) {
                best = bin;
            }
        }
        flush();
        return;
    }
    for (std::size_t bin = first; bin < last; ++bin) {
        const double longValue = m.longNotional(bin);
        const double shortValue = m.shortNotional(bin);
        if (longValue <= 0 && shortValue <= 0) {
            continue;
        }
        double x0 = std::max(area.left, m_geometry.xOfPrice(m.binLow(bin)));
        double x1 = std::min(area.left + area.width, m_geometry.xOfPrice(m.binHigh(bin)));
        if (x1 - x0 >= kBarGapFromWidth) {
            x1 -= 1;
        }
        // A bin holding both sides shows them side by side: longs on the left, as on the chart.
        if (longValue > 0 && shortValue > 0) {
            const double middle = (x0 + x1) / 2;
            drawStack(bin, x0, std::max(0.5, middle - x0), m_longTops, m_longRgb);
            drawStack(bin, middle, std::max(0.5, x1 - middle), m_shortTops, m_shortRgb);
        } else if (longValue > 0) {
            drawStack(bin, x0, std::max(0.5, x1 - x0), m_longTops, m_longRgb);
        } else {
            drawStack(bin, x0, std::max(0.5, x1 - x0), m_shortTops, m_shortRgb);
        }
    }
}

void LiquidationMapWidget::paintActiveBin(QPainter& painter) const {
    const std::optional<std::size_t> active = m_hoveredBin ? m_hoveredBin : m_focusedBin;
    const core::LiquidationMap& m = *map();
    const auto [first, last] = m_geometry.visibleBins(binLayout());
    if (!active || *active < first || *active >= last) {
        return;
    }
    const PlotArea& area = m_geometry.area();
    const double x0 = std::max(area.left, m_geometry.xOfPrice(m.binLow(*active)));
    const double x1 = std::min(area.left + area.width, m_geometry.xOfPrice(m.binHigh(*active)));
    const double bottom = m_geometry.yOfNotional(0);
    const double top = m_geometry.yOfNotional(m_binPeak[*active]);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    // A wash over the bin's column (bars included: the layer under it is shared by every
    // hover position) and a frame around its bar.
    chart::fillRectInBands(painter, QRectF(x0, area.top, std::max(1.0, x1 - x0), area.height),
                           m_palette.highlight);
    chart::drawFrame(painter, QRectF(x0, top, std::max(1.0, x1 - x0 - 1), bottom - top),
                     m_palette.text);
    painter.restore();
}

void LiquidationMapWidget::paintCurves(QPainter& painter) const {
    const core::LiquidationMap& m = *map();
    const auto [first, last] = m_geometry.visibleBins(binLayout());
    if (last <= first) {
        return;
    }
    // The right-hand axis: the same price transform with the cumulative scale.
    const ChartGeometry cumulative = m_geometry.withNotionalMax(m_cumulativeMax);
    const double price = m.currentPrice();
    const PlotArea& area = m_geometry.area();
    // One bin beyond each end of the view, so the curves run to the plot's edges (clipped).
    const std::size_t from = first > 0 ? first - 1 : 0;
    const std::size_t to = std::min(last + 1, m.binCount());

    QPolygonF longCurve;
    QPolygonF shortCurve;
    double longAtPrice = 0;   // longs liquidated between priceHigh and the current price
    double shortAtPrice = 0;  // shorts between priceLow and the current price
    for (std::size_t bin = 0; bin < m.binCount(); ++bin) {
        if (m.binLow(bin) >= price) {
            longAtPrice = m.cumulativeLong(bin);
            break;
        }
    }
    for (std::size_t bin = m.binCount(); bin-- > 0;) {
        if (m.binHigh(bin) <= price) {
            shortAtPrice = m.cumulativeShort(bin);
            break;
        }
    }
    // At most one point per pixel column (the last one in it): with thousands of bins in view
    // more points add nothing visible, only stroking time.
    auto append = [](QPolygonF& curve, QPointF point) {
        if (!curve.isEmpty() && std::floor(curve.back().x()) == std::floor(point.x())) {
            curve.back() = point;
        } else {
            curve << point;
        }
    };
    for (std::size_t bin = from; bin < to; ++bin) {
        if (m.binLow(bin) < price) {
            append(longCurve, QPointF(cumulative.xOfPrice(m.binLow(bin)),
                                      cumulative.yOfNotional(m.cumulativeLong(bin))));
        }
    }
    longCurve << QPointF(cumulative.xOfPrice(price), cumulative.yOfNotional(longAtPrice));
    shortCurve << QPointF(cumulative.xOfPrice(price), cumulative.yOfNotional(shortAtPrice));
    for (std::size_t bin = from; bin < to; ++bin) {
        if (m.binHigh(bin) > price) {
            append(shortCurve, QPointF(cumulative.xOfPrice(m.binHigh(bin)),
                                       cumulative.yOfNotional(m.cumulativeShort(bin))));
        }
    }
    painter.save();
    painter.setClipRect(QRectF(area.left, area.top, area.width, area.height));
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setBrush(Qt::NoBrush);
    // Two 1-pixel strokes half a pixel apart look like one 1.5-pixel line, and stay on Qt's
    // fast path for thin antialiased lines; a wider pen is stroked as an outline and fill,
    // which took most of a 2 000-bin paint (docs/performance.md).
    for (const auto& [curve, colour] : {std::pair{&longCurve, m_palette.longColour},
                                        std::pair{&shortCurve, m_palette.shortColour}}) {
        painter.setPen(QPen(colour, 1));
        painter.drawPolyline(*curve);
        painter.drawPolyline(curve->translated(0, 0.5));
    }
    painter.restore();
}

void LiquidationMapWidget::paintPriceLine(QPainter& painter) const {
    const core::LiquidationMap& m = *map();
    const PlotArea& area = m_geometry.area();
    const double x = m_geometry.xOfPrice(m.currentPrice());
    if (x < area.left || x >= area.left + area.width) {
        return;
    }
    const double column = std::round(x);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    QPen pen(m_palette.priceLine, 1);
    pen.setCosmetic(true);
    pen.setDashPattern({4, 4});
    painter.setPen(pen);
    painter.drawLine(QLineF(column, area.top, column, area.top + area.height));

    // The price itself in a filled label at the top of the line.
    const QFontMetricsF metrics(font());
    const QString text = priceText(m.currentPrice(), m_priceDecimals);
    const double labelWidth = metrics.horizontalAdvance(text) + 10;
    const double labelHeight = metrics.height() + 2;
    const double left =
        std::clamp(column - labelWidth / 2, 0.0, std::max(0.0, width() - labelWidth));
    const QRectF label(left, area.top, labelWidth, labelHeight);
    painter.fillRect(label, m_palette.priceLine);
    painter.setPen(m_palette.priceLabelText);
    painter.drawText(label, Qt::AlignCenter, text);
    painter.restore();
}

void LiquidationMapWidget::paintRealized(QPainter& painter) {
    if (m_snapshot->realized.empty()) {
        return;
    }
    // Two hundred small antialiased triangles cost as much as the curves, yet they change only
    // when a liquidation arrives or the view moves: they are drawn into an image of the strip
    // along the price axis, and that is blended on (the same pixels but for rounding: at most
    // two levels of 255 on the triangles' edges).
    const qreal ratio = devicePixelRatioF();
    if (!marksLayerShows(ratio)) {
        renderMarksLayer(ratio);
    }
    painter.drawImage(m_marksOrigin, m_marksLayer);
}

bool LiquidationMapWidget::marksLayerShows(qreal ratio) const {
    const MarksKey& key = m_marksKey;
    const PlotArea& area = m_geometry.area();
    const std::vector<RealizedMark>& marks = m_snapshot->realized;
    return !m_marksLayer.isNull() && key.ratio == ratio &&
           key.visibleLow == m_geometry.visibleLow() &&
           key.visibleHigh == m_geometry.visibleHigh() && key.left == area.left &&
           key.width == area.width && key.bottom == area.top + area.height &&
           key.longColour == m_palette.longColour.rgba() &&
           key.shortColour == m_palette.shortColour.rgba() &&
           std::equal(marks.begin(), marks.end(), key.marks.begin(), key.marks.end(),
                      [](const RealizedMark& a, const RealizedMark& b) {
                          return a.side == b.side && a.price == b.price;
                      });
}

void LiquidationMapWidget::renderMarksLayer(qreal ratio) {
    const PlotArea& area = m_geometry.area();
    const double bottom = area.top + area.height;
    // Every triangle that can be drawn, with a pixel to spare for antialiasing, on whole device
    // pixels: the layer's pixels must fall on the target's, or the blend would shift them.
    const double height = kRealizedMarkSize * kRealizedMarkHeight;
    const QRect device =
        QRectF((area.left - kRealizedMarkSize - 1) * ratio, (bottom - height - 1) * ratio,
               (area.width + 2 * kRealizedMarkSize + 2) * ratio, (height + 2) * ratio)
            .toAlignedRect();
    if (m_marksLayer.size() != device.size()) {
        m_marksLayer = QImage(device.size(), QImage::Format_ARGB32_Premultiplied);
    }
    m_marksLayer.setDevicePixelRatio(ratio);
    m_marksOrigin = QPointF(device.left() / ratio, device.top() / ratio);
    m_marksKey = {m_snapshot->realized,
                  m_geometry.visibleLow(),
                  m_geometry.visibleHigh(),
                  area.left,
                  area.width,
                  bottom,
                  m_palette.longColour.rgba(),
                  m_palette.shortColour.rgba(),
                  ratio};
    if (m_marksLayer.isNull()) {
        return;  // out of memory: no marks rather than a crash
    }
    m_marksLayer.fill(Qt::transparent);
    QPainter painter(&m_marksLayer);
    painter.translate(-m_marksOrigin);
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(Qt::NoPen);
    for (const RealizedMark& mark : m_snapshot->realized) {
        if (mark.price < m_geometry.visibleLow() || mark.price > m_geometry.visibleHigh()) {
            continue;
        }
        const double x = m_geometry.xOfPrice(mark.price);
        // Upward triangles standing on the price axis, in the side's colour.
        const std::array<QPointF, 3> triangle{QPointF(x - kRealizedMarkSize, bottom),
                                              QPointF(x + kRealizedMarkSize, bottom),
                                              QPointF(x, bottom - height)};
        painter.setBrush(mark.side == core::Side::Long ? m_palette.longColour
                                                       : m_palette.shortColour);
        painter.drawPolygon(triangle.data(), static_cast<int>(triangle.size()));
    }
}

void LiquidationMapWidget::paintAxes(QPainter& painter) const {
    const PlotArea& area = m_geometry.area();
    const QFontMetricsF metrics(font());
    const double right = area.left + area.width;
    const double bottom = area.top + area.height;
    painter.setRenderHint(QPainter::Antialiasing, false);
    chart::drawFrame(painter, QRectF(area.left, area.top, area.width, area.height), m_palette.axis);

    // Price ticks: a nice step that leaves room for the widest label.
    const QFont& labelFont = font();
    const QString widest = priceText(m_geometry.visibleHigh(), m_priceDecimals);
    const double labelWidth = m_texts->width(labelFont, widest) + kPriceLabelGap;
    const double span = m_geometry.visibleHigh() - m_geometry.visibleLow();
    const double priceStep = niceStep(span / std::max(1.0, area.width / labelWidth));
    const int priceDecimals = decimalsForStep(priceStep);
    painter.setPen(m_palette.text);
    for (double tick = std::ceil(m_geometry.visibleLow() / priceStep) * priceStep;
         tick <= m_geometry.visibleHigh(); tick += priceStep) {
        const double x = std::round(m_geometry.xOfPrice(tick));
        painter.setPen(QPen(m_palette.axis, 0));
        painter.drawLine(QLineF(x, bottom, x, bottom + 4));
        const QString text = priceText(tick, priceDecimals);
        const double w = m_texts->width(labelFont, text);
        painter.setPen(m_palette.text);
        m_texts->draw(
            painter,
            QPointF(std::clamp(x - w / 2, 0.0, width() - w), bottom + 4 + metrics.ascent()), text);
    }

    // Notional on the left, cumulative notional on the right, both in K/M/B.
    const double ticks = std::max(1.0, area.height / kNotionalTickSpacing);
    const double step = niceStep(m_geometry.notionalMax() / ticks);
    for (double value = 0; value <= m_geometry.notionalMax(); value += step) {
        const double y = m_geometry.yOfNotional(value);
        const QString text = compact(value);
        m_texts->draw(painter,
                      QPointF(area.left - 6 - m_texts->width(labelFont, text),
                              std::max(metrics.ascent(), y + metrics.ascent() / 2 - 1)),
                      text);
    }
    const ChartGeometry cumulative = m_geometry.withNotionalMax(m_cumulativeMax);
    const double cumulativeStep = niceStep(m_cumulativeMax / ticks);
    painter.setPen(m_palette.mutedText);
    for (double value = 0; value <= m_cumulativeMax; value += cumulativeStep) {
        const double y = cumulative.yOfNotional(value);
        m_texts->draw(painter,
                      QPointF(right + 6, std::max(metrics.ascent(), y + metrics.ascent() / 2 - 1)),
                      compact(value));
    }
}

void LiquidationMapWidget::paintLegend(QPainter& painter) const {
    const core::LiquidationMap& m = *map();
    const QFont& labelFont = font();
    const QFontMetricsF metrics(labelFont);
    const double rowTop = 4;
    const double baseline = rowTop + metrics.ascent();
    const double swatch = metrics.ascent() - 2;
    const double swatchTop = rowTop + (metrics.ascent() - swatch) / 2 + 1;
    const QString note = QStringLiteral("estimated, not a prediction");
    const double noteWidth = m_texts->width(labelFont, note);
    const double available = width() - 8;

    // Long / short first, then one two-tone swatch per tier; the tiers go first when the row is
    // too narrow, then the note is elided.
    const std::array<QString, 2> sides{QStringLiteral("Long"), QStringLiteral("Short")};
    double sidesWidth = 0;
    for (const QString& side : sides) {
        sidesWidth += swatch + 4 + m_texts->width(labelFont, side) + 12;
    }
    double tiersWidth = 0;
    for (std::size_t tier = 0; tier < m.tierCount(); ++tier) {
        tiersWidth += swatch + 4 + m_texts->width(labelFont, leverageText(m.leverages()[tier])) + 8;
    }
    const QString curves = QStringLiteral("cumulative (right axis)");
    const double curvesWidth = 2 * swatch + 4 + m_texts->width(labelFont, curves) + 8;
    const bool showTiers = sidesWidth + tiersWidth + noteWidth + 8 <= available;
    const bool showCurves = sidesWidth + tiersWidth + curvesWidth + noteWidth + 8 <= available;

    painter.setRenderHint(QPainter::Antialiasing, false);
    double x = 8;
    const std::array<QColor, 2> colours{m_palette.longColour, m_palette.shortColour};
    for (std::size_t i = 0; i < sides.size(); ++i) {
        painter.fillRect(QRectF(x, swatchTop, swatch, swatch), colours[i]);
        x += swatch + 4;
        painter.setPen(m_palette.text);
        m_texts->draw(painter, QPointF(x, baseline), sides[i]);
        x += m_texts->width(labelFont, sides[i]) + 12;
    }
    if (showTiers) {
        for (std::size_t tier = 0; tier < m.tierCount(); ++tier) {
            const bool hidden = isHidden(m.leverages()[tier]);
            if (hidden) {
                painter.setPen(QPen(m_palette.mutedText, 0));
                painter.drawRect(QRectF(x, swatchTop, swatch - 1, swatch - 1));
            } else {
                painter.fillRect(QRectF(x, swatchTop, swatch / 2, swatch), m_longShades[tier]);
                painter.fillRect(QRectF(x + swatch / 2, swatchTop, swatch / 2, swatch),
                                 m_shortShades[tier]);
            }
            x += swatch + 4;
            const QString text = leverageText(m.leverages()[tier]);
            const double textWidth = m_texts->width(labelFont, text);
            painter.setPen(m_palette.mutedText);
            m_texts->draw(painter, QPointF(x, baseline), text);
            if (hidden) {  // struck out: the tier is left out of the bars
                const double middle = baseline - metrics.xHeight() / 2;
                painter.drawLine(QLineF(x, middle, x + textWidth, middle));
            }
            x += textWidth + 8;
        }
    }
    if (showCurves) {
        const double middle = swatchTop + swatch / 2;
        painter.setPen(QPen(m_palette.longColour, 2));
        painter.drawLine(QLineF(x, middle, x + swatch, middle));
        painter.setPen(QPen(m_palette.shortColour, 2));
        painter.drawLine(QLineF(x + swatch, middle, x + 2 * swatch, middle));
        x += 2 * swatch + 4;
        painter.setPen(m_palette.mutedText);
        m_texts->draw(painter, QPointF(x, baseline), curves);
        x += m_texts->width(labelFont, curves) + 8;
    }
    const double room = std::max(0.0, width() - 8 - x);
    // Laid out only when it does not fit (then it changes with the width anyway).
    const QString shown = noteWidth <= room ? note : metrics.elidedText(note, Qt::ElideRight, room);
    painter.setPen(m_palette.mutedText);
    m_texts->draw(painter, QPointF(width() - 8 - m_texts->width(labelFont, shown), baseline),
                  shown);

    // A feed that is not live says so over the plot's top right corner.
    const QString badge = badgeText(*m_snapshot);
    if (!badge.isEmpty()) {
        const PlotArea& area = m_geometry.area();
        const QString text = metrics.elidedText(badge, Qt::ElideRight, area.width - 16);
        const double w = m_texts->width(labelFont, text) + 10;
        const QRectF box(area.left + area.width - w - 4, area.top + metrics.height() + 8, w,
                         metrics.height() + 4);
        painter.fillRect(box, m_palette.tooltipBackground);
        painter.setPen(m_snapshot->state == FeedState::Error ? m_palette.longColour
                                                             : m_palette.text);
        painter.drawText(box, Qt::AlignCenter, text);
    }
}

void LiquidationMapWidget::paintCrosshair(QPainter& painter) const {
    if (!m_mouse || m_dragLastX) {
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
    QPen pen(m_palette.crosshair, 0, Qt::DotLine);
    painter.setPen(pen);
    painter.drawLine(QLineF(x, area.top, x, area.top + area.height));
    painter.drawLine(QLineF(area.left, y, area.left + area.width, y));

    // The values under the cursor on both axes.
    const QFontMetricsF metrics(font());
    const QString price = priceText(m_geometry.priceAtX(x), m_priceDecimals);
    const double priceWidth = metrics.horizontalAdvance(price) + 8;
    const QRectF priceBox(std::clamp(x - priceWidth / 2, 0.0, width() - priceWidth),
                          area.top + area.height + 1, priceWidth, metrics.height() + 2);
    painter.fillRect(priceBox, m_palette.crosshair);
    painter.setPen(m_palette.background);
    painter.drawText(priceBox, Qt::AlignCenter, price);
    const QString notional = compact(std::max(0.0, m_geometry.notionalAtY(y)));
    const double notionalWidth = metrics.horizontalAdvance(notional) + 8;
    const QRectF notionalBox(std::max(0.0, area.left - notionalWidth - 1),
                             y - metrics.height() / 2 - 1, notionalWidth, metrics.height() + 2);
    painter.fillRect(notionalBox, m_palette.crosshair);
    painter.drawText(notionalBox, Qt::AlignCenter, notional);
    painter.restore();
}

void LiquidationMapWidget::paintTooltip(QPainter& painter) const {
    const bool hovering = m_hoveredBin.has_value() && m_mouse.has_value();
    const std::optional<std::size_t> bin = hovering ? m_hoveredBin : m_focusedBin;
    if (!bin || m_dragLastX) {
        return;
    }
    // Beside the cursor, or beside the focused bar's top.
    QPointF anchor;
    if (hovering) {
        anchor = *m_mouse;
    } else {
        const core::LiquidationMap& m = *map();
        anchor = QPointF(m_geometry.xOfPrice((m.binLow(*bin) + m.binHigh(*bin)) / 2),
                         m_geometry.yOfNotional(m_binPeak[*bin]));
    }
    chart::paintTooltipBox(painter, tooltipText(*bin).split(QLatin1Char('\n')), anchor,
                           QRectF(rect()), font(), m_palette, m_texts.get());
}

}  // namespace liqmap::gui
