#include "liqmap/gui/heatmap_widget.h"

#include <QApplication>
#include <QColor>
#include <QDir>
#include <QImage>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>
#include <algorithm>  // std::max, std::min
#include <cmath>      // std::floor, std::lround, std::sin
#include <cstdlib>    // std::getenv
#include <memory>     // std::make_shared
#include <string>     // std::string
#include <utility>    // std::move
#include <vector>     // std::vector

#include "liqmap/core/combined_map.h"
#include "liqmap/core/heatmap.h"
#include "liqmap/core/liquidation_map.h"
#include "support/widget_events.h"

namespace liqmap::gui {
namespace {

using test::maybeSave;
using test::sendMouse;
using test::sendWheel;

using core::LiquidationLevel;
using core::Side;

// 2026-11-27 13:05:00 UTC in ms since the epoch (1 795 784 700 s).
constexpr core::TimestampMs kT0 = 1'795'784'700'000;
constexpr core::TimestampMs kFiveMinutes = 5 * 60'000;

const std::vector<double> kLeverages{10, 25};
// ±10 % in 20 bins: around 100, bin i covers [90 + i, 91 + i) exactly.
const core::MapOptions kOptions{20, 0.1};

core::LiquidationMap mapOf(double price, const std::vector<LiquidationLevel>& levels) {
    return core::LiquidationMap::fromLevels(kLeverages, levels, price, kOptions);
}

// Three columns five minutes apart and a live map:
// - column 0 (13:05, price 100, [90, 110]): long 1 000 at 10x + 500 at 25x in bin 5 = [95, 96),
//   short 3 000 in bin 14 = [104, 105);
// - column 1 (13:10, price 102, [91.8, 112.2], bins 1.02 wide): long 50 000 in bin 5 =
//   [96.9, 97.92) (97 − 91.8 = 5.2 = 5.1 bins) — the largest cell of all;
// - column 2 (13:15, price 101, [90.9, 111.1], bins 1.01 wide): short 2 000 at 105, bin 13;
// - live (drawn at 13:20, price 100): long 800 in bin 3 = [93, 94).
std::shared_ptr<core::Heatmap> handMadeHeatmap() {
    auto heatmap = std::make_shared<core::Heatmap>(10);
    heatmap->append(kT0, mapOf(100, {{Side::Long, 0, 95.5, 1000},
                                     {Side::Long, 1, 95.2, 500},
                                     {Side::Short, 0, 104.5, 3000}}));
    heatmap->append(kT0 + kFiveMinutes, mapOf(102, {{Side::Long, 0, 97, 50000}}));
    heatmap->append(kT0 + 2 * kFiveMinutes, mapOf(101, {{Side::Short, 1, 105, 2000}}));
    return heatmap;
}

std::shared_ptr<const MapSnapshot> snapshotOf(std::shared_ptr<const core::Heatmap> heatmap,
                                              std::uint64_t version,
                                              const std::string& symbol = "TESTUSDT",
                                              const std::vector<LiquidationLevel>& live = {
                                                  {Side::Long, 0, 93.5, 800}}) {
    auto snapshot = std::make_shared<MapSnapshot>();
    snapshot->version = version;
    snapshot->exchange = "Binance";
    snapshot->symbol = symbol;
    snapshot->state = FeedState::Live;
    snapshot->heatmap = std::move(heatmap);
    snapshot->map = std::make_shared<const core::CombinedMap>(
        std::vector<core::CombinedMap::Source>{{"Binance", symbol, mapOf(100, live)}});
    return snapshot;
}

std::shared_ptr<const MapSnapshot> handMadeSnapshot(std::uint64_t version = 1,
                                                    const std::string& symbol = "TESTUSDT") {
    return snapshotOf(handMadeHeatmap(), version, symbol);
}

std::shared_ptr<const MapSnapshot> stateSnapshot(FeedState state, std::string message,
                                                 std::uint64_t version, double progress = 0) {
    auto snapshot = std::make_shared<MapSnapshot>();
    snapshot->version = version;
    snapshot->exchange = "Bybit";
    snapshot->symbol = "BTCUSDT";
    snapshot->state = state;
    snapshot->message = std::move(message);
    snapshot->progress = progress;
    return snapshot;
}

// A BTC-like history for looking at: `columns` columns a minute apart, the price wandering
// around 65 000, clusters building up around it at 10x–100x.
std::shared_ptr<const MapSnapshot> richSnapshot(std::size_t columns, int bins,
                                                core::TimestampMs step = 60'000) {
    const std::vector<double> leverages{10, 25, 50, 100};
    const core::MapOptions options{bins, 0.15};
    auto heatmap = std::make_shared<core::Heatmap>(columns);
    auto priceAt = [](std::size_t i) {
        const double t = static_cast<double>(i);
        return 65000 * (1 + 0.03 * std::sin(t / 90) + 0.008 * std::sin(t / 13));
    };
    core::LiquidationMap last = core::LiquidationMap::fromLevels(leverages, {}, 65000, options);
    for (std::size_t i = 0; i < columns; ++i) {
        std::vector<LiquidationLevel> levels;
        // Positions opened over the last 200 columns at the prices of their time.
        for (std::size_t k = i > 200 ? i - 200 : 0; k <= i; k += 3) {
            const double entry = priceAt(k);
            for (std::size_t tier = 0; tier < leverages.size(); ++tier) {
                const double margin = 1 / leverages[tier] - 0.004;
                const double notional = 2e5 * static_cast<double>(1 + (k * 7919 + tier) % 11);
                if (const double lp = entry * (1 - margin); lp < priceAt(i)) {
                    levels.push_back({Side::Long, tier, lp, notional});
                }
                if (const double lp = entry * (1 + margin); lp > priceAt(i)) {
                    levels.push_back({Side::Short, tier, lp, notional * 0.8});
                }
            }
        }
        last = core::LiquidationMap::fromLevels(leverages, levels, priceAt(i), options);
        heatmap->append(kT0 + static_cast<core::TimestampMs>(i) * step, last);
    }
    auto snapshot = std::make_shared<MapSnapshot>();
    snapshot->version = 1;
    snapshot->exchange = "Binance";
    snapshot->symbol = "BTCUSDT";
    snapshot->state = FeedState::Live;
    snapshot->heatmap = std::move(heatmap);
    snapshot->map = std::make_shared<const core::CombinedMap>(
        std::vector<core::CombinedMap::Source>{{"Binance", "BTCUSDT", last}});
    return snapshot;
}

QImage render(HeatmapWidget& widget) {
    return widget.grab().toImage().convertToFormat(QImage::Format_RGB32);
}

double lightness(QColor colour) { return HeatmapColourScale::okLabOf(colour).L; }

/// The pixel at the middle of column `column` and price `price`.
QPoint pixelOf(const HeatmapGeometry& g, std::size_t column, double price) {
    const double middle =
        (static_cast<double>(g.columnStart(column)) + static_cast<double>(g.columnEnd(column))) / 2;
    return {static_cast<int>(std::floor(g.xOfTime(middle))),
            static_cast<int>(std::floor(g.yOfPrice(price)))};
}

}  // namespace

class HeatmapWidgetTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void geometrySpansEveryColumnAndTheUnionOfTheirPrices() {
        HeatmapWidget widget;
        widget.resize(800, 400);
        widget.setSnapshot(handMadeSnapshot());
        const HeatmapGeometry& g = widget.heatmapGeometry();
        // Three history columns + the live one at 13:20, each five minutes wide.
        QVERIFY(widget.hasLiveColumn());
        QCOMPARE(g.columnCount(), std::size_t{4});
        QCOMPARE(g.columnStart(3), kT0 + 3 * kFiveMinutes);
        QCOMPARE(g.timeEnd(), kT0 + 4 * kFiveMinutes);
        // Prices: from the lowest low (90) to the highest high (102 · 1.1 = 112.2).
        QCOMPARE(g.fullLow(), 90.0);
        QCOMPARE(g.fullHigh(), 102 * 1.1);
        // The colour scale tops out at the largest cell: column 1's 50 000.
        QCOMPARE(widget.scaleMax(), 50000.0);
        QCOMPARE(widget.skippedColumns(), std::size_t{0});
    }

