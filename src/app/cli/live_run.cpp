#include "live_run.h"

#include <algorithm>  // std::min
#include <cassert>    // assert
#include <cstdio>     // std::fprintf
#include <memory>     // std::unique_ptr
#include <thread>     // std::this_thread::sleep_until

#include "demo_arguments.h"
#include "liqmap/exchange/network_thread.h"
#include "text_file.h"

namespace liqmap::cli {

using exchange::FeedOptions;
using exchange::FeedPhase;
using exchange::FeedStatus;
using exchange::LiveFeed;
using exchange::Venue;

std::string FeedSelection::label(Venue venue) const {
    return demo ? std::string("demo") : std::string(exchange::toString(venue));
}

namespace {

// --exchange demo: one Binance feed of BTCUSDT on the simulated exchange; runFeeds fills in the
// endpoints, certificate and clock once the exchange runs.
void selectDemo(const Arguments& arguments, std::chrono::milliseconds lookback,
                FeedSelection& selection) {
    if (selection.symbol != kDemoSymbol) {
        throw UsageError(std::string("--symbol: the demo exchange lists only BTCUSDT, got '")
                             .append(selection.symbol)
                             .append("'"));
    }
    for (const std::string_view endpoint : {"rest-url", "ws-url", "ca-file"}) {
        if (arguments.has(endpoint)) {
            throw UsageError(std::string("--").append(endpoint).append(
                ": not with --exchange demo, which serves itself"));
        }
    }
    // The default speed of 10: a 1-minute candle closes every 6 s and open interest moves
    // every 30 s, so the map changes within seconds, while the market's 1-second marks still
    // arrive one by one (10 a second).
    selection.demo = demoOptionsFrom(arguments, 10);
    FeedOptions options;
    options.venue = Venue::Binance;
    options.symbol = selection.symbol;
    options.lookback = std::min<std::chrono::milliseconds>(lookback, selection.demo->history);
    selection.feeds.push_back(std::move(options));
}

}  // namespace

FeedSelection selectFeeds(const Arguments& arguments, std::chrono::milliseconds lookback) {
    FeedSelection selection;
    selection.exchange = std::string(arguments.requiredText("exchange"));
    if (selection.exchange == "demo") {
        selection.symbol = std::string(arguments.text("symbol").value_or(kDemoSymbol));
        selectDemo(arguments, lookback, selection);
        return selection;
    }
    rejectDemoOptions(arguments);
    selection.symbol = std::string(arguments.requiredText("symbol"));
    if (selection.exchange == "all" &&
        (selection.symbol.find_first_of("-/_") != std::string::npos ||
         selection.symbol.ends_with("USDT") || selection.symbol.ends_with("USDC"))) {
        throw UsageError("--symbol: with --exchange all give the base asset (BTC), got '" +
                         selection.symbol + "'");
    }
    const auto venues = exchange::venueSymbols(selection.exchange, selection.symbol);
    if (!venues) {
        throw UsageError(
            "--exchange: expected binance, bybit, okx, hyperliquid, all or demo, got '" +
            selection.exchange + "'");
    }
    std::string caPem;
    if (const auto caFile = arguments.text("ca-file")) {
        caPem = readTextFile(std::string(*caFile));
    }
    for (const auto& [venue, symbol] : *venues) {
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

RunResult runFeeds(const FeedSelection& selection, const RunPlan& plan, EstimatorSet& estimators,
                   exchange::RecordingWriter* recorder) {
    using Clock = std::chrono::steady_clock;
    assert(plan.liveFor || plan.stop != nullptr);  // something must end the run
    const auto stopRequested = [&] { return plan.stop != nullptr && plan.stop->requested(); };
    // Sleeps until `deadline`; true when a stop request cut it short.
    const auto sleepUntil = [&](Clock::time_point deadline) {
        if (plan.stop != nullptr) {
            return plan.stop->waitUntil(deadline);
        }
        std::this_thread::sleep_until(deadline);
        return false;
    };

    // The simulated exchange must outlive the feeds that talk to it: declared first, it is
    // destroyed (stopped) last.
    std::unique_ptr<exchange::DemoExchange> demo;
    std::vector<FeedOptions> feedOptions = selection.feeds;
    if (selection.demo) {
        demo = std::make_unique<exchange::DemoExchange>(*selection.demo);
        demo->start();
        for (FeedOptions& options : feedOptions) {
            options.endpoints = demo->endpoints();
            options.tls.extraCaPem = demo->certificatePem();
            // The market runs `speed` times faster than the wall clock; asking for history up
            // to the market's "now" makes it end where the live stream begins.
            options.clock = [market = demo.get()] { return market->marketNow(); };
        }
    }
    RunResult result;
    if (stopRequested()) {
        result.interrupted = true;
        return result;
    }

    exchange::NetworkThread network;
    std::vector<std::unique_ptr<LiveFeed>> feeds;
    for (const FeedOptions& options : feedOptions) {
        const std::string name = selection.label(options.venue);
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
    const auto statuses = [&feeds] {
        std::vector<FeedStatus> all;
        all.reserve(feeds.size());
        for (const auto& feed : feeds) {
            all.push_back(feed->status());
        }
        return all;
    };
    // Live time counts from when the last feed finished its history, so a slow bootstrap does
    // not eat the requested seconds.
    const auto started = Clock::now();
    while (!stopRequested() && Clock::now() - started < plan.historyTimeout) {
        bool allLive = true;
        for (const auto& feed : feeds) {
            allLive = allLive && feed->status().phase == FeedPhase::Live;
        }
        if (allLive) {
            break;
        }
        sleepUntil(Clock::now() + std::chrono::milliseconds(20));
    }
    const auto live = Clock::now();
    if (!stopRequested()) {
        if (plan.refreshEvery && plan.onRefresh) {
            for (long long tick = 0;; ++tick) {
                auto at = *plan.refreshEvery * tick;
                const bool last = plan.liveFor && at >= *plan.liveFor;
                if (last) {
                    at = *plan.liveFor;
                }
                if (sleepUntil(live + at)) {
                    break;
                }
                plan.onRefresh(at, statuses());
                if (last) {
                    break;
                }
            }
        } else if (plan.liveFor) {
            sleepUntil(live + *plan.liveFor);
        } else {
            sleepUntil(Clock::time_point::max());
        }
    }
    result.interrupted = stopRequested();
    result.statuses = statuses();
    for (const auto& feed : feeds) {
        feed->stop();
    }
    return result;
}

void printFeedSummary(std::string_view command, const FeedSelection& selection,
                      const std::vector<FeedStatus>& feeds) {
    for (const FeedStatus& feed : feeds) {
        std::string line = selection.label(feed.venue) + " " + feed.symbol + ": " +
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
