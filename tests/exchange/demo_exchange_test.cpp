// The demo exchange over loopback TLS with the real client: a Binance LiveFeed loads its
// history and streams it live at 60x; REST and WebSocket edge cases; several clients; options;
// stopping with clients connected. Traffic stays on 127.0.0.1.

#include "liqmap/exchange/demo_exchange.h"

#include <gtest/gtest.h>

#include <algorithm>  // std::all_of, std::find_if
#include <atomic>     // std::atomic
#include <chrono>     // std::chrono
#include <cmath>      // std::nan
#include <memory>     // std::unique_ptr
#include <mutex>      // std::mutex, std::lock_guard
#include <optional>   // std::optional
#include <string>     // std::string
#include <thread>     // std::this_thread
#include <variant>    // std::get_if, std::holds_alternative
#include <vector>     // std::vector

#include "liqmap/core/config_error.h"
#include "liqmap/exchange/adapter.h"
#include "liqmap/exchange/feed_pipeline.h"  // sortHistory
#include "liqmap/exchange/live_feed.h"
#include "liqmap/exchange/network_thread.h"
#include "liqmap/exchange/rest_client.h"
#include "liqmap/exchange/websocket_session.h"
#include "support/frame_log.h"
#include "support/sanitized_build.h"

namespace liqmap::exchange {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

template <typename Condition>
bool waitUntil(Condition condition, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
        if (condition()) {
            return true;
        }
        std::this_thread::sleep_for(10ms);
    }
    return condition();
}

/// Collects what a feed delivers, with the wall time each batch arrived.
class Collector {
public:
    struct Received {
        core::MarketEvent event;
        Clock::time_point at;
    };

    LiveFeed::Callbacks callbacks() {
        return {[this](const core::Instrument& instrument) {
                    const std::lock_guard lock(m_mutex);
                    m_instrument = instrument;
                },
                [this](std::span<const core::EventRecord> events) {
                    const std::lock_guard lock(m_mutex);
                    const auto now = Clock::now();
                    for (const core::EventRecord& record : events) {
                        EXPECT_EQ(record.symbol, "BTCUSDT");
                        m_events.push_back({record.event, now});
                    }
                }};
    }
    std::vector<Received> events() const {
        const std::lock_guard lock(m_mutex);
        return m_events;
    }
    std::optional<core::Instrument> instrument() const {
        const std::lock_guard lock(m_mutex);
        return m_instrument;
    }
    std::vector<Received> marks() const {
        std::vector<Received> marks;
        for (const Received& received : events()) {
            if (std::holds_alternative<core::MarkPrice>(received.event)) {
                marks.push_back(received);
            }
        }
        return marks;
    }

private:
    mutable std::mutex m_mutex;
    std::vector<Received> m_events;
    std::optional<core::Instrument> m_instrument;
};

using test::FrameLog;

bool isLive(const LiveFeed& feed) {
    const FeedStatus status = feed.status();
    return status.phase == FeedPhase::Live && !status.connections.empty() &&
           std::all_of(status.connections.begin(), status.connections.end(),
                       [](const ConnectionStatus& c) { return c.state == ConnectionState::Live; });
}

// One demo for the tests that only connect to it: generating its history is the slow part.
class DemoExchangeOverLoopback : public testing::Test {
protected:
    static void SetUpTestSuite() {
        DemoOptions options;
        options.seed = 7;
        options.history = 6h;
        options.speed = 60;
        s_demo = std::make_unique<DemoExchange>(options);
        s_demo->start();
    }
    static void TearDownTestSuite() { s_demo.reset(); }

    static FeedOptions feedOptions() {
        FeedOptions options;
        options.venue = Venue::Binance;
        options.symbol = "BTCUSDT";
        options.endpoints = s_demo->endpoints();
        options.tls.extraCaPem = s_demo->certificatePem();
        options.clock = [] { return s_demo->marketNow(); };
        options.lookback = 3h;
        options.backoff = {50ms, 500ms, 0};
        return options;
    }

