#include "liqmap/gui/liquidation_map_widget.h"

#include <QApplication>
#include <QColor>
#include <QDir>
#include <QFont>
#include <QFontMetricsF>
#include <QImage>
#include <QMouseEvent>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>
#include <cmath>       // std::lround, std::sin
#include <cstdlib>     // std::getenv
#include <functional>  // std::function
#include <memory>      // std::make_shared
#include <utility>     // std::move
#include <vector>      // std::vector

#include "chart_drawing.h"  // src/gui: the text cache and banded fill the widget paints with
#include "liqmap/core/combined_map.h"
#include "liqmap/core/liquidation_map.h"
#include "support/widget_events.h"

namespace liqmap::gui {
namespace {

using test::maybeSave;
using test::sendMouse;
using test::sendWheel;

using core::LiquidationLevel;
using core::Side;

// Around 100 with a ±10 % range cut into 20 bins: bin i covers [90 + i, 91 + i), exactly.
const std::vector<double> kLeverages{10, 25};
constexpr double kPrice = 100;
const core::MapOptions kOptions{20, 0.1};

// Longs: bin 5 = 1 000 at 10x + 500 at 25x, bin 7 = 2 000 at 10x.
// Shorts: bin 12 = 800 at 10x, bin 14 = 3 000 at 25x.
std::vector<LiquidationLevel> handMadeLevels() {
    return {{Side::Long, 0, 95.5, 1000},
            {Side::Long, 1, 95.2, 500},
            {Side::Long, 0, 97.5, 2000},
            {Side::Short, 0, 102.5, 800},
            {Side::Short, 1, 104.5, 3000}};
}

core::LiquidationMap mapOf(const std::vector<LiquidationLevel>& levels, double price = kPrice) {
    return core::LiquidationMap::fromLevels(kLeverages, levels, price, kOptions);
}

std::shared_ptr<const MapSnapshot> snapshotOf(std::vector<core::CombinedMap::Source> sources,
                                              std::uint64_t version,
                                              const std::string& symbol = "TESTUSDT") {
    auto snapshot = std::make_shared<MapSnapshot>();
    snapshot->version = version;
    snapshot->exchange = sources.size() > 1 ? "All" : sources.front().exchange;
    snapshot->symbol = symbol;
    snapshot->state = FeedState::Live;
    snapshot->map = std::make_shared<const core::CombinedMap>(std::move(sources));
    snapshot->realized = {{1, Side::Long, 96.3, 5000}, {2, Side::Short, 103.7, 2000}};
    return snapshot;
}

std::shared_ptr<const MapSnapshot> handMadeSnapshot(std::uint64_t version = 1,
                                                    double price = kPrice,
                                                    const std::string& symbol = "TESTUSDT") {
    return snapshotOf({{"Binance", symbol, mapOf(handMadeLevels(), price)}}, version, symbol);
}

std::shared_ptr<const MapSnapshot> stateSnapshot(FeedState state, std::string message,
                                                 double progress = 0) {
    auto snapshot = std::make_shared<MapSnapshot>();
    snapshot->version = 1;
    snapshot->exchange = "Bybit";
    snapshot->symbol = "BTCUSDT";
    snapshot->state = state;
    snapshot->message = std::move(message);
    snapshot->progress = progress;
    return snapshot;
}

// A BTC-like market for the screenshots: five tiers, clusters on both sides.
std::shared_ptr<const MapSnapshot> richSnapshot(bool twoSources) {
    const std::vector<double> leverages{5, 10, 25, 50, 100};
    constexpr double kBtc = 65000;
    const core::MapOptions options{200, 0.15};
    auto levelsFor = [&](int salt) {
        std::vector<LiquidationLevel> levels;
        for (int k = 0; k < 600; ++k) {
            const double entry = kBtc * (1 + 0.05 * std::sin(k * 0.37 + salt));
            for (std::size_t tier = 1; tier < leverages.size(); ++tier) {
                const double margin = 1 / leverages[tier] - 0.004;
                const double notional =
                    2e5 * (1 + (k * 7919 + salt) % 13) / static_cast<double>(1 + tier % 3);
                // As the estimator leaves them: longs liquidate below the price, shorts above.
                if (const double lp = entry * (1 - margin); lp < kBtc) {
                    levels.push_back({Side::Long, tier, lp, notional});
                }
                if (const double lp = entry * (1 + margin); lp > kBtc) {
                    levels.push_back({Side::Short, tier, lp, notional * 0.8});
                }
            }
        }
        return levels;
    };
    std::vector<core::CombinedMap::Source> sources;
    sources.push_back({"Binance", "BTCUSDT",
                       core::LiquidationMap::fromLevels(leverages, levelsFor(0), kBtc, options)});
    if (twoSources) {
        sources.push_back(
            {"Bybit", "BTCUSDT",
             core::LiquidationMap::fromLevels(leverages, levelsFor(3), kBtc, options)});
    }
    auto snapshot = std::make_shared<MapSnapshot>();
    snapshot->version = 1;
    snapshot->exchange = twoSources ? "All" : "Binance";
    snapshot->symbol = "BTCUSDT";
    snapshot->state = FeedState::Live;
    snapshot->map = std::make_shared<const core::CombinedMap>(std::move(sources));
    for (int k = 0; k < 12; ++k) {
        snapshot->realized.push_back({k, k % 3 == 0 ? Side::Short : Side::Long,
                                      kBtc * (1 + 0.01 * std::sin(k * 1.7) - 0.004), 1e5});
    }
    return snapshot;
}

QImage render(LiquidationMapWidget& widget) {
    return widget.grab().toImage().convertToFormat(QImage::Format_RGB32);
}

/// The hand-made market with another realized mark and bin 7's long bar raised from 2 000 to
/// 2 600 (so the y scale stays set by bin 14's 3 000): what a live update changes.
std::shared_ptr<const MapSnapshot> updatedHandMadeSnapshot(std::uint64_t version) {
    std::vector<LiquidationLevel> levels = handMadeLevels();
    levels.push_back({Side::Long, 1, 97.5, 600});
    auto snapshot = std::const_pointer_cast<MapSnapshot>(
        snapshotOf({{"Binance", "TESTUSDT", mapOf(levels)}}, version));
    snapshot->realized.push_back({3, Side::Long, 92.2, 1000});
    return snapshot;
}

/// Rests the mouse over the plot above bin 7 (hover highlight, crosshair and tooltip).
void hoverBin7(LiquidationMapWidget& widget) {
    const ChartGeometry& g = widget.chartGeometry();
    sendMouse(widget, QEvent::MouseMove, {g.xOfPrice(97.5), g.area().top + g.area().height * 0.5},
              Qt::NoButton, Qt::NoButton);
}

/// `used` has painted before and then changed; a widget built straight into the same state
/// (`build`) must paint exactly the same pixels, or something drawn from a cache was stale.
void expectPaintsLikeAFreshWidget(LiquidationMapWidget& used,
                                  const std::function<void(LiquidationMapWidget&)>& build,
                                  const QImage& beforeTheChange) {
    const QImage after = render(used);
    LiquidationMapWidget fresh;
    build(fresh);
    const QImage expected = render(fresh);
    QCOMPARE(after.size(), expected.size());
    QVERIFY(after == expected);
    // The change shows at all (else the comparison proves nothing).
    QVERIFY(after != beforeTheChange);
}

/// Number of pixels of `row` inside the plot that have exactly `colour`.
int pixelsInRow(const QImage& image, const ChartGeometry& g, int row, QColor colour) {
    int count = 0;
    for (int x = static_cast<int>(std::ceil(g.area().left));
         x < static_cast<int>(g.area().left + g.area().width); ++x) {
        count += image.pixelColor(x, row) == colour ? 1 : 0;
    }
    return count;
}

bool isRedFamily(QColor c) { return c.red() > c.green() + 40 && c.red() > c.blue() + 40; }
bool isGreenFamily(QColor c) { return c.green() > c.red() + 40 && c.green() > c.blue() + 40; }

/// Share of the pixels in column `x` between the notionals `from` and `to` that pass `test`.
template <typename Test>
double shareInColumn(const QImage& image, const ChartGeometry& geometry, double x, double from,
                     double to, Test test) {
    const int column = static_cast<int>(std::lround(x));
    int passing = 0;
    int total = 0;
    for (int y = static_cast<int>(geometry.yOfNotional(to));
         y <= static_cast<int>(geometry.yOfNotional(from)); ++y) {
        ++total;
        passing += test(image.pixelColor(column, y)) ? 1 : 0;
    }
    return total == 0 ? 0 : static_cast<double>(passing) / total;
}

}  // namespace

class LiquidationMapWidgetTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void hiddenTiersLeaveTheBarsAndTheAutoscale() {
        LiquidationMapWidget widget;
        widget.resize(800, 400);
        widget.setSnapshot(handMadeSnapshot());
        // All tiers: the tallest bin is bin 14's 3 000 at 25x; y reaches 3 000 × 1.08 headroom.
        QCOMPARE(widget.chartGeometry().notionalMax(), 3000 * 1.08);
        const QImage before = render(widget);
        const ChartGeometry shown = widget.chartGeometry();
        const double x14 = shown.xOfPrice(104.5);
        QVERIFY(shareInColumn(before, shown, x14, 0, 3000, isGreenFamily) > 0.9);

