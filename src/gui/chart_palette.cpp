#include "liqmap/gui/chart_palette.h"

#include <algorithm>  // std::min

namespace liqmap::gui {

namespace {

// Hues in degrees. The red/green pair is what traders expect; orange/blue stays apart for the
// common red-green deficiencies.
constexpr double kRedHue = 0;
constexpr double kGreenHue = 140;
constexpr double kOrangeHue = 28;
constexpr double kBlueHue = 212;
constexpr double kSaturation = 0.72;
// Lightness from tier 0 to the last tier. Both ends stay far enough from the background that
// every tier reads as its hue on either theme.
constexpr double kLightestTier = 0.78;
constexpr double kDarkestTier = 0.36;

QColor shade(double hue, double lightness) {
    return QColor::fromHslF(static_cast<float>(hue / 360), static_cast<float>(kSaturation),
                            static_cast<float>(lightness));
}

QColor tierShade(double hue, std::size_t tier, std::size_t tierCount) {
    if (tierCount <= 1) {
        return shade(hue, (kLightestTier + kDarkestTier) / 2);
    }
    const double step =
        static_cast<double>(std::min(tier, tierCount - 1)) / static_cast<double>(tierCount - 1);
    return shade(hue, kLightestTier + step * (kDarkestTier - kLightestTier));
}

double longHue(SideColours sides) { return sides == SideColours::RedGreen ? kRedHue : kOrangeHue; }

double shortHue(SideColours sides) { return sides == SideColours::RedGreen ? kGreenHue : kBlueHue; }

}  // namespace

ChartPalette ChartPalette::make(ChartTheme theme, SideColours sides) {
    ChartPalette palette;
    palette.theme = theme;
    palette.sides = sides;
    if (theme == ChartTheme::Dark) {
        palette.background = QColor(0x13, 0x16, 0x1b);
        palette.plotBackground = QColor(0x17, 0x1b, 0x21);
        palette.grid = QColor(0x26, 0x2c, 0x35);
        palette.axis = QColor(0x4a, 0x52, 0x5e);
        palette.text = QColor(0xd0, 0xd4, 0xdb);
        palette.mutedText = QColor(0x8c, 0x93, 0x9e);
        palette.priceLine = QColor(0xf0, 0xf0, 0xf0);
        palette.priceLabelText = QColor(0x13, 0x16, 0x1b);
        palette.crosshair = QColor(0xa0, 0xa7, 0xb2);
        palette.highlight = QColor(255, 255, 255, 30);
        palette.tooltipBackground = QColor(0x22, 0x28, 0x31, 245);
        palette.tooltipBorder = QColor(0x5a, 0x63, 0x72);
        palette.longColour = shade(longHue(sides), 0.58);
        palette.shortColour = shade(shortHue(sides), 0.52);
    } else {
        palette.background = QColor(0xff, 0xff, 0xff);
        palette.plotBackground = QColor(0xfa, 0xfb, 0xfc);
        palette.grid = QColor(0xe4, 0xe7, 0xeb);
        palette.axis = QColor(0xa8, 0xae, 0xb8);
        palette.text = QColor(0x1f, 0x24, 0x2b);
        palette.mutedText = QColor(0x66, 0x6e, 0x7a);
        palette.priceLine = QColor(0x2a, 0x30, 0x3a);
        palette.priceLabelText = QColor(0xff, 0xff, 0xff);
        palette.crosshair = QColor(0x6e, 0x76, 0x82);
        palette.highlight = QColor(0, 0, 0, 22);
        palette.tooltipBackground = QColor(0xff, 0xff, 0xff, 245);
        palette.tooltipBorder = QColor(0xb4, 0xba, 0xc4);
        palette.longColour = shade(longHue(sides), 0.46);
        palette.shortColour = shade(shortHue(sides), 0.38);
    }
    return palette;
}

QColor ChartPalette::longTier(std::size_t tier, std::size_t tierCount) const {
    return tierShade(longHue(sides), tier, tierCount);
}

QColor ChartPalette::shortTier(std::size_t tier, std::size_t tierCount) const {
    return tierShade(shortHue(sides), tier, tierCount);
}

}  // namespace liqmap::gui
