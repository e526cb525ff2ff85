// Every adapter end to end over loopback TLS: a LiveFeed against the loopback exchange speaking
// that venue's REST and WebSocket formats. Subscriptions, heartbeats, reconnects, stale feeds,
// history with paging, rate limits, certificate refusal, and record → replay.
//
// The REST bodies and frames below are written here from the venues' documented formats
// (PROTOCOLS.md); the subscribe messages and heartbeats are the ones the venues document.

#include "liqmap/exchange/live_feed.h"

#include <gtest/gtest.h>

#include <algorithm>  // std::sort, std::is_sorted
#include <atomic>     // std::atomic
#include <chrono>     // std::chrono
#include <cstdio>     // std::remove
#include <fstream>    // std::ifstream
#include <mutex>      // std::mutex
#include <sstream>    // std::ostringstream
#include <string>     // std::string
#include <thread>     // std::this_thread
#include <vector>     // std::vector

#include "liqmap/core/number_text.h"
#include "liqmap/exchange/network_thread.h"
#include "liqmap/exchange/recording_replay.h"
#include "support/loopback_exchange.h"
#include "support/venue_rest_scripts.h"

namespace liqmap::exchange {
namespace {

using namespace std::chrono_literals;
using test::HttpReply;
using test::HttpRequestInfo;
using test::LoopbackExchange;

// A whole minute, so candle and open-interest times line up with the requested window.
constexpr core::TimestampMs kNow = 1'791'561'600'000;
constexpr core::TimestampMs kStart = kNow - 10 * core::kMinuteMs;  // a 10-minute lookback

std::string ms(core::TimestampMs value) { return std::to_string(value); }

// What one venue looks like on the wire, for the tests below.
struct VenueScript {
    Venue venue = Venue::Binance;
    std::string symbol;
    std::vector<std::string> upgradeTargets;     // sorted
    std::vector<std::string> subscribeMessages;  // sorted (OKX's two connections race)
    std::string heartbeat;                       // what the client sends; "" = server pings
    LoopbackExchange::AutoReply answerHeartbeat;
    std::string tradeFrame;
    core::Trade expectedTrade;
    double contractValue = 1;
};

VenueScript scriptFor(Venue venue) {
    VenueScript script;
    script.venue = venue;
    switch (venue) {
        case Venue::Binance:
            script.symbol = "BTCUSDT";
            script.upgradeTargets = {"/market/ws"};
            script.subscribeMessages = {
                R"({"method":"SUBSCRIBE","params":["btcusdt@forceOrder","btcusdt@markPrice@1s",)"
                R"("btcusdt@aggTrade","btcusdt@kline_1m"],"id":1})"};
            script.tradeFrame =
                R"({"e":"aggTrade","E":1791561601000,"a":1,"s":"BTCUSDT","p":"80060.5","q":"0.25",)"
                R"("f":1,"l":2,"T":1791561600999,"m":true})";
            // m = true: the buyer was the maker, so the taker sold.
            script.expectedTrade = {1791561600999, 80060.5, 0.25, core::Aggressor::Sell};
            break;
        case Venue::Bybit:
            script.symbol = "BTCUSDT";
            script.upgradeTargets = {"/v5/public/linear"};
            script.subscribeMessages = {
                R"({"op":"subscribe","args":["allLiquidation.BTCUSDT","tickers.BTCUSDT",)"
                R"("publicTrade.BTCUSDT","kline.1.BTCUSDT"]})"};
            script.heartbeat = R"({"op":"ping"})";
            script.answerHeartbeat = test::answerBybitPing;
            script.tradeFrame =
                R"({"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1791561601000,"data":[{)"
                R"("T":1791561600999,"s":"BTCUSDT","S":"Buy","v":"0.25","p":"80060.5",)"
                R"("L":"PlusTick","i":"a","BT":false,"RPI":false,"seq":1}]})";
            script.expectedTrade = {1791561600999, 80060.5, 0.25, core::Aggressor::Buy};
            break;
        case Venue::Okx:
            script.symbol = "BTC-USDT-SWAP";
            script.upgradeTargets = {"/ws/v5/business", "/ws/v5/public"};
            script.subscribeMessages = {
                R"({"op":"subscribe","args":[{"channel":"candle1m","instId":"BTC-USDT-SWAP"}]})",
                R"({"op":"subscribe","args":[{"channel":"liquidation-orders","instType":"SWAP"},)"
                R"({"channel":"open-interest","instId":"BTC-USDT-SWAP"},)"
                R"({"channel":"mark-price","instId":"BTC-USDT-SWAP"},)"
                R"({"channel":"trades","instId":"BTC-USDT-SWAP"}]})"};
            script.heartbeat = "ping";
            script.answerHeartbeat = test::answerOkxPing;
            script.tradeFrame =
                R"({"arg":{"channel":"trades","instId":"BTC-USDT-SWAP"},"data":[{)"
                R"("instId":"BTC-USDT-SWAP","tradeId":"9","px":"80060.5","sz":"25","side":"sell",)"
                R"("ts":"1791561600999","count":"1","source":"0","seqId":1}]})";
            // 25 contracts × ctVal 0.01 BTC = 0.25 BTC.
            script.expectedTrade = {1791561600999, 80060.5, 0.25, core::Aggressor::Sell};
            script.contractValue = 0.01;
            break;
        case Venue::Hyperliquid:
            script.symbol = "BTC";
            script.upgradeTargets = {"/ws"};
            script.subscribeMessages = {
                R"({"method":"subscribe","subscription":{"type":"activeAssetCtx","coin":"BTC"}})",
                R"({"method":"subscribe","subscription":{"type":"candle","coin":"BTC",)"
                R"("interval":"1m"}})",
                R"({"method":"subscribe","subscription":{"type":"trades","coin":"BTC"}})"};
            script.heartbeat = R"({"method":"ping"})";
            script.answerHeartbeat = test::answerHyperliquidPing;
            script.tradeFrame =
                R"({"channel":"trades","data":[{"coin":"BTC","side":"B","px":"80060.5",)"
                R"("sz":"0.25","hash":"0x0","time":1791561600999,"tid":9007199254740993}]})";
            script.expectedTrade = {1791561600999, 80060.5, 0.25, core::Aggressor::Buy};
            break;
    }
    std::sort(script.upgradeTargets.begin(), script.upgradeTargets.end());
    std::sort(script.subscribeMessages.begin(), script.subscribeMessages.end());
    return script;
}

// Collects what a feed delivers, from the network thread.
class Collector {
public:
    LiveFeed::Callbacks callbacks() {
        return {[this](const core::Instrument& instrument) {
                    const std::lock_guard lock(m_mutex);
                    m_instrument = instrument;
                    m_readyAtEvent = m_events.size();
                },
                [this](std::span<const core::EventRecord> events) {
                    const std::lock_guard lock(m_mutex);
                    m_events.insert(m_events.end(), events.begin(), events.end());
                }};
    }
    std::vector<core::EventRecord> events() const {
        const std::lock_guard lock(m_mutex);
        return m_events;
    }
    std::optional<core::Instrument> instrument() const {
        const std::lock_guard lock(m_mutex);
        return m_instrument;
    }
    std::size_t readyAtEvent() const {
        const std::lock_guard lock(m_mutex);
        return m_readyAtEvent;
    }
    bool waitForTrade(const core::Trade& trade, std::chrono::milliseconds timeout) const {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            for (const core::EventRecord& record : events()) {
                if (const auto* seen = std::get_if<core::Trade>(&record.event);
                    seen != nullptr && *seen == trade) {
                    return true;
                }
            }
            std::this_thread::sleep_for(5ms);
        }
        return false;
    }

private:
    mutable std::mutex m_mutex;
    std::vector<core::EventRecord> m_events;
    std::optional<core::Instrument> m_instrument;
    std::size_t m_readyAtEvent = 0;
};

template <typename Condition>
bool waitUntil(Condition condition, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) {
            return true;
        }
        std::this_thread::sleep_for(5ms);
    }
    return condition();
}