    void tooltipOfACellGivesTimeRangeSidesAndDistance() {
        HeatmapWidget widget;
        widget.resize(800, 400);
        widget.setSnapshot(handMadeSnapshot());
        // Column 0, bin 5 = [95, 96): centre 95.5 is 4.5 % below that moment's price, 100.
        QCOMPARE(widget.tooltipText(0, 95.5), QStringLiteral("2026-11-27 13:05 UTC\n"
                                                             "Price 95.0 – 96.0\n"
                                                             "Long 1.50K\n"
                                                             "Short 0\n"
                                                             "Distance −4.50 % from 100.0"));
        // Column 0, bin 14 = [104, 105): +4.5 %.
        QCOMPARE(widget.tooltipText(0, 104.2), QStringLiteral("2026-11-27 13:05 UTC\n"
                                                              "Price 104.0 – 105.0\n"
                                                              "Long 0\n"
                                                              "Short 3.00K\n"
                                                              "Distance +4.50 % from 100.0"));
        // The live column: bin 3 = [93, 94), centre 93.5 is 6.5 % below 100.
        QCOMPARE(widget.tooltipText(3, 93.5), QStringLiteral("2026-11-27 13:20 UTC (live)\n"
                                                             "Price 93.0 – 94.0\n"
                                                             "Long 800\n"
                                                             "Short 0\n"
                                                             "Distance −6.50 % from 100.0"));
        // Outside column 0's map (it ends at 110) and past the last column: nothing.
        QVERIFY(widget.tooltipText(0, 111).isEmpty());
        QVERIFY(widget.tooltipText(4, 100).isEmpty());
    }

