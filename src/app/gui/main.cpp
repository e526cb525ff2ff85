// liqmap: the desktop app (ARCHITECTURE.md "Command-line contract"): --exchange, --symbol,
// --screenshot FILE.png --after SECONDS (render the main window to a PNG, then exit 0).
// Exit codes: 0 success, 1 the screenshot could not be written, 2 bad usage (one line).

#include <QApplication>
#include <QPixmap>
#include <QTimer>
#include <cstdio>   // std::fprintf
#include <cstdlib>  // std::strtod
#include <string>   // std::string

#include "liqmap/gui/main_window.h"

namespace {

constexpr const char* kUsage =
    "usage: liqmap [--exchange binance|bybit|okx|hyperliquid|all|demo] [--symbol S]\n"
    "              [--screenshot FILE.png [--after SECONDS]]\n";

int usageError(const std::string& message) {
    std::fprintf(stderr, "liqmap: %s\n", message.c_str());
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    liqmap::gui::WindowOptions options;
    std::string screenshot;
    double after = 5;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        if (argument == "--help" || argument == "-h") {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (i + 1 >= argc) {
            return usageError(argument + " needs a value");
        }
        const std::string value = argv[++i];
        if (argument == "--exchange") {
            if (value != "binance" && value != "bybit" && value != "okx" &&
                value != "hyperliquid" && value != "all" && value != "demo") {
                return usageError(
                    "--exchange: expected binance, bybit, okx, hyperliquid, all or demo, got '" +
                    value + "'");
            }
            options.exchange = value;
        } else if (argument == "--symbol") {
            options.symbol = value;
        } else if (argument == "--screenshot") {
            screenshot = value;
        } else if (argument == "--after") {
            char* end = nullptr;
            after = std::strtod(value.c_str(), &end);
            if (end == value.c_str() || *end != '\0' || !(after >= 0 && after <= 3600)) {
                return usageError("--after: expected 0 to 3600 seconds, got '" + value + "'");
            }
        } else {
            return usageError("unknown option " + argument);
        }
    }

    QApplication app(argc, argv);
    QApplication::setApplicationName("liqmap");
    QApplication::setOrganizationName("liqmap");
    QApplication::setApplicationVersion(LIQMAP_VERSION);
    // A screenshot run is a measurement: it starts from the command line, not saved settings.
    options.restoreSettings = screenshot.empty();
    liqmap::gui::MainWindow window(options);
    window.resize(1280, 720);
    window.show();
    if (!screenshot.empty()) {
        QTimer::singleShot(static_cast<int>(after * 1000), &window, [&window, &screenshot] {
            const bool saved = window.grab().save(QString::fromStdString(screenshot), "PNG");
            if (!saved) {
                std::fprintf(stderr, "liqmap: could not write %s\n", screenshot.c_str());
            }
            QApplication::exit(saved ? 0 : 1);
        });
    }
    return QApplication::exec();
}
