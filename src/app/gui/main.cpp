// liqmap: the desktop app (ARCHITECTURE.md "Command-line contract"): --exchange, --symbol,
// --screenshot FILE.png --after SECONDS (render the main window to a PNG, then exit 0), and
// what the user guide's screenshots need: --view, --theme, --palette, --size, --hover.
// --report-first-map SECONDS measures the cold start (docs/performance.md): it prints "first map
// painted after N ms", N counted from the process's start, and exits 0, or exits 1 when no map
// was painted within SECONDS.
// Exit codes: 0 success, 1 no display, the screenshot could not be written or no map in time,
// 2 bad usage.

#include <unistd.h>  // sysconf

#include <QApplication>
#include <QGuiApplication>
#include <QMouseEvent>
#include <QPixmap>
#include <QTimer>
#include <chrono>    // std::chrono::steady_clock
#include <cstdint>   // std::uint64_t
#include <cstdio>    // std::fprintf
#include <cstdlib>   // std::strtod, std::getenv
#include <ctime>     // clock_gettime
#include <fstream>   // std::ifstream
#include <optional>  // std::optional
#include <sstream>   // std::istringstream
#include <string>    // std::string

#include "liqmap/gui/heatmap_widget.h"
#include "liqmap/gui/liquidation_map_widget.h"
#include "liqmap/gui/main_window.h"

namespace {

constexpr const char* kUsage =
    "usage: liqmap [--exchange binance|bybit|okx|hyperliquid|all|demo] [--symbol S]\n"
    "              [--view map|heatmap] [--theme dark|light] [--palette red-green|orange-blue]\n"
    "              [--screenshot FILE.png [--after SECONDS] [--size WxH] [--hover largest]]\n"
    "              [--report-first-map SECONDS]\n"
    "--report-first-map SECONDS: print \"first map painted after N ms\" (N from the process's\n"
    "  start) once the map is first painted and exit 0; exit 1 if none within SECONDS.\n";

int usageError(const std::string& message) {
    std::fprintf(stderr, "liqmap: %s\n", message.c_str());
    return 2;
}

// Moves the mouse over the centre of the largest cluster of the shown chart, as a user
// hovering it would, so the screenshot has its tooltip and crosshair.
void hoverLargestCluster(liqmap::gui::MainWindow& window) {
    QWidget* target = nullptr;
    QPointF position;
    const auto& snapshot = window.snapshot();
    if (!snapshot || !snapshot->map) {
        return;
    }
    const liqmap::core::LiquidationMap& map = snapshot->map->total();
    std::size_t largest = 0;
    for (std::size_t bin = 0; bin < map.binCount(); ++bin) {
        if (map.longNotional(bin) + map.shortNotional(bin) >
            map.longNotional(largest) + map.shortNotional(largest)) {
            largest = bin;
        }
    }
    const double price = (map.binLow(largest) + map.binHigh(largest)) / 2;
    if (window.view() == liqmap::gui::ChartView::Map) {
        const liqmap::gui::ChartGeometry& geometry = window.chart()->chartGeometry();
        target = window.chart();
        position =
            QPointF(geometry.xOfPrice(price), geometry.area().top + geometry.area().height * 0.75);
    } else {
        const liqmap::gui::HeatmapGeometry& geometry = window.heatmap()->heatmapGeometry();
        target = window.heatmap();
        position =
            QPointF(geometry.area().left + geometry.area().width * 0.85, geometry.yOfPrice(price));
    }
    QMouseEvent move(QEvent::MouseMove, position, target->mapToGlobal(position), Qt::NoButton,
                     Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(target, &move);
}

// Milliseconds since this process started, from /proc/self/stat's starttime (clock ticks after
// boot, kernel boot-time clock) against CLOCK_BOOTTIME now. It counts what happens before
// main() too — the dynamic loader mapping and relocating Qt's libraries — which the user waits
// for like the rest; resolution one clock tick (10 ms). Nothing where /proc is not there.
std::optional<double> millisecondsSinceProcessStart() {
    std::ifstream stat("/proc/self/stat");
    std::string text;
    std::getline(stat, text);
    // The command name (field 2) is in parentheses and may hold spaces: count after its end.
    const std::size_t nameEnd = text.rfind(')');
    const long ticksPerSecond = sysconf(_SC_CLK_TCK);
    timespec now{};
    if (nameEnd == std::string::npos || ticksPerSecond <= 0 ||
        clock_gettime(CLOCK_BOOTTIME, &now) != 0) {
        return std::nullopt;
    }
    std::istringstream fields(text.substr(nameEnd + 1));
    std::string field;
    // Fields 3 to 21, then starttime (22).
    for (int i = 3; i <= 21 && fields >> field; ++i) {
    }
    unsigned long long startTicks = 0;
    if (!(fields >> startTicks)) {
        return std::nullopt;
    }
    const double nowMs =
        static_cast<double>(now.tv_sec) * 1000 + static_cast<double>(now.tv_nsec) / 1e6;
    return nowMs - static_cast<double>(startTicks) * 1000 / static_cast<double>(ticksPerSecond);
}

}  // namespace

int main(int argc, char** argv) {
    // Where /proc/self/stat cannot be read, the cold start counts from here instead.
    const auto mainEntered = std::chrono::steady_clock::now();
    liqmap::gui::WindowOptions options;
    std::string screenshot;
    double after = 5;
    int width = 1280;
    int height = 720;
    bool hover = false;
    std::optional<double> reportTimeout;  // --report-first-map SECONDS
    std::string reportTimeoutText;
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
        } else if (argument == "--view") {
            if (value != "map" && value != "heatmap") {
                return usageError("--view: expected map or heatmap, got '" + value + "'");
            }
            options.view =
                value == "map" ? liqmap::gui::ChartView::Map : liqmap::gui::ChartView::Heatmap;
        } else if (argument == "--theme") {
            if (value != "dark" && value != "light") {
                return usageError("--theme: expected dark or light, got '" + value + "'");
            }
            options.theme =
                value == "dark" ? liqmap::gui::ChartTheme::Dark : liqmap::gui::ChartTheme::Light;
        } else if (argument == "--palette") {
            if (value != "red-green" && value != "orange-blue") {
                return usageError("--palette: expected red-green or orange-blue, got '" + value +
                                  "'");
            }
            options.sides = value == "red-green" ? liqmap::gui::SideColours::RedGreen
                                                 : liqmap::gui::SideColours::OrangeBlue;
        } else if (argument == "--size") {
            char* end = nullptr;
            width = static_cast<int>(std::strtol(value.c_str(), &end, 10));
            if (end != value.c_str() && *end == 'x') {
                const char* start = end + 1;
                height = static_cast<int>(std::strtol(start, &end, 10));
                if (end == start) {
                    end = nullptr;
                }
            } else {
                end = nullptr;
            }
            if (end == nullptr || *end != '\0' || width < 200 || width > 8000 || height < 150 ||
                height > 8000) {
                return usageError(
                    "--size: expected WIDTHxHEIGHT within 200x150 to 8000x8000, got '" + value +
                    "'");
            }
        } else if (argument == "--hover") {
            if (value != "largest") {
                return usageError("--hover: expected largest, got '" + value + "'");
            }
            hover = true;
        } else if (argument == "--screenshot") {
            screenshot = value;
        } else if (argument == "--after") {
            char* end = nullptr;
            after = std::strtod(value.c_str(), &end);
            if (end == value.c_str() || *end != '\0' || !(after >= 0 && after <= 3600)) {
                return usageError("--after: expected 0 to 3600 seconds, got '" + value + "'");
            }
        } else if (argument == "--report-first-map") {
            char* end = nullptr;
            const double seconds = std::strtod(value.c_str(), &end);
            if (end == value.c_str() || *end != '\0' || !(seconds >= 0 && seconds <= 3600)) {
                return usageError("--report-first-map: expected 0 to 3600 seconds, got '" + value +
                                  "'");
            }
            reportTimeout = seconds;
            reportTimeoutText = value;
        } else {
            return usageError("unknown option " + argument);
        }
    }
    if (reportTimeout && !screenshot.empty()) {
        return usageError("--report-first-map and --screenshot cannot be combined");
    }
    if (reportTimeout && options.view == liqmap::gui::ChartView::Heatmap) {
        return usageError("--report-first-map measures the map view, not --view heatmap");
    }