    void hoveringACellGivesItsTooltip() {
        HeatmapWidget widget;
        widget.resize(800, 400);
        widget.setSnapshot(handMadeSnapshot());
        const QPoint pixel = pixelOf(widget.heatmapGeometry(), 0, 95.5);
        sendMouse(widget, QEvent::MouseMove, QPointF(pixel) + QPointF(0.5, 0.5), Qt::NoButton,
                  Qt::NoButton);
        const std::optional<HeatmapCell> hovered = widget.hoveredCell();
        QVERIFY(hovered.has_value());
        QCOMPARE(hovered->column, std::size_t{0});
        QCOMPARE(widget.tooltipText(hovered->column, hovered->price), widget.tooltipText(0, 95.5));
        const QImage image = render(widget);
        maybeSave(image, "heatmap_hand_made_hover");
        // The tooltip box is painted right of the cursor, in the palette's tooltip colour.
        const QColor box = image.pixelColor(pixel.x() + 20, pixel.y() + 16);
        const QColor expected = widget.chartPalette().tooltipBackground;
        // (It is 245/255 opaque, so the cell shows through by a few levels.)
        QVERIFY2(std::abs(box.red() - expected.red()) <= 12 &&
                     std::abs(box.green() - expected.green()) <= 12 &&
                     std::abs(box.blue() - expected.blue()) <= 12,
                 qPrintable(box.name()));
        // Leaving the plot drops the hover.
        sendMouse(widget, QEvent::MouseMove, {2, 2}, Qt::NoButton, Qt::NoButton);
        QVERIFY(!widget.hoveredCell());
    }

