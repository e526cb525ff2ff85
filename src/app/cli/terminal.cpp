#include "terminal.h"

#include <sys/ioctl.h>  // ioctl, TIOCGWINSZ, winsize
#include <unistd.h>     // isatty, STDOUT_FILENO

#include <cstdlib>  // std::getenv

#include "liqmap/core/number_text.h"

namespace liqmap::cli {

Terminal Terminal::detect() {
    Terminal terminal;
    terminal.interactive = ::isatty(STDOUT_FILENO) == 1;
    const char* noColour = std::getenv("NO_COLOR");
    terminal.colour = terminal.interactive && (noColour == nullptr || *noColour == '\0');
    winsize size{};
    const bool sized =
        terminal.interactive && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0;
    if (sized) {
        terminal.width = size.ws_col;
        terminal.height = size.ws_row;
    }
    // An explicit $COLUMNS wins (shells set it without exporting it, so it is there only when
    // someone asked for a width).
    if (const char* columns = std::getenv("COLUMNS")) {
        const auto parsed = core::parseInteger(columns);
        if (parsed && *parsed > 0 && *parsed <= 10'000) {
            terminal.width = static_cast<int>(*parsed);
        }
    }
    return terminal;
}

}  // namespace liqmap::cli
