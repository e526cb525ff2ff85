#pragma once

#include <chrono>   // std::chrono::steady_clock
#include <cstdint>  // std::uint64_t, std::uint8_t
#include <memory>   // std::shared_ptr
#include <string>   // std::string
#include <vector>   // std::vector

#include "liqmap/core/combined_map.h"
#include "liqmap/core/heatmap.h"
#include "liqmap/core/market_event.h"  // core::Side, core::TimestampMs

namespace liqmap::gui {

/// Where the data behind a map stands, as the chart tells the user.
enum class FeedState : std::uint8_t {
    Connecting,      ///< nothing received yet
    LoadingHistory,  ///< REST history arriving; `progress` says how far
    Live,
    Stale,  ///< the feed went quiet; the map is the last one built
    Error,  ///< `message` holds the error text
};

/// A liquidation the venue reported in the recent window, marked on the chart's price axis.
struct RealizedMark {
    core::TimestampMs ts = 0;
    core::Side side = core::Side::Long;
    double price = 0;
    double notional = 0;
};

/// Everything the chart draws, frozen: the engine builds one off the GUI thread and hands it
/// over whole; painting only reads it. `map` is null until the first map exists (then the chart
/// draws the state and `message` instead). For a single venue it holds one source; for "All",
/// one per venue, and the chart draws total() and splits its tooltip by source.
struct MapSnapshot {
    std::uint64_t version = 0;  ///< rises with every new snapshot; equal means nothing changed
    std::string exchange;       ///< as shown: "Binance", "All", "Demo"
    std::string symbol;         ///< as shown: "BTCUSDT", or the base asset for "All"
    FeedState state = FeedState::Connecting;
    double progress = 0;  ///< 0 to 1 while loading history
    std::string message;  ///< "Connecting to Bybit…", "No open interest history for X", an error
    std::shared_ptr<const core::CombinedMap> map;
    std::vector<RealizedMark> realized;  ///< the recent window, oldest first
    /// The map over time (total of every source), one column per heatmap interval of exchange
    /// time; null until the first column. Shared between snapshots until a column is added.
    std::shared_ptr<const core::Heatmap> heatmap;
    /// Hours of open-interest history the map rests on (the least of the sources in "All").
    double coverageHours = 0;
    /// The highest leverage the venue allows on this market (the lowest cap in "All"); 0 until
    /// the first map. The leverage-mix editor warns about tiers above it.
    double maxLeverage = 0;
    /// When the engine received the oldest event this snapshot is the first to include
    /// (steady clock); the epoch when it includes no new event. Event-to-repaint latency is
    /// measured from here.
    std::chrono::steady_clock::time_point firstNewEventAt{};
};

}  // namespace liqmap::gui