        widget.setHiddenTiers({25});
        QCOMPARE(widget.hiddenTiers(), std::vector<double>{25});
        // Without 25x: bin 5 keeps 1 000, bin 7 2 000, bin 12 800, bin 14 nothing → 2 000 × 1.08.
        QCOMPARE(widget.chartGeometry().notionalMax(), 2000 * 1.08);
        const QImage after = render(widget);
        const ChartGeometry hidden = widget.chartGeometry();
        // No bar left there; only the 2-pixel cumulative short curve crosses the column.
        QVERIFY(shareInColumn(after, hidden, hidden.xOfPrice(104.5), 0, 2000, isGreenFamily) < 0.1);
        // Bin 5's long bar is now only its 10x part: 1 000 high, red up to there.
        QVERIFY(shareInColumn(after, hidden, hidden.xOfPrice(95.5), 50, 950, isRedFamily) > 0.9);
        // Above it, at most the cumulative long curve's 2 pixels.
        QVERIFY(shareInColumn(after, hidden, hidden.xOfPrice(95.5), 1100, 1900, isRedFamily) < 0.1);
        // The tooltip still gives the map's totals, every tier.
        QVERIFY(widget.tooltipText(5).contains(QStringLiteral("Long 1.50K: 10x 1.00K · 25x 500")));
    }