class LiveFeedOverLoopback : public testing::TestWithParam<Venue> {
protected:
    LiveFeedOverLoopback() : m_script(scriptFor(GetParam())) {
        m_server.setHttpHandler(
            [this](const HttpRequestInfo& request) { return m_scripts.any(request); });
        if (m_script.answerHeartbeat) {
            m_server.setAutoReply(m_script.answerHeartbeat);
        }
    }

    FeedOptions options() const {
        FeedOptions options;
        options.venue = m_script.venue;
        options.symbol = m_script.symbol;
        options.endpoints = {m_server.restBaseUrl(), m_server.webSocketBaseUrl()};
        options.tls.extraCaPem = m_server.certificatePem();
        options.lookback = std::chrono::milliseconds(kNow - kStart);
        options.clock = [] { return kNow; };
        options.backoff = {20ms, 200ms, 0};
        return options;
    }

    // The subscribe messages of `connections` connections, sorted; heartbeats are skipped.
    std::vector<std::string> subscribeMessages(std::size_t count) {
        std::vector<std::string> messages;
        while (messages.size() < count) {
            const auto message = m_server.waitForMessage(3s);
            if (!message) {
                break;
            }
            if (message->text != m_script.heartbeat) {
                messages.push_back(message->text);
            }
        }
        std::sort(messages.begin(), messages.end());
        return messages;
    }

