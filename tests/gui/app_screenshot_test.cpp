// The built desktop app, run as a user (or CI) would: `liqmap --exchange demo --screenshot
// FILE --after SECONDS` on the offscreen platform must exit 0 and leave a PNG of the window
// that shows a map — long bars (red family) left of the price line, short bars (green family)
// right of it.
#include <gtest/gtest.h>

#include <QColor>
#include <QImage>
#include <QString>
#include <cstdio>      // std::remove
#include <filesystem>  // std::filesystem::temp_directory_path
#include <string>      // std::string

#include "support/process.h"

namespace liqmap {
namespace {

const std::string kApp = LIQMAP_APP_PATH;

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
        test::runProcess(kApp, {"--exchange", "demo", "--screenshot", file, "--after", "4"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    QImage image;
    ASSERT_TRUE(image.load(QString::fromStdString(file)));
    EXPECT_EQ(image.width(), 1280);
    EXPECT_EQ(image.height(), 720);
    // Count the red and green pixels in the left and the right half of the window: the demo's
    // price sits near the middle of the ±15 % range, so longs fill the left, shorts the right.
    int redLeft = 0;
    int redRight = 0;
    int greenLeft = 0;
    int greenRight = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor colour = image.pixelColor(x, y);
            const bool left = x < image.width() / 2;
            if (redFamily(colour)) {
                ++(left ? redLeft : redRight);
            } else if (greenFamily(colour)) {
                ++(left ? greenLeft : greenRight);
            }
        }
    }
    EXPECT_GT(redLeft, 2000) << "no long bars drawn";
    EXPECT_GT(greenRight, 2000) << "no short bars drawn";
    EXPECT_GT(redLeft, 5 * redRight);
    EXPECT_GT(greenRight, 5 * greenLeft);
    std::remove(file.c_str());
}

TEST(AppScreenshot, BadUsageExitsWithTwoAndOneLine) {
    const auto result = test::runProcess(kApp, {"--exchange", "kraken"});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_EQ(result.err,
              "liqmap: --exchange: expected binance, bybit, okx, hyperliquid, all or demo, got "
              "'kraken'\n");
}

}  // namespace
}  // namespace liqmap