    void tooltipOfALongBinGivesRangeDistanceTiersAndCumulative() {
        LiquidationMapWidget widget;
        widget.resize(800, 400);
        widget.setSnapshot(handMadeSnapshot());
        // Bin 5 = [95, 96): centre 95.5 is 4.5 % below 100; longs from 95 up: 1 500 + 2 000.
        QCOMPARE(widget.tooltipText(5), QStringLiteral("Price 95.0 – 96.0\n"
                                                       "Distance −4.50 % from 100.0\n"
                                                       "Long 1.50K: 10x 1.00K · 25x 500\n"
                                                       "Short 0\n"
                                                       "Longs liquidated from 100.0 down to "
                                                       "95.0: 3.50K"));
        // Bin 14 = [104, 105): shorts from 100 up to 105: 800 + 3 000.
        QCOMPARE(widget.tooltipText(14), QStringLiteral("Price 104.0 – 105.0\n"
                                                        "Distance +4.50 % from 100.0\n"
                                                        "Long 0\n"
                                                        "Short 3.00K: 25x 3.00K\n"
                                                        "Shorts liquidated from 100.0 up to "
                                                        "105.0: 3.80K"));
        QVERIFY(widget.tooltipText(20).isEmpty());
    }

    void tooltipSplitsByExchangeWhenTheSnapshotHasSeveralSources() {
        const auto binance = mapOf({{Side::Long, 0, 95.5, 1000}});
        const auto bybit = mapOf({{Side::Long, 1, 95.2, 500}, {Side::Long, 0, 95.7, 250}});
        const auto snapshot =
            snapshotOf({{"Binance", "BTCUSDT", binance}, {"Bybit", "BTCUSDT", bybit}}, 1);
        LiquidationMapWidget widget;
        widget.setSnapshot(snapshot);
        QCOMPARE(widget.tooltipText(5), QStringLiteral("Price 95.0 – 96.0\n"
                                                       "Distance −4.50 % from 100.0\n"
                                                       "Long 1.75K: 10x 1.25K · 25x 500\n"
                                                       "Short 0\n"
                                                       "Binance: long 1.00K, short 0\n"
                                                       "Bybit: long 750, short 0\n"
                                                       "Longs liquidated from 100.0 down to "
                                                       "95.0: 1.75K"));
        // The split the tooltip shows adds up to the total it shows.
        const core::LiquidationMap& total = snapshot->map->total();
        for (std::size_t bin = 0; bin < total.binCount(); ++bin) {
            double longs = 0;
            double shorts = 0;
            for (const auto& source : snapshot->map->sources()) {
                longs += source.map.longNotional(bin);
                shorts += source.map.shortNotional(bin);
            }
            QCOMPARE(longs, total.longNotional(bin));
            QCOMPARE(shorts, total.shortNotional(bin));
        }
    }

    void longBarsAreRedLeftOfTheDashedPriceLineAndShortBarsGreenRightOfIt() {
        LiquidationMapWidget widget;
        widget.resize(800, 400);
        widget.setSnapshot(handMadeSnapshot());
        const QImage image = render(widget);
        maybeSave(image, "hand_made_dark_800x400");
        QCOMPARE(image.size(), QSize(800, 400));
        const ChartGeometry& g = widget.chartGeometry();
        const double priceX = g.xOfPrice(kPrice);

        // Bin 7 (long 2 000, left of the line) and bin 14 (short 3 000, right of it).
        const double longX = g.xOfPrice(97.5);
        const double shortX = g.xOfPrice(104.5);
        QVERIFY(longX < priceX && shortX > priceX);
        QVERIFY(shareInColumn(image, g, longX, 50, 1950, isRedFamily) > 0.9);
        QVERIFY(shareInColumn(image, g, shortX, 50, 2950, isGreenFamily) > 0.9);
        QCOMPARE(shareInColumn(image, g, longX, 50, 1950, isGreenFamily), 0.0);
        QCOMPARE(shareInColumn(image, g, shortX, 50, 2950, isRedFamily), 0.0);

        // Bin 5 stacks 10x (0–1 000, lighter) under 25x (1 000–1 500, darker).
        const int column = static_cast<int>(std::lround(g.xOfPrice(95.5)));
        const QColor lower = image.pixelColor(column, static_cast<int>(g.yOfNotional(500)));
        const QColor upper = image.pixelColor(column, static_cast<int>(g.yOfNotional(1250)));
        QVERIFY(isRedFamily(lower) && isRedFamily(upper));
        QVERIFY(upper.lightness() < lower.lightness());

        // The dashed line: its column alternates between the line colour and the background.
        const ChartPalette palette = widget.chartPalette();
        int best = -1;
        int bestOn = 0;
        for (int x = static_cast<int>(priceX) - 1; x <= static_cast<int>(priceX) + 1; ++x) {
            int on = 0;
            for (int y = static_cast<int>(g.area().top) + 30;
                 y < static_cast<int>(g.area().top + g.area().height) - 10; ++y) {
                on += image.pixelColor(x, y) == palette.priceLine ? 1 : 0;
            }
            if (on > bestOn) {
                best = x;
                bestOn = on;
            }
        }
        QVERIFY(best >= 0);
        int off = 0;
        int switches = 0;
        bool previousOn = false;
        for (int y = static_cast<int>(g.area().top) + 30;
             y < static_cast<int>(g.area().top + g.area().height) - 10; ++y) {
            const bool on = image.pixelColor(best, y) == palette.priceLine;
            off += image.pixelColor(best, y) == palette.plotBackground ? 1 : 0;
            switches += (on != previousOn) ? 1 : 0;
            previousOn = on;
        }
        QVERIFY2(bestOn > 20 && off > 20,
                 qPrintable(QStringLiteral("on %1, off %2").arg(bestOn).arg(off)));
        QVERIFY(switches > 20);
    }

