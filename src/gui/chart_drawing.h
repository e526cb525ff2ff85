#pragma once

// What the liquidation map and the heatmap draw alike: number and state texts, the message
// drawn instead of a chart, and the painted tooltip box. Private to liqmap_gui.

#include <QChar>
#include <QFont>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <string>  // std::string

#include "liqmap/gui/chart_palette.h"
#include "liqmap/gui/map_snapshot.h"

class QPainter;

namespace liqmap::gui::chart {

inline constexpr QChar kMinus(0x2212);
inline constexpr QChar kEllipsis(0x2026);
inline constexpr QChar kEnDash(0x2013);

inline QString fromStd(const std::string& text) { return QString::fromStdString(text); }
/// K/M/B notional, as everywhere in liqmap (core::formatCompactNotional).
QString compact(double notional);
inline QString priceText(double price, int decimals) {
    return QString::number(price, 'f', decimals);
}
/// 1, 2 or 5 times a power of ten, at least `rough`; 1 for anything not positive and finite.
double niceStep(double rough);
/// Decimals that show a step of `step` without trailing noise.
int decimalsForStep(double step);
/// "25x", "7.5x": a leverage as the legend, tooltips, menus and the mix editor write it.
QString leverageText(double leverage);
/// Decimals that tell neighbouring price bins of `binWidth` apart, plus one (0 to 8); 2 for a
/// width that is not positive and finite.
int decimalsForBinWidth(double binWidth);
/// "+4.50 %", "−4.50 %" (a real minus sign), "+0.00 %".
QString percentText(double percent);
/// What a chart with data says about its feed when it is not live ("Feed stale: showing the
/// last map", the error, "Loading history… 42 %"); empty when live.
QString badgeText(const MapSnapshot& snapshot);

/// The chart's message instead of data, centred in `area` and larger than the labels; an error
/// in the long colour; while history loads and its progress is known, a progress bar under it.
void paintStateMessage(QPainter& painter, const QRectF& area, const QFont& font,
                       const ChartPalette& palette, const MapSnapshot* snapshot,
                       const QString& text);

/// A tooltip box of `lines` beside `anchor` (to its right, or its left near the right edge),
/// kept inside a widget of `bounds`; lines starting "Long " and "Short " in the side colours.
void paintTooltipBox(QPainter& painter, const QStringList& lines, QPointF anchor,
                     const QRectF& bounds, const QFont& font, const ChartPalette& palette);

}  // namespace liqmap::gui::chart
