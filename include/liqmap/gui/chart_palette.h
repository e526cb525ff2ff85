#pragma once

#include <QColor>
#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint8_t

namespace liqmap::gui {

/// Background family of the chart.
enum class ChartTheme : std::uint8_t { Dark, Light };

/// Which pair of hues tells longs from shorts.
enum class SideColours : std::uint8_t {
    RedGreen,    ///< longs red, shorts green (the traders' convention)
    OrangeBlue,  ///< longs orange, shorts blue: readable with red-green colour blindness
};

/// Every colour the liquidation chart paints with. A plain value: build one with make(), hand it
/// to the widget, replace it to switch theme.
///
/// Leverage tiers are shades of their side's hue: tier 0 (the lowest leverage) is the lightest,
/// each higher tier darker, so the high-leverage part of a stacked bar — the part liquidated
/// first as price moves — reads as the dense core at the top.
struct ChartPalette {
    ChartTheme theme = ChartTheme::Dark;
    SideColours sides = SideColours::RedGreen;

    QColor background;         ///< the whole widget
    QColor plotBackground;     ///< inside the axes
    QColor grid;               ///< tick lines across the plot
    QColor axis;               ///< the plot's frame and tick marks
    QColor text;               ///< labels, legend, messages
    QColor mutedText;          ///< secondary labels (cumulative axis, hints)
    QColor priceLine;          ///< the dashed current-price line and its label frame
    QColor priceLabelText;     ///< text inside the current-price label
    QColor crosshair;          ///< hover crosshair
    QColor highlight;          ///< translucent column behind the hovered or focused bin
    QColor tooltipBackground;  ///< the painted tooltip box
    QColor tooltipBorder;
    QColor longColour;   ///< the long side's hue at full strength: legend, curve, realized marks
    QColor shortColour;  ///< the short side's

    /// The palette for a theme and a side-colour pair (dark and red/green by default).
    static ChartPalette make(ChartTheme theme = ChartTheme::Dark,
                             SideColours sides = SideColours::RedGreen);

    /// Shade of leverage tier `tier` of `tierCount` for long bars: tier 0 lightest, the last
    /// tier darkest. A single tier gets the middle shade; tier ≥ tierCount the darkest.
    QColor longTier(std::size_t tier, std::size_t tierCount) const;
    /// The same for short bars.
    QColor shortTier(std::size_t tier, std::size_t tierCount) const;
};

}  // namespace liqmap::gui