    void wheelZoomsAroundTheCursorExactlyAsTheGeometryComputes() {
        LiquidationMapWidget widget;
        widget.resize(800, 400);
        widget.setSnapshot(handMadeSnapshot());
        QSignalSpy rangeChanged(&widget, &LiquidationMapWidget::visibleRangeChanged);
        const ChartGeometry before = widget.chartGeometry();
        const double x = before.xOfPrice(96);
        sendWheel(widget, QPointF(x, 200), 120);
        const ChartGeometry expected = before.zoomedAt(x, LiquidationMapWidget::kZoomStep);
        QCOMPARE(widget.chartGeometry().visibleLow(), expected.visibleLow());
        QCOMPARE(widget.chartGeometry().visibleHigh(), expected.visibleHigh());
        QCOMPARE(rangeChanged.count(), 1);
        // Two notches back out: the full range again (zoom never goes below 1).
        sendWheel(widget, QPointF(x, 200), -240);
        QCOMPARE(widget.chartGeometry().zoom(), 1.0);
    }

    void dragPansByThePixelsMovedAndKeyZeroResets() {
        LiquidationMapWidget widget;
        widget.resize(800, 400);
        widget.setSnapshot(handMadeSnapshot());
        widget.zoomBy(4);
        const ChartGeometry zoomed = widget.chartGeometry();
        QCOMPARE(zoomed.visibleLow(), 97.5);
        QCOMPARE(zoomed.visibleHigh(), 102.5);

        sendMouse(widget, QEvent::MouseButtonPress, {400, 200}, Qt::LeftButton, Qt::LeftButton);
        sendMouse(widget, QEvent::MouseMove, {430, 200}, Qt::NoButton, Qt::LeftButton);
        sendMouse(widget, QEvent::MouseMove, {460, 205}, Qt::NoButton, Qt::LeftButton);
        sendMouse(widget, QEvent::MouseButtonRelease, {460, 205}, Qt::LeftButton, Qt::NoButton);
        const ChartGeometry expected = zoomed.pannedBy(30).pannedBy(30);
        QCOMPARE(widget.chartGeometry().visibleLow(), expected.visibleLow());
        QCOMPARE(widget.chartGeometry().visibleHigh(), expected.visibleHigh());
        QVERIFY(widget.chartGeometry().visibleLow() < 97.5);

        QTest::keyClick(&widget, Qt::Key_0);
        QCOMPARE(widget.chartGeometry().visibleLow(), 90.0);
        QCOMPARE(widget.chartGeometry().visibleHigh(), 110.0);

        // + and − zoom around the middle; double-click resets too.
        QTest::keyClick(&widget, Qt::Key_Plus);
        QCOMPARE(widget.chartGeometry().zoom(), LiquidationMapWidget::kZoomStep);
        QTest::keyClick(&widget, Qt::Key_Minus);
        QCOMPARE(widget.chartGeometry().zoom(), 1.0);
        widget.zoomBy(8);
        sendMouse(widget, QEvent::MouseButtonDblClick, {300, 200}, Qt::LeftButton, Qt::LeftButton);
        QCOMPARE(widget.chartGeometry().zoom(), 1.0);
    }

    void arrowKeysMoveTheFocusFromClusterToClusterNearestFirst() {
        LiquidationMapWidget widget;
        widget.resize(800, 400);
        widget.setSnapshot(handMadeSnapshot());
        QVERIFY(!widget.focusedBin());
        QTest::keyClick(&widget, Qt::Key_Right);
        QCOMPARE(widget.focusedBin(), std::optional<std::size_t>(12));
        QTest::keyClick(&widget, Qt::Key_Right);
        QCOMPARE(widget.focusedBin(), std::optional<std::size_t>(14));
        QTest::keyClick(&widget, Qt::Key_Right);  // nothing further right: stays
        QCOMPARE(widget.focusedBin(), std::optional<std::size_t>(14));
        QTest::keyClick(&widget, Qt::Key_Left);
        QTest::keyClick(&widget, Qt::Key_Left);  // across the empty bins around the price
        QCOMPARE(widget.focusedBin(), std::optional<std::size_t>(7));
        QTest::keyClick(&widget, Qt::Key_Left);
        QCOMPARE(widget.focusedBin(), std::optional<std::size_t>(5));
        QTest::keyClick(&widget, Qt::Key_Escape);
        QVERIFY(!widget.focusedBin());
        QTest::keyClick(&widget, Qt::Key_Left);  // from the price leftwards: the nearest long
        QCOMPARE(widget.focusedBin(), std::optional<std::size_t>(7));

        // A focused bin out of view is brought into view.
        widget.zoomBy(10);  // [99, 101]
        QTest::keyClick(&widget, Qt::Key_Left);
        QCOMPARE(widget.focusedBin(), std::optional<std::size_t>(5));
        QVERIFY(widget.chartGeometry().visibleLow() <= 95.0);
        QVERIFY(widget.chartGeometry().visibleHigh() >= 96.0);
    }

    void hoverHighlightsTheBinUnderTheMouse() {
        LiquidationMapWidget widget;
        widget.resize(800, 400);
        widget.setSnapshot(handMadeSnapshot());
        const double x = widget.chartGeometry().xOfPrice(97.5);
        sendMouse(widget, QEvent::MouseMove, {x, 200}, Qt::NoButton, Qt::NoButton);
        QCOMPARE(widget.hoveredBin(), std::optional<std::size_t>(7));
        maybeSave(render(widget), "hand_made_hover");
        sendMouse(widget, QEvent::MouseMove, {2, 2}, Qt::NoButton, Qt::NoButton);
        QVERIFY(!widget.hoveredBin());
    }