    void aBigCellIsBrighterThanAnEmptyOneAndColoursComeFromTheScale() {
        HeatmapWidget widget;
        widget.resize(800, 400);
        widget.setSnapshot(handMadeSnapshot());
        const QImage image = render(widget);
        maybeSave(image, "heatmap_hand_made_800x400");
        const HeatmapGeometry& g = widget.heatmapGeometry();
        // Column 1's 50 000 at [96.9, 97.92) is the scale's top; column 0 at 108.5 holds nothing
        // (its map reaches 110) and gets the bottom; column 2's 2 000 is √(2 000 / 50 000) = 0.2
        // up the scale.
        const QPoint big = pixelOf(g, 1, 97.4);
        const QPoint empty = pixelOf(g, 0, 108.5);
        const QPoint small = pixelOf(g, 2, 104.5);  // bin 13 = [104.03, 105.04)
        const QColor bigColour = image.pixelColor(big);
        const QColor emptyColour = image.pixelColor(empty);
        QVERIFY(lightness(bigColour) > lightness(emptyColour) + 0.5);
        QCOMPARE(bigColour.rgb(), widget.colourScale().rgbAt(1));
        QCOMPARE(emptyColour.rgb(), widget.colourScale().rgbAt(0));
        QCOMPARE(image.pixelColor(small).rgb(), widget.colourScale().rgbAt(0.2));
        // Above column 0's map (110 to 112.2) is no data: the plot background, not "zero".
        const QPoint noData = pixelOf(g, 0, 111.5);
        QCOMPARE(image.pixelColor(noData), widget.chartPalette().plotBackground);
    }

    void priceLinePassesThroughEachMomentsPrice() {
        HeatmapWidget widget;
        widget.resize(800, 400);
        widget.setSnapshot(handMadeSnapshot());
        const QImage image = render(widget);
        const HeatmapGeometry& g = widget.heatmapGeometry();
        // Column 1's price, 102, at the middle of its column: the line's white core is there
        // (within a pixel of the exact y), and 8 px below it is the cell colour again.
        const QPoint onLine = pixelOf(g, 1, 102);
        int brightest = 0;
        for (int dy = -1; dy <= 1; ++dy) {
            const QColor c = image.pixelColor(onLine.x(), onLine.y() + dy);
            brightest = std::max(brightest, std::min({c.red(), c.green(), c.blue()}));
        }
        QVERIFY2(brightest > 220, qPrintable(QString::number(brightest)));
        QCOMPARE(image.pixelColor(onLine.x(), onLine.y() + 8).rgb(), widget.colourScale().rgbAt(0));
        // The live price (100): a dashed line in the palette's price-line colour across the plot.
        const int liveY = static_cast<int>(std::lround(g.yOfPrice(100)));
        int on = 0;
        const PlotArea& area = g.area();
        for (int x = static_cast<int>(area.left) + 1; x < static_cast<int>(area.left + 300); ++x) {
            on += image.pixelColor(x, liveY) == widget.chartPalette().priceLine ? 1 : 0;
        }
        QVERIFY2(on > 60 && on < 240, qPrintable(QString::number(on)));
    }

    void aGapInTheHistoryIsDrawnWhereTheGeometryPutsIt() {
        // Columns at 13:05, 13:10 and 13:30 (a 20 min gap): column 1 is four columns wide.
        auto heatmap = std::make_shared<core::Heatmap>(10);
        heatmap->append(kT0, mapOf(100, {{Side::Long, 0, 95.5, 1000}}));
        heatmap->append(kT0 + kFiveMinutes, mapOf(100, {{Side::Long, 0, 97.5, 4000}}));
        heatmap->append(kT0 + 5 * kFiveMinutes, mapOf(100, {{Side::Short, 0, 104.5, 1000}}));
        HeatmapWidget widget;
        widget.resize(800, 400);
        widget.setSnapshot(snapshotOf(heatmap, 1));
        const HeatmapGeometry& g = widget.heatmapGeometry();
        QCOMPARE(g.columnEnd(1), kT0 + 5 * kFiveMinutes);
        const QImage image = render(widget);
        maybeSave(image, "heatmap_gap");
        // Three quarters into column 1 (13:25) is still column 1's 4 000 (the scale's top).
        const double x = g.xOfTime(static_cast<double>(kT0 + 4 * kFiveMinutes));
        const QPoint inGap(static_cast<int>(x), static_cast<int>(g.yOfPrice(97.5)));
        QCOMPARE(g.cellAt(inGap.x() + 0.5, inGap.y() + 0.5)->column, std::size_t{1});
        QCOMPARE(image.pixelColor(inGap).rgb(), widget.colourScale().rgbAt(1));
        // Column 2's short at [104, 105) is √(1 000 / 4 000) = 0.5 up the scale.
        QCOMPARE(image.pixelColor(pixelOf(g, 2, 104.5)).rgb(), widget.colourScale().rgbAt(0.5));
    }

