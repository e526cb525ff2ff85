// liqmap-gui-latency: event-to-repaint latency through the desktop app's whole pipeline on the
// demo (docs/performance.md, "Desktop app: painting and latency"; target p99 ≤ 50 ms).
//
// The real path, wired as MainWindow::startEngine wires it: gui::MapEngine on the simulated
// exchange (speed 10, as the app runs it) → its sink leaves each snapshot in a mutex-guarded
// slot and rings a ThreadDoorbell → on the GUI thread LiquidationMapWidget::setSnapshot → the next
// paint, on a shown widget on the offscreen platform. The latency of a snapshot is the end of
// the first paint that shows it (or a later snapshot that replaced it before it was painted:
// that paint is the first to show its events) minus snapshot->firstNewEventAt, the steady-clock
// time the engine received the oldest event the snapshot is the first to include.
//
//   liqmap-gui-latency [--seconds 60] [--history-hours 2] [--speed 10] [--warmup 2]
//                      [--width 1280] [--height 800] [--grab]
//
// --grab also grabs the widget into an image after every paint (what a screen recorder or
// the screenshot option adds). Prints the count and p50/p90/p99/max of the total and of its
// parts; exits 1 on bad arguments, 2 when no snapshot was measured.

#include <QApplication>
#include <QMetaObject>
#include <QMouseEvent>
#include <QPixmap>
#include <QTimer>
#include <algorithm>  // std::sort, std::min, std::max
#include <chrono>     // std::chrono::steady_clock
#include <cmath>      // std::ceil
#include <cstdint>    // std::uint64_t
#include <cstdio>     // std::printf, std::fprintf
#include <deque>      // std::deque
#include <exception>  // std::exception
#include <memory>     // std::shared_ptr
#include <mutex>      // std::mutex, std::lock_guard
#include <optional>   // std::optional
#include <string>     // std::string, std::stod, std::stoi
#include <string_view>
#include <utility>  // std::move
#include <vector>   // std::vector

#include "liqmap/gui/liquidation_map_widget.h"
#include "liqmap/gui/map_engine.h"
#include "liqmap/gui/map_snapshot.h"
#include "liqmap/gui/thread_doorbell.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
    double seconds = 60;
    int historyHours = 2;
    double speed = 10;
    double warmup = 2;  // seconds of live data ignored first (the history's tail settles)
    int width = 1280;
    int height = 800;
    bool grab = false;
};

std::optional<Options> parseArguments(int argc, char** argv) {
    Options options;
    try {
        for (int i = 1; i < argc; ++i) {
            const std::string_view arg = argv[i];
            const bool hasValue = i + 1 < argc;
            if (arg == "--grab") {
                options.grab = true;
            } else if (arg == "--seconds" && hasValue) {
                options.seconds = std::stod(argv[++i]);
            } else if (arg == "--history-hours" && hasValue) {
                options.historyHours = std::stoi(argv[++i]);
            } else if (arg == "--speed" && hasValue) {
                options.speed = std::stod(argv[++i]);
            } else if (arg == "--warmup" && hasValue) {
                options.warmup = std::stod(argv[++i]);
            } else if (arg == "--width" && hasValue) {
                options.width = std::stoi(argv[++i]);
            } else if (arg == "--height" && hasValue) {
                options.height = std::stoi(argv[++i]);
            } else {
                std::fprintf(stderr, "liqmap-gui-latency: unknown or incomplete argument '%s'\n",
                             argv[i]);
                return std::nullopt;
            }
        }
    } catch (const std::exception&) {
        std::fprintf(stderr, "liqmap-gui-latency: not a number after an option\n");
        return std::nullopt;
    }
    if (!(options.seconds > 0) || !(options.warmup >= 0) || options.historyHours < 1 ||
        options.width < 100 || options.height < 100) {
        std::fprintf(stderr,
                     "liqmap-gui-latency: --seconds must be > 0, --warmup ≥ 0, "
                     "--history-hours ≥ 1, --width and --height ≥ 100\n");
        return std::nullopt;
    }
    return options;
}