    static bool isLive(const LiveFeed& feed, std::size_t streams) {
        const FeedStatus status = feed.status();
        if (status.phase != FeedPhase::Live || status.connections.size() != streams) {
            return false;
        }
        return std::all_of(
            status.connections.begin(), status.connections.end(),
            [](const ConnectionStatus& c) { return c.state == ConnectionState::Live; });
    }

    NetworkThread m_network;
    LoopbackExchange m_server;
    VenueScript m_script;
    test::VenueRestScripts m_scripts{kNow};
};

TEST_P(LiveFeedOverLoopback, LoadsHistoryThenSubscribesAndDeliversLiveEvents) {
    Collector collected;
    LiveFeed feed(m_network, options(), collected.callbacks());
    feed.start();
    const std::size_t streams = m_script.upgradeTargets.size();
    ASSERT_TRUE(m_server.waitForConnections(static_cast<int>(streams), 5s));
    EXPECT_EQ(subscribeMessages(m_script.subscribeMessages.size()), m_script.subscribeMessages);
    auto targets = m_server.upgradeTargets();
    std::sort(targets.begin(), targets.end());
    EXPECT_EQ(targets, m_script.upgradeTargets);
    ASSERT_TRUE(waitUntil([&] { return isLive(feed, streams); }, 5s));

    // The instrument came from the venue's own instrument list, before any event.
    const auto instrument = collected.instrument();
    ASSERT_TRUE(instrument.has_value());
    EXPECT_EQ(instrument->symbol(), m_script.symbol);
    EXPECT_EQ(instrument->contractValue(), m_script.contractValue);
    EXPECT_EQ(collected.readyAtEvent(), 0u);

    // History: open interest and candles, in the order the estimator needs.
    const auto history = collected.events();
    ASSERT_FALSE(history.empty());
    bool sawOpenInterest = false;
    bool sawCandle = false;
    for (const core::EventRecord& record : history) {
        EXPECT_EQ(record.symbol, m_script.symbol);
        sawOpenInterest =
            sawOpenInterest || std::holds_alternative<core::OpenInterest>(record.event);
        sawCandle = sawCandle || std::holds_alternative<core::Candle>(record.event);
    }
    EXPECT_TRUE(sawCandle);
    if (m_script.venue != Venue::Hyperliquid) {
        EXPECT_TRUE(sawOpenInterest);
    }
    auto sorted = history;
    sortHistory(sorted);
    for (std::size_t i = 0; i < history.size(); ++i) {
        EXPECT_EQ(history[i].event, sorted[i].event) << "history event " << i << " out of order";
    }

    m_server.send(m_script.tradeFrame);
    EXPECT_TRUE(collected.waitForTrade(m_script.expectedTrade, 3s));
    const FeedStatus status = feed.status();
    EXPECT_EQ(status.requestsFailed, 0u) << status.lastRestError;
    EXPECT_EQ(status.skipped.total(), 0u) << status.skipped.summary();
    EXPECT_GE(status.connections.front().messages + status.connections.back().messages, 1u);
    EXPECT_EQ(status.hasLiquidationFeed, m_script.venue != Venue::Hyperliquid);
    feed.stop();
    EXPECT_EQ(feed.status().phase, FeedPhase::Stopped);
}