    void aNewLiveMapRedrawsTheLiveColumnAndRescalesWhenItMustOnly() {
        const std::shared_ptr<const core::Heatmap> heatmap = handMadeHeatmap();
        HeatmapWidget widget;
        widget.resize(800, 400);
        widget.setSnapshot(snapshotOf(heatmap, 1));
        const QImage before = render(widget);
        const HeatmapGeometry& g = widget.heatmapGeometry();
        const QRgb bottom = widget.colourScale().rgbAt(0);
        // Live: 800 at [93, 94) is √(800 / 50 000) = 0.126... up the scale.
        const double live800 = std::sqrt(800.0 / 50000.0);
        QCOMPARE(before.pixelColor(pixelOf(g, 3, 93.5)).rgb(), widget.colourScale().rgbAt(live800));

        // The same history, the live cluster moved to [96, 97): only the live column changes.
        widget.setSnapshot(snapshotOf(heatmap, 2, "TESTUSDT", {{Side::Long, 0, 96.5, 800}}));
        QCOMPARE(widget.scaleMax(), 50000.0);
        const QImage moved = render(widget);
        QCOMPARE(moved.pixelColor(pixelOf(g, 3, 93.5)).rgb(), bottom);
        QCOMPARE(moved.pixelColor(pixelOf(g, 3, 96.5)).rgb(), widget.colourScale().rgbAt(live800));
        QCOMPARE(moved.pixelColor(pixelOf(g, 1, 97.4)), before.pixelColor(pixelOf(g, 1, 97.4)));
        QCOMPARE(moved.pixelColor(pixelOf(g, 0, 95.5)), before.pixelColor(pixelOf(g, 0, 95.5)));

        // A live cluster of 200 000 becomes the top of the scale: everything is recoloured, so
        // column 1's 50 000 is now √(50 000 / 200 000) = 0.5 up.
        widget.setSnapshot(snapshotOf(heatmap, 3, "TESTUSDT", {{Side::Short, 0, 104.5, 200000}}));
        QCOMPARE(widget.scaleMax(), 200000.0);
        const QImage rescaled = render(widget);
        QCOMPARE(rescaled.pixelColor(pixelOf(g, 3, 104.5)).rgb(), widget.colourScale().rgbAt(1));
        QCOMPARE(rescaled.pixelColor(pixelOf(g, 1, 97.4)).rgb(), widget.colourScale().rgbAt(0.5));
        QCOMPARE(rescaled.pixelColor(pixelOf(g, 3, 96.5)).rgb(), bottom);
    }

    void wheelZoomsAroundTheCursorsPriceAndKeyZeroResets() {
        HeatmapWidget widget;
        widget.resize(800, 400);
        widget.setSnapshot(handMadeSnapshot());
        QSignalSpy rangeChanged(&widget, &HeatmapWidget::visibleRangeChanged);
        const HeatmapGeometry before = widget.heatmapGeometry();
        const double y = before.yOfPrice(97);
        sendWheel(widget, QPointF(300, y), 120);
        const HeatmapGeometry expected = before.zoomedAt(y, HeatmapWidget::kZoomStep);
        QCOMPARE(widget.heatmapGeometry().visibleLow(), expected.visibleLow());
        QCOMPARE(widget.heatmapGeometry().visibleHigh(), expected.visibleHigh());
        QCOMPARE(widget.heatmapGeometry().zoom(), HeatmapWidget::kZoomStep);
        QCOMPARE(rangeChanged.count(), 1);
        // Zoomed in on the lower part, the largest cell in view sets the scale: still 50 000
        // (97 is in view); zoomed onto [104, 106] the largest is column 0's short 3 000.
        widget.resetZoom();
        widget.zoomBy(20);  // 22.2 / 20 = 1.11 high
        widget.centreOn(105);
        QVERIFY(widget.heatmapGeometry().visibleLow() > 104 &&
                widget.heatmapGeometry().visibleHigh() < 106);
        QCOMPARE(widget.scaleMax(), 3000.0);

        QTest::keyClick(&widget, Qt::Key_0);
        QCOMPARE(widget.heatmapGeometry().zoom(), 1.0);
        QCOMPARE(widget.heatmapGeometry().visibleLow(), 90.0);
        QCOMPARE(widget.scaleMax(), 50000.0);
        // + and − zoom around the middle; double-click resets too.
        QTest::keyClick(&widget, Qt::Key_Plus);
        QCOMPARE(widget.heatmapGeometry().zoom(), HeatmapWidget::kZoomStep);
        QTest::keyClick(&widget, Qt::Key_Minus);
        QCOMPARE(widget.heatmapGeometry().zoom(), 1.0);
        widget.zoomBy(8);
        sendMouse(widget, QEvent::MouseButtonDblClick, {300, 200}, Qt::LeftButton, Qt::LeftButton);
        QCOMPARE(widget.heatmapGeometry().zoom(), 1.0);
    }

