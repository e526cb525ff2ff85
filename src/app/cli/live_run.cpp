#include "live_run.h"

#include <cstdio>  // std::fprintf
#include <memory>  // std::unique_ptr
#include <thread>  // std::this_thread::sleep_for

#include "liqmap/exchange/network_thread.h"
#include "text_file.h"

namespace liqmap::cli {

using exchange::FeedOptions;
using exchange::FeedPhase;
using exchange::FeedStatus;
using exchange::LiveFeed;
using exchange::Venue;

FeedSelection selectFeeds(const Arguments& arguments, std::chrono::milliseconds lookback) {
    FeedSelection selection;
    selection.exchange = std::string(arguments.requiredText("exchange"));
    selection.symbol = std::string(arguments.requiredText("symbol"));
    std::vector<std::pair<Venue, std::string>> venues;
    if (selection.exchange == "all") {
        if (selection.symbol.find_first_of("-/_") != std::string::npos ||
            selection.symbol.ends_with("USDT") || selection.symbol.ends_with("USDC")) {
            throw UsageError("--symbol: with --exchange all give the base asset (BTC), got '" +
                             selection.symbol + "'");
        }
        for (const Venue venue : exchange::kAllVenues) {
            venues.emplace_back(venue, exchange::perpetualSymbol(venue, selection.symbol));
        }
    } else if (const auto venue = exchange::parseVenue(selection.exchange)) {
        venues.emplace_back(*venue, selection.symbol);
    } else {
        throw UsageError("--exchange: expected binance, bybit, okx, hyperliquid or all, got '" +
                         selection.exchange + "'");
    }
    std::string caPem;
    if (const auto caFile = arguments.text("ca-file")) {
        caPem = readTextFile(std::string(*caFile));
    }
    for (const auto& [venue, symbol] : venues) {
        FeedOptions options;
        options.venue = venue;
        options.symbol = symbol;
        options.endpoints = exchange::defaultEndpoints(venue);
        if (const auto url = arguments.text("rest-url")) {
            options.endpoints.restBaseUrl = std::string(*url);
        }
        if (const auto url = arguments.text("ws-url")) {
            options.endpoints.webSocketBaseUrl = std::string(*url);
        }
        options.tls.extraCaPem = caPem;
        options.lookback = lookback;
        selection.feeds.push_back(std::move(options));
    }
    return selection;
}

std::vector<FeedStatus> runFeeds(const FeedSelection& selection, std::chrono::milliseconds liveFor,
                                 std::chrono::milliseconds historyTimeout, EstimatorSet& estimators,
                                 exchange::RecordingWriter* recorder) {
    using Clock = std::chrono::steady_clock;
    exchange::NetworkThread network;
    std::vector<std::unique_ptr<LiveFeed>> feeds;
    for (const FeedOptions& options : selection.feeds) {
        const std::string name(exchange::toString(options.venue));
        LiveFeed::Callbacks callbacks;
        callbacks.onReady = [&estimators, name,
                             symbol = options.symbol](const core::Instrument& instrument) {
            estimators.ready(name, symbol, instrument);
        };
        callbacks.onEvents = [&estimators, name,
                              symbol = options.symbol](std::span<const core::EventRecord> events) {
            estimators.apply(name, symbol, events);
        };
        feeds.push_back(std::make_unique<LiveFeed>(network, options, callbacks, recorder));
    }
    for (const auto& feed : feeds) {
        feed->start();
    }
    // Live time counts from when the last feed finished its history, so a slow bootstrap does
    // not eat the requested seconds.
    const auto started = Clock::now();
    while (Clock::now() - started < historyTimeout) {
        bool allLive = true;
        for (const auto& feed : feeds) {
            allLive = allLive && feed->status().phase == FeedPhase::Live;
        }
        if (allLive) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::this_thread::sleep_for(liveFor);
    std::vector<FeedStatus> statuses;
    for (const auto& feed : feeds) {
        statuses.push_back(feed->status());
        feed->stop();
    }
    return statuses;
}

void printFeedSummary(std::string_view command, const std::vector<FeedStatus>& feeds) {
    for (const FeedStatus& feed : feeds) {
        std::string line = std::string(exchange::toString(feed.venue)) + " " + feed.symbol + ": " +
                           std::string(exchange::toString(feed.phase)) + ", " +
                           std::to_string(feed.requestsDone) + " REST responses (" +
                           std::to_string(feed.requestsFailed) + " failed), " +
                           std::to_string(feed.counts.frames) + " frames, " +
                           std::to_string(feed.counts.events) + " events";
        if (feed.skipped.total() > 0) {
            line += ", skipped " + feed.skipped.summary();
        }
        for (const exchange::ConnectionStatus& connection : feed.connections) {
            line +=
                "; " + connection.name + " " + std::string(exchange::toString(connection.state));
            if (connection.reconnects > 0) {
                line += " after " + std::to_string(connection.reconnects) + " reconnects";
            }
            if (!connection.error.empty()) {
                line += " (last error: " + connection.error + ")";
            }
        }
        if (!feed.lastRestError.empty()) {
            line += "; last REST error: " + feed.lastRestError;
        }
        if (!feed.counts.lastExchangeError.empty()) {
            line += "; exchange said: " + feed.counts.lastExchangeError;
        }
        if (!feed.hasLiquidationFeed) {
            line += "; no public liquidation feed on this venue";
        }
        std::fprintf(stderr, "liqmap-cli %s: %s\n", std::string(command).c_str(), line.c_str());
    }
}

}  // namespace liqmap::cli
