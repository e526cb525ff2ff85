#include "liqmap/gui/chart_palette.h"

#include <gtest/gtest.h>

#include <QColor>
#include <cstddef>  // std::size_t

namespace liqmap::gui {
namespace {

bool redFamily(const QColor& c) { return c.red() > c.green() + 40 && c.red() > c.blue() + 40; }
bool greenFamily(const QColor& c) { return c.green() > c.red() + 40 && c.green() > c.blue() + 40; }

TEST(ChartPalette, LongTiersAreRedAndShortTiersGreenFromLightestToDarkest) {
    for (const ChartTheme theme : {ChartTheme::Dark, ChartTheme::Light}) {
        const ChartPalette palette = ChartPalette::make(theme);
        constexpr std::size_t kTiers = 5;
        for (std::size_t tier = 0; tier < kTiers; ++tier) {
            EXPECT_TRUE(redFamily(palette.longTier(tier, kTiers))) << tier;
            EXPECT_TRUE(greenFamily(palette.shortTier(tier, kTiers))) << tier;
            if (tier > 0) {
                EXPECT_LT(palette.longTier(tier, kTiers).lightness(),
                          palette.longTier(tier - 1, kTiers).lightness());
                EXPECT_LT(palette.shortTier(tier, kTiers).lightness(),
                          palette.shortTier(tier - 1, kTiers).lightness());
            }
        }
        EXPECT_TRUE(redFamily(palette.longColour));
        EXPECT_TRUE(greenFamily(palette.shortColour));
    }
}

TEST(ChartPalette, ColourBlindVariantUsesOrangeAndBlueInsteadOfRedAndGreen) {
    const ChartPalette palette = ChartPalette::make(ChartTheme::Dark, SideColours::OrangeBlue);
    for (std::size_t tier = 0; tier < 3; ++tier) {
        const QColor orange = palette.longTier(tier, 3);
        const QColor blue = palette.shortTier(tier, 3);
        EXPECT_GT(orange.red(), orange.green()) << tier;
        EXPECT_GT(orange.green(), orange.blue()) << tier;
        EXPECT_GT(blue.blue(), blue.green()) << tier;
        EXPECT_GT(blue.green(), blue.red()) << tier;
        EXPECT_FALSE(greenFamily(blue)) << tier;
    }
}

TEST(ChartPalette, OneTierGetsTheMiddleShadeAndTiersBeyondTheCountTheDarkest) {
    const ChartPalette palette = ChartPalette::make();
    EXPECT_LT(palette.longTier(0, 1).lightness(), palette.longTier(0, 3).lightness());
    EXPECT_GT(palette.longTier(0, 1).lightness(), palette.longTier(2, 3).lightness());
    EXPECT_EQ(palette.longTier(7, 3), palette.longTier(2, 3));
}

TEST(ChartPalette, ThemesDifferInBackgroundAndKeepTextReadable) {
    const ChartPalette dark = ChartPalette::make(ChartTheme::Dark);
    const ChartPalette light = ChartPalette::make(ChartTheme::Light);
    EXPECT_LT(dark.background.lightness(), 60);
    EXPECT_GT(light.background.lightness(), 200);
    EXPECT_GT(dark.text.lightness() - dark.background.lightness(), 120);
    EXPECT_GT(light.background.lightness() - light.text.lightness(), 120);
    EXPECT_NE(dark.priceLine, dark.plotBackground);
}

}  // namespace
}  // namespace liqmap::gui