    void yScalesToTheTallestBinInView() {
        LiquidationMapWidget widget;
        widget.resize(800, 400);
        widget.setSnapshot(handMadeSnapshot());
        const double full = widget.chartGeometry().notionalMax();
        widget.zoomBy(4);
        widget.centreOn(96);  // [93.5, 98.5]: bins 3..8, tallest bin 7 = 2 000
        QCOMPARE(widget.chartGeometry().visibleLow(), 93.5);
        QCOMPARE(widget.chartGeometry().notionalMax() / full, 2000.0 / 3000.0);
    }

    void aSnapshotWithTheVersionShownIsIgnored() {
        LiquidationMapWidget widget;
        const auto first = handMadeSnapshot(7);
        widget.setSnapshot(first);
        widget.setSnapshot(handMadeSnapshot(7, 101));
        QCOMPARE(widget.snapshot(), first);
        // Another market whose engine happens to be at the same version is still shown.
        const auto other = handMadeSnapshot(7, 101, "OTHERUSDT");
        widget.setSnapshot(other);
        QCOMPARE(widget.snapshot(), other);
    }

    void zoomStaysForTheSameCutFollowsARecutAndResetsForANewSymbol() {
        LiquidationMapWidget widget;
        widget.resize(800, 400);
        widget.setSnapshot(handMadeSnapshot(1));
        widget.zoomBy(4);
        widget.centreOn(96);
        widget.setSnapshot(handMadeSnapshot(2));
        QCOMPARE(widget.chartGeometry().visibleLow(), 93.5);
        QCOMPARE(widget.chartGeometry().visibleHigh(), 98.5);

        // Re-cut around 101 ([90.9, 111.1]): the same prices stay in view.
        widget.setSnapshot(handMadeSnapshot(3, 101));
        QVERIFY(std::abs(widget.chartGeometry().visibleLow() - 93.5) < 1e-9);
        QVERIFY(std::abs(widget.chartGeometry().visibleHigh() - 98.5) < 1e-9);

        widget.setSnapshot(handMadeSnapshot(4, 101, "OTHERUSDT"));
        QCOMPARE(widget.chartGeometry().zoom(), 1.0);
        QCOMPARE(widget.chartGeometry().visibleLow(), 90.9);
    }

    void withoutAMapTheWidgetSaysWhatIsHappening() {
        LiquidationMapWidget widget;
        widget.resize(400, 200);
        QCOMPARE(widget.stateText(), QStringLiteral("Waiting for data…"));
        widget.setSnapshot(stateSnapshot(FeedState::Connecting, ""));
        QCOMPARE(widget.stateText(), QStringLiteral("Connecting to Bybit…"));
        auto loading = stateSnapshot(FeedState::LoadingHistory, "Loading history…", 0.42);
        std::const_pointer_cast<MapSnapshot>(loading)->version = 2;
        widget.setSnapshot(loading);
        QCOMPARE(widget.stateText(), QStringLiteral("Loading history… 42 %"));
        const QImage loadingImage = render(widget);
        maybeSave(loadingImage, "state_loading");
        auto error = stateSnapshot(FeedState::Error, "HTTP 403 from api.bybit.com");
        std::const_pointer_cast<MapSnapshot>(error)->version = 3;
        widget.setSnapshot(error);
        QCOMPARE(widget.stateText(), QStringLiteral("HTTP 403 from api.bybit.com"));
        const QImage errorImage = render(widget);
        maybeSave(errorImage, "state_error");

        // Something is drawn, and no key or mouse gesture trips over the missing map.
        const QColor background = widget.chartPalette().background;
        int drawn = 0;
        for (int y = 0; y < errorImage.height(); ++y) {
            for (int x = 0; x < errorImage.width(); ++x) {
                drawn += errorImage.pixelColor(x, y) != background ? 1 : 0;
            }
        }
        QVERIFY(drawn > 50);
        sendWheel(widget, {200, 100}, 120);
        QTest::keyClick(&widget, Qt::Key_Right);
        QTest::keyClick(&widget, Qt::Key_Plus);
        sendMouse(widget, QEvent::MouseMove, {200, 100}, Qt::NoButton, Qt::NoButton);
        QVERIFY(!widget.focusedBin());
        QVERIFY(widget.tooltipText(0).isEmpty());
        widget.setSnapshot(nullptr);
        QCOMPARE(widget.stateText(), QStringLiteral("Waiting for data…"));
    }

    void rendersARealisticMapInEveryPaletteAndSize() {
        // Screenshots for people to look at (LIQMAP_SCREENSHOT_DIR); here only "it paints".
        struct Case {
            const char* name;
            ChartTheme theme;
            SideColours sides;
            int width;
            int height;
            bool twoSources;
        };
        const Case cases[] = {
            {"rich_dark_800x400", ChartTheme::Dark, SideColours::RedGreen, 800, 400, false},
            {"rich_light_800x400", ChartTheme::Light, SideColours::RedGreen, 800, 400, false},
            {"rich_colourblind_800x400", ChartTheme::Dark, SideColours::OrangeBlue, 800, 400,
             false},
            {"rich_all_narrow_300x260", ChartTheme::Dark, SideColours::RedGreen, 300, 260, true},
            {"rich_all_1200x600", ChartTheme::Dark, SideColours::RedGreen, 1200, 600, true},
        };
        for (const Case& c : cases) {
            LiquidationMapWidget widget;
            widget.setChartPalette(ChartPalette::make(c.theme, c.sides));
            widget.resize(c.width, c.height);
            widget.setSnapshot(richSnapshot(c.twoSources));
            const QImage image = render(widget);
            QCOMPARE(image.size(), QSize(c.width, c.height));
            maybeSave(image, c.name);
        }
        LiquidationMapWidget widget;
        widget.resize(1000, 500);
        widget.setSnapshot(richSnapshot(true));
        widget.zoomBy(2);
        const ChartGeometry& g = widget.chartGeometry();
        const double x = g.xOfPrice(61000);
        sendMouse(widget, QEvent::MouseMove, {x, g.area().top + g.area().height * 0.6},
                  Qt::NoButton, Qt::NoButton);
        QVERIFY(widget.hoveredBin().has_value());
        maybeSave(render(widget), "rich_all_hover_zoomed");
        QTest::keyClick(&widget, Qt::Key_Right);
        QTest::keyClick(&widget, Qt::Key_Right);
        maybeSave(render(widget), "rich_all_keyboard_focus");
    }

