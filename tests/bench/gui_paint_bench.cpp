// Painting the desktop app's charts at 1920×1080 on the offscreen platform (docs/performance.md,
// "Desktop app: painting and latency"; target ≤ 2 ms for a 2 000-bin map). Its own executable,
// because painting needs a QApplication, which the other benchmarks do not.
//
// Set LIQMAP_GUI_BENCH_SAVE=DIR to write what BM_PaintMap and BM_PaintHeatmap painted (and the
// map at 300 px wide) as PNGs there, to look at them.

#include <benchmark/benchmark.h>

#include <QApplication>
#include <QDir>
#include <QImage>
#include <QMouseEvent>
#include <QString>
#include <cmath>     // std::sin
#include <cstddef>   // std::size_t
#include <cstdint>   // std::int64_t, std::uint64_t
#include <memory>    // std::make_shared, std::shared_ptr
#include <optional>  // std::optional
#include <string>    // std::string
#include <utility>   // std::move
#include <vector>    // std::vector

#include "liqmap/core/combined_map.h"
#include "liqmap/core/heatmap.h"
#include "liqmap/core/liquidation_map.h"
#include "liqmap/gui/heatmap_widget.h"
#include "liqmap/gui/liquidation_map_widget.h"
#include "liqmap/gui/map_snapshot.h"

