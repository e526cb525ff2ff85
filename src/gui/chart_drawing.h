#pragma once

// What the liquidation map and the heatmap draw alike: number and state texts, the message
// drawn instead of a chart, and the painted tooltip box. Private to liqmap_gui.

#include <QChar>
#include <QFont>
#include <QHash>
#include <QPointF>
#include <QRectF>
#include <QStaticText>
#include <QString>
#include <QStringList>
#include <cstddef>  // std::size_t
#include <string>   // std::string

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

/// std::lround to int, inline (the map's bars round thousands of edges a paint, and lround is a
/// libm call): halves away from zero, exactly as lround. NaN and values beyond ±1e9 (far off
/// anything painted) give ±1e9.
inline int roundToInt(double value) {
    constexpr double kLimit = 1e9;
    if (!(value > -kLimit && value < kLimit)) {
        return value > 0 ? static_cast<int>(kLimit) : -static_cast<int>(kLimit);
    }
    const auto whole = static_cast<int>(value);  // towards zero
    const double rest = value - whole;           // exact: `whole` is `value` truncated
    return rest >= 0.5 ? whole + 1 : rest <= -0.5 ? whole - 1 : whole;
}

/// Plain texts laid out once and then drawn from that layout (QStaticText) for as long as each
/// keeps being drawn: shaping a short label costs more than drawing its glyphs, and a chart's
/// axis labels and legend mostly stay the same from one paint to the next. At a device pixel
/// ratio of 1 it draws exactly the pixels QPainter::drawText(QPointF, QString) draws; at other
/// ratios a glyph of a long line may land one device pixel apart.
class TextCache {
public:
    /// The advance of `text` in `font`, as QFontMetricsF::horizontalAdvance gives it.
    double width(const QFont& font, const QString& text);
    /// Draws `text` with its baseline starting at `baseline`, in the painter's font and pen.
    void draw(QPainter& painter, QPointF baseline, const QString& text);
    /// Ends a paint: drops the texts neither drawn nor measured since the previous call, so the
    /// cache holds what the last paint showed and no more.
    void endPaint();
    /// How many texts are held.
    std::size_t size() const { return static_cast<std::size_t>(m_entries.size()); }

private:
    struct Entry {
        QStaticText layout;
        bool laidOut = false;
        double width = -1;  // not measured yet
        bool used = false;
    };
    Entry& entry(const QFont& font, const QString& text);

    QHash<QString, Entry> m_entries;
    QFont m_font;  // the entries' font: another one empties the cache
    bool m_hasFont = false;
    double m_ascent = 0;  // of m_font
};

/// Fills `rect` with `colour` as QPainter::fillRect does (the same pixels), but a translucent
/// colour in bands of at most 64 device rows: Qt 6.4 hands a translucent fill of 96 rows or
/// more to its thread pool in pieces of about 64 rows (measured: ~9 futex calls per fill, none
/// below 96 rows), whose hand-over costs far more than blending a narrow column, and on a busy
/// machine the paint then waits until those threads get a core.
void fillRectInBands(QPainter& painter, const QRectF& rect, const QColor& colour);

/// Draws the outline QPainter::drawRect draws for `rect` with a cosmetic (0-width) pen of
/// `colour` and no antialiasing (the same pixels). When the painter maps widget pixels 1:1 onto
/// device pixels, as four filled rectangles: the cosmetic stroker writes such a line pixel by
/// pixel, about a hundred instructions each (0.66 M instructions a paint for the plot's frame).
void drawFrame(QPainter& painter, const QRectF& rect, const QColor& colour);

/// The chart's message instead of data, centred in `area` and larger than the labels; an error
/// in the long colour; while history loads and its progress is known, a progress bar under it.
void paintStateMessage(QPainter& painter, const QRectF& area, const QFont& font,
                       const ChartPalette& palette, const MapSnapshot* snapshot,
                       const QString& text);

/// A tooltip box of `lines` beside `anchor` (to its right, or its left near the right edge),
/// kept inside a widget of `bounds`; lines starting "Long " and "Short " in the side colours.
/// With `texts`, the lines are measured and drawn through that cache.
void paintTooltipBox(QPainter& painter, const QStringList& lines, QPointF anchor,
                     const QRectF& bounds, const QFont& font, const ChartPalette& palette,
                     TextCache* texts = nullptr);

}  // namespace liqmap::gui::chart
