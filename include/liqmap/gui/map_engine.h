#pragma once

#include <chrono>      // std::chrono::milliseconds
#include <cstddef>     // std::size_t
#include <functional>  // std::function
#include <memory>      // std::shared_ptr, std::unique_ptr
#include <string>      // std::string
#include <vector>      // std::vector

#include "liqmap/core/liquidation_map.h"  // core::MapOptions
#include "liqmap/exchange/demo_exchange.h"
#include "liqmap/exchange/estimator_set.h"
#include "liqmap/exchange/live_feed.h"
#include "liqmap/gui/map_snapshot.h"

namespace liqmap::gui {

/// What the engine runs: one venue and symbol, every venue for a base asset ("all"), or the
/// built-in simulated exchange ("demo", BTCUSDT).
struct EngineOptions {
    std::string exchange = "demo";  ///< binance, bybit, okx, hyperliquid, all or demo
    std::string symbol;             ///< the venue's symbol; the base asset for all; demo: BTCUSDT
    std::chrono::milliseconds lookback{std::chrono::hours(24 * 30)};
    exchange::EstimatorSettings estimator;
    core::MapOptions map;
    exchange::DemoOptions demo;  ///< used with "demo"
    /// At most one snapshot per interval (33 ms: ≤ 30 a second), and none when nothing changed.
    std::chrono::milliseconds publishInterval{33};
    /// The heatmap keeps at most this many columns over the lookback (the demo: over its
    /// history), each a whole number of minutes wide: 30 days → 1 h columns, 7 days → 14 min,
    /// 1 day → 2 min.
    std::size_t heatmapColumns = 720;
    /// Changes each feed before it starts (tests point feeds at a loopback exchange).
    std::function<void(exchange::FeedOptions& feed)> adjustFeed;
};

/// Runs the feeds of one selection and the estimators behind them off the GUI thread, and
/// publishes immutable MapSnapshots (ARCHITECTURE.md "Threading"): the network thread applies
/// events to the estimators; the engine's own thread starts the demo exchange if needed (its
/// history takes seconds), then every publishInterval builds a map when something changed and
/// hands it to the sink. The sink runs on the engine's thread and must not block (the GUI
/// posts the snapshot to its own thread). Stopping or destroying tears everything down.
class MapEngine {
public:
    using Sink = std::function<void(std::shared_ptr<const MapSnapshot> snapshot)>;

    /// Throws std::invalid_argument for an unknown exchange or a missing symbol.
    MapEngine(EngineOptions options, Sink sink);
    ~MapEngine();
    MapEngine(const MapEngine&) = delete;
    MapEngine& operator=(const MapEngine&) = delete;

    void start();
    /// Returns once every feed and the demo exchange have stopped; no snapshot follows.
    void stop();
    /// The feeds' status, for the status bar. Thread-safe.
    std::vector<exchange::FeedStatus> status() const;

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

/// The width of one heatmap column for `span` of history split into at most `columns`: rounded
/// up to a whole minute, at least one minute. Throws std::invalid_argument for 0 columns.
core::TimestampMs heatmapIntervalMs(std::chrono::milliseconds span, std::size_t columns);

/// "Binance", "All", "Demo": how the chart names an engine's source.
std::string displayName(const std::string& exchange);

}  // namespace liqmap::gui