    static WebSocketOptions streamOptions(std::string path, std::vector<std::string> subscribe) {
        WebSocketOptions options;
        options.stream.name = "market";
        options.stream.url = s_demo->endpoints().webSocketBaseUrl + path;
        options.stream.subscribeMessages = std::move(subscribe);
        options.tls.extraCaPem = s_demo->certificatePem();
        options.backoff = {50ms, 500ms, 0};
        return options;
    }

    RestResponse fetch(const std::string& target) {
        RestOptions options;
        options.baseUrl = s_demo->endpoints().restBaseUrl;
        options.tls.extraCaPem = s_demo->certificatePem();
        options.maxAttempts = 1;
        RestClient client(m_network, options);
        return client.fetch(RestRequest{"probe", "GET", target, ""});
    }

    static std::unique_ptr<DemoExchange> s_demo;
    NetworkThread m_network;
};

std::unique_ptr<DemoExchange> DemoExchangeOverLoopback::s_demo;

TEST_F(DemoExchangeOverLoopback, TheBinanceFeedLoadsItsHistoryThenStreamsLiveAtTheDemosSpeed) {
    Collector collected;
    LiveFeed feed(m_network, feedOptions(), collected.callbacks());
    const core::TimestampMs asked = s_demo->marketNow();
    feed.start();
    ASSERT_TRUE(waitUntil([&] { return isLive(feed); }, 20s)) << feed.status().lastRestError;

    const auto instrument = collected.instrument();
    ASSERT_TRUE(instrument.has_value());
    EXPECT_EQ(instrument->symbol(), "BTCUSDT");
    EXPECT_EQ(instrument->tickSize(), 0.1);

    // Live marks for three seconds of wall time: about three minutes of market at 60x.
    ASSERT_TRUE(waitUntil([&] { return collected.marks().size() >= 40; }, 20s));
    std::this_thread::sleep_for(3s);
    const auto events = collected.events();

    // The history: candles from the start of the lookback, sorted, then the live stream.
    const auto firstCandle = std::find_if(events.begin(), events.end(), [](const auto& received) {
        return std::holds_alternative<core::Candle>(received.event);
    });
    ASSERT_NE(firstCandle, events.end());
    const core::TimestampMs lookbackStart = asked - 3 * core::kHourMs;
    EXPECT_GE(core::timestampOf(firstCandle->event), lookbackStart);
    // The feed asked a moment after `asked`: a few market seconds later at 60x, plus the
    // minute a candle spans.
    EXPECT_LT(core::timestampOf(firstCandle->event), lookbackStart + 3 * core::kMinuteMs);
    // The history came as one batch, in the order the estimator needs (FeedPipeline's).
    std::size_t historyEnd = 0;
    while (historyEnd < events.size() && events[historyEnd].at == events.front().at) {
        ++historyEnd;
    }
    std::vector<core::EventRecord> history;
    std::size_t openInterestRows = 0;
    for (std::size_t i = 0; i < historyEnd; ++i) {
        history.push_back({"binance", "BTCUSDT", events[i].event});
        openInterestRows += std::holds_alternative<core::OpenInterest>(events[i].event) ? 1 : 0;
    }
    auto sorted = history;
    sortHistory(sorted);
    for (std::size_t i = 0; i < history.size(); ++i) {
        ASSERT_EQ(history[i].event, sorted[i].event) << "history event " << i << " out of order";
    }
    EXPECT_GE(historyEnd, 180u);       // three hours of candles at least
    EXPECT_GE(openInterestRows, 35u);  // 5-minute snapshots over three hours

    // Live marks: one per market second, their times running ~60x faster than the wall's.
    std::vector<Collector::Received> live;
    for (std::size_t i = historyEnd; i < events.size(); ++i) {
        if (std::holds_alternative<core::MarkPrice>(events[i].event)) {
            live.push_back(events[i]);
        }
    }
    ASSERT_GE(live.size(), 60u);
    const double marketSeconds = static_cast<double>(core::timestampOf(live.back().event) -
                                                     core::timestampOf(live.front().event)) /
                                 1000;
    const double wallSeconds =
        std::chrono::duration<double>(live.back().at - live.front().at).count();
    // A sanitizer build simulates too slowly to keep up with 60x (29x seen under ASan): there
    // only the upper bound holds.
    if (!test::kSanitizedBuild) {
        EXPECT_GT(marketSeconds / wallSeconds, 40)
            << marketSeconds << " in " << wallSeconds << " s";
    }
    EXPECT_LT(marketSeconds / wallSeconds, 90) << marketSeconds << " in " << wallSeconds << " s";
    for (std::size_t i = 1; i < live.size(); ++i) {
        EXPECT_EQ(core::timestampOf(live[i].event) - core::timestampOf(live[i - 1].event), 1000);
    }
    bool sawTrade = false;
    bool sawLiveCandle = false;
    for (std::size_t i = historyEnd; i < events.size(); ++i) {
        sawTrade = sawTrade || std::holds_alternative<core::Trade>(events[i].event);
        sawLiveCandle = sawLiveCandle || std::holds_alternative<core::Candle>(events[i].event);
    }
    EXPECT_TRUE(sawTrade);
    EXPECT_TRUE(sawLiveCandle);

    const FeedStatus status = feed.status();
    EXPECT_EQ(status.phase, FeedPhase::Live);
    EXPECT_EQ(status.requestsFailed, 0u) << status.lastRestError;
    EXPECT_EQ(status.skipped.total(), 0u) << status.skipped.summary();
    ASSERT_EQ(status.connections.size(), 1u);
    EXPECT_EQ(status.connections[0].error, "");
    EXPECT_EQ(status.connections[0].reconnects, 0u);
    feed.stop();
}

