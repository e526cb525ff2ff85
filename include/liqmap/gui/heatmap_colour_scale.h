#pragma once

#include <QColor>
#include <QRgb>
#include <array>   // std::array
#include <vector>  // std::vector

namespace liqmap::gui {

/// A perceptual sequential colour scale for the heatmap: dark for nothing, bright for the most.
///
/// Colours are interpolated in OkLab (Björn Ottosson's perceptual space, where equal steps look
/// about equally different) between anchor colours; the default anchors are the published
/// viridis samples, whose lightness rises steadily, so lightness reads as "more" on any display
/// and in grey scale, and red-green colour blindness loses nothing.
///
/// Notional maps to a position in [0, 1] by a square root of notional / scale maximum: a
/// cluster of 1 % of the largest cell still reaches 10 % of the scale (visible above the empty
/// colour) instead of 1 % (indistinguishable from nothing), while zero stays exactly at the
/// bottom and the order of cells is kept. A logarithm would compress even more, but needs an
/// arbitrary floor below which everything looks empty and would make dust as loud as clusters.
class HeatmapColourScale {
public:
    /// A colour in OkLab: L is perceived lightness, 0 (black) to 1 (white).
    struct OkLab {
        double L = 0;
        double a = 0;
        double b = 0;
    };

    /// Entries of the lookup table rgbAt() reads: finer than the eye tells apart.
    static constexpr int kTableSize = 256;

    /// Viridis.
    HeatmapColourScale();
    /// Evenly spaced `anchors` from position 0 to 1. Throws std::invalid_argument for fewer
    /// than two anchors or an invalid colour.
    explicit HeatmapColourScale(std::vector<QColor> anchors);

    const std::vector<QColor>& anchors() const { return m_anchors; }

    /// The colour at `position` (clamped into [0, 1]; NaN gives the bottom), interpolated
    /// exactly in OkLab.
    QColor colourAt(double position) const;
    /// The same from a table of kTableSize entries (for painting many cells quickly).
    QRgb rgbAt(double position) const;
    /// The table itself: entry i is position i / (kTableSize − 1), each lighter than the last.
    const std::array<QRgb, kTableSize>& table() const { return m_table; }

    /// Where `notional` lies on the scale: sqrt(notional / scaleMax) clamped into [0, 1]; 0 for
    /// a notional that is not positive and finite or a scale maximum that is not.
    static double positionOf(double notional, double scaleMax);
    /// The notional at `position` (the inverse of positionOf, for legend ticks).
    static double notionalAt(double position, double scaleMax);

    /// sRGB (gamma-encoded, as QColor holds it) to OkLab.
    static OkLab okLabOf(const QColor& colour);
    /// OkLab to sRGB, each channel clamped into the displayable range.
    static QColor colourOf(const OkLab& lab);

private:
    std::vector<QColor> m_anchors;
    std::vector<OkLab> m_labAnchors;
    std::array<QRgb, kTableSize> m_table{};
};

}  // namespace liqmap::gui
