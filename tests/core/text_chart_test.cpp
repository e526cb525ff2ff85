#include "liqmap/core/text_chart.h"

#include <gtest/gtest.h>

#include <sstream>  // std::istringstream
#include <string>   // std::string
#include <vector>   // std::vector

#include "liqmap/core/number_text.h"

namespace liqmap::core {
namespace {

// Eight bins of 5 over [80, 120] around the price 100: longs of 500 at 82 (bin 0), 2 000 at 92
// (bin 2) and 1 000 at 97 (bin 3); shorts of 1 500 at 103 (bin 4) and 3 000 at 112 (bin 6).
LiquidationMap smallMap() {
    const std::vector<LiquidationLevel> levels = {
        {Side::Long, 0, 82, 500},    {Side::Long, 0, 92, 2000},   {Side::Long, 0, 97, 1000},
        {Side::Short, 0, 103, 1500}, {Side::Short, 0, 112, 3000},
    };
    return LiquidationMap::fromLevels({10}, levels, 100, MapOptions{8, 0.2});
}

std::vector<std::string> linesOf(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream stream(text);
    for (std::string line; std::getline(stream, line);) {
        lines.push_back(line);
    }
    return lines;
}

// Terminal columns of a line without escape codes (every character used is one column wide).
int columnsOf(const std::string& line) {
    int columns = 0;
    for (const char c : line) {
        columns += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
    }
    return columns;
}

// Worked by hand. Width 20 leaves 13 plot columns after the 7-column gutter: 8 bins one column
// each, the price line between bins 3 and 4, centred (2 blank columns on each side). The
// tallest column is 3 000 (bin 6), so 4 rows are 750 each: 500 → 0.67 → 1 row, 2 000 → 2.67
// → 3, 1 000 → 1.33 → 1, 1 500 → 2, 3 000 → 4. The top row is labelled 3.00K, the second row
// from the bottom 1.50K (half). Price labels: steps of 10 put "80" and "90" too close, so the
// step is 20: 80 under bin 0, 100 under the first column right of the line; 120 is the
// range's right edge, past the last bin column. Legend and totals take their shortest forms.
TEST(TextChart, DrawsTheHandWorkedSmallMap) {
    const std::string expected =
        "3.00K ┤      ┆  =\n"
        "      │    # ┆  =\n"
        "1.50K ┤    # ┆= =\n"
        "      │  # ##┆= =\n"
        "      └──┬───┴┬─────\n"
        "        80   100\n"
        "# ◀ 100.000 ▶ =\n"
        "L 3.50K · S 4.50K\n";
    EXPECT_EQ(renderTextChart(smallMap(), {20, 4, false}), expected);
}

TEST(TextChart, ColourCodesOnlyWithTheFlag) {
    const std::string plain = renderTextChart(smallMap(), {60, 6, false});
    EXPECT_EQ(plain.find('\x1b'), std::string::npos) << plain;
    const std::string coloured = renderTextChart(smallMap(), {60, 6, true});
    EXPECT_NE(coloured.find("\x1b[31m"), std::string::npos) << coloured;  // red longs
    EXPECT_NE(coloured.find("\x1b[32m"), std::string::npos) << coloured;  // green shorts
    EXPECT_NE(coloured.find("\x1b[0m"), std::string::npos) << coloured;
    // With colour the sides are told apart by it, so the bars are blocks, not '#' and '='.
    EXPECT_EQ(coloured.find('#'), std::string::npos) << coloured;
    EXPECT_NE(coloured.find("█"), std::string::npos) << coloured;
}

TEST(TextChart, NarrowWidthsGiveOneClearLine) {
    for (const int width : {0, 1, 10, 19}) {
        const std::string text = renderTextChart(smallMap(), {width, 4, false});
        EXPECT_EQ(text, "(the chart needs at least 20 columns; the terminal has " +
                            std::to_string(width) + ")\n");
    }
    EXPECT_EQ(renderTextChart(smallMap(), {40, 1, false}),
              "(the chart needs at least 2 rows; got 1)\n");
}

TEST(TextChart, FullWidthHasTheWholeLegendAndTotals) {
    const std::string text = renderTextChart(smallMap(), {100, 4, false});
    EXPECT_NE(text.find("long liquidations (#) ◀ price 100.000 ▶ short liquidations (=) · "
                        "estimated, not a prediction\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("in range: longs 3.50K, shorts 4.50K · beyond: longs 0, shorts 0\n"),
              std::string::npos)
        << text;
}

// A 200-bin map of BTC around 60 012.3, cut for widths from the narrowest to a wide terminal:
// no line is wider than asked, the price line is one column at the same place in every row,
// and the axis has up to six price labels (four or more when there is room).
TEST(TextChart, FitsEveryWidthWithOnePriceLine) {
    std::vector<LiquidationLevel> levels;
    for (int i = 0; i < 400; ++i) {
        const double offset = 0.001 * (i + 1) * 60'012.3 / 3;
        levels.push_back({Side::Long, 0, 60'012.3 - offset, 1e6 + 5e4 * (i % 7)});
        levels.push_back({Side::Short, 0, 60'012.3 + offset, 2e6 - 3e4 * (i % 5)});
    }
    const LiquidationMap map =
        LiquidationMap::fromLevels({25}, levels, 60'012.3, MapOptions{200, 0.15});
    for (const int width : {20, 33, 60, 80, 100, 157, 250}) {
        const std::string text = renderTextChart(map, {width, 16, false});
        const std::vector<std::string> lines = linesOf(text);
        ASSERT_EQ(lines.size(), 16u + 4u) << text;
        std::size_t lineAt = std::string::npos;
        for (int row = 0; row < 16; ++row) {
            const std::string& line = lines[static_cast<std::size_t>(row)];
            const std::size_t at = line.find("┆");
            ASSERT_NE(at, std::string::npos) << "row " << row << " at width " << width;
            EXPECT_EQ(line.find("┆", at + 1), std::string::npos);
            if (row > 0) {
                EXPECT_EQ(at, lineAt) << "row " << row << " at width " << width;
            }
            lineAt = at;
            // Longs left of the line, shorts right of it.
            EXPECT_EQ(line.find('=', 0), line.find('=', at)) << line;
            EXPECT_EQ(line.rfind('#', at), line.rfind('#')) << line;
        }
        for (const std::string& line : lines) {
            EXPECT_LE(columnsOf(line), width) << line;
        }
        std::istringstream labels(lines[17]);
        int count = 0;
        for (std::string number; labels >> number;) {
            count += number != "000" ? 1 : 0;  // "52 000" or "52000"
        }
        EXPECT_GE(count, width >= 60 ? 4 : 1) << lines[17] << " at width " << width;
        EXPECT_LE(count, 6) << lines[17];
        EXPECT_NE(text.find("60 012.3"), std::string::npos) << text;
    }
}

TEST(TextChart, BinsForWidthFillTheChartOneBinPerColumn) {
    EXPECT_EQ(textChartBinsForWidth(100), 92);
    EXPECT_EQ(textChartBinsForWidth(20), 12);
    EXPECT_EQ(textChartBinsForWidth(5), 2);
    const LiquidationMap map =
        LiquidationMap::fromLevels({10}, std::vector<LiquidationLevel>{{Side::Long, 0, 95, 1}}, 100,
                                   MapOptions{textChartBinsForWidth(100), 0.15});
    const std::vector<std::string> lines = linesOf(renderTextChart(map, {100, 4, false}));
    // The axis spans the whole width: gutter, 92 bins and the line.
    EXPECT_EQ(columnsOf(lines[4]), 100) << lines[4];
}

TEST(TextChart, CompactNotionalKeepsThreeDigits) {
    EXPECT_EQ(formatCompactNotional(0), "0");
    EXPECT_EQ(formatCompactNotional(950), "950");
    EXPECT_EQ(formatCompactNotional(999.6), "1.00K");
    EXPECT_EQ(formatCompactNotional(1234), "1.23K");
    EXPECT_EQ(formatCompactNotional(9996), "10.0K");
    EXPECT_EQ(formatCompactNotional(99'960), "100K");
    EXPECT_EQ(formatCompactNotional(999'600), "1.00M");
    EXPECT_EQ(formatCompactNotional(12'345'678), "12.3M");
    EXPECT_EQ(formatCompactNotional(4.5e9), "4.50B");
    EXPECT_EQ(formatCompactNotional(7.2e12), "7.20T");
}

}  // namespace
}  // namespace liqmap::core
