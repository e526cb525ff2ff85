#include "chart_drawing.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPen>
#include <QTransform>
#include <algorithm>  // std::clamp, std::max, std::min
#include <cmath>      // std::abs, std::ceil, std::floor, std::isfinite, std::log10, std::pow,
                      // std::round

#include "liqmap/core/number_text.h"

namespace liqmap::gui::chart {

namespace {

constexpr double kTooltipPadding = 7;
constexpr double kTooltipOffset = 16;

}  // namespace

QString compact(double notional) { return fromStd(core::formatCompactNotional(notional)); }

double niceStep(double rough) {
    if (!(rough > 0) || !std::isfinite(rough)) {
        return 1;
    }
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    const double fraction = rough / magnitude;
    const double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
    return nice * magnitude;
}

QString leverageText(double leverage) {
    return fromStd(core::formatNumber(leverage)) + QLatin1Char('x');
}

int decimalsForBinWidth(double binWidth) {
    if (!(binWidth > 0) || !std::isfinite(binWidth)) {
        return 2;
    }
    return std::clamp(static_cast<int>(std::ceil(-std::log10(binWidth))) + 1, 0, 8);
}

int decimalsForStep(double step) {
    return std::clamp(static_cast<int>(-std::floor(std::log10(step) + 1e-9)), 0, 10);
}

QString percentText(double percent) {
    const QString magnitude = QString::number(std::abs(percent), 'f', 2);
    if (percent < 0 && magnitude != QStringLiteral("0.00")) {
        return kMinus + magnitude + QStringLiteral(" %");
    }
    return QStringLiteral("+") + magnitude + QStringLiteral(" %");
}

QString badgeText(const MapSnapshot& snapshot) {
    const QString message = fromStd(snapshot.message);
    switch (snapshot.state) {
        case FeedState::Live:
            return {};
        case FeedState::Stale:
            return message.isEmpty() ? QStringLiteral("Feed stale: showing the last map") : message;
        case FeedState::Error:
            return message.isEmpty() ? QStringLiteral("Feed error: showing the last map") : message;
        case FeedState::Connecting:
            return message.isEmpty() ? QStringLiteral("Reconnecting") + kEllipsis : message;
        case FeedState::LoadingHistory: {
            const QString base =
                message.isEmpty() ? QStringLiteral("Loading history") + kEllipsis : message;
            if (!(snapshot.progress > 0)) {
                return base;  // how far is not known (REST pages arrive until the history ends)
            }
            const int percent =
                static_cast<int>(std::round(std::clamp(snapshot.progress, 0.0, 1.0) * 100));
            return base + QLatin1Char(' ') + QString::number(percent) + QStringLiteral(" %");
        }
    }
    return {};
}

TextCache::Entry& TextCache::entry(const QFont& font, const QString& text) {
    if (!m_hasFont || !(font == m_font)) {
        m_entries.clear();
        m_font = font;
        m_hasFont = true;
        m_ascent = QFontMetricsF(font).ascent();
    }
    Entry& found = m_entries[text];
    found.used = true;
    return found;
}

double TextCache::width(const QFont& font, const QString& text) {
    Entry& found = entry(font, text);
    if (found.width < 0) {
        found.width = QFontMetricsF(font).horizontalAdvance(text);
    }
    return found.width;
}

void TextCache::draw(QPainter& painter, QPointF baseline, const QString& text) {
    Entry& found = entry(painter.font(), text);
    if (!found.laidOut) {
        found.layout.setText(text);
        found.layout.setTextFormat(Qt::PlainText);  // never read "<b>" in a symbol as markup
        found.laidOut = true;
    }
    // A static text is placed by its top left corner, drawText by the baseline.
    painter.drawStaticText(QPointF(baseline.x(), baseline.y() - m_ascent), found.layout);
}

void TextCache::endPaint() {
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->used) {
            it->used = false;
            ++it;
        } else {
            it = m_entries.erase(it);
        }
    }
}

void fillRectInBands(QPainter& painter, const QRectF& rect, const QColor& colour) {
    constexpr int kBandRows = 64;
    const QTransform& toDevice = painter.deviceTransform();
    // Qt fills whole device rows, from the rounded top edge to the rounded bottom edge.
    const double deviceTop = rect.top() * toDevice.m22() + toDevice.dy();
    const double deviceBottom = rect.bottom() * toDevice.m22() + toDevice.dy();
    const int firstRow = qRound(deviceTop);
    const int endRow = qRound(deviceBottom);
    if (colour.alpha() == 255 || toDevice.type() > QTransform::TxScale || !(rect.height() > 0) ||
        endRow - firstRow <= kBandRows) {
        painter.fillRect(rect, colour);
        return;
    }
    // Band edges on whole device rows, so every row is filled exactly once.
    double top = rect.top();
    for (int row = firstRow + kBandRows; top < rect.bottom(); row += kBandRows) {
        const double bottom =
            row >= endRow ? rect.bottom() : (row - toDevice.dy()) / toDevice.m22();
        painter.fillRect(QRectF(rect.left(), top, rect.width(), bottom - top), colour);
        top = bottom;
    }
}

