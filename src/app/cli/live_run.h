#pragma once

#include <chrono>  // std::chrono::milliseconds
#include <string>  // std::string
#include <vector>  // std::vector

#include "arguments.h"
#include "estimator_set.h"
#include "liqmap/exchange/live_feed.h"
#include "liqmap/exchange/recording.h"

namespace liqmap::cli {

/// The feeds a command runs, from --exchange (a venue or "all"), --symbol, and the endpoint
/// overrides --rest-url, --ws-url, --ca-file (testnets, and the tests' loopback exchange).
struct FeedSelection {
    std::vector<exchange::FeedOptions> feeds;
    std::string exchange;  ///< as given: "binance" or "all"
    std::string symbol;    ///< as given: the venue's symbol, or the base asset for "all"
};

/// Throws UsageError for an unknown exchange, a missing symbol or an unreadable CA file.
FeedSelection selectFeeds(const Arguments& arguments, std::chrono::milliseconds lookback);

/// Runs the feeds until each has loaded its history and been live for `liveFor` (a feed whose
/// history takes longer than `historyTimeout` is given up on), feeding `estimators` and the
/// optional recorder, then stops them. Returns their final status.
std::vector<exchange::FeedStatus> runFeeds(const FeedSelection& selection,
                                           std::chrono::milliseconds liveFor,
                                           std::chrono::milliseconds historyTimeout,
                                           EstimatorSet& estimators,
                                           exchange::RecordingWriter* recorder);

/// One line per feed on stderr: phase, connections, counts, skips, last errors.
void printFeedSummary(std::string_view command, const std::vector<exchange::FeedStatus>& feeds);

}  // namespace liqmap::cli