TEST_P(LiveFeedOverLoopback, KeepsTheConnectionAliveTheVenuesWay) {
    FeedOptions feedOptions = options();
    feedOptions.adjustStream = [](StreamSpec& stream) {
        stream.heartbeat.interval = 100ms;
        stream.staleAfter = 5s;
    };
    Collector collected;
    LiveFeed feed(m_network, feedOptions, collected.callbacks());
    feed.start();
    const std::size_t streams = m_script.upgradeTargets.size();
    ASSERT_TRUE(waitUntil([&] { return isLive(feed, streams); }, 5s));
    if (m_script.heartbeat.empty()) {
        // Binance pings; the client answers with a pong carrying the same payload.
        m_server.sendPing("hb-1");
        EXPECT_EQ(m_server.waitForPong(3s), std::optional<std::string>("hb-1"));
    } else {
        bool sawHeartbeat = false;
        while (const auto message = m_server.waitForMessage(3s)) {
            if (message->text == m_script.heartbeat) {
                sawHeartbeat = true;
                break;
            }
        }
        EXPECT_TRUE(sawHeartbeat) << "no " << m_script.heartbeat;
        // The venue's pong reply is a control frame: no event, no skip.
        std::this_thread::sleep_for(300ms);
        EXPECT_EQ(feed.status().skipped.total(), 0u) << feed.status().skipped.summary();
    }
    EXPECT_TRUE(isLive(feed, streams));
}

TEST_P(LiveFeedOverLoopback, ReconnectsAndResubscribesAfterADrop) {
    Collector collected;
    LiveFeed feed(m_network, options(), collected.callbacks());
    feed.start();
    const std::size_t streams = m_script.upgradeTargets.size();
    ASSERT_TRUE(waitUntil([&] { return isLive(feed, streams); }, 5s));
    EXPECT_EQ(subscribeMessages(m_script.subscribeMessages.size()), m_script.subscribeMessages);
    const int before = m_server.connectionCount();
    m_server.drop();
    ASSERT_TRUE(m_server.waitForConnections(before + 1, 5s));
    // The dropped connection's subscriptions are sent again on the new one.
    const auto again = subscribeMessages(1);
    ASSERT_EQ(again.size(), 1u);
    EXPECT_NE(std::find(m_script.subscribeMessages.begin(), m_script.subscribeMessages.end(),
                        again.front()),
              m_script.subscribeMessages.end());
    ASSERT_TRUE(waitUntil([&] { return isLive(feed, streams); }, 5s));
    std::uint64_t reconnects = 0;
    for (const ConnectionStatus& connection : feed.status().connections) {
        reconnects += connection.reconnects;
    }
    EXPECT_EQ(reconnects, 1u);
    m_server.send(m_script.tradeFrame);
    EXPECT_TRUE(collected.waitForTrade(m_script.expectedTrade, 3s));
}

TEST_P(LiveFeedOverLoopback, ASilentFeedIsStaleAndReconnected) {
    FeedOptions feedOptions = options();
    feedOptions.adjustStream = [](StreamSpec& stream) {
        stream.heartbeat.interval = 10s;  // no heartbeat inside the test
        stream.staleAfter = 300ms;
    };
    Collector collected;
    LiveFeed feed(m_network, feedOptions, collected.callbacks());
    feed.start();
    const std::size_t streams = m_script.upgradeTargets.size();
    ASSERT_TRUE(waitUntil([&] { return isLive(feed, streams); }, 5s));
    const int before = m_server.connectionCount();
    m_server.goSilent(true);
    const bool reconnecting = waitUntil(
        [&] {
            for (const ConnectionStatus& connection : feed.status().connections) {
                if (connection.reconnects == 0 && connection.state == ConnectionState::Live) {
                    return false;
                }
            }
            return true;
        },
        5s);
    EXPECT_TRUE(reconnecting);
    m_server.goSilent(false);
    EXPECT_TRUE(m_server.waitForConnections(before + static_cast<int>(streams), 5s));
    for (const ConnectionStatus& connection : feed.status().connections) {
        EXPECT_NE(connection.error.find("stale"), std::string::npos) << connection.error;
    }
}