double millisecondsBetween(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

// Nearest-rank percentile of sorted values.
double percentile(const std::vector<double>& sorted, double p) {
    const auto rank =
        static_cast<std::size_t>(std::ceil(p / 100 * static_cast<double>(sorted.size())));
    return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
}

void printRow(const char* name, std::vector<double> values) {
    std::sort(values.begin(), values.end());
    std::printf("%-34s %8.2f %8.2f %8.2f %8.2f %8.2f\n", name, values.front(),
                percentile(values, 50), percentile(values, 90), percentile(values, 99),
                values.back());
}

// One snapshot on its way: the times along the pipeline.
struct InFlight {
    std::uint64_t version = 0;
    Clock::time_point firstEvent;  // snapshot->firstNewEventAt
    Clock::time_point published;   // the sink ran (engine thread): the map is built
    Clock::time_point delivered;   // setSnapshot returned on the GUI thread
};

struct Sample {
    double total = 0;       // paint end − first event
    double engine = 0;      // published − first event: the coalescing wait + the map build
    double queue = 0;       // delivered − published: the doorbell + setSnapshot
    double paint = 0;       // paint end − delivered: waiting for the paint + painting
    bool replaced = false;  // painted only through a later snapshot
};

}  // namespace

int main(int argc, char** argv) {
    const std::optional<Options> parsed = parseArguments(argc, argv);
    if (!parsed) {
        return 1;
    }
    const Options options = *parsed;
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);

    liqmap::gui::LiquidationMapWidget widget;
    widget.resize(options.width, options.height);
    widget.show();

    std::optional<Clock::time_point> liveSince;  // first Live snapshot with a map
    Clock::time_point measureFrom;
    std::deque<InFlight> pending;  // delivered, not yet painted; versions ascending
    std::vector<Sample> samples;
    std::size_t snapshots = 0;
    std::size_t withoutEvents = 0;
    std::size_t paints = 0;
    double grabMs = 0;
    std::size_t grabs = 0;
    bool hovering = false;

    bool grabbing = false;
    QObject::connect(&widget, &liqmap::gui::LiquidationMapWidget::painted, &widget,
                     [&](std::uint64_t version) {
                         if (grabbing) {
                             return;  // the grab's own paint, not one the event loop scheduled
                         }
                         const Clock::time_point end = Clock::now();
                         ++paints;
                         while (!pending.empty() && pending.front().version <= version) {
                             const InFlight& shown = pending.front();
                             Sample sample;
                             sample.total = millisecondsBetween(shown.firstEvent, end);
                             sample.engine = millisecondsBetween(shown.firstEvent, shown.published);
                             sample.queue = millisecondsBetween(shown.published, shown.delivered);
                             sample.paint = millisecondsBetween(shown.delivered, end);
                             sample.replaced = shown.version != version;
                             samples.push_back(sample);
                             pending.pop_front();
                         }
                         if (options.grab) {
                             // After the paint has finished (grabbing inside it would recurse), as
                             // a screen recorder would: it delays what comes next but is not part
                             // of this latency.
                             QMetaObject::invokeMethod(
                                 &widget,
                                 [&] {
                                     grabbing = true;
                                     const Clock::time_point start = Clock::now();
                                     const QPixmap pixmap = widget.grab();
                                     grabMs += millisecondsBetween(start, Clock::now());
                                     ++grabs;
                                     grabbing = false;
                                 },
                                 Qt::QueuedConnection);
                         }
                     });

    auto receive = [&](std::shared_ptr<const liqmap::gui::MapSnapshot> snapshot,
                       Clock::time_point published) {
        if (snapshot->state == liqmap::gui::FeedState::Error && !liveSince) {
            // The demo did not start (a bad option, a port): no point waiting.
            std::fprintf(stderr, "liqmap-gui-latency: %s\n", snapshot->message.c_str());
            QApplication::quit();
            return;
        }
        const bool live = snapshot->state == liqmap::gui::FeedState::Live && snapshot->map;
        const Clock::time_point firstEvent = snapshot->firstNewEventAt;
        const std::uint64_t version = snapshot->version;
        widget.setSnapshot(std::move(snapshot));
        const Clock::time_point delivered = Clock::now();
        if (live && !liveSince) {
            liveSince = delivered;
            measureFrom = delivered + std::chrono::duration_cast<Clock::duration>(
                                          std::chrono::duration<double>(options.warmup));
            std::printf("live; measuring for %.0f s after %.0f s of warm-up\n", options.seconds,
                        options.warmup);
            std::fflush(stdout);
            QTimer::singleShot(static_cast<int>((options.warmup + options.seconds) * 1000), &app,
                               [&app] { QApplication::quit(); });
        }
        if (live && !hovering) {
            // The mouse over the plot, as a user reading the map: crosshair and tooltip too.
            hovering = true;
            const QPointF position(options.width * 0.4, options.height * 0.6);
            QMouseEvent move(QEvent::MouseMove, position, widget.mapToGlobal(position),
                             Qt::NoButton, Qt::NoButton, Qt::NoModifier);
            QApplication::sendEvent(&widget, &move);
        }
        if (!live || delivered < measureFrom) {
            return;
        }
        ++snapshots;
        if (firstEvent == Clock::time_point{}) {
            ++withoutEvents;  // a state change only: nothing to measure from
            return;
        }
        pending.push_back({version, firstEvent, published, delivered});
    };

    liqmap::gui::EngineOptions engineOptions;
    engineOptions.exchange = "demo";
    engineOptions.lookback = std::chrono::hours(24 * 30);  // the app's default lookback
    engineOptions.estimator.lookbackMs = engineOptions.lookback.count();
    engineOptions.demo.speed = options.speed;
    engineOptions.demo.history = std::chrono::hours(options.historyHours);

    std::mutex handoffMutex;
    std::deque<std::pair<std::shared_ptr<const liqmap::gui::MapSnapshot>, Clock::time_point>>
        handoff;
    liqmap::gui::ThreadDoorbell doorbell;
    QObject::connect(&doorbell, &liqmap::gui::ThreadDoorbell::rung, &widget, [&] {
        std::deque<std::pair<std::shared_ptr<const liqmap::gui::MapSnapshot>, Clock::time_point>>
            taken;
        {
            const std::lock_guard lock(handoffMutex);
            taken.swap(handoff);
        }
        for (auto& [snapshot, published] : taken) {
            receive(std::move(snapshot), published);
        }
    });

    const Clock::time_point started = Clock::now();
    std::unique_ptr<liqmap::gui::MapEngine> engine;
    try {
        engine = std::make_unique<liqmap::gui::MapEngine>(
            engineOptions, [&](std::shared_ptr<const liqmap::gui::MapSnapshot> snapshot) {
                const Clock::time_point published = Clock::now();
                // As MainWindow::startEngine: into a mutex-guarded slot, then the doorbell. The
                // window keeps only the newest; here every snapshot is kept, so one the GUI
                // had no time to take still counts (through the paint of a later one).
                {
                    const std::lock_guard lock(handoffMutex);
                    handoff.push_back({std::move(snapshot), published});
                }
                doorbell.ring();
            });
        engine->start();
    } catch (const std::exception& error) {
        std::fprintf(stderr, "liqmap-gui-latency: %s\n", error.what());
        return 1;
    }
    // Never wait forever for the demo: history plus live within a generous bound.
    QTimer::singleShot(static_cast<int>((options.warmup + options.seconds + 120) * 1000), &app,
                       [&app] { QApplication::quit(); });
    QApplication::exec();
    engine->stop();

    if (!liveSince) {
        std::fprintf(stderr, "liqmap-gui-latency: the demo never went live\n");
        return 2;
    }
    std::printf("start-up to the first live map: %.1f s\n",
                millisecondsBetween(started, *liveSince) / 1000);
    if (samples.empty()) {
        std::fprintf(stderr, "liqmap-gui-latency: no snapshot with new events was painted\n");
        return 2;
    }
    std::size_t replaced = 0;
    std::vector<double> total;
    std::vector<double> engineMs;
    std::vector<double> queue;
    std::vector<double> paint;
    for (const Sample& sample : samples) {
        replaced += sample.replaced ? 1 : 0;
        total.push_back(sample.total);
        engineMs.push_back(sample.engine);
        queue.push_back(sample.queue);
        paint.push_back(sample.paint);
    }
    std::printf(
        "widget %dx%d, demo speed %g, %d h history, %.0f s measured%s\n"
        "live snapshots %zu (without new events %zu), measured %zu (painted only through a "
        "later snapshot %zu), paints %zu\n",
        options.width, options.height, options.speed, options.historyHours, options.seconds,
        options.grab ? ", grabbing after every paint" : "", snapshots, withoutEvents,
        samples.size(), replaced, paints);
    if (grabs > 0) {
        std::printf("grab: %zu, %.2f ms each on average\n", grabs,
                    grabMs / static_cast<double>(grabs));
    }
    std::printf("%-34s %8s %8s %8s %8s %8s\n", "ms", "min", "p50", "p90", "p99", "max");
    printRow("event to repaint (total)", total);
    printRow("  engine: wait + map build", engineMs);
    printRow("  doorbell + setSnapshot", queue);
    printRow("  until the paint ends", paint);
    return 0;
}
