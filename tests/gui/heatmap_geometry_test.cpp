#include "liqmap/gui/heatmap_geometry.h"

#include <gtest/gtest.h>

#include <cmath>      // NAN, INFINITY
#include <optional>   // std::optional
#include <stdexcept>  // std::invalid_argument
#include <vector>     // std::vector

namespace liqmap::gui {
namespace {

constexpr core::TimestampMs kMinute = 60'000;

// A 300 × 200 plot at (10, 20): three one-minute columns from t = 0 to 3 min across it (100 px
// per column, so x = 10 at 0, 110 at 1 min, 310 at 3 min) and prices [90, 110] up it (10 px per
// unit of price: y = 20 at 110, 120 at 100, 220 at 90).
HeatmapGeometry plot() {
    return HeatmapGeometry({10, 20, 300, 200}, {0, kMinute, 2 * kMinute}, 3 * kMinute, 90, 110);
}

TEST(HeatmapGeometry, MapsTimeToXOldestLeft) {
    const HeatmapGeometry geometry = plot();
    EXPECT_DOUBLE_EQ(geometry.xOfTime(0), 10);
    EXPECT_DOUBLE_EQ(geometry.xOfTime(kMinute), 110);
    EXPECT_DOUBLE_EQ(geometry.xOfTime(3 * kMinute), 310);
    EXPECT_DOUBLE_EQ(geometry.timeAtX(160), 90'000);  // 150 px in: 1.5 minutes
    EXPECT_EQ(geometry.columnCount(), 3U);
    EXPECT_EQ(geometry.timeStart(), 0);
    EXPECT_EQ(geometry.timeEnd(), 3 * kMinute);
    EXPECT_EQ(geometry.columnEnd(0), kMinute);
    EXPECT_EQ(geometry.columnEnd(2), 3 * kMinute);
}

TEST(HeatmapGeometry, MapsPriceToYLowAtTheBottom) {
    const HeatmapGeometry geometry = plot();
    EXPECT_DOUBLE_EQ(geometry.yOfPrice(110), 20);
    EXPECT_DOUBLE_EQ(geometry.yOfPrice(100), 120);
    EXPECT_DOUBLE_EQ(geometry.yOfPrice(90), 220);
    EXPECT_DOUBLE_EQ(geometry.priceAtY(70), 105);
    EXPECT_DOUBLE_EQ(geometry.zoom(), 1);
    EXPECT_DOUBLE_EQ(geometry.visibleLow(), 90);
    EXPECT_DOUBLE_EQ(geometry.visibleHigh(), 110);
}

TEST(HeatmapGeometry, ZoomKeepsThePriceUnderTheCursor) {
    // y = 70 is price 105, a quarter down the plot. Twice the magnification: 10 high, with 105
    // still a quarter down: [105 − 7.5, 105 + 2.5] = [97.5, 107.5].
    const HeatmapGeometry zoomed = plot().zoomedAt(70, 2);
    EXPECT_DOUBLE_EQ(zoomed.visibleLow(), 97.5);
    EXPECT_DOUBLE_EQ(zoomed.visibleHigh(), 107.5);
    EXPECT_DOUBLE_EQ(zoomed.yOfPrice(105), 70);
    EXPECT_DOUBLE_EQ(zoomed.zoom(), 2);
    // At the top edge the top stays: 4× gives [105, 110].
    const HeatmapGeometry atTop = plot().zoomedAt(20, 4);
    EXPECT_DOUBLE_EQ(atTop.visibleLow(), 105);
    EXPECT_DOUBLE_EQ(atTop.visibleHigh(), 110);
    // Zoom never touches time.
    EXPECT_DOUBLE_EQ(zoomed.xOfTime(kMinute), 110);
}

TEST(HeatmapGeometry, ZoomStopsAtTheFullRangeAndAtTheMaximum) {
    const HeatmapGeometry out = plot().zoomedAt(120, 0.5);
    EXPECT_DOUBLE_EQ(out.visibleLow(), 90);
    EXPECT_DOUBLE_EQ(out.visibleHigh(), 110);
    // At most 1 000×: 20 / 1 000 = 0.02 high around 100 (the middle, y = 120).
    const HeatmapGeometry deep = plot().zoomedAt(120, 1e6);
    EXPECT_NEAR(deep.visibleLow(), 99.99, 1e-9);
    EXPECT_NEAR(deep.visibleHigh(), 100.01, 1e-9);
    EXPECT_NEAR(deep.zoom(), HeatmapGeometry::kMaxZoom, 1e-6);
    // Nonsense factors and positions change nothing.
    for (const double factor :
         {0.0, -2.0, static_cast<double>(NAN), static_cast<double>(INFINITY)}) {
        const HeatmapGeometry same = plot().zoomedAt(70, factor);
        EXPECT_DOUBLE_EQ(same.visibleLow(), 90);
        EXPECT_DOUBLE_EQ(same.visibleHigh(), 110);
    }
    EXPECT_DOUBLE_EQ(plot().zoomedAt(NAN, 2).zoom(), 1);
}

TEST(HeatmapGeometry, PanMovesByThePixelsDraggedAndStopsAtTheEnds) {
    // [97.5, 107.5] over 200 px: 20 px per unit. Dragging 40 px down shows 2 higher:
    // [99.5, 109.5]; 100 px more would pass 110, so it stops at [100, 110].
    const HeatmapGeometry zoomed = plot().zoomedAt(70, 2);
    const HeatmapGeometry down = zoomed.pannedBy(40);
    EXPECT_DOUBLE_EQ(down.visibleLow(), 99.5);
    EXPECT_DOUBLE_EQ(down.visibleHigh(), 109.5);
    const HeatmapGeometry stopped = down.pannedBy(100);
    EXPECT_DOUBLE_EQ(stopped.visibleLow(), 100);
    EXPECT_DOUBLE_EQ(stopped.visibleHigh(), 110);
    // Upwards drags show lower prices, down to 90 at the most.
    const HeatmapGeometry up = zoomed.pannedBy(-1000);
    EXPECT_DOUBLE_EQ(up.visibleLow(), 90);
    EXPECT_DOUBLE_EQ(up.visibleHigh(), 100);
    // Unzoomed, a pan has nowhere to go.
    EXPECT_DOUBLE_EQ(plot().pannedBy(50).visibleLow(), 90);
}

TEST(HeatmapGeometry, CentreShowAndResetStayInsideTheFullRange) {
    const HeatmapGeometry zoomed = plot().zoomedAt(70, 2);  // 10 high
    const HeatmapGeometry centred = zoomed.centredOn(100);
    EXPECT_DOUBLE_EQ(centred.visibleLow(), 95);
    EXPECT_DOUBLE_EQ(centred.visibleHigh(), 105);
    const HeatmapGeometry atBottom = zoomed.centredOn(91);  // [86, 96] slides up to [90, 100]
    EXPECT_DOUBLE_EQ(atBottom.visibleLow(), 90);
    EXPECT_DOUBLE_EQ(atBottom.visibleHigh(), 100);
    const HeatmapGeometry shown = plot().showing(95, 96);
    EXPECT_DOUBLE_EQ(shown.visibleLow(), 95);
    EXPECT_DOUBLE_EQ(shown.visibleHigh(), 96);
    const HeatmapGeometry tooWide = plot().showing(80, 130);
    EXPECT_DOUBLE_EQ(tooWide.visibleLow(), 90);
    EXPECT_DOUBLE_EQ(tooWide.visibleHigh(), 110);
    EXPECT_DOUBLE_EQ(plot().showing(NAN, 100).zoom(), 1);
    const HeatmapGeometry reset = shown.reset();
    EXPECT_DOUBLE_EQ(reset.visibleLow(), 90);
    EXPECT_DOUBLE_EQ(reset.visibleHigh(), 110);
}

TEST(HeatmapGeometry, WithAreaKeepsTheVisibleWindow) {
    // [97.5, 107.5] in a 600 × 400 plot at the origin: 40 px per unit, 100 at y = 300.
    const HeatmapGeometry resized = plot().zoomedAt(70, 2).withArea({0, 0, 600, 400});
    EXPECT_DOUBLE_EQ(resized.visibleLow(), 97.5);
    EXPECT_DOUBLE_EQ(resized.yOfPrice(100), 300);
    EXPECT_DOUBLE_EQ(resized.xOfTime(kMinute), 200);
}

TEST(HeatmapGeometry, CellAtFindsTheColumnAndPriceUnderAPoint) {
    const HeatmapGeometry geometry = plot();
    // x = 60 is 30 s into column 0; y = 70 is price 105.
    const std::optional<HeatmapCell> first = geometry.cellAt(60, 70);
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(first->column, 0U);
    EXPECT_DOUBLE_EQ(first->price, 105);
    // x = 110 is exactly 1 min: the start of column 1 belongs to column 1.
    const std::optional<HeatmapCell> boundary = geometry.cellAt(110, 120);
    ASSERT_TRUE(boundary.has_value());
    EXPECT_EQ(boundary->column, 1U);
    EXPECT_DOUBLE_EQ(boundary->price, 100);
    const std::optional<HeatmapCell> corner = geometry.cellAt(309.5, 219.5);
    ASSERT_TRUE(corner.has_value());
    EXPECT_EQ(corner->column, 2U);
    EXPECT_NEAR(corner->price, 90.05, 1e-9);
    // Outside the plot (left, right edge exclusive, bottom edge exclusive, above): nothing.
    EXPECT_FALSE(geometry.cellAt(5, 70).has_value());
    EXPECT_FALSE(geometry.cellAt(310, 70).has_value());
    EXPECT_FALSE(geometry.cellAt(60, 220).has_value());
    EXPECT_FALSE(geometry.cellAt(60, 19).has_value());
    // Zoomed, the same pixel is another price: y = 70 in [97.5, 107.5] is 105 still (the
    // anchor), y = 120 is 102.5.
    const std::optional<HeatmapCell> zoomed = geometry.zoomedAt(70, 2).cellAt(60, 120);
    ASSERT_TRUE(zoomed.has_value());
    EXPECT_DOUBLE_EQ(zoomed->price, 102.5);
}

TEST(HeatmapGeometry, AGapInTheHistoryMakesItsColumnWider) {
    // Columns at 0, 1 and 4 min ending at 5 min across 300 px: 1 px per second. Column 1 runs
    // from x = 70 (1 min) to x = 250 (4 min).
    const HeatmapGeometry geometry({10, 20, 300, 200}, {0, kMinute, 4 * kMinute}, 5 * kMinute, 90,
                                   110);
    EXPECT_DOUBLE_EQ(geometry.xOfTime(kMinute), 70);
    EXPECT_DOUBLE_EQ(geometry.xOfTime(4 * kMinute), 250);
    EXPECT_EQ(geometry.cellAt(69, 100)->column, 0U);
    EXPECT_EQ(geometry.cellAt(70, 100)->column, 1U);
    EXPECT_EQ(geometry.cellAt(249, 100)->column, 1U);
    EXPECT_EQ(geometry.cellAt(250, 100)->column, 2U);
}

TEST(HeatmapGeometry, RejectsAreasColumnsAndRangesThatCannotBeDrawn) {
    const std::vector<core::TimestampMs> starts{0, kMinute};
    EXPECT_THROW(HeatmapGeometry({0, 0, 0, 100}, starts, 2 * kMinute, 90, 110),
                 std::invalid_argument);
    EXPECT_THROW(HeatmapGeometry({0, 0, 100, -1}, starts, 2 * kMinute, 90, 110),
                 std::invalid_argument);
    EXPECT_THROW(HeatmapGeometry({0, 0, 100, 100}, {}, 2 * kMinute, 90, 110),
                 std::invalid_argument);
    EXPECT_THROW(HeatmapGeometry({0, 0, 100, 100}, {kMinute, kMinute}, 2 * kMinute, 90, 110),
                 std::invalid_argument);
    EXPECT_THROW(HeatmapGeometry({0, 0, 100, 100}, {kMinute, 0}, 2 * kMinute, 90, 110),
                 std::invalid_argument);
    EXPECT_THROW(HeatmapGeometry({0, 0, 100, 100}, starts, kMinute, 90, 110),
                 std::invalid_argument);
    EXPECT_THROW(HeatmapGeometry({0, 0, 100, 100}, starts, 2 * kMinute, 110, 110),
                 std::invalid_argument);
    EXPECT_THROW(HeatmapGeometry({0, 0, 100, 100}, starts, 2 * kMinute, NAN, 110),
                 std::invalid_argument);
    EXPECT_THROW(HeatmapGeometry({0, 0, 100, 100}, starts, 2 * kMinute, 90, INFINITY),
                 std::invalid_argument);
}

}  // namespace
}  // namespace liqmap::gui
