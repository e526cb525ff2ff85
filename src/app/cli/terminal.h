#pragma once

namespace liqmap::cli {

/// What standard output is, for the text chart.
struct Terminal {
    bool interactive = false;  ///< standard output is a terminal
    bool colour = false;       ///< interactive and NO_COLOR is not set (https://no-color.org)
    int width = 100;           ///< $COLUMNS, else the terminal's width, else 100
    int height = 0;            ///< the terminal's rows; 0 when unknown (not a terminal)

    /// Looks now; the size may change between frames.
    static Terminal detect();
};

}  // namespace liqmap::cli