TEST_F(DemoExchangeOverLoopback, RestRefusalsAreBinancesStatusesAndBodies) {
    const RestResponse badSymbol = fetch("/fapi/v1/klines?symbol=ETHUSDT&interval=1m");
    EXPECT_EQ(badSymbol.status, 400);
    EXPECT_EQ(badSymbol.body, R"({"code":-1121,"msg":"Invalid symbol."})");
    const RestResponse badPeriod = fetch("/futures/data/openInterestHist?symbol=BTCUSDT&period=1h");
    EXPECT_EQ(badPeriod.status, 400);
    EXPECT_EQ(badPeriod.body, R"({"code":-1120,"msg":"Invalid interval."})");
    const RestResponse unknown = fetch("/fapi/v2/ticker");
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(unknown.body,
              R"({"code":-5000,"msg":"Path /fapi/v2/ticker, Method GET is invalid"})");
    const RestResponse ok = fetch("/fapi/v1/openInterest?symbol=BTCUSDT");
    EXPECT_EQ(ok.status, 200) << ok.error;
    EXPECT_NE(ok.body.find(R"("symbol":"BTCUSDT")"), std::string::npos) << ok.body;
}

TEST_F(DemoExchangeOverLoopback, AnUnknownStreamGetsAnErrorFrameAndTheConnectionStays) {
    FrameLog log;
    WebSocketSession session(
        m_network,
        streamOptions("/market/ws",
                      {R"({"method":"SUBSCRIBE","params":["btcusdt@depth"],"id":7})",
                       R"({"method":"SUBSCRIBE","params":["btcusdt@markPrice@1s"],"id":8})"}),
        log.callbacks());
    session.start();
    ASSERT_TRUE(waitUntil([&] { return log.frames().size() >= 5; }, 10s));
    const auto frames = log.frames();
    EXPECT_EQ(frames[0], R"({"code":2,"msg":"Invalid request: unknown stream 'btcusdt@depth'",)"
                         R"("id":7})");
    EXPECT_EQ(frames[1], R"({"result":null,"id":8})");
    auto adapter = makeAdapter(Venue::Binance);
    std::vector<core::EventRecord> records;
    EXPECT_EQ(adapter->parseFrame(frames[0], 0, records).kind, FrameOutcome::Kind::ExchangeError);
    for (std::size_t i = 2; i < frames.size(); ++i) {
        EXPECT_NE(frames[i].find(R"("e":"markPriceUpdate")"), std::string::npos) << frames[i];
        EXPECT_EQ(adapter->parseFrame(frames[i], 0, records).kind, FrameOutcome::Kind::Data);
    }
    EXPECT_EQ(session.status().state, ConnectionState::Live);
    EXPECT_EQ(session.status().reconnects, 0u);
    session.stop();
}

