// The desktop app's engine on the built-in simulated exchange, over loopback TLS: snapshots
// arrive off the calling thread, carry a map once the history is in, are versioned, come at
// most ~30 a second, and stop when the engine stops.
#include "liqmap/gui/map_engine.h"

#include <gtest/gtest.h>

#include <chrono>              // std::chrono
#include <condition_variable>  // std::condition_variable
#include <mutex>               // std::mutex
#include <stdexcept>           // std::invalid_argument
#include <thread>              // std::this_thread
#include <vector>              // std::vector

#include "support/loopback_exchange.h"
#include "support/venue_rest_scripts.h"

namespace liqmap::gui {
namespace {

using namespace std::chrono_literals;

struct Collected {
    std::mutex mutex;
    std::condition_variable arrived;
    std::vector<std::shared_ptr<const MapSnapshot>> snapshots;
    std::vector<std::chrono::steady_clock::time_point> times;
    std::thread::id thread;

    MapEngine::Sink sink() {
        return [this](std::shared_ptr<const MapSnapshot> snapshot) {
            const std::lock_guard lock(mutex);
            snapshots.push_back(std::move(snapshot));
            times.push_back(std::chrono::steady_clock::now());
            thread = std::this_thread::get_id();
            arrived.notify_all();
        };
    }

