#pragma once

#include <chrono>      // std::chrono::milliseconds
#include <functional>  // std::function
#include <optional>    // std::optional
#include <string>      // std::string
#include <vector>      // std::vector

#include "arguments.h"
#include "liqmap/exchange/demo_exchange.h"
#include "liqmap/exchange/estimator_set.h"
#include "liqmap/exchange/live_feed.h"
#include "liqmap/exchange/recording.h"
#include "stop_signal.h"

namespace liqmap::cli {

// The estimators live in the exchange layer, shared with the desktop app.
using exchange::EstimatorSet;
using exchange::EstimatorSettings;
using exchange::makeEstimator;

/// The feeds a command runs, from --exchange (a venue, "all" or "demo"), --symbol, the endpoint
/// overrides --rest-url, --ws-url, --ca-file (testnets, and the tests' loopback exchange), and
/// for demo the simulated exchange's options.
struct FeedSelection {
    std::vector<exchange::FeedOptions> feeds;
    std::string exchange;  ///< as given: "binance", "all" or "demo"
    std::string symbol;    ///< the venue's symbol, the base asset for "all", BTCUSDT for demo
    /// With --exchange demo: the simulated exchange runFeeds starts in-process on a free port
    /// before the feeds, and stops after them. Its one feed speaks Binance's format; endpoints,
    /// trusted certificate and clock are filled in once it runs.
    std::optional<exchange::DemoOptions> demo;

    /// What a feed is called in estimators, captions and summaries: "demo" for the simulated
    /// exchange, else the venue's name.
    std::string label(exchange::Venue venue) const;
};

/// Throws UsageError for an unknown exchange, a missing symbol, an unreadable CA file, demo
/// options without --exchange demo, or endpoint options or another symbol than BTCUSDT with
/// it. With demo, `lookback` is capped at the simulated history.
FeedSelection selectFeeds(const Arguments& arguments, std::chrono::milliseconds lookback);

/// How long runFeeds runs and what it does meanwhile.
struct RunPlan {
    /// Time live once every feed has loaded its history; nullopt runs until `stop` fires.
    std::optional<std::chrono::milliseconds> liveFor = std::chrono::seconds(10);
    /// A feed whose history takes longer is given up on (the run goes live without it).
    std::chrono::milliseconds historyTimeout = std::chrono::minutes(5);
    /// With a refresh period, onRefresh runs on the calling thread once the history has loaded,
    /// then every period, and at the end of liveFor; with the time live and the feeds' status.
    std::optional<std::chrono::milliseconds> refreshEvery;
    std::function<void(std::chrono::milliseconds live,
                       const std::vector<exchange::FeedStatus>& statuses)>
        onRefresh;
    /// When given, SIGINT or SIGTERM ends the run early (at any point, history included).
    const StopSignal* stop = nullptr;
};

struct RunResult {
    std::vector<exchange::FeedStatus> statuses;  ///< when the feeds were stopped
    bool interrupted = false;                    ///< ended by `stop`, not by liveFor
};

/// Starts the simulated exchange when the selection has one, runs the feeds — feeding
/// `estimators` and the optional recorder — as `plan` says, then stops them.
RunResult runFeeds(const FeedSelection& selection, const RunPlan& plan, EstimatorSet& estimators,
                   exchange::RecordingWriter* recorder);

/// One line per feed on stderr: phase, connections, counts, skips, last errors.
void printFeedSummary(std::string_view command, const FeedSelection& selection,
                      const std::vector<exchange::FeedStatus>& feeds);

}  // namespace liqmap::cli
