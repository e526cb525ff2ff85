// The built desktop app, run as a user (or CI) would: `liqmap --exchange demo --screenshot
// FILE --after SECONDS` on the offscreen platform must exit 0 and leave a PNG of the window
// that shows a map — long bars (red family) left of the price line, short bars (green family)
// right of it. `--report-first-map SECONDS` (the cold start in docs/performance.md) prints one
// line with the milliseconds from the process's start to the first painted map and exits 0, or
// exits 1 when no map came in time.
#include <gtest/gtest.h>

#include <QColor>
#include <QImage>
#include <QString>
#include <algorithm>   // std::sort, std::max, std::min
#include <cstdio>      // std::remove
#include <filesystem>  // std::filesystem::temp_directory_path
#include <regex>       // std::regex, std::regex_match
#include <string>      // std::string
#include <vector>      // std::vector

#include "support/process.h"
#include "support/sanitized_build.h"

namespace liqmap {
namespace {

const std::string kApp = LIQMAP_APP_PATH;
// When the screenshot is taken: a release or debug build paints its first demo map after 1-3 s
// (8 s leaves room for a busy machine); an unoptimised sanitizer build needs 15-30 s.
const std::string kAfterSeconds = test::kSanitizedBuild ? "45" : "8";

bool redFamily(QColor colour) {
    return colour.red() > colour.green() + 60 && colour.red() > colour.blue() + 60;
}
bool greenFamily(QColor colour) {
    return colour.green() > colour.red() + 60 && colour.green() > colour.blue() + 40;
}

TEST(AppScreenshot, TheDemoMapIsDrawnWithLongsLeftAndShortsRight) {
    const std::string file =
        (std::filesystem::temp_directory_path() / "liqmap-app-screenshot-test.png").string();
    std::remove(file.c_str());
    const auto result =
        // 8 s: the demo's 48 h of history take about 2 s in a release build, several times that
        // in a debug build on a busy machine.
        test::runProcess(kApp,
                         {"--exchange", "demo", "--screenshot", file, "--after", kAfterSeconds});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    QImage image;
    ASSERT_TRUE(image.load(QString::fromStdString(file)));
    EXPECT_EQ(image.width(), 1280);
    EXPECT_EQ(image.height(), 720);
    // The red (long) and green (short) pixels of the plot — below the legend and above the
    // price axis — lie on either side of the price line: nearly all red ones left of nearly all
    // green ones (the 99th percentile of the red x below the 1st of the green; the margins
    // allow for anti-aliasing where the curves meet the line).
    std::vector<int> redX;
    std::vector<int> greenX;
    for (int y = 100; y < 650; ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor colour = image.pixelColor(x, y);
            if (redFamily(colour)) {
                redX.push_back(x);
            } else if (greenFamily(colour)) {
                greenX.push_back(x);
            }
        }
    }
    ASSERT_GT(redX.size(), 2000U) << "no long bars drawn";
    ASSERT_GT(greenX.size(), 2000U) << "no short bars drawn";
    std::sort(redX.begin(), redX.end());
    std::sort(greenX.begin(), greenX.end());
    const int redRightmost = redX[redX.size() * 99 / 100];
    const int greenLeftmost = greenX[greenX.size() / 100];
    EXPECT_LT(redRightmost, greenLeftmost);
    std::remove(file.c_str());
}

TEST(AppScreenshot, TheHeatmapViewIsFilledWithColouredCells) {
    const std::string file =
        (std::filesystem::temp_directory_path() / "liqmap-app-heatmap-test.png").string();
    std::remove(file.c_str());
    const auto result = test::runProcess(
        kApp, {"--exchange", "demo", "--view", "heatmap", "--theme", "light", "--size", "900x600",
               "--screenshot", file, "--after", kAfterSeconds});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    QImage image;
    ASSERT_TRUE(image.load(QString::fromStdString(file)));
    EXPECT_EQ(image.width(), 900);
    EXPECT_EQ(image.height(), 600);
    // The middle of the chart (left of the side panel, between toolbar and status bar) is
    // covered by cells of the viridis scale — saturated colours, never the light theme's near
    // white or grey background — except where no column's map reaches.
    int saturated = 0;
    int total = 0;
    for (int y = 150; y < 450; y += 2) {
        for (int x = 80; x < 500; x += 2) {
            const QColor colour = image.pixelColor(x, y);
            const int spread = std::max({colour.red(), colour.green(), colour.blue()}) -
                               std::min({colour.red(), colour.green(), colour.blue()});
            saturated += spread > 40 ? 1 : 0;
            ++total;
        }
    }
    EXPECT_GT(saturated, total * 6 / 10) << saturated << " of " << total;
    std::remove(file.c_str());
}

TEST(AppScreenshot, BadUsageExitsWithTwoAndOneLine) {
    const auto result = test::runProcess(kApp, {"--exchange", "kraken"});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_EQ(result.err,
              "liqmap: --exchange: expected binance, bybit, okx, hyperliquid, all or demo, got "
              "'kraken'\n");
    const auto view = test::runProcess(kApp, {"--view", "chart"});
    EXPECT_EQ(view.exitCode, 2);
    EXPECT_EQ(view.err, "liqmap: --view: expected map or heatmap, got 'chart'\n");
    const auto size = test::runProcess(kApp, {"--size", "100x80"});
    EXPECT_EQ(size.exitCode, 2);
    EXPECT_EQ(size.err,
              "liqmap: --size: expected WIDTHxHEIGHT within 200x150 to 8000x8000, got '100x80'\n");
    const auto hover = test::runProcess(kApp, {"--hover", "smallest"});
    EXPECT_EQ(hover.exitCode, 2);
    EXPECT_EQ(hover.err, "liqmap: --hover: expected largest, got 'smallest'\n");
}

TEST(AppColdStart, ReportFirstMapPrintsOneLineWithTheMillisecondsAndExitsZero) {
    // 120 s: generous for a debug build of the demo's 48 h history on a busy machine (the
    // release build paints its first map after about 2–3 s).
    const auto result = test::runProcess(kApp, {"--exchange", "demo", "--report-first-map", "120"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    // Exactly one line on standard output, nothing else there.
    std::smatch match;
    ASSERT_TRUE(
        std::regex_match(result.out, match, std::regex("first map painted after ([0-9]+) ms\n")))
        << result.out;
    // Counted from the process's start, which lies before the paint: above zero.
    EXPECT_GT(std::stol(match[1].str()), 0);
}

TEST(AppColdStart, ReportFirstMapExitsOneWhenNoMapIsPaintedInTime) {
    // A timeout of 0 s fires on the event loop's first pass, long before the demo's history can
    // give a map: the message names the timeout as given, and standard output stays empty.
    const auto result = test::runProcess(kApp, {"--exchange", "demo", "--report-first-map", "0"});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_EQ(result.out, "");
    EXPECT_NE(result.err.find("liqmap: no map painted within 0 s\n"), std::string::npos)
        << result.err;
}

TEST(AppColdStart, ReportFirstMapBadUsageExitsTwo) {
    const auto word = test::runProcess(kApp, {"--report-first-map", "soon"});
    EXPECT_EQ(word.exitCode, 2);
    EXPECT_EQ(word.err, "liqmap: --report-first-map: expected 0 to 3600 seconds, got 'soon'\n");
    const auto negative = test::runProcess(kApp, {"--report-first-map", "-1"});
    EXPECT_EQ(negative.exitCode, 2);
    EXPECT_EQ(negative.err, "liqmap: --report-first-map: expected 0 to 3600 seconds, got '-1'\n");
    const auto missing = test::runProcess(kApp, {"--report-first-map"});
    EXPECT_EQ(missing.exitCode, 2);
    EXPECT_EQ(missing.err, "liqmap: --report-first-map needs a value\n");
    const auto withScreenshot =
        test::runProcess(kApp, {"--report-first-map", "5", "--screenshot", "x.png"});
    EXPECT_EQ(withScreenshot.exitCode, 2);
    EXPECT_EQ(withScreenshot.err,
              "liqmap: --report-first-map and --screenshot cannot be combined\n");
    const auto heatmap = test::runProcess(kApp, {"--view", "heatmap", "--report-first-map", "5"});
    EXPECT_EQ(heatmap.exitCode, 2);
    EXPECT_EQ(heatmap.err,
              "liqmap: --report-first-map measures the map view, not --view heatmap\n");
}

TEST(AppColdStart, HelpDescribesReportFirstMap) {
    const auto result = test::runProcess(kApp, {"--help"});
    EXPECT_EQ(result.exitCode, 0);
    EXPECT_NE(result.out.find("[--report-first-map SECONDS]\n"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("--report-first-map SECONDS: print \"first map painted after N ms\""),
              std::string::npos)
        << result.out;
}

TEST(AppScreenshot, WithoutADisplayItSaysWhatToDoAndExitsOne) {
    // env(1) removes the variables that name a display (ctest sets QT_QPA_PLATFORM).
    const auto result =
        test::runProcess("/usr/bin/env", {"-u", "DISPLAY", "-u", "WAYLAND_DISPLAY", "-u",
                                          "QT_QPA_PLATFORM", kApp, "--exchange", "demo"});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_EQ(result.err.rfind("liqmap: no display (DISPLAY is not set).", 0), 0U) << result.err;
}

}  // namespace
}  // namespace liqmap