#ifdef __linux__
    if (std::getenv("DISPLAY") == nullptr && std::getenv("WAYLAND_DISPLAY") == nullptr &&
        std::getenv("QT_QPA_PLATFORM") == nullptr) {
        // Qt would abort with a long plugin message; say what to do instead.
        std::fprintf(stderr,
                     "liqmap: no display (DISPLAY is not set). Run it in a desktop session, "
                     "under xvfb-run -a, or with QT_QPA_PLATFORM=offscreen together with "
                     "--screenshot FILE.png.\n");
        return 1;
    }
#endif
    QApplication app(argc, argv);
    QApplication::setApplicationName("liqmap");
    QApplication::setOrganizationName("liqmap");
    QApplication::setApplicationVersion(LIQMAP_VERSION);
    // A screenshot or cold-start run is a measurement: it starts from the command line, not
    // saved settings.
    options.restoreSettings = screenshot.empty() && !reportTimeout;
    liqmap::gui::MainWindow window(options);
    window.resize(width, height);
    window.show();
    if (!screenshot.empty()) {
        QTimer::singleShot(static_cast<int>(after * 1000), &window, [&window, &screenshot, hover] {
            if (hover) {
                hoverLargestCluster(window);
            }
            const bool saved = window.grab().save(QString::fromStdString(screenshot), "PNG");
            if (!saved) {
                std::fprintf(stderr, "liqmap: could not write %s\n", screenshot.c_str());
            }
            QApplication::exit(saved ? 0 : 1);
        });
    }
    bool reported = false;  // outlives the event loop the lambdas below run in
    if (reportTimeout) {
        // The end of the first paint of the chart that shows a map (the version painted is the
        // snapshot's, and that snapshot has one).
        QObject::connect(
            window.chart(), &liqmap::gui::LiquidationMapWidget::painted, &window,
            [&window, &reported, mainEntered](std::uint64_t version) {
                const auto& shown = window.chart()->snapshot();
                if (reported || version == 0 || !shown || shown->version != version ||
                    !shown->map) {
                    return;
                }
                reported = true;
                const double fromMain = std::chrono::duration<double, std::milli>(
                                            std::chrono::steady_clock::now() - mainEntered)
                                            .count();
                const double elapsed = millisecondsSinceProcessStart().value_or(fromMain);
                std::printf("first map painted after %.0f ms\n", elapsed);
                std::fflush(stdout);
                QApplication::exit(0);
            });
        QTimer::singleShot(static_cast<int>(*reportTimeout * 1000), &window,
                           [&reported, &reportTimeoutText] {
                               if (!reported) {
                                   reported = true;
                                   std::fprintf(stderr, "liqmap: no map painted within %s s\n",
                                                reportTimeoutText.c_str());
                                   QApplication::exit(1);
                               }
                           });
    }
    return QApplication::exec();
}