    // ---- what the paint keeps between paints, and when it must let go ------------------------

    void gridLinesAreOnePixelRowsAtTheNotionalTicks() {
        LiquidationMapWidget widget;
        widget.resize(800, 400);
        widget.setSnapshot(handMadeSnapshot());
        const QImage image = render(widget);
        const ChartGeometry& g = widget.chartGeometry();
        const ChartPalette& palette = widget.chartPalette();
        // y reaches 3 000 × 1.08 = 3 240 over a plot 400 − 2 × (font height + 10) high, about
        // 352 px, so 352 / 44 = 8 ticks of 3 240 / 8 = 405, rounded up to the nice step 500:
        // lines at 500, 1 000 … 3 000, on the rows of those notionals.
        QCOMPARE(g.notionalMax(), 3240.0);
        QVERIFY(std::abs(g.area().height / 44 - 8) < 0.5);
        const int plotWidth = static_cast<int>(g.area().width);
        for (int value = 500; value <= 3000; value += 500) {
            const int row = static_cast<int>(std::round(g.yOfNotional(value)));
            // Across the plot except where bars, the price line or a cumulative curve cross it
            // (the long curve runs flat near the 3 000 row over the empty bins 0 to 4).
            QVERIFY2(pixelsInRow(image, g, row, palette.grid) > plotWidth / 2,
                     qPrintable(QString::number(value)));
            QCOMPARE(pixelsInRow(image, g, row - 1, palette.grid), 0);
            QCOMPARE(pixelsInRow(image, g, row + 1, palette.grid), 0);
        }
        // No line at 0 (the axis) nor above 3 000.
        QCOMPARE(
            pixelsInRow(image, g, static_cast<int>(std::round(g.yOfNotional(3500))), palette.grid),
            0);
    }

    void realizedMarksStandOnThePriceAxisAndFollowTheView() {
        LiquidationMapWidget widget;
        widget.resize(800, 400);
        widget.setSnapshot(handMadeSnapshot());
        const ChartPalette& palette = widget.chartPalette();
        // Inside a mark, 2.5 px above the axis: its triangle (base 10, height 8) is
        // 10 × (1 − 2.5 / 8) ≈ 6.9 px wide there, so the pixel under the mark's price is the
        // side colour itself, not an antialiased edge.
        auto markPixel = [&](const QImage& image, double price) {
            const ChartGeometry& g = widget.chartGeometry();
            return image.pixel(static_cast<int>(std::floor(g.xOfPrice(price))),
                               static_cast<int>(g.area().top + g.area().height - 3));
        };
        const QImage full = render(widget);
        QCOMPARE(markPixel(full, 96.3), palette.longColour.rgb());
        QCOMPARE(markPixel(full, 103.7), palette.shortColour.rgb());

        // Zoomed 4× around 100 ([97.5, 102.5]): both marks are out of view, and nothing is
        // left where they were drawn.
        const double oldLongX = widget.chartGeometry().xOfPrice(96.3);
        widget.zoomBy(4);
        const QImage zoomed = render(widget);
        const ChartGeometry& g = widget.chartGeometry();
        QCOMPARE(g.visibleLow(), 97.5);
        QVERIFY(zoomed.pixel(static_cast<int>(std::floor(oldLongX)),
                             static_cast<int>(g.area().top + g.area().height - 3)) !=
                palette.longColour.rgb());
        // Centred on 96.3: the long mark is back, in the middle of the plot.
        widget.centreOn(96.3);
        const QImage centred = render(widget);
        QVERIFY(std::abs(widget.chartGeometry().xOfPrice(96.3) -
                         (g.area().left + g.area().width / 2)) < 1e-9);
        QCOMPARE(markPixel(centred, 96.3), palette.longColour.rgb());
    }

    void aNewSnapshotPaintsLikeAFreshWidget() {
        auto build = [](LiquidationMapWidget& widget) {
            widget.resize(800, 400);
            widget.setSnapshot(updatedHandMadeSnapshot(2));
            hoverBin7(widget);
        };
        LiquidationMapWidget used;
        used.resize(800, 400);
        used.setSnapshot(handMadeSnapshot(1));
        hoverBin7(used);
        const QImage before = render(used);
        used.setSnapshot(updatedHandMadeSnapshot(2));  // taller bar, one more realized mark
        expectPaintsLikeAFreshWidget(used, build, before);
    }

    void aSnapshotWithOnlyNewMarksPaintsLikeAFreshWidget() {
        // The bars stay, the realized marks change: what most live updates bring.
        auto withMarks = [](std::uint64_t version, std::vector<RealizedMark> marks) {
            auto snapshot = std::const_pointer_cast<MapSnapshot>(handMadeSnapshot(version));
            snapshot->realized = std::move(marks);
            return snapshot;
        };
        const std::vector<RealizedMark> later{{2, Side::Short, 103.7, 2000},
                                              {5, Side::Long, 98.1, 700}};
        auto build = [&](LiquidationMapWidget& widget) {
            widget.resize(800, 400);
            widget.setSnapshot(withMarks(2, later));
        };
        LiquidationMapWidget used;
        used.resize(800, 400);
        used.setSnapshot(handMadeSnapshot(1));
        const QImage before = render(used);
        used.setSnapshot(withMarks(2, later));
        expectPaintsLikeAFreshWidget(used, build, before);
    }