    void verticalDragPansByThePixelsMoved() {
        HeatmapWidget widget;
        widget.resize(800, 400);
        widget.setSnapshot(handMadeSnapshot());
        widget.zoomBy(4);
        const HeatmapGeometry zoomed = widget.heatmapGeometry();
        sendMouse(widget, QEvent::MouseButtonPress, {300, 200}, Qt::LeftButton, Qt::LeftButton);
        sendMouse(widget, QEvent::MouseMove, {320, 230}, Qt::NoButton, Qt::LeftButton);
        sendMouse(widget, QEvent::MouseMove, {340, 250}, Qt::NoButton, Qt::LeftButton);
        sendMouse(widget, QEvent::MouseButtonRelease, {340, 250}, Qt::LeftButton, Qt::NoButton);
        const HeatmapGeometry expected = zoomed.pannedBy(30).pannedBy(20);
        QCOMPARE(widget.heatmapGeometry().visibleLow(), expected.visibleLow());
        QCOMPARE(widget.heatmapGeometry().visibleHigh(), expected.visibleHigh());
        QVERIFY(widget.heatmapGeometry().visibleLow() > zoomed.visibleLow());
    }

    void aSnapshotWithTheVersionShownIsIgnoredAndZoomFollowsTheMarket() {
        HeatmapWidget widget;
        widget.resize(800, 400);
        const auto first = handMadeSnapshot(7);
        widget.setSnapshot(first);
        widget.setSnapshot(handMadeSnapshot(7));
        QCOMPARE(widget.snapshot(), first);

        // The same market, a new snapshot: the zoomed window stays.
        widget.zoomBy(4);
        widget.centreOn(100);
        const double low = widget.heatmapGeometry().visibleLow();
        const double high = widget.heatmapGeometry().visibleHigh();
        widget.setSnapshot(handMadeSnapshot(8));
        QCOMPARE(widget.heatmapGeometry().visibleLow(), low);
        QCOMPARE(widget.heatmapGeometry().visibleHigh(), high);
        // Another symbol: back to everything.
        widget.setSnapshot(handMadeSnapshot(8, "OTHERUSDT"));
        QCOMPARE(widget.heatmapGeometry().zoom(), 1.0);
    }

