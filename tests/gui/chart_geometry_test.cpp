#include "liqmap/gui/chart_geometry.h"

#include <gtest/gtest.h>

#include <cmath>      // NAN
#include <stdexcept>  // std::invalid_argument
#include <utility>    // std::pair

namespace liqmap::gui {
namespace {

// A 400 × 200 plot at (50, 10) over prices [90, 110]: 20 pixels per unit of price, x = 50 at
// 90, 250 at 100, 450 at 110.
ChartGeometry plot() { return ChartGeometry({50, 10, 400, 200}, 90, 110); }

TEST(ChartGeometry, MapsPriceToXAndBack) {
    const ChartGeometry geometry = plot();
    EXPECT_DOUBLE_EQ(geometry.xOfPrice(90), 50);
    EXPECT_DOUBLE_EQ(geometry.xOfPrice(100), 250);
    EXPECT_DOUBLE_EQ(geometry.xOfPrice(110), 450);
    EXPECT_DOUBLE_EQ(geometry.priceAtX(150), 95);
    EXPECT_DOUBLE_EQ(geometry.zoom(), 1);
}

TEST(ChartGeometry, MapsNotionalToYFromTheBottom) {
    // Scale 1 000 over 200 pixels: 0 at y = 210 (the bottom), 1 000 at y = 10, 250 at 160.
    const ChartGeometry geometry = plot().withNotionalMax(1000);
    EXPECT_DOUBLE_EQ(geometry.yOfNotional(0), 210);
    EXPECT_DOUBLE_EQ(geometry.yOfNotional(1000), 10);
    EXPECT_DOUBLE_EQ(geometry.yOfNotional(250), 160);
    EXPECT_DOUBLE_EQ(geometry.notionalAtY(160), 250);
    // Nothing to scale to gives a unit scale, never a division by zero.
    EXPECT_DOUBLE_EQ(plot().withNotionalMax(0).notionalMax(), 1);
    EXPECT_DOUBLE_EQ(plot().withNotionalMax(NAN).notionalMax(), 1);
}

TEST(ChartGeometry, ZoomKeepsThePriceUnderTheCursor) {
    // x = 150 is price 95, a quarter into the plot. Twice the magnification: 10 wide, with 95
    // still a quarter in: [95 − 2.5, 95 + 7.5] = [92.5, 102.5].
    const ChartGeometry zoomed = plot().zoomedAt(150, 2);
    EXPECT_DOUBLE_EQ(zoomed.visibleLow(), 92.5);
    EXPECT_DOUBLE_EQ(zoomed.visibleHigh(), 102.5);
    EXPECT_DOUBLE_EQ(zoomed.xOfPrice(95), 150);
    EXPECT_DOUBLE_EQ(zoomed.zoom(), 2);
    // At the left edge the left end stays: 4× gives [90, 95].
    const ChartGeometry atEdge = plot().zoomedAt(50, 4);
    EXPECT_DOUBLE_EQ(atEdge.visibleLow(), 90);
    EXPECT_DOUBLE_EQ(atEdge.visibleHigh(), 95);
}

TEST(ChartGeometry, ZoomStopsAtTheFullRangeAndAtTheMaximum) {
    const ChartGeometry out = plot().zoomedAt(250, 0.5);
    EXPECT_DOUBLE_EQ(out.visibleLow(), 90);
    EXPECT_DOUBLE_EQ(out.visibleHigh(), 110);
    // At most 1 000×: 20 / 1 000 = 0.02 wide around 100 (the middle, x = 250).
    const ChartGeometry deep = plot().zoomedAt(250, 1e6);
    EXPECT_NEAR(deep.visibleLow(), 99.99, 1e-9);
    EXPECT_NEAR(deep.visibleHigh(), 100.01, 1e-9);
    EXPECT_NEAR(deep.zoom(), ChartGeometry::kMaxZoom, 1e-6);
    // Nonsense factors change nothing.
    for (const double factor : {0.0, -2.0, static_cast<double>(NAN)}) {
        const ChartGeometry same = plot().zoomedAt(150, factor);
        EXPECT_DOUBLE_EQ(same.visibleLow(), 90);
        EXPECT_DOUBLE_EQ(same.visibleHigh(), 110);
    }
}

TEST(ChartGeometry, PanMovesTheContentWithTheDragAndStopsAtTheEnds) {
    // [92.5, 102.5] over 400 pixels is 0.025 per pixel: dragging 40 pixels right shows what lay
    // 1.0 to the left, [91.5, 101.5].
    const ChartGeometry zoomed = plot().zoomedAt(150, 2);
    const ChartGeometry panned = zoomed.pannedBy(40);
    EXPECT_DOUBLE_EQ(panned.visibleLow(), 91.5);
    EXPECT_DOUBLE_EQ(panned.visibleHigh(), 101.5);
    // 400 pixels would be 10 further than the data goes: it stops at [90, 100].
    const ChartGeometry far = zoomed.pannedBy(400);
    EXPECT_DOUBLE_EQ(far.visibleLow(), 90);
    EXPECT_DOUBLE_EQ(far.visibleHigh(), 100);
    const ChartGeometry other = zoomed.pannedBy(-1000);
    EXPECT_DOUBLE_EQ(other.visibleLow(), 100);
    EXPECT_DOUBLE_EQ(other.visibleHigh(), 110);
    // Unzoomed there is nowhere to pan to.
    EXPECT_DOUBLE_EQ(plot().pannedBy(100).visibleLow(), 90);
}

TEST(ChartGeometry, CentringAndResetKeepTheScale) {
    const ChartGeometry zoomed = plot().zoomedAt(150, 2).withNotionalMax(500);
    const ChartGeometry centred = zoomed.centredOn(96);
    EXPECT_DOUBLE_EQ(centred.visibleLow(), 91);
    EXPECT_DOUBLE_EQ(centred.visibleHigh(), 101);
    // Centring on 108 would show [103, 113]: it slides back to [100, 110].
    const ChartGeometry nearEnd = zoomed.centredOn(108);
    EXPECT_DOUBLE_EQ(nearEnd.visibleLow(), 100);
    EXPECT_DOUBLE_EQ(nearEnd.visibleHigh(), 110);
    const ChartGeometry reset = centred.reset();
    EXPECT_DOUBLE_EQ(reset.visibleLow(), 90);
    EXPECT_DOUBLE_EQ(reset.visibleHigh(), 110);
    EXPECT_DOUBLE_EQ(reset.notionalMax(), 500);
}

TEST(ChartGeometry, ResizingKeepsTheVisibleRange) {
    // The same [92.5, 102.5] over a 100-pixel plot at x = 0: 95 sits a quarter in, at 25.
    const ChartGeometry resized = plot().zoomedAt(150, 2).withArea({0, 0, 100, 50});
    EXPECT_DOUBLE_EQ(resized.visibleLow(), 92.5);
    EXPECT_DOUBLE_EQ(resized.xOfPrice(95), 25);
}

TEST(ChartGeometry, HitTestingFindsTheBinUnderTheCursor) {
    // Bins 0.5 wide from 90: 40 bins up to 110. Price 100 (x = 250) starts bin 20, 100.5
    // (x = 260) bin 21; 99.95 (x = 249) is still bin 19.
    const BinLayout bins{90, 0.5, 40};
    const ChartGeometry geometry = plot();
    EXPECT_EQ(geometry.binAtX(250, bins), 20U);
    EXPECT_EQ(geometry.binAtX(260, bins), 21U);
    EXPECT_EQ(geometry.binAtX(249, bins), 19U);
    EXPECT_EQ(geometry.binAtX(50, bins), 0U);
    // Outside the plot area, or over no bin, there is nothing to hover.
    EXPECT_FALSE(geometry.binAtX(49, bins));
    EXPECT_FALSE(geometry.binAtX(450, bins));
    EXPECT_FALSE(geometry.binAtX(150, BinLayout{100, 0.5, 4}));
    EXPECT_FALSE(geometry.binAtX(250, BinLayout{90, 0.5, 0}));
    // Zoomed to [92.5, 102.5], x = 150 is price 95: bin 10.
    EXPECT_EQ(geometry.zoomedAt(150, 2).binAtX(150, bins), 10U);
}

TEST(ChartGeometry, VisibleBinsAreThoseOverlappingTheRange) {
    const BinLayout bins{90, 0.5, 40};
    EXPECT_EQ(plot().visibleBins(bins), (std::pair<std::size_t, std::size_t>{0, 40}));
    // [92.5, 102.5]: from bin 2.5 / 0.5 = 5 up to 12.5 / 0.5 = 25.
    EXPECT_EQ(plot().zoomedAt(150, 2).visibleBins(bins),
              (std::pair<std::size_t, std::size_t>{5, 25}));
    // [91.5, 101.5] starts inside bin 3 and ends inside bin 22: [3, 23).
    EXPECT_EQ(plot().zoomedAt(150, 2).pannedBy(40).visibleBins(bins),
              (std::pair<std::size_t, std::size_t>{3, 23}));
    EXPECT_EQ(plot().visibleBins(BinLayout{200, 1, 10}),
              (std::pair<std::size_t, std::size_t>{0, 0}));
}

TEST(ChartGeometry, RejectsAnEmptyAreaOrRange) {
    EXPECT_THROW(ChartGeometry({0, 0, 0, 10}, 1, 2), std::invalid_argument);
    EXPECT_THROW(ChartGeometry({0, 0, 10, -1}, 1, 2), std::invalid_argument);
    EXPECT_THROW(ChartGeometry({0, 0, 10, 10}, 2, 2), std::invalid_argument);
    EXPECT_THROW(ChartGeometry({0, 0, 10, 10}, NAN, 2), std::invalid_argument);
}

}  // namespace
}  // namespace liqmap::gui