    void zoomAndPanPaintLikeAFreshWidget() {
        auto build = [](LiquidationMapWidget& widget) {
            widget.resize(800, 400);
            widget.setSnapshot(handMadeSnapshot());
            widget.zoomBy(2);
            widget.centreOn(97);
        };
        LiquidationMapWidget used;
        used.resize(800, 400);
        used.setSnapshot(handMadeSnapshot());
        const QImage before = render(used);
        used.zoomBy(2);
        render(used);
        used.centreOn(97);
        expectPaintsLikeAFreshWidget(used, build, before);
    }

    void aResizePaintsLikeAFreshWidget() {
        auto build = [](LiquidationMapWidget& widget) {
            widget.resize(640, 330);
            widget.setSnapshot(handMadeSnapshot());
            hoverBin7(widget);
        };
        LiquidationMapWidget used;
        used.resize(800, 400);
        used.setSnapshot(handMadeSnapshot());
        hoverBin7(used);
        const QImage before = render(used);
        used.resize(640, 330);
        // A hidden widget gets its resize event when next shown or grabbed; then the mouse is
        // put over bin 7 again, which moved.
        render(used);
        hoverBin7(used);
        expectPaintsLikeAFreshWidget(used, build, before);
    }

    void aNewPaletteAndThemePaintLikeAFreshWidget() {
        const ChartPalette light = ChartPalette::make(ChartTheme::Light, SideColours::OrangeBlue);
        auto build = [&](LiquidationMapWidget& widget) {
            widget.resize(800, 400);
            widget.setSnapshot(handMadeSnapshot());
            widget.setChartPalette(light);
        };
        LiquidationMapWidget used;
        used.resize(800, 400);
        used.setSnapshot(handMadeSnapshot());
        const QImage before = render(used);
        used.setChartPalette(light);
        expectPaintsLikeAFreshWidget(used, build, before);
    }

    void hiddenTiersPaintLikeAFreshWidget() {
        auto build = [](LiquidationMapWidget& widget) {
            widget.resize(800, 400);
            widget.setSnapshot(handMadeSnapshot());
            widget.setHiddenTiers({10});
        };
        LiquidationMapWidget used;
        used.resize(800, 400);
        used.setSnapshot(handMadeSnapshot());
        const QImage before = render(used);
        used.setHiddenTiers({10});
        expectPaintsLikeAFreshWidget(used, build, before);
    }

    void aNewFontPaintsLikeAFreshWidget() {
        // Labels laid out in the old font must not be drawn in the new one's place.
        QFont big = QApplication::font();
        big.setPointSizeF(big.pointSizeF() * 1.5);
        auto build = [&](LiquidationMapWidget& widget) {
            widget.setFont(big);
            widget.resize(800, 400);
            widget.setSnapshot(handMadeSnapshot());
        };
        LiquidationMapWidget used;
        used.resize(800, 400);
        used.setSnapshot(handMadeSnapshot());
        const QImage before = render(used);
        used.setFont(big);
        used.resize(801, 400);  // the plot area follows the font only on a resize or a snapshot
        used.resize(800, 400);
        expectPaintsLikeAFreshWidget(used, build, before);
    }

    // ---- the drawing helpers the paint goes through ------------------------------------------