    void withoutHistoryTheWidgetSaysWhatIsHappening() {
        HeatmapWidget widget;
        widget.resize(400, 200);
        QCOMPARE(widget.stateText(), QStringLiteral("Waiting for data…"));
        widget.setSnapshot(stateSnapshot(FeedState::Connecting, "", 1));
        QCOMPARE(widget.stateText(), QStringLiteral("Connecting to Bybit…"));
        widget.setSnapshot(stateSnapshot(FeedState::LoadingHistory, "Loading history…", 2, 0.42));
        QCOMPARE(widget.stateText(), QStringLiteral("Loading history… 42 %"));
        maybeSave(render(widget), "heatmap_state_loading");
        widget.setSnapshot(stateSnapshot(FeedState::Error, "HTTP 403 from api.bybit.com", 3));
        QCOMPARE(widget.stateText(), QStringLiteral("HTTP 403 from api.bybit.com"));
        const QImage errorImage = render(widget);
        maybeSave(errorImage, "heatmap_state_error");
        int drawn = 0;
        for (int y = 0; y < errorImage.height(); ++y) {
            for (int x = 0; x < errorImage.width(); ++x) {
                drawn += errorImage.pixelColor(x, y) != widget.chartPalette().background ? 1 : 0;
            }
        }
        QVERIFY(drawn > 50);

        // A live map but no heatmap, or a heatmap without columns: no history yet.
        widget.setSnapshot(snapshotOf(nullptr, 4));
        QCOMPARE(widget.stateText(), QStringLiteral("No history yet"));
        QVERIFY(!widget.hasLiveColumn());
        widget.setSnapshot(snapshotOf(std::make_shared<core::Heatmap>(5), 5));
        QCOMPARE(widget.stateText(), QStringLiteral("No history yet"));
        // No gesture trips over the missing data.
        sendWheel(widget, {200, 100}, 120);
        QTest::keyClick(&widget, Qt::Key_Plus);
        QTest::keyClick(&widget, Qt::Key_0);
        sendMouse(widget, QEvent::MouseMove, {200, 100}, Qt::NoButton, Qt::NoButton);
        QVERIFY(!widget.hoveredCell());
        QVERIFY(widget.tooltipText(0, 100).isEmpty());
        render(widget);

        // History without a live map: the columns alone.
        auto noLive = std::const_pointer_cast<MapSnapshot>(handMadeSnapshot(6));
        noLive->map = nullptr;
        widget.setSnapshot(noLive);
        QVERIFY(widget.stateText().isEmpty());
        QVERIFY(!widget.hasLiveColumn());
        QCOMPARE(widget.heatmapGeometry().columnCount(), std::size_t{3});
        render(widget);

        widget.setSnapshot(nullptr);
        QCOMPARE(widget.stateText(), QStringLiteral("Waiting for data…"));
    }

    void rendersARealisticHeatmapInEveryPaletteAndSize() {
        // Screenshots for people to look at (LIQMAP_SCREENSHOT_DIR); here only "it paints".
        struct Case {
            const char* name;
            ChartTheme theme;
            int width;
            int height;
            std::size_t columns;
            core::TimestampMs step;
        };
        const Case cases[] = {
            {"heatmap_rich_dark_1000x500", ChartTheme::Dark, 1000, 500, 480, 60'000},
            {"heatmap_rich_light_1000x500", ChartTheme::Light, 1000, 500, 480, 60'000},
            {"heatmap_rich_narrow_300x260", ChartTheme::Dark, 300, 260, 480, 60'000},
            {"heatmap_rich_days_900x450", ChartTheme::Dark, 900, 450, 720, 3'600'000},
        };
        for (const Case& c : cases) {
            HeatmapWidget widget;
            widget.setChartPalette(ChartPalette::make(c.theme));
            widget.resize(c.width, c.height);
            widget.setSnapshot(richSnapshot(c.columns, 200, c.step));
            const QImage image = render(widget);
            QCOMPARE(image.size(), QSize(c.width, c.height));
            maybeSave(image, c.name);
        }
        HeatmapWidget widget;
        widget.resize(1000, 500);
        widget.setSnapshot(richSnapshot(480, 200));
        widget.zoomBy(3);
        const HeatmapGeometry& g = widget.heatmapGeometry();
        sendMouse(widget, QEvent::MouseMove,
                  {g.area().left + g.area().width * 0.7, g.area().top + g.area().height * 0.6},
                  Qt::NoButton, Qt::NoButton);
        QVERIFY(widget.hoveredCell().has_value());
        maybeSave(render(widget), "heatmap_rich_hover_zoomed");
    }
};

}  // namespace liqmap::gui

QTEST_MAIN(liqmap::gui::HeatmapWidgetTest)
#include "heatmap_widget_test.moc"