TEST_F(DemoExchangeOverLoopback, CombinedAndRawPathFormsCarryTheirStreams) {
    FrameLog combinedLog;
    WebSocketSession combined(
        m_network,
        streamOptions("/market/stream?streams=btcusdt@markPrice@1s/btcusdt@kline_1m", {}),
        combinedLog.callbacks());
    FrameLog rawLog;
    WebSocketSession raw(m_network, streamOptions("/market/ws/btcusdt@aggTrade", {}),
                         rawLog.callbacks());
    combined.start();
    raw.start();
    ASSERT_TRUE(waitUntil(
        [&] { return combinedLog.frames().size() >= 20 && rawLog.frames().size() >= 20; }, 10s));
    auto adapter = makeAdapter(Venue::Binance);
    std::vector<core::EventRecord> records;
    bool sawMark = false;
    bool sawKline = false;
    for (const std::string& frame : combinedLog.frames()) {
        sawMark = sawMark || frame.starts_with(R"({"stream":"btcusdt@markPrice@1s","data":{)");
        sawKline = sawKline || frame.starts_with(R"({"stream":"btcusdt@kline_1m","data":{)");
        EXPECT_TRUE(frame.starts_with(R"({"stream":"btcusdt@markPrice@1s",)") ||
                    frame.starts_with(R"({"stream":"btcusdt@kline_1m",)"))
            << frame;
        EXPECT_EQ(adapter->parseFrame(frame, 0, records).kind, FrameOutcome::Kind::Data);
    }
    EXPECT_TRUE(sawMark);
    EXPECT_TRUE(sawKline);
    for (const std::string& frame : rawLog.frames()) {
        EXPECT_TRUE(frame.starts_with(R"({"e":"aggTrade",)")) << frame;
        EXPECT_EQ(adapter->parseFrame(frame, 0, records).kind, FrameOutcome::Kind::Data);
    }
    EXPECT_EQ(adapter->skipped().total(), 0u) << adapter->skipped().summary();
    combined.stop();
    raw.stop();
}

TEST_F(DemoExchangeOverLoopback, TwoClientsAreServedAtOnce) {
    Collector first;
    Collector second;
    LiveFeed firstFeed(m_network, feedOptions(), first.callbacks());
    LiveFeed secondFeed(m_network, feedOptions(), second.callbacks());
    firstFeed.start();
    secondFeed.start();
    ASSERT_TRUE(waitUntil([&] { return isLive(firstFeed) && isLive(secondFeed); }, 20s));
    ASSERT_TRUE(
        waitUntil([&] { return first.marks().size() >= 10 && second.marks().size() >= 10; }, 10s));
    // Both see the same market: some live mark reached both, equal in every field. Not "the
    // latest mark of one": at the demo's 60x a slow build (ThreadSanitizer, unoptimised) leaves
    // one client seconds behind the other, and that mark may still be on its way.
    EXPECT_TRUE(waitUntil(
        [&] {
            const auto ofFirst = first.marks();
            const auto ofSecond = second.marks();
            for (const auto& a : ofFirst) {
                for (const auto& b : ofSecond) {
                    if (a.event == b.event) {
                        return true;
                    }
                }
            }
            return false;
        },
        20s));
    EXPECT_EQ(firstFeed.status().skipped.total(), 0u);
    EXPECT_EQ(secondFeed.status().skipped.total(), 0u);
    firstFeed.stop();
    secondFeed.stop();
}

