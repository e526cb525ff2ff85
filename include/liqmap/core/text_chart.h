#pragma once

#include <string>  // std::string

#include "liqmap/core/liquidation_map.h"

namespace liqmap::core {

/// How renderTextChart draws.
struct TextChartStyle {
    int width = 100;      ///< terminal columns; no line is wider
    int height = 16;      ///< rows of bars
    bool colour = false;  ///< ANSI red longs and green shorts; otherwise '#' longs and '=' shorts
};

/// The narrowest and lowest chart renderTextChart draws; below either it says so in one line.
inline constexpr int kTextChartMinWidth = 20;
inline constexpr int kTextChartMinHeight = 2;

/// The map as a terminal chart, the desktop chart in characters: price on x (bins merged, or
/// widened, to fit the width), notional on y, long bars left of a dashed current-price line and
/// short bars right of it, a price axis with up to six labels, the notional of the top row in
/// K/M/B, a one-line legend and the totals per side. Every line ends in '\n'; without colour
/// the text is plain (UTF-8 line drawing, no escape codes). A bin that holds anything shows at
/// least the smallest mark, so small clusters stay visible.
std::string renderTextChart(const LiquidationMap& map, const TextChartStyle& style);

/// The bin count that gives a chart of `width` columns one bin per column (even, so the current
/// price falls between two bins); at least 2.
int textChartBinsForWidth(int width);

}  // namespace liqmap::core
