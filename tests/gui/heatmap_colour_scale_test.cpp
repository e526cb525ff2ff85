#include "liqmap/gui/heatmap_colour_scale.h"

#include <gtest/gtest.h>

#include <cmath>      // NAN, INFINITY, std::abs
#include <cstdlib>    // std::abs
#include <stdexcept>  // std::invalid_argument
#include <vector>     // std::vector

namespace liqmap::gui {
namespace {

using OkLab = HeatmapColourScale::OkLab;

// Reference values of sRGB primaries in OkLab, as CSS Color 4 lists them (red is
// oklab(0.62796 0.22486 0.12585), lime oklab(0.86644 −0.23389 0.1795), blue
// oklab(0.45201 −0.03246 −0.31153)).
TEST(HeatmapColourScale, ConvertsSrgbToOkLabAsPublished) {
    const auto expectLab = [](const QColor& colour, double L, double a, double b) {
        const OkLab lab = HeatmapColourScale::okLabOf(colour);
        EXPECT_NEAR(lab.L, L, 1e-3) << colour.name().toStdString();
        EXPECT_NEAR(lab.a, a, 1e-3) << colour.name().toStdString();
        EXPECT_NEAR(lab.b, b, 1e-3) << colour.name().toStdString();
    };
    expectLab(QColor(255, 255, 255), 1, 0, 0);
    expectLab(QColor(0, 0, 0), 0, 0, 0);
    expectLab(QColor(255, 0, 0), 0.62796, 0.22486, 0.12585);
    expectLab(QColor(0, 255, 0), 0.86644, -0.23389, 0.1795);
    expectLab(QColor(0, 0, 255), 0.45201, -0.03246, -0.31153);
}

TEST(HeatmapColourScale, OkLabRoundTripsToTheSameColour) {
    for (const QColor colour : {QColor(0x44, 0x01, 0x54), QColor(0x21, 0x91, 0x8c),
                                QColor(0xfd, 0xe7, 0x25), QColor(12, 200, 99)}) {
        const QColor back = HeatmapColourScale::colourOf(HeatmapColourScale::okLabOf(colour));
        EXPECT_LE(std::abs(back.red() - colour.red()), 1);
        EXPECT_LE(std::abs(back.green() - colour.green()), 1);
        EXPECT_LE(std::abs(back.blue() - colour.blue()), 1);
    }
}

TEST(HeatmapColourScale, LightnessRisesStrictlyFromBottomToTop) {
    // 257 samples of the exact scale and every entry of the table: each one lighter (OkLab L)
    // than the one before, so "brighter" always reads as "more".
    const HeatmapColourScale scale;
    double previous = -1;
    for (int i = 0; i <= 256; ++i) {
        const double L = HeatmapColourScale::okLabOf(scale.colourAt(i / 256.0)).L;
        EXPECT_GT(L, previous) << "sample " << i;
        previous = L;
    }
    previous = -1;
    for (int i = 0; i < HeatmapColourScale::kTableSize; ++i) {
        const double position = static_cast<double>(i) / (HeatmapColourScale::kTableSize - 1);
        const double L = HeatmapColourScale::okLabOf(QColor(scale.rgbAt(position))).L;
        EXPECT_GT(L, previous) << "table entry " << i;
        previous = L;
    }
    // From a dark bottom to a bright top.
    EXPECT_LT(HeatmapColourScale::okLabOf(scale.colourAt(0)).L, 0.35);
    EXPECT_GT(HeatmapColourScale::okLabOf(scale.colourAt(1)).L, 0.9);
}

TEST(HeatmapColourScale, EndsAreTheFirstAndLastAnchorsAndPositionsClamp) {
    const HeatmapColourScale scale;
    const QColor bottom = scale.colourAt(0);
    const QColor top = scale.colourAt(1);
    EXPECT_LE(std::abs(bottom.red() - 0x44) + std::abs(bottom.green() - 0x01) +
                  std::abs(bottom.blue() - 0x54),
              2);
    EXPECT_LE(
        std::abs(top.red() - 0xfd) + std::abs(top.green() - 0xe7) + std::abs(top.blue() - 0x25), 2);
    EXPECT_EQ(scale.colourAt(-3), bottom);
    EXPECT_EQ(scale.colourAt(NAN), bottom);
    EXPECT_EQ(scale.colourAt(7), top);
    EXPECT_EQ(scale.colourAt(INFINITY), top);
    // The table's entry nearest a position: 0.5 · 255 = 127.5 rounds to entry 128.
    EXPECT_EQ(scale.rgbAt(0.5), scale.rgbAt(128.0 / 255.0));
    EXPECT_NE(scale.rgbAt(0.5), scale.rgbAt(127.0 / 255.0));
    // Each entry is its exact colour rounded to 8 bits, one level either way at most.
    for (int i = 0; i < HeatmapColourScale::kTableSize; ++i) {
        const double position = static_cast<double>(i) / (HeatmapColourScale::kTableSize - 1);
        const QColor entry(scale.rgbAt(position));
        const QColor exact = scale.colourAt(position);
        EXPECT_LE(std::abs(entry.redF() - exact.redF()) * 255, 1.0) << i;
        EXPECT_LE(std::abs(entry.greenF() - exact.greenF()) * 255, 1.0) << i;
        EXPECT_LE(std::abs(entry.blueF() - exact.blueF()) * 255, 1.0) << i;
    }
}

TEST(HeatmapColourScale, InterpolatesInOkLabBetweenTwoAnchors) {
    // Black to white: halfway is OkLab L = 0.5, a grey of sRGB about 99 (0.5³ = 0.125 linear,
    // 1.055 · 0.125^(1/2.4) − 0.055 = 0.3882 → 99).
    const HeatmapColourScale scale({QColor(0, 0, 0), QColor(255, 255, 255)});
    const QColor middle = scale.colourAt(0.5);
    EXPECT_NEAR(HeatmapColourScale::okLabOf(middle).L, 0.5, 0.003);
    EXPECT_EQ(middle.red(), 99);
    EXPECT_EQ(middle.green(), 99);
    EXPECT_EQ(middle.blue(), 99);
}

TEST(HeatmapColourScale, SquareRootCurveKeepsSmallClustersVisible) {
    EXPECT_DOUBLE_EQ(HeatmapColourScale::positionOf(0, 100), 0);
    EXPECT_DOUBLE_EQ(HeatmapColourScale::positionOf(25, 100), 0.5);
    EXPECT_DOUBLE_EQ(HeatmapColourScale::positionOf(1, 100), 0.1);  // 1 % of the max: 10 %
    EXPECT_DOUBLE_EQ(HeatmapColourScale::positionOf(100, 100), 1);
    EXPECT_DOUBLE_EQ(HeatmapColourScale::positionOf(400, 100), 1);
    EXPECT_DOUBLE_EQ(HeatmapColourScale::positionOf(-5, 100), 0);
    EXPECT_DOUBLE_EQ(HeatmapColourScale::positionOf(NAN, 100), 0);
    EXPECT_DOUBLE_EQ(HeatmapColourScale::positionOf(50, 0), 0);
    EXPECT_DOUBLE_EQ(HeatmapColourScale::positionOf(50, NAN), 0);
    EXPECT_DOUBLE_EQ(HeatmapColourScale::notionalAt(0.5, 100), 25);
    EXPECT_DOUBLE_EQ(HeatmapColourScale::notionalAt(1, 100), 100);
    EXPECT_DOUBLE_EQ(HeatmapColourScale::notionalAt(2, 100), 100);
}

TEST(HeatmapColourScale, RejectsFewerThanTwoOrInvalidAnchors) {
    EXPECT_THROW(HeatmapColourScale(std::vector<QColor>{}), std::invalid_argument);
    EXPECT_THROW(HeatmapColourScale({QColor(1, 2, 3)}), std::invalid_argument);
    EXPECT_THROW(HeatmapColourScale({QColor(1, 2, 3), QColor()}), std::invalid_argument);
}

}  // namespace
}  // namespace liqmap::gui