TEST_P(LiveFeedOverLoopback, RefusesAServerWhoseCertificateItDoesNotTrust) {
    FeedOptions feedOptions = options();
    feedOptions.tls.extraCaPem = test::makeTestCertificate().certificatePem;  // someone else's
    Collector collected;
    LiveFeed feed(m_network, feedOptions, collected.callbacks());
    feed.start();
    ASSERT_TRUE(waitUntil([&] { return feed.status().phase == FeedPhase::Live; }, 10s));
    // Every connection (OKX has two) has failed its handshake at least once.
    ASSERT_TRUE(waitUntil(
        [&] {
            const FeedStatus status = feed.status();
            return status.connections.size() == m_script.upgradeTargets.size() &&
                   std::all_of(status.connections.begin(), status.connections.end(),
                               [](const ConnectionStatus& c) { return !c.error.empty(); });
        },
        5s));
    const FeedStatus status = feed.status();
    EXPECT_GT(status.requestsFailed, 0u);
    EXPECT_EQ(status.requestsFailed, status.requestsDone);
    EXPECT_NE(status.lastRestError.find("certificate"), std::string::npos) << status.lastRestError;
    for (const ConnectionStatus& connection : status.connections) {
        EXPECT_NE(connection.state, ConnectionState::Live);
        EXPECT_NE(connection.error.find("certificate"), std::string::npos) << connection.error;
    }
    EXPECT_TRUE(collected.events().empty());
    EXPECT_TRUE(m_server.requests().empty()) << "no request may pass an untrusted handshake";
}

std::string readAll(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream content;
    content << file.rdbuf();
    return content.str();
}

// Recording what the live feed received and replaying it gives the events the live run gave,
// in the same order.
TEST_P(LiveFeedOverLoopback, ReplayOfTheRecordingGivesTheLiveEvents) {
    const std::string path =
        testing::TempDir() + "liqmap_live_feed_" + std::string(toString(m_script.venue)) + ".jsonl";
    Collector collected;
    {
        RecordingWriter recorder(path);
        LiveFeed feed(m_network, options(), collected.callbacks(), &recorder);
        feed.start();
        const std::size_t streams = m_script.upgradeTargets.size();
        ASSERT_TRUE(waitUntil([&] { return isLive(feed, streams); }, 5s));
        m_server.send(m_script.tradeFrame);
        ASSERT_TRUE(collected.waitForTrade(m_script.expectedTrade, 3s));
        feed.stop();
    }
    std::vector<core::EventRecord> replayed;
    std::optional<core::Instrument> replayedInstrument;
    RecordingReplay replay(
        {[&](Venue venue, const std::string& symbol, const core::Instrument& instrument) {
             EXPECT_EQ(venue, m_script.venue);
             EXPECT_EQ(symbol, m_script.symbol);
             replayedInstrument = instrument;
         },
         [&](Venue, const std::string&, std::span<const core::EventRecord> events) {
             replayed.insert(replayed.end(), events.begin(), events.end());
         }});
    const ReplaySummary summary = replay.replay(readAll(path));
    std::remove(path.c_str());
    EXPECT_EQ(summary.badLines, 0u);
    EXPECT_FALSE(summary.truncatedLastLine);
    const auto live = collected.events();
    ASSERT_EQ(replayed.size(), live.size());
    for (std::size_t i = 0; i < live.size(); ++i) {
        EXPECT_EQ(replayed[i].event, live[i].event) << "event " << i;
    }
    ASSERT_TRUE(replayedInstrument.has_value());
    EXPECT_EQ(replayedInstrument->contractValue(), collected.instrument()->contractValue());
    EXPECT_EQ(replayedInstrument->tiers().size(), collected.instrument()->tiers().size());
}