TEST(DemoExchange, StopWithClientsConnectedReturnsPromptly) {
    DemoOptions options;
    options.history = 1h;
    options.speed = 60;
    DemoExchange demo(options);
    demo.start();
    NetworkThread network;
    FeedOptions feedOptions;
    feedOptions.venue = Venue::Binance;
    feedOptions.symbol = "BTCUSDT";
    feedOptions.endpoints = demo.endpoints();
    feedOptions.tls.extraCaPem = demo.certificatePem();
    feedOptions.clock = [&demo] { return demo.marketNow(); };
    feedOptions.lookback = 30min;
    feedOptions.backoff = {1s, 2s, 0};
    Collector collected;
    LiveFeed feed(network, feedOptions, collected.callbacks());
    feed.start();
    ASSERT_TRUE(waitUntil([&] { return isLive(feed); }, 20s));
    ASSERT_TRUE(waitUntil([&] { return collected.marks().size() >= 5; }, 10s));

    const auto before = Clock::now();
    demo.stop();
    const auto took = Clock::now() - before;
    EXPECT_LT(took, 2s) << std::chrono::duration<double>(took).count() << " s";
    // The client saw its connection close and is trying again.
    EXPECT_TRUE(
        waitUntil([&] { return feed.status().connections[0].state != ConnectionState::Live; }, 5s));
    demo.stop();  // idempotent
    feed.stop();
}

TEST(DemoExchange, ATakenPortIsRefused) {
    DemoOptions first;
    first.history = 1h;
    DemoExchange holder(first);
    holder.start();
    DemoOptions second = first;
    second.port = holder.port();
    DemoExchange other(second);
    try {
        other.start();
        FAIL() << "started on a taken port";
    } catch (const std::runtime_error& error) {
        EXPECT_EQ(std::string(error.what())
                      .rfind("demo exchange: cannot listen on 127.0.0.1:" +
                                 std::to_string(holder.port()) + ": ",
                             0),
                  0u)
            << error.what();
    }
}

TEST(DemoExchange, BadOptionsAreConfigErrorsNamingTheField) {
    auto message = [](DemoOptions options) -> std::string {
        try {
            DemoExchange demo(std::move(options));
        } catch (const core::ConfigError& error) {
            return error.what();
        }
        return "accepted";
    };
    DemoOptions options;
    options.speed = 0;
    EXPECT_EQ(message(options), "speed: must be above 0 and at most 10000, not 0");
    options.speed = std::nan("");
    EXPECT_EQ(message(options), "speed: must be above 0 and at most 10000, not nan");
    options.speed = 10'001;
    EXPECT_EQ(message(options), "speed: must be above 0 and at most 10000, not 10001");
    options.speed = 10'000;
    options.history = 0h;
    EXPECT_EQ(message(options), "history: must be 1 to 720 hours, not 0");
    options.history = 721h;
    EXPECT_EQ(message(options), "history: must be 1 to 720 hours, not 721");
    options.history = 720h;
    EXPECT_EQ(message(options), "accepted");
}

TEST(DemoExchange, MarketTimeRunsFromTheHistoryEndAtTheGivenSpeed) {
    std::atomic<core::TimestampMs> wall{1'791'561'612'345};
    DemoOptions options;
    options.history = 1h;
    options.speed = 60;
    options.clock = [&wall] { return wall.load(); };
    DemoExchange demo(options);
    EXPECT_EQ(demo.marketNow(), wall.load());  // not started: the wall clock
    EXPECT_TRUE(demo.certificatePem().starts_with("-----BEGIN CERTIFICATE-----"));
    demo.start();
    // History starts on a whole minute an hour back and ends an hour later.
    const core::TimestampMs historyEnd = 1'791'561'600'000;
    EXPECT_EQ(demo.marketNow(), historyEnd);
    wall += 1000;
    EXPECT_EQ(demo.marketNow(), historyEnd + 60'000);
    const Endpoints endpoints = demo.endpoints();
    EXPECT_EQ(endpoints.restBaseUrl, "https://127.0.0.1:" + std::to_string(demo.port()));
    EXPECT_EQ(endpoints.webSocketBaseUrl, "wss://127.0.0.1:" + std::to_string(demo.port()));
    EXPECT_NE(demo.port(), 0);
}

}  // namespace
}  // namespace liqmap::exchange