namespace liqmap::bench {

namespace {

using core::LiquidationLevel;
using core::Side;

constexpr int kWidth = 1920;
constexpr int kHeight = 1080;
constexpr double kPrice = 65000;
constexpr double kRange = 0.15;
constexpr std::size_t kRealizedMarks = 200;
const std::vector<double> kLeverages{5, 10, 25, 50, 100};

// A BTC-like map of `bins` bins over ±15 %: longs below the price and shorts above it, every
// tier present in most bins (one bin in seven is empty, so the painter also skips some), with
// notional varying from bin to bin so the bars are not all the same height. `salt` shifts the
// heights, so two snapshots of one cut differ.
core::LiquidationMap makeMap(int bins, int salt) {
    const double low = kPrice * (1 - kRange);
    const double width = 2 * kPrice * kRange / bins;
    std::vector<LiquidationLevel> levels;
    levels.reserve(static_cast<std::size_t>(bins) * kLeverages.size());
    for (int bin = 0; bin < bins; ++bin) {
        if (bin % 7 == 3) {
            continue;
        }
        const double centre = low + (bin + 0.5) * width;
        const Side side = centre < kPrice ? Side::Long : Side::Short;
        // Clusters: taller nearer the price, with a slow wave and some bin-to-bin noise.
        const double distance = std::abs(centre - kPrice) / (kPrice * kRange);
        const double base = 1e6 * (1.2 - distance) * (1.5 + std::sin(bin * 0.13 + salt));
        for (std::size_t tier = 0; tier < kLeverages.size(); ++tier) {
            const double noise = 1 + static_cast<double>((bin * 7919 + salt * 31 + tier) % 11);
            levels.push_back({side, tier, centre, base * noise / 10});
        }
    }
    const core::MapOptions options{bins, kRange};
    return core::LiquidationMap::fromLevels(kLeverages, levels, kPrice, options);
}

std::shared_ptr<const gui::MapSnapshot> makeSnapshot(int bins, std::uint64_t version) {
    auto snapshot = std::make_shared<gui::MapSnapshot>();
    snapshot->version = version;
    snapshot->exchange = "Binance";
    snapshot->symbol = "BTCUSDT";
    snapshot->state = gui::FeedState::Live;
    std::vector<core::CombinedMap::Source> sources;
    sources.push_back({"Binance", "BTCUSDT", makeMap(bins, static_cast<int>(version))});
    snapshot->map = std::make_shared<const core::CombinedMap>(std::move(sources));
    // Realized liquidations spread over ±6 % of the price, both sides.
    for (std::size_t k = 0; k < kRealizedMarks; ++k) {
        const double offset = 0.06 * std::sin(static_cast<double>(k) * 0.77);
        snapshot->realized.push_back({static_cast<core::TimestampMs>(k),
                                      offset < 0 ? Side::Long : Side::Short, kPrice * (1 + offset),
                                      5e4});
    }
    snapshot->coverageHours = 720;
    return snapshot;
}

// Moves the mouse over the plot onto a long bar 2.5 % below the price, so the highlight,
// crosshair and a full tooltip (every tier) are painted too. False when the mouse is over no
// bin or an empty one.
bool hover(gui::LiquidationMapWidget& widget) {
    const gui::ChartGeometry& geometry = widget.chartGeometry();
    const QPointF position(geometry.xOfPrice(kPrice * 0.975),
                           geometry.area().top + geometry.area().height * 0.6);
    QMouseEvent event(QEvent::MouseMove, position, widget.mapToGlobal(position), Qt::NoButton,
                      Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(&widget, &event);
    const std::optional<std::size_t> bin = widget.hoveredBin();
    return bin && widget.snapshot()->map->total().longNotional(*bin) > 0;
}

void saveIfAsked(const QImage& image, gui::LiquidationMapWidget& widget, int bins) {
    const QByteArray dir = qgetenv("LIQMAP_GUI_BENCH_SAVE");
    if (dir.isEmpty()) {
        return;
    }
    const QDir out(QString::fromLocal8Bit(dir));
    const QString name = QStringLiteral("paint_map_%1").arg(bins);
    image.save(out.filePath(name + QStringLiteral(".png")));
    // The same snapshot in a narrow window.
    gui::LiquidationMapWidget narrow;
    narrow.resize(300, 220);
    narrow.setSnapshot(widget.snapshot());
    if (!hover(narrow)) {
        return;
    }
    QImage small(narrow.size(), QImage::Format_ARGB32_Premultiplied);
    narrow.render(&small);
    small.save(out.filePath(name + QStringLiteral("_300px.png")));
}

// A new snapshot arrives and is painted (what every live update costs): setSnapshot, then a
// full paint into a reused image, the plot layer (background, grid, stacked bars) redrawn
// because the map changed, then cumulative curves, price line, realized marks, axes, legend,
// crosshair and tooltip. Two snapshots of the same cut alternate.
void BM_PaintNewMap(benchmark::State& state) {
    const int bins = static_cast<int>(state.range(0));
    gui::LiquidationMapWidget widget;
    widget.resize(kWidth, kHeight);
    const std::shared_ptr<const gui::MapSnapshot> first = makeSnapshot(bins, 1);
    const std::shared_ptr<const gui::MapSnapshot> second = makeSnapshot(bins, 2);
    widget.setSnapshot(first);
    if (!hover(widget)) {
        state.SkipWithError("the mouse is over no bin");
        return;
    }
    QImage image(kWidth, kHeight, QImage::Format_ARGB32_Premultiplied);
    widget.render(&image);  // warm-up: fonts, glyph caches
    bool odd = false;
    for (auto _ : state) {
        widget.setSnapshot(odd ? first : second);
        odd = !odd;
        widget.render(&image);
        benchmark::DoNotOptimize(image.constBits());
        benchmark::ClobberMemory();
    }
    state.counters["bins"] = bins;
}
BENCHMARK(BM_PaintNewMap)->Arg(200)->Arg(2000)->Arg(10000)->Unit(benchmark::kMicrosecond);

// BM_PaintNewMap when a liquidation arrives with every snapshot: the two snapshots' realized
// marks differ (all moved by 0.1 %), so the marks, which the widget otherwise keeps drawn in an
// image between snapshots, are drawn anew each time too.
void BM_PaintNewMapNewMarks(benchmark::State& state) {
    const int bins = static_cast<int>(state.range(0));
    gui::LiquidationMapWidget widget;
    widget.resize(kWidth, kHeight);
    const std::shared_ptr<const gui::MapSnapshot> first = makeSnapshot(bins, 1);
    auto moved = std::make_shared<gui::MapSnapshot>(*makeSnapshot(bins, 2));
    for (gui::RealizedMark& mark : moved->realized) {
        mark.price *= 1.001;
    }
    const std::shared_ptr<const gui::MapSnapshot> second = moved;
    widget.setSnapshot(first);
    if (!hover(widget)) {
        state.SkipWithError("the mouse is over no bin");
        return;
    }
    QImage image(kWidth, kHeight, QImage::Format_ARGB32_Premultiplied);
    widget.render(&image);  // warm-up: fonts, glyph caches
    bool odd = false;
    for (auto _ : state) {
        widget.setSnapshot(odd ? first : second);
        odd = !odd;
        widget.render(&image);
        benchmark::DoNotOptimize(image.constBits());
        benchmark::ClobberMemory();
    }
    state.counters["bins"] = bins;
}
BENCHMARK(BM_PaintNewMapNewMarks)->Arg(2000)->Unit(benchmark::kMicrosecond);

// A repaint of the same snapshot (the mouse moved): the cached plot layer is copied, the rest
// drawn over it — highlight, curves, price line, realized marks, axes, legend, crosshair and
// tooltip.
void BM_PaintMap(benchmark::State& state) {
    const int bins = static_cast<int>(state.range(0));
    gui::LiquidationMapWidget widget;
    widget.resize(kWidth, kHeight);
    widget.setSnapshot(makeSnapshot(bins, 1));
    if (!hover(widget)) {
        state.SkipWithError("the mouse is over no bin");
        return;
    }
    QImage image(kWidth, kHeight, QImage::Format_ARGB32_Premultiplied);
    widget.render(&image);  // warm-up: fonts, glyph caches
    for (auto _ : state) {
        widget.render(&image);
        benchmark::DoNotOptimize(image.constBits());
        benchmark::ClobberMemory();
    }
    saveIfAsked(image, widget, bins);
    state.counters["bins"] = bins;
}
BENCHMARK(BM_PaintMap)->Arg(200)->Arg(2000)->Arg(10000)->Unit(benchmark::kMicrosecond);

// What the GUI thread does when a snapshot arrives, before painting: the per-snapshot
// precompute (stacked tier tops, shades) and the y autoscale. Two snapshots of the same cut
// alternate, as the live engine sends them (the zoom is kept; no view reset).
void BM_SetSnapshot(benchmark::State& state) {
    const int bins = static_cast<int>(state.range(0));
    gui::LiquidationMapWidget widget;
    widget.resize(kWidth, kHeight);
    const std::shared_ptr<const gui::MapSnapshot> first = makeSnapshot(bins, 1);
    const std::shared_ptr<const gui::MapSnapshot> second = makeSnapshot(bins, 2);
    widget.setSnapshot(first);
    if (!hover(widget)) {
        state.SkipWithError("the mouse is over no bin");
        return;
    }
    bool odd = true;
    for (auto _ : state) {
        widget.setSnapshot(odd ? first : second);
        odd = !odd;
        benchmark::DoNotOptimize(widget.chartGeometry().notionalMax());
    }
    if (widget.snapshot() != first && widget.snapshot() != second) {
        state.SkipWithError("the widget did not take the snapshots");
    }
    state.counters["bins"] = bins;
}
BENCHMARK(BM_SetSnapshot)->Arg(200)->Arg(2000)->Arg(10000)->Unit(benchmark::kMicrosecond);

// ---- heatmap ---------------------------------------------------------------------------------

constexpr std::size_t kHeatmapColumns = 720;
constexpr int kHeatmapBins = 200;

// A map of 200 bins around `price` (the same shape as makeMap, cut around another price).
core::LiquidationMap heatmapMap(double price, int salt) {
    const double low = price * (1 - kRange);
    const double width = 2 * price * kRange / kHeatmapBins;
    std::vector<LiquidationLevel> levels;
    for (int bin = 0; bin < kHeatmapBins; ++bin) {
        const double centre = low + (bin + 0.5) * width;
        const double distance = std::abs(centre - price) / (price * kRange);
        const double notional = 1e6 * (1.2 - distance) * (1.5 + std::sin(bin * 0.13 + salt));
        levels.push_back({centre < price ? Side::Long : Side::Short, 0, centre, notional});
    }
    return core::LiquidationMap::fromLevels({10}, levels, price, {kHeatmapBins, kRange});
}

// 720 one-minute columns of 200 bins (12 hours; the engine keeps at most 720) with the price
// wandering ±3 %, and a live map at the right; `version` changes the live map.
std::shared_ptr<const gui::MapSnapshot> heatmapSnapshot(
    const std::shared_ptr<const core::Heatmap>& heatmap, std::uint64_t version) {
    auto snapshot = std::make_shared<gui::MapSnapshot>();
    snapshot->version = version;
    snapshot->exchange = "Binance";
    snapshot->symbol = "BTCUSDT";
    snapshot->state = gui::FeedState::Live;
    snapshot->heatmap = heatmap;
    const double price = heatmap->column(heatmap->size() - 1).currentPrice;
    std::vector<core::CombinedMap::Source> sources;
    sources.push_back({"Binance", "BTCUSDT", heatmapMap(price, static_cast<int>(version))});
    snapshot->map = std::make_shared<const core::CombinedMap>(std::move(sources));
    return snapshot;
}

std::shared_ptr<const core::Heatmap> makeHeatmap() {
    auto heatmap = std::make_shared<core::Heatmap>(kHeatmapColumns);
    for (std::size_t i = 0; i < kHeatmapColumns; ++i) {
        const double t = static_cast<double>(i);
        const double price = kPrice * (1 + 0.03 * std::sin(t / 90) + 0.004 * std::sin(t / 7));
        heatmap->append(static_cast<core::TimestampMs>(i) * 60'000,
                        heatmapMap(price, static_cast<int>(i % 17)));
    }
    return heatmap;
}

bool hoverHeatmap(gui::HeatmapWidget& widget) {
    const QPointF position(widget.width() * 0.6, widget.height() * 0.5);
    QMouseEvent event(QEvent::MouseMove, position, widget.mapToGlobal(position), Qt::NoButton,
                      Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(&widget, &event);
    return widget.hoveredCell().has_value();
}

// Repainting the heatmap when only the mouse moved: the widget keeps its cells in an image, so
// this is the image drawn scaled plus the lines, axes, legend, crosshair and tooltip.
void BM_PaintHeatmap(benchmark::State& state) {
    gui::HeatmapWidget widget;
    widget.resize(kWidth, kHeight);
    widget.setSnapshot(heatmapSnapshot(makeHeatmap(), 1));
    if (!hoverHeatmap(widget) || widget.skippedColumns() != 0 || !widget.hasLiveColumn()) {
        state.SkipWithError("the heatmap is not drawn whole or the mouse is over no cell");
        return;
    }
    QImage image(kWidth, kHeight, QImage::Format_ARGB32_Premultiplied);
    widget.render(&image);  // the cell image is drawn here, once
    for (auto _ : state) {
        widget.render(&image);
        benchmark::DoNotOptimize(image.constBits());
        benchmark::ClobberMemory();
    }
    const QByteArray dir = qgetenv("LIQMAP_GUI_BENCH_SAVE");
    if (!dir.isEmpty()) {
        image.save(QDir(QString::fromLocal8Bit(dir)).filePath(QStringLiteral("paint_heatmap.png")));
    }
}
BENCHMARK(BM_PaintHeatmap)->Unit(benchmark::kMicrosecond);

// What every live snapshot costs the heatmap: the new live column makes the widget redraw its
// cell image (720 + 1 columns × 200 bins), then the paint. setSnapshot and render together.
void BM_PaintHeatmapNewSnapshot(benchmark::State& state) {
    gui::HeatmapWidget widget;
    widget.resize(kWidth, kHeight);
    const std::shared_ptr<const core::Heatmap> heatmap = makeHeatmap();
    const std::shared_ptr<const gui::MapSnapshot> first = heatmapSnapshot(heatmap, 1);
    const std::shared_ptr<const gui::MapSnapshot> second = heatmapSnapshot(heatmap, 2);
    widget.setSnapshot(first);
    if (!hoverHeatmap(widget)) {
        state.SkipWithError("the mouse is over no cell");
        return;
    }
    QImage image(kWidth, kHeight, QImage::Format_ARGB32_Premultiplied);
    widget.render(&image);
    bool odd = true;
    for (auto _ : state) {
        widget.setSnapshot(odd ? second : first);
        odd = !odd;
        widget.render(&image);
        benchmark::DoNotOptimize(image.constBits());
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_PaintHeatmapNewSnapshot)->Unit(benchmark::kMicrosecond);

}  // namespace

}  // namespace liqmap::bench

// Painting needs a QApplication, created before any benchmark runs; the offscreen platform so
// no display is needed and the numbers do not depend on one.
int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