// Each venue's first request is answered 429 with Retry-After: 1; the feed waits it out, asks
// again and carries on with nothing failed.
TEST_P(LiveFeedOverLoopback, WaitsOutA429AndCarriesOn) {
    std::atomic<int> firstTargetCalls{0};
    // Hyperliquid posts every request to /info: the body tells them apart.
    const RestRequest first =
        makeAdapter(m_script.venue)->instrumentRequests(m_script.symbol).front();
    m_server.setHttpHandler([&](const HttpRequestInfo& request) {
        if (request.target == first.target && request.body == first.body &&
            firstTargetCalls++ == 0) {
            return HttpReply{429, {{"Retry-After", "1"}}, R"({"code":-1003,"msg":"Too many"})"};
        }
        return m_scripts.any(request);
    });
    Collector collected;
    LiveFeed feed(m_network, options(), collected.callbacks());
    const auto started = std::chrono::steady_clock::now();
    feed.start();
    ASSERT_TRUE(waitUntil([&] { return feed.status().phase == FeedPhase::Live; }, 10s));
    EXPECT_GE(std::chrono::steady_clock::now() - started, 1s);
    EXPECT_EQ(firstTargetCalls.load(), 2);
    EXPECT_EQ(feed.status().requestsFailed, 0u) << feed.status().lastRestError;
    ASSERT_TRUE(collected.instrument().has_value());
    EXPECT_EQ(collected.instrument()->contractValue(), m_script.contractValue);
}

INSTANTIATE_TEST_SUITE_P(Venues, LiveFeedOverLoopback,
                         testing::Values(Venue::Binance, Venue::Bybit, Venue::Okx,
                                         Venue::Hyperliquid),
                         [](const testing::TestParamInfo<Venue>& param) {
                             return std::string(toString(param.param));
                         });

// --- REST behaviour through the feed (one venue is enough: the client is shared) ---------------

TEST(LiveFeedRest, FollowsHistoryPagesWithTheVenuesCursor) {
    NetworkThread network;
    LoopbackExchange server;
    const test::VenueRestScripts scripts(kNow);
    server.setHttpHandler([&](const HttpRequestInfo& request) { return scripts.bybit(request); });
    FeedOptions options;
    options.venue = Venue::Bybit;
    options.symbol = "BTCUSDT";
    options.endpoints = {server.restBaseUrl(), server.webSocketBaseUrl()};
    options.tls.extraCaPem = server.certificatePem();
    options.lookback = std::chrono::milliseconds(kNow - kStart);
    options.clock = [] { return kNow; };
    Collector collected;
    LiveFeed feed(network, options, collected.callbacks());
    feed.start();
    ASSERT_TRUE(waitUntil([&] { return feed.status().phase == FeedPhase::Live; }, 10s));
    std::vector<std::string> openInterestTargets;
    for (const HttpRequestInfo& request : server.requests()) {
        if (request.target.starts_with("/v5/market/open-interest?")) {
            openInterestTargets.push_back(request.target);
        }
    }
    const std::string first =
        "/v5/market/open-interest?category=linear&symbol=BTCUSDT"
        "&intervalTime=5min&startTime=" +
        ms(kStart) + "&endTime=" + ms(kNow) + "&limit=200";
    ASSERT_EQ(openInterestTargets.size(), 2u);
    EXPECT_EQ(openInterestTargets[0], first);
    // The cursor "page=2&x" travels percent-encoded.
    EXPECT_EQ(openInterestTargets[1], first + "&cursor=page%3D2%26x");
    std::vector<double> openInterest;
    for (const core::EventRecord& record : collected.events()) {
        if (const auto* oi = std::get_if<core::OpenInterest>(&record.event)) {
            openInterest.push_back(oi->qty);
        }
    }
    // Both pages, oldest first: singleOpenInterest 50 000 at S+5 min, 50 100 now.
    EXPECT_EQ(openInterest, (std::vector<double>{50000, 50100}));
}

}  // namespace
}  // namespace liqmap::exchange
