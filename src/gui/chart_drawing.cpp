#include "chart_drawing.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPen>
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
                     const QRectF& bounds, const QFont& font, const ChartPalette& palette) {
    const QFontMetricsF metrics(font);
    double textWidth = 0;
    for (const QString& line : lines) {
        textWidth = std::max(textWidth, metrics.horizontalAdvance(line));
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
    painter.setPen(QPen(palette.tooltipBorder, 0));
    painter.setBrush(palette.tooltipBackground);
    painter.drawRect(box);
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
        painter.drawText(QPointF(left + kTooltipPadding, baseline), line);
        baseline += metrics.lineSpacing();
    }
    painter.restore();
}

}  // namespace liqmap::gui::chart