    // Waits until a snapshot in state Live holds a map with notional on both sides.
    std::shared_ptr<const MapSnapshot> waitForLiveMap(std::chrono::seconds timeout) {
        std::unique_lock lock(mutex);
        std::shared_ptr<const MapSnapshot> found;
        arrived.wait_for(lock, timeout, [&] {
            for (const auto& snapshot : snapshots) {
                if (snapshot->state == FeedState::Live && snapshot->map &&
                    snapshot->map->total().totalLong() > 0 &&
                    snapshot->map->total().totalShort() > 0) {
                    found = snapshot;
                    return true;
                }
            }
            return false;
        });
        return found;
    }
};

EngineOptions demoOptions() {
    EngineOptions options;
    options.exchange = "demo";
    options.demo.history = std::chrono::hours(2);
    options.demo.speed = 60;
    options.lookback = std::chrono::hours(2);
    return options;
}

TEST(MapEngine, PublishesVersionedSnapshotsOfTheDemoOffTheCallingThread) {
    Collected collected;
    MapEngine engine(demoOptions(), collected.sink());
    engine.start();
    const auto live = collected.waitForLiveMap(60s);
    ASSERT_TRUE(live) << "no live map within 60 s";
    EXPECT_EQ(live->exchange, "Demo");
    EXPECT_EQ(live->symbol, "BTCUSDT");
    ASSERT_EQ(live->map->sources().size(), 1U);
    EXPECT_EQ(live->map->sources().front().exchange, "demo");
    // The map is cut around the estimator's current price with the default options.
    EXPECT_EQ(live->map->total().binCount(), 200U);
    EXPECT_GT(live->map->total().currentPrice(), 0);

    std::this_thread::sleep_for(1s);  // live at 60×: marks every 1/60 s, so every interval
    engine.stop();
    const std::lock_guard lock(collected.mutex);
    EXPECT_NE(collected.thread, std::this_thread::get_id());
    EXPECT_EQ(collected.snapshots.front()->state, FeedState::Connecting);
    EXPECT_EQ(collected.snapshots.front()->message, "Starting the simulated exchange…");
    for (std::size_t i = 1; i < collected.snapshots.size(); ++i) {
        EXPECT_EQ(collected.snapshots[i]->version, collected.snapshots[i - 1]->version + 1);
    }
    // At most one snapshot per 33 ms interval: over any second no more than 31 (the first
    // state change may come straight after the previous one).
    for (std::size_t i = 0; i + 31 < collected.times.size(); ++i) {
        EXPECT_GE(collected.times[i + 31] - collected.times[i], 990ms) << "at snapshot " << i;
    }
    // Nothing is published after stop() returned.
    const std::size_t count = collected.snapshots.size();
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(collected.snapshots.size(), count);
}

TEST(MapEngine, BuildsOneHeatmapColumnPerMinuteOfTheDemosHistory) {
    Collected collected;
    EngineOptions options = demoOptions();
    options.heatmapColumns = 720;  // 2 h / 720 = 10 s, rounded up to the 1-minute minimum
    MapEngine engine(options, collected.sink());
    engine.start();
    const auto live = collected.waitForLiveMap(60s);
    ASSERT_TRUE(live) << "no live map within 60 s";
    engine.stop();
    ASSERT_TRUE(live->heatmap);
    const core::Heatmap& heatmap = *live->heatmap;
    // The history is delivered as one batch, yet it is cut at every minute boundary: 2 h of
    // 1-minute candles give a column for each whole minute but the last (still open) one.
    // Live minutes at 60× may add a few more.
    EXPECT_GE(heatmap.size(), 115U);
    EXPECT_LE(heatmap.size(), 130U);
    for (std::size_t i = 0; i < heatmap.size(); ++i) {
        EXPECT_EQ(heatmap.column(i).ts % 60'000, 0) << "column " << i;
        EXPECT_EQ(heatmap.column(i).longNotional.size(), 200U);
        if (i > 0) {
            EXPECT_EQ(heatmap.column(i).ts - heatmap.column(i - 1).ts, 60'000) << "column " << i;
        }
    }
    // The last column is the minute before the live map's.
    EXPECT_GT(heatmap.column(heatmap.size() - 1).currentPrice, 0);
    // The demo is Binance's BTCUSDT: 125x at most.
    EXPECT_EQ(live->maxLeverage, 125);
    // Open interest history starts with the demo's history (5-minute steps), 2 h before "now".
    EXPECT_GE(live->coverageHours, 1.9);
    EXPECT_LE(live->coverageHours, 2.5);

    // A snapshot with a new map says when its oldest new event arrived, never after it was
    // published.
    const std::lock_guard lock(collected.mutex);
    std::size_t stamped = 0;
    for (std::size_t i = 0; i < collected.snapshots.size(); ++i) {
        const auto& snapshot = collected.snapshots[i];
        if (snapshot->firstNewEventAt != std::chrono::steady_clock::time_point{}) {
            ++stamped;
            EXPECT_LE(snapshot->firstNewEventAt, collected.times[i]);
        }
    }
    EXPECT_GT(stamped, 0U);
}

TEST(MapEngine, HeatmapColumnsAreWholeMinutesSpreadOverTheLookback) {
    // 30 days = 43 200 min / 720 = 60 min; 7 days = 10 080 / 720 = 14 min; 1 day = 1 440 /
    // 720 = 2 min; 25 h = 1 500 / 720 = 2.08 → 3 min; 2 h → 10 s → the 1-minute minimum.
    EXPECT_EQ(heatmapIntervalMs(std::chrono::hours(24 * 30), 720), 3'600'000);
    EXPECT_EQ(heatmapIntervalMs(std::chrono::hours(24 * 7), 720), 840'000);
    EXPECT_EQ(heatmapIntervalMs(std::chrono::hours(24), 720), 120'000);
    EXPECT_EQ(heatmapIntervalMs(std::chrono::hours(25), 720), 180'000);
    EXPECT_EQ(heatmapIntervalMs(std::chrono::hours(2), 720), 60'000);
    EXPECT_THROW(heatmapIntervalMs(std::chrono::hours(2), 0), std::invalid_argument);
}

TEST(MapEngine, AMixTheVenueForbidsIsShownAsAnErrorNotACrash) {
    Collected collected;
    EngineOptions options = demoOptions();
    // The demo is Binance's BTCUSDT, capped at 125x: a user's 150x tier cannot be honoured.
    options.estimator.leverageMix = core::LeverageMix::parse("50:0.5,150:0.5");
    MapEngine engine(options, collected.sink());
    engine.start();
    std::shared_ptr<const MapSnapshot> failed;
    {
        std::unique_lock lock(collected.mutex);
        collected.arrived.wait_for(lock, 60s, [&] {
            for (const auto& snapshot : collected.snapshots) {
                if (snapshot->state == FeedState::Error) {
                    failed = snapshot;
                    return true;
                }
            }
            return false;
        });
    }
    engine.stop();
    ASSERT_TRUE(failed) << "no error snapshot within 60 s";
    EXPECT_EQ(failed->message,
              "Demo BTCUSDT: leverage.tiers[1]: 150x is above BTCUSDT's maximum leverage 125x");
    EXPECT_FALSE(failed->map);
}

TEST(MapEngine, SaysSoWhenTheVenueGaveNoOpenInterest) {
    // Binance's scripted REST answers (tests/support/venue_rest_scripts.h) with the open-interest
    // history and the live poll both empty: the feed has prices (candles) but no OI reading, so
    // there is nothing to estimate, and an empty chart would read as "no leverage anywhere".
    constexpr std::int64_t kNow = 1'767'225'600'000;  // 2026-01-01 00:00 UTC, a whole minute
    const test::VenueRestScripts scripts(kNow);
    test::LoopbackExchange server;
    server.setHttpHandler([&scripts](const test::HttpRequestInfo& request) {
        if (request.target.starts_with("/futures/data/openInterestHist?")) {
            test::HttpReply empty;
            empty.body = "[]";
            return empty;
        }
        if (request.target.starts_with("/fapi/v1/openInterest?")) {
            test::HttpReply refused;
            refused.status = 400;
            refused.body = R"({"code":-1121,"msg":"Invalid symbol."})";
            return refused;
        }
        return scripts.binance(request);
    });
    Collected collected;
    EngineOptions options;
    options.exchange = "binance";
    options.symbol = "BTCUSDT";
    options.lookback = std::chrono::minutes(10);
    options.adjustFeed = [&server](exchange::FeedOptions& feed) {
        feed.endpoints = {server.restBaseUrl(), server.webSocketBaseUrl()};
        feed.tls.extraCaPem = server.certificatePem();
        feed.clock = [] { return kNow; };
    };
    MapEngine engine(options, collected.sink());
    engine.start();
    std::shared_ptr<const MapSnapshot> told;
    {
        std::unique_lock lock(collected.mutex);
        collected.arrived.wait_for(lock, 30s, [&] {
            for (const auto& snapshot : collected.snapshots) {
                if (snapshot->state == FeedState::Live && !snapshot->message.empty()) {
                    told = snapshot;
                    return true;
                }
            }
            return false;
        });
    }
    engine.stop();
    ASSERT_TRUE(told) << "no live snapshot with a message within 30 s";
    EXPECT_EQ(told->message,
              "No open interest history for BTCUSDT yet: the map fills as live readings arrive");
    EXPECT_FALSE(told->map);
    EXPECT_EQ(told->coverageHours, 0);
}

TEST(MapEngine, RejectsAnUnknownExchangeOrAMissingSymbol) {
    EngineOptions unknown;
    unknown.exchange = "kraken";
    unknown.symbol = "XBTUSD";
    EXPECT_THROW(MapEngine(unknown, [](auto) {}), std::invalid_argument);
    EngineOptions noSymbol;
    noSymbol.exchange = "bybit";
    EXPECT_THROW(MapEngine(noSymbol, [](auto) {}), std::invalid_argument);
}

TEST(MapEngine, NamesEachSourceForTheChart) {
    EXPECT_EQ(displayName("binance"), "Binance");
    EXPECT_EQ(displayName("okx"), "OKX");
    EXPECT_EQ(displayName("all"), "All");
    EXPECT_EQ(displayName("demo"), "Demo");
}

}  // namespace
}  // namespace liqmap::gui