    void roundToIntRoundsAsLround() {
        // Halves away from zero; the largest double below 0.5 rounds down (adding 0.5 first
        // would round it up); negative values mirror positive ones.
        for (const double value : {0.0, 0.49999999999999994, 0.5, 1.5, 2.5, 2.4999999999999996,
                                   -0.5, -0.49999999999999994, -1.5, -2.5, 1843.5, 1843.4999,
                                   -7.0000001, 999999999.4, -999999999.5}) {
            QCOMPARE(chart::roundToInt(value), static_cast<int>(std::lround(value)));
        }
        // Off anything painted: clamped, NaN included, rather than undefined behaviour.
        QCOMPARE(chart::roundToInt(1e12), 1'000'000'000);
        QCOMPARE(chart::roundToInt(-1e12), -1'000'000'000);
        QCOMPARE(chart::roundToInt(std::nan("")), -1'000'000'000);
    }

    void cachedTextDrawsExactlyWhatDrawTextDraws() {
        const QFont font = QApplication::font();
        const QStringList texts{QStringLiteral("65000.0"), QStringLiteral("1.25M"),
                                QStringLiteral("Long 4.38M: 5x 438K · 10x 657K"),
                                QStringLiteral("estimated, not a prediction")};
        QImage expected(420, 160, QImage::Format_ARGB32_Premultiplied);
        expected.fill(QColor(0x17, 0x1b, 0x21));
        QImage cached = expected.copy();
        chart::TextCache cache;
        // Twice through the cache: laid out on the first pass, drawn from the layout on the
        // second; both like drawText, at whole and fractional positions.
        for (int pass = 0; pass < 2; ++pass) {
            cached.fill(QColor(0x17, 0x1b, 0x21));
            QPainter painter(&cached);
            painter.setFont(font);
            painter.setPen(QColor(0xd0, 0xd4, 0xdb));
            for (int i = 0; i < texts.size(); ++i) {
                cache.draw(painter, QPointF(3 + i * 0.37, 20 + i * 35.6), texts[i]);
            }
            cache.endPaint();
        }
        {
            QPainter painter(&expected);
            painter.setFont(font);
            painter.setPen(QColor(0xd0, 0xd4, 0xdb));
            for (int i = 0; i < texts.size(); ++i) {
                painter.drawText(QPointF(3 + i * 0.37, 20 + i * 35.6), texts[i]);
            }
        }
        QVERIFY(cached == expected);
        const QFontMetricsF metrics(font);
        for (const QString& text : texts) {
            QCOMPARE(cache.width(font, text), metrics.horizontalAdvance(text));
        }
    }

    void textCacheKeepsOnlyWhatTheLastPaintUsed() {
        const QFont font = QApplication::font();
        QImage image(200, 40, QImage::Format_ARGB32_Premultiplied);
        QPainter painter(&image);
        painter.setFont(font);
        chart::TextCache cache;
        cache.draw(painter, {2, 20}, QStringLiteral("a"));
        cache.draw(painter, {2, 20}, QStringLiteral("b"));
        QCOMPARE(cache.size(), std::size_t{2});
        cache.endPaint();  // a and b were used
        QCOMPARE(cache.size(), std::size_t{2});
        cache.draw(painter, {2, 20}, QStringLiteral("a"));
        cache.width(font, QStringLiteral("c"));  // measured only: kept as well
        cache.endPaint();                        // b was not used in this paint
        QCOMPARE(cache.size(), std::size_t{2});
        cache.endPaint();  // a paint that used nothing
        QCOMPARE(cache.size(), std::size_t{0});
        // Another font drops what was laid out in the old one.
        cache.draw(painter, {2, 20}, QStringLiteral("a"));
        QFont other = font;
        other.setPointSizeF(font.pointSizeF() * 2);
        cache.width(other, QStringLiteral("b"));
        QCOMPARE(cache.size(), std::size_t{1});
    }

    void frameDrawsExactlyWhatACosmeticDrawRectDraws() {
        // Rectangles at whole, half, quarter and arbitrary fractional positions and sizes, on a
        // painter shifted by whole pixels (as a widget in a window) and by half a pixel, and
        // at device pixel ratios 1 and 1.5 (those two are drawn by drawRect itself).
        const std::vector<QRectF> rects{{10, 10, 20, 12},        {10.5, 10.25, 19.5, 12.75},
                                        {10.37, 9.93, 31.41, 2}, {7.999, 8.001, 2, 40.6},
                                        {23.97, 55.3, 1.5, 30},  {3.5, 4.5, 60.49, 1.2}};
        const std::vector<QPointF> shifts{{0, 0}, {3, 7}, {0.5, 0}};
        for (const double ratio : {1.0, 1.5}) {
            for (const QPointF shift : shifts) {
                for (const QRectF& rect : rects) {
                    QImage expected(static_cast<int>(100 * ratio), static_cast<int>(100 * ratio),
                                    QImage::Format_ARGB32_Premultiplied);
                    expected.setDevicePixelRatio(ratio);
                    expected.fill(QColor(0x17, 0x1b, 0x21));
                    QImage framed = expected.copy();
                    {
                        QPainter painter(&expected);
                        painter.translate(shift);
                        painter.setPen(QPen(QColor(0x4a, 0x52, 0x5e), 0));
                        painter.drawRect(rect);
                    }
                    {
                        QPainter painter(&framed);
                        painter.translate(shift);
                        chart::drawFrame(painter, rect, QColor(0x4a, 0x52, 0x5e));
                    }
                    QVERIFY2(framed == expected,
                             qPrintable(QStringLiteral("ratio %1, shift %2,%3, rect %4 %5 %6 %7")
                                            .arg(ratio)
                                            .arg(shift.x())
                                            .arg(shift.y())
                                            .arg(rect.x())
                                            .arg(rect.y())
                                            .arg(rect.width())
                                            .arg(rect.height())));
                }
            }
        }
    }

    void bandedFillFillsExactlyWhatFillRectFills() {
        // A translucent column 300 rows high with fractional edges, at device pixel ratios 1,
        // 1.5 and 2 and shifted as a widget inside a window is; an opaque one (one fillRect).
        for (const double ratio : {1.0, 1.5, 2.0}) {
            for (const QColor colour : {QColor(255, 255, 255, 30), QColor(20, 30, 40)}) {
                QImage expected(static_cast<int>(100 * ratio), static_cast<int>(400 * ratio),
                                QImage::Format_ARGB32_Premultiplied);
                expected.setDevicePixelRatio(ratio);
                expected.fill(QColor(0x17, 0x1b, 0x21));
                QImage banded = expected.copy();
                const QRectF rect(10.3, 23.97, 1.4, 300.06);
                for (QImage* image : {&expected, &banded}) {
                    QPainter painter(image);
                    painter.translate(3, 7.25);
                    if (image == &expected) {
                        painter.fillRect(rect, colour);
                    } else {
                        chart::fillRectInBands(painter, rect, colour);
                    }
                }
                QVERIFY2(banded == expected,
                         qPrintable(
                             QStringLiteral("ratio %1, alpha %2").arg(ratio).arg(colour.alpha())));
                // Something was filled: the column's middle row differs from the background.
                QVERIFY(expected.pixelColor(static_cast<int>(14 * ratio),
                                            static_cast<int>(180 * ratio)) !=
                        QColor(0x17, 0x1b, 0x21));
            }
        }
    }
};

}  // namespace liqmap::gui

QTEST_MAIN(liqmap::gui::LiquidationMapWidgetTest)
#include "liquidation_map_widget_test.moc"