void drawFrame(QPainter& painter, const QRectF& rect, const QColor& colour) {
    const QTransform& toDevice = painter.deviceTransform();
    const bool wholePixels = toDevice.type() <= QTransform::TxTranslate &&
                             toDevice.dx() == std::floor(toDevice.dx()) &&
                             toDevice.dy() == std::floor(toDevice.dy());
    // The stroker puts a one-pixel line at x on column floor(x) (checked against drawRect on
    // thousands of rectangles, in the tests too); a frame under two pixels wide or high draws
    // over itself, so it is left to drawRect, as is anything scaled or antialiased.
    if (!wholePixels || painter.testRenderHint(QPainter::Antialiasing) || !(rect.width() >= 2) ||
        !(rect.height() >= 2)) {
        painter.save();
        painter.setPen(QPen(colour, 0));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(rect);
        painter.restore();
        return;
    }
    const auto left = static_cast<int>(std::floor(rect.left()));
    const auto right = static_cast<int>(std::floor(rect.right()));
    const auto top = static_cast<int>(std::floor(rect.top()));
    const auto bottom = static_cast<int>(std::floor(rect.bottom()));
    painter.fillRect(QRect(left, top, right - left + 1, 1), colour);
    painter.fillRect(QRect(left, bottom, right - left + 1, 1), colour);
    painter.fillRect(QRect(left, top + 1, 1, bottom - top - 1), colour);
    painter.fillRect(QRect(right, top + 1, 1, bottom - top - 1), colour);
}

void paintStateMessage(QPainter& painter, const QRectF& area, const QFont& font,
                       const ChartPalette& palette, const MapSnapshot* snapshot,
                       const QString& text) {
    QFont big = font;
    big.setPointSizeF(big.pointSizeF() * 1.25);
    painter.setFont(big);
    const bool isError = snapshot != nullptr && snapshot->state == FeedState::Error;
    painter.setPen(isError ? palette.longColour : palette.text);
    const QRectF box = area.adjusted(12, 12, -12, -12);
    painter.drawText(box, Qt::AlignCenter | Qt::TextWordWrap, text);
    if (snapshot != nullptr && snapshot->state == FeedState::LoadingHistory &&
        snapshot->progress > 0) {
        const double barWidth = std::min(240.0, box.width());
        const QRectF bar(area.left() + (area.width() - barWidth) / 2,
                         area.top() + area.height() / 2 + QFontMetricsF(big).height(), barWidth, 6);
        painter.fillRect(bar, palette.grid);
        painter.fillRect(QRectF(bar.left(), bar.top(),
                                barWidth * std::clamp(snapshot->progress, 0.0, 1.0), bar.height()),
                         palette.text);
    }
    painter.setFont(font);
}

void paintTooltipBox(QPainter& painter, const QStringList& lines, QPointF anchor,
                     const QRectF& bounds, const QFont& font, const ChartPalette& palette,
                     TextCache* texts) {
    const QFontMetricsF metrics(font);
    double textWidth = 0;
    for (const QString& line : lines) {
        textWidth = std::max(textWidth, texts != nullptr ? texts->width(font, line)
                                                         : metrics.horizontalAdvance(line));
    }
    const double boxWidth = textWidth + 2 * kTooltipPadding;
    const double boxHeight =
        static_cast<double>(lines.size()) * metrics.lineSpacing() + 2 * kTooltipPadding;
    double left = anchor.x() + kTooltipOffset;
    if (left + boxWidth > bounds.right()) {
        left = anchor.x() - kTooltipOffset - boxWidth;
    }
    left = std::clamp(left, bounds.left(), std::max(bounds.left(), bounds.right() - boxWidth));
    const double top = std::clamp(anchor.y() + kTooltipOffset - boxHeight / 2, bounds.top(),
                                  std::max(bounds.top(), bounds.bottom() - boxHeight));
    const QRectF box(left, top, boxWidth, boxHeight);

    painter.save();
    painter.setFont(font);
    painter.setRenderHint(QPainter::Antialiasing, false);
    // The fill, then the frame over its edge (what drawRect with a brush does).
    fillRectInBands(painter, box, palette.tooltipBackground);
    drawFrame(painter, box, palette.tooltipBorder);
    double baseline = top + kTooltipPadding + metrics.ascent();
    for (const QString& line : lines) {
        // The side lines in their side's colour, everything else in the text colour.
        QColor colour = palette.text;
        if (line.startsWith(QStringLiteral("Long "))) {
            colour = palette.longColour;
        } else if (line.startsWith(QStringLiteral("Short "))) {
            colour = palette.shortColour;
        }
        painter.setPen(colour);
        if (texts != nullptr) {
            texts->draw(painter, QPointF(left + kTooltipPadding, baseline), line);
        } else {
            painter.drawText(QPointF(left + kTooltipPadding, baseline), line);
        }
        baseline += metrics.lineSpacing();
    }
    painter.restore();
}

}  // namespace liqmap::gui::chart
