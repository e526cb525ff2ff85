// The adapter's header is private to the library; it is included by path for the switch that
// turns the trades fast path off, so the edge cases run on both paths.
#include "hyperliquid/hyperliquid_adapter.h"

#include <gtest/gtest.h>

#include <chrono>   // std::chrono::seconds
#include <cstddef>  // std::size_t
#include <limits>   // std::numeric_limits
#include <memory>   // std::unique_ptr
#include <nlohmann/json.hpp>
#include <optional>     // std::optional, std::nullopt
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <variant>      // std::get, std::holds_alternative
#include <vector>       // std::vector

#include "liqmap/core/event_codec.h"
#include "liqmap/core/market_event.h"
#include "liqmap/core/skip_counts.h"
#include "liqmap/exchange/adapter.h"
#include "liqmap/exchange/endpoints.h"
#include "support/fixture_file.h"

namespace liqmap::exchange {
namespace {

using core::SkipReason;
using Kind = FrameOutcome::Kind;

constexpr double kInfinity = std::numeric_limits<double>::infinity();
// An arbitrary receive time; activeAssetCtx and metaAndAssetCtxs carry no timestamp of their
// own, so their events must come out with exactly this.
constexpr core::TimestampMs kReceiveMs = 1790358605123;

std::unique_ptr<Adapter> makeHyperliquid() { return makeAdapter(Venue::Hyperliquid); }

template <class Event>
const Event& eventAs(const core::EventRecord& record) {
    EXPECT_TRUE(std::holds_alternative<Event>(record.event))
        << "event index " << record.event.index();
    static const Event kEmpty{};
    return std::holds_alternative<Event>(record.event) ? std::get<Event>(record.event) : kEmpty;
}

void expectTrade(const core::EventRecord& record, std::string_view symbol, core::TimestampMs ts,
                 double price, double qty, core::Aggressor aggressor) {
    EXPECT_EQ(record.exchange, "hyperliquid");
    EXPECT_EQ(record.symbol, symbol);
    const auto& trade = eventAs<core::Trade>(record);
    EXPECT_EQ(trade.ts, ts);
    EXPECT_DOUBLE_EQ(trade.price, price);
    EXPECT_DOUBLE_EQ(trade.qty, qty);
    EXPECT_EQ(trade.aggressor, aggressor);
}

void expectMark(const core::EventRecord& record, std::string_view symbol, core::TimestampMs ts,
                double price, std::optional<double> index, std::optional<double> funding) {
    EXPECT_EQ(record.exchange, "hyperliquid");
    EXPECT_EQ(record.symbol, symbol);
    const auto& mark = eventAs<core::MarkPrice>(record);
    EXPECT_EQ(mark.ts, ts);
    EXPECT_DOUBLE_EQ(mark.price, price);
    ASSERT_EQ(mark.index.has_value(), index.has_value());
    if (index) {
        EXPECT_DOUBLE_EQ(*mark.index, *index);
    }
    ASSERT_EQ(mark.funding.has_value(), funding.has_value());
    if (funding) {
        EXPECT_DOUBLE_EQ(*mark.funding, *funding);
    }
}

void expectOpenInterest(const core::EventRecord& record, std::string_view symbol,
                        core::TimestampMs ts, double qty, double notional) {
    EXPECT_EQ(record.exchange, "hyperliquid");
    EXPECT_EQ(record.symbol, symbol);
    const auto& oi = eventAs<core::OpenInterest>(record);
    EXPECT_EQ(oi.ts, ts);
    EXPECT_DOUBLE_EQ(oi.qty, qty);
    ASSERT_TRUE(oi.notional.has_value());
    EXPECT_DOUBLE_EQ(*oi.notional, notional);
}

struct CandleValues {
    core::TimestampMs ts;
    core::TimestampMs intervalMs;
    double open;
    double high;
    double low;
    double close;
    double volume;
    bool closed;
};

void expectCandle(const core::EventRecord& record, std::string_view symbol,
                  const CandleValues& want) {
    EXPECT_EQ(record.exchange, "hyperliquid");
    EXPECT_EQ(record.symbol, symbol);
    const auto& candle = eventAs<core::Candle>(record);
    EXPECT_EQ(candle.ts, want.ts);
    EXPECT_EQ(candle.intervalMs, want.intervalMs);
    EXPECT_DOUBLE_EQ(candle.open, want.open);
    EXPECT_DOUBLE_EQ(candle.high, want.high);
    EXPECT_DOUBLE_EQ(candle.low, want.low);
    EXPECT_DOUBLE_EQ(candle.close, want.close);
    EXPECT_DOUBLE_EQ(candle.volume, want.volume);
    EXPECT_EQ(candle.closed, want.closed);
}

void expectData(const FrameOutcome& outcome, std::size_t events) {
    EXPECT_EQ(outcome.kind, Kind::Data);
    EXPECT_EQ(outcome.events, events);
    EXPECT_EQ(outcome.skippedRecords, 0u);
}

void expectNoLiquidation(const std::vector<core::EventRecord>& events) {
    for (const core::EventRecord& record : events) {
        EXPECT_FALSE(std::holds_alternative<core::Liquidation>(record.event));
    }
}

// ---------------------------------------------------------------------------------------------
// streams() and requests

TEST(HyperliquidAdapter, StreamsSubscribeTradesContextAndOneMinuteCandlesOnOneSocket) {
    const auto adapter = makeHyperliquid();
    const auto streams = adapter->streams(defaultEndpoints(Venue::Hyperliquid), "BTC");
    ASSERT_EQ(streams.size(), 1u);
    const StreamSpec& spec = streams[0];
    EXPECT_EQ(spec.name, "ws");
    EXPECT_EQ(spec.url, "wss://api.hyperliquid.xyz/ws");
    EXPECT_EQ(spec.subscribeMessages,
              (std::vector<std::string>{
                  R"({"method":"subscribe","subscription":{"type":"trades","coin":"BTC"}})",
                  R"({"method":"subscribe","subscription":{"type":"activeAssetCtx","coin":"BTC"}})",
                  R"({"method":"subscribe","subscription":{"type":"candle","coin":"BTC",)"
                  R"("interval":"1m"}})",
              }));
    EXPECT_EQ(spec.heartbeat.kind, HeartbeatRule::Kind::ClientWhenIdle);
    EXPECT_EQ(spec.heartbeat.message, R"({"method":"ping"})");
    EXPECT_EQ(spec.heartbeat.interval, std::chrono::seconds(20));
    EXPECT_EQ(spec.staleAfter, std::chrono::seconds(45));
    EXPECT_EQ(spec.rotateAfter, std::chrono::milliseconds(0));
}

TEST(HyperliquidAdapter, StreamsUseTheGivenBaseUrlAndQuoteTheCoin) {
    const auto adapter = makeHyperliquid();
    const Endpoints loopback{"https://127.0.0.1:8443", "wss://127.0.0.1:9443"};
    const auto streams = adapter->streams(loopback, "xyz:TSLA");
    ASSERT_EQ(streams.size(), 1u);
    EXPECT_EQ(streams[0].url, "wss://127.0.0.1:9443/ws");
    ASSERT_EQ(streams[0].subscribeMessages.size(), 3u);
    EXPECT_EQ(streams[0].subscribeMessages[0],
              R"({"method":"subscribe","subscription":{"type":"trades","coin":"xyz:TSLA"}})");
    // A quote in a user-typed symbol cannot break the JSON.
    const auto odd = adapter->streams(loopback, R"(A"B)");
    ASSERT_EQ(odd.size(), 1u);
    ASSERT_EQ(odd[0].subscribeMessages.size(), 3u);
    EXPECT_EQ(odd[0].subscribeMessages[1],
              R"({"method":"subscribe","subscription":{"type":"activeAssetCtx","coin":"A\"B"}})");
}

// ws_control_frames.jsonl holds the documented client messages too: ours must be those bytes.
TEST(HyperliquidAdapter, SubscribeAndPingMessagesMatchTheDocumentedShapes) {
    const auto lines = test::readFixtureLines("hyperliquid/ws_control_frames.jsonl");
    ASSERT_EQ(lines.size(), 7u);
    const auto adapter = makeHyperliquid();
    const auto spec = adapter->streams(defaultEndpoints(Venue::Hyperliquid), "BTC").at(0);
    EXPECT_EQ(spec.subscribeMessages, (std::vector<std::string>{lines[0], lines[2], lines[3]}));
    EXPECT_EQ(spec.heartbeat.message, lines[5]);
    // lines[4] subscribes to allMids, which liqmap does not use.
    for (const std::string& message : spec.subscribeMessages) {
        EXPECT_NE(message, lines[4]);
    }
}

TEST(HyperliquidAdapter, InstrumentRequestIsOneMetaAndAssetCtxsPost) {
    const auto adapter = makeHyperliquid();
    EXPECT_EQ(adapter->instrumentRequests("BTC"),
              (std::vector<RestRequest>{
                  {"metaAndAssetCtxs", "POST", "/info", R"({"type":"metaAndAssetCtxs"})"}}));
    EXPECT_TRUE(adapter->pollRequests("BTC").empty());
    EXPECT_EQ(adapter->pollInterval(), std::chrono::milliseconds(0));
}

TEST(HyperliquidAdapter, HistoryIsOneCandleSnapshotOverTheWindow) {
    const auto adapter = makeHyperliquid();
    // 1 day: well inside the 5000 candles the venue keeps, so the start stays as asked.
    const core::TimestampMs end = 1790358600000;
    const core::TimestampMs start = end - core::kDayMs;  // 1790272200000
    EXPECT_EQ(adapter->historyRequests("BTC", start, end),
              (std::vector<RestRequest>{
                  {"candleSnapshot", "POST", "/info",
                   R"({"type":"candleSnapshot","req":{"coin":"BTC","interval":"1m",)"
                   R"("startTime":1790272200000,"endTime":1790358600000}})"}}));
}

TEST(HyperliquidAdapter, HistoryStartIsRaisedToTheOldestOfFiveThousandCandles) {
    const auto adapter = makeHyperliquid();
    const core::TimestampMs end = 1790358600000;
    // 7 days asked; 5000 minutes = 300 000 000 ms → start 1790058600000.
    const auto requests = adapter->historyRequests("ETH", end - 7 * core::kDayMs, end);
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].body, R"({"type":"candleSnapshot","req":{"coin":"ETH","interval":"1m",)"
                                R"("startTime":1790058600000,"endTime":1790358600000}})");
    // Exactly 5000 minutes is not raised.
    const auto exact = adapter->historyRequests("ETH", 1790058600000, end);
    ASSERT_EQ(exact.size(), 1u);
    EXPECT_EQ(exact[0].body, requests[0].body);
    // An empty window asks for nothing.
    EXPECT_TRUE(adapter->historyRequests("ETH", end + 1, end).empty());
}

// The python SDK's recorded candleSnapshot request: ours for the same coin and window differs
// only in the interval (liqmap always asks for 1m).
TEST(HyperliquidAdapter, HistoryRequestMatchesTheRecordedRequestShape) {
    const auto recorded = nlohmann::json::parse(
        test::readFixture("hyperliquid/rest_info_candleSnapshot_pysdk_2023_request.json"));
    const auto adapter = makeHyperliquid();
    const auto requests = adapter->historyRequests("kPEPE", 1684702007000, 1684784807000);
    ASSERT_EQ(requests.size(), 1u);
    auto ours = nlohmann::json::parse(requests[0].body);
    EXPECT_EQ(ours["req"]["interval"], "1m");
    ours["req"]["interval"] = "1h";
    EXPECT_EQ(ours, recorded);
}

// ---------------------------------------------------------------------------------------------
// Stream fixtures

TEST(HyperliquidAdapter, TradesTardis2024) {
    const auto lines = test::readFixtureLines("hyperliquid/ws_trades_tardis_2024.jsonl");
    ASSERT_EQ(lines.size(), 2u);
    auto adapter = makeHyperliquid();
    std::vector<core::EventRecord> out;

    expectData(adapter->parseFrame(lines[0], kReceiveMs, out), 1);
    ASSERT_EQ(out.size(), 1u);
    // side A: the taker sold; sz is in coins already.
    expectTrade(out[0], "FXS", 1730160015113, 1.9008, 10.5, core::Aggressor::Sell);

    out.clear();
    expectData(adapter->parseFrame(lines[1], kReceiveMs, out), 3);
    ASSERT_EQ(out.size(), 3u);
    expectTrade(out[0], "BTC", 1730160006192, 69997.0, 0.38111, core::Aggressor::Buy);
    expectTrade(out[1], "BTC", 1730160006192, 69997.0, 0.33458, core::Aggressor::Buy);
    expectTrade(out[2], "BTC", 1730160006192, 69997.0, 0.83613, core::Aggressor::Buy);
    EXPECT_EQ(adapter->skipped().total(), 0u);
}

TEST(HyperliquidAdapter, TradesLive2026) {
    const auto lines = test::readFixtureLines("hyperliquid/ws_trades_live_2026.jsonl");
    ASSERT_EQ(lines.size(), 2u);
    auto adapter = makeHyperliquid();
    std::vector<core::EventRecord> out;

    expectData(adapter->parseFrame(lines[0], kReceiveMs, out), 1);
    ASSERT_EQ(out.size(), 1u);
    expectTrade(out[0], "BTC", 1788658198628, 79889.0, 0.00054, core::Aggressor::Sell);

    out.clear();
    expectData(adapter->parseFrame(lines[1], kReceiveMs, out), 2);
    ASSERT_EQ(out.size(), 2u);
    // The first trade has an all-zero hash (e.g. a TWAP slice): still an ordinary trade.
    expectTrade(out[0], "BTC", 1790358604045, 83770.0, 0.00819, core::Aggressor::Buy);
    expectTrade(out[1], "BTC", 1790358606027, 83769.0, 0.0048, core::Aggressor::Sell);
    expectNoLiquidation(out);
    EXPECT_EQ(adapter->skipped().total(), 0u);
}

TEST(HyperliquidAdapter, ActiveAssetCtxLive2026IsMarkAndOpenInterestAtReceiveTime) {
    const auto lines = test::readFixtureLines("hyperliquid/ws_activeAssetCtx_live_2026.jsonl");
    ASSERT_EQ(lines.size(), 2u);
    auto adapter = makeHyperliquid();
    std::vector<core::EventRecord> out;

    expectData(adapter->parseFrame(lines[0], kReceiveMs, out), 2);
    ASSERT_EQ(out.size(), 2u);
    // funding is the hourly rate, as sent.
    expectMark(out[0], "BTC", kReceiveMs, 79890.0, 79922.0, 0.0000125);
    // 35409.41702 BTC × markPx 79890.0 = 2828858325.7278 USDC.
    expectOpenInterest(out[1], "BTC", kReceiveMs, 35409.41702, 2828858325.7278);

    out.clear();
    expectData(adapter->parseFrame(lines[1], kReceiveMs + 1000, out), 2);
    ASSERT_EQ(out.size(), 2u);
    expectMark(out[0], "BTC", kReceiveMs + 1000, 83757.0, 83778.1, 0.0000125);
    // 39338.76246 × 83757.0 = 3294896727.36222.
    expectOpenInterest(out[1], "BTC", kReceiveMs + 1000, 39338.76246, 3294896727.36222);
    EXPECT_EQ(adapter->skipped().total(), 0u);
}

TEST(HyperliquidAdapter, ActiveAssetCtxTardis2024) {
    const auto lines = test::readFixtureLines("hyperliquid/ws_activeAssetCtx_tardis_2024.jsonl");
    ASSERT_EQ(lines.size(), 1u);
    auto adapter = makeHyperliquid();
    std::vector<core::EventRecord> out;
    expectData(adapter->parseFrame(lines[0], kReceiveMs, out), 2);
    ASSERT_EQ(out.size(), 2u);
    expectMark(out[0], "MOODENG", kReceiveMs, 0.19963, 0.1995, 0.00004863);
    // 18617460.0 MOODENG × 0.19963 = 3716603.5398 USDC.
    expectOpenInterest(out[1], "MOODENG", kReceiveMs, 18617460.0, 3716603.5398);
}

TEST(HyperliquidAdapter, CandleLive2026ClosesTheFormingCandleWhenTheNextOneStarts) {
    const auto lines = test::readFixtureLines("hyperliquid/ws_candle_live_2026.jsonl");
    ASSERT_EQ(lines.size(), 2u);
    auto adapter = makeHyperliquid();
    std::vector<core::EventRecord> out;

    const CandleValues first{1790358600000, 60000,   83765.0, 83770.0,
                             83756.0,       83765.0, 0.3317,  false};
    expectData(adapter->parseFrame(lines[0], kReceiveMs, out), 1);
    ASSERT_EQ(out.size(), 1u);
    expectCandle(out[0], "BTC", first);

    // A later t: the kept candle again, now closed, then the new forming one.
    out.clear();
    expectData(adapter->parseFrame(lines[1], kReceiveMs, out), 2);
    ASSERT_EQ(out.size(), 2u);
    CandleValues firstClosed = first;
    firstClosed.closed = true;
    expectCandle(out[0], "BTC", firstClosed);
    expectCandle(out[1], "BTC",
                 {1790358660000, 60000, 83765.0, 83805.0, 83760.0, 83801.0, 1.2044, false});

    // The first candle again (a late or replayed frame) is older than the kept one.
    out.clear();
    const FrameOutcome late = adapter->parseFrame(lines[0], kReceiveMs, out);
    EXPECT_EQ(late.kind, Kind::Skipped);
    EXPECT_EQ(late.reason, SkipReason::OutOfOrder);
    EXPECT_EQ(late.detail, "data.t");
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(adapter->skipped().count(SkipReason::OutOfOrder), 1u);
    EXPECT_EQ(adapter->skipped().total(), 1u);
}

TEST(HyperliquidAdapter, CandleWithTheSameOpenTimeReplacesTheKeptOne) {
    auto adapter = makeHyperliquid();
    std::vector<core::EventRecord> out;
    const std::string forming =
        R"({"channel":"candle","data":{"t":1790358660000,"T":1790358719999,"s":"BTC","i":"1m",)"
        R"("o":"83765.0","c":"83801.0","h":"83805.0","l":"83760.0","v":"1.2044","n":88}})";
    const std::string update =
        R"({"channel":"candle","data":{"t":1790358660000,"T":1790358719999,"s":"BTC","i":"1m",)"
        R"("o":"83765.0","c":"83790.5","h":"83810.0","l":"83760.0","v":"1.5","n":97}})";
    const std::string next =
        R"({"channel":"candle","data":{"t":1790358720000,"T":1790358779999,"s":"BTC","i":"1m",)"
        R"("o":"83790.5","c":"83791.0","h":"83791.0","l":"83790.5","v":"0.01","n":1}})";
    expectData(adapter->parseFrame(forming, kReceiveMs, out), 1);
    out.clear();
    expectData(adapter->parseFrame(update, kReceiveMs, out), 1);
    ASSERT_EQ(out.size(), 1u);
    expectCandle(out[0], "BTC",
                 {1790358660000, 60000, 83765.0, 83810.0, 83760.0, 83790.5, 1.5, false});
    out.clear();
    expectData(adapter->parseFrame(next, kReceiveMs, out), 2);
    ASSERT_EQ(out.size(), 2u);
    // What closes is the last update, not the first sight of the candle.
    expectCandle(out[0], "BTC",
                 {1790358660000, 60000, 83765.0, 83810.0, 83760.0, 83790.5, 1.5, true});
    expectCandle(out[1], "BTC",
                 {1790358720000, 60000, 83790.5, 83791.0, 83790.5, 83791.0, 0.01, false});
}

TEST(HyperliquidAdapter, CandlesAreKeptPerCoinAndInterval) {
    auto adapter = makeHyperliquid();
    std::vector<core::EventRecord> out;
    auto candle = [](std::string_view coin, std::string_view interval, std::string_view t) {
        return R"({"channel":"candle","data":{"t":)" + std::string(t) + R"(,"s":")" +
               std::string(coin) + R"(","i":")" + std::string(interval) +
               R"(","o":"10","c":"10","h":"10","l":"10","v":"1"}})";
    };
    expectData(adapter->parseFrame(candle("BTC", "1m", "1790358660000"), kReceiveMs, out), 1);
    // Other coin, other interval: nothing to close, and an earlier t is not out of order.
    expectData(adapter->parseFrame(candle("ETH", "1m", "1790358600000"), kReceiveMs, out), 1);
    expectData(adapter->parseFrame(candle("BTC", "5m", "1790358600000"), kReceiveMs, out), 1);
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(eventAs<core::Candle>(out[2]).intervalMs, 5 * core::kMinuteMs);
    // The array form the docs describe is accepted too, one record per element.
    out.clear();
    const std::string array =
        R"({"channel":"candle","data":[{"t":1790358720000,"s":"BTC","i":"1m","o":"10","c":"11",)"
        R"("h":"11","l":"10","v":"2"},{"t":1790358660000,"s":"ETH","i":"1m","o":"10","c":"10",)"
        R"("h":"10","l":"10","v":"2"}]})";
    expectData(adapter->parseFrame(array, kReceiveMs, out), 4);
    ASSERT_EQ(out.size(), 4u);
    expectCandle(out[0], "BTC", {1790358660000, 60000, 10, 10, 10, 10, 1, true});
    expectCandle(out[1], "BTC", {1790358720000, 60000, 10, 11, 10, 11, 2, false});
    expectCandle(out[2], "ETH", {1790358600000, 60000, 10, 10, 10, 10, 1, true});
    expectCandle(out[3], "ETH", {1790358660000, 60000, 10, 10, 10, 10, 2, false});
    EXPECT_EQ(adapter->skipped().total(), 0u);
}

TEST(HyperliquidAdapter, ControlFramesFixture) {
    const auto lines = test::readFixtureLines("hyperliquid/ws_control_frames.jsonl");
    ASSERT_EQ(lines.size(), 7u);
    auto adapter = makeHyperliquid();
    std::vector<core::EventRecord> out;
    // Server frames: the subscription ack and the pong.
    EXPECT_EQ(adapter->parseFrame(lines[1], kReceiveMs, out).kind, Kind::Control);
    EXPECT_EQ(adapter->parseFrame(lines[6], kReceiveMs, out).kind, Kind::Control);
    EXPECT_EQ(adapter->skipped().total(), 0u);
    // The other lines are what a client sends ({"method":…}); a server never sends them, so
    // fed back in they are frames without a channel.
    for (const std::size_t i : {0u, 2u, 3u, 4u, 5u}) {
        const FrameOutcome outcome = adapter->parseFrame(lines[i], kReceiveMs, out);
        EXPECT_EQ(outcome.kind, Kind::Skipped) << lines[i];
        EXPECT_EQ(outcome.reason, SkipReason::MissingField) << lines[i];
        EXPECT_EQ(outcome.detail, "channel") << lines[i];
    }
    EXPECT_EQ(adapter->skipped().count(SkipReason::MissingField), 5u);
    EXPECT_TRUE(out.empty());
}

TEST(HyperliquidAdapter, WelcomeTextIsControlAndErrorChannelIsAnExchangeError) {
    auto adapter = makeHyperliquid();
    std::vector<core::EventRecord> out;
    EXPECT_EQ(adapter->parseFrame("Websocket connection established.", kReceiveMs, out).kind,
              Kind::Control);
    EXPECT_EQ(adapter->parseFrame("Websocket connection established.\n", kReceiveMs, out).kind,
              Kind::Control);
    const FrameOutcome error =
        adapter->parseFrame(R"({"channel":"error","data":"Invalid subscription )"
                            R"({\"type\":\"trades\",\"coin\":\"NOPE\"}"})",
                            kReceiveMs, out);
    EXPECT_EQ(error.kind, Kind::ExchangeError);
    EXPECT_EQ(error.detail, R"(Invalid subscription {"type":"trades","coin":"NOPE"})");
    // An error whose data is not text still reports what was sent.
    const FrameOutcome odd =
        adapter->parseFrame(R"({"channel":"error","data":{"code":7}})", kReceiveMs, out);
    EXPECT_EQ(odd.kind, Kind::ExchangeError);
    EXPECT_EQ(odd.detail, R"({"code":7})");
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(adapter->skipped().total(), 0u);
}

// allMids is a channel liqmap does not subscribe to: a frame of it is unexpected data, not a
// control message, so it is counted as UnknownType rather than silently ignored.
TEST(HyperliquidAdapter, AllMidsIsAnUnknownChannel) {
    auto adapter = makeHyperliquid();
    std::vector<core::EventRecord> out;
    const FrameOutcome outcome = adapter->parseFrame(
        test::readFixture("hyperliquid/ws_allMids_nautilus.json"), kReceiveMs, out);
    EXPECT_EQ(outcome.kind, Kind::Skipped);
    EXPECT_EQ(outcome.reason, SkipReason::UnknownType);
    EXPECT_EQ(outcome.detail, "channel");
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(adapter->skipped().count(SkipReason::UnknownType), 1u);
}

// The only place a liquidation shows up is a user-scoped fill; there is no public liquidation
// feed, and a fill of one user is no sample of the market: never a Liquidation event.
TEST(HyperliquidAdapter, UserFillWithALiquidationIsAnUnknownChannelNotALiquidation) {
    auto adapter = makeHyperliquid();
    std::vector<core::EventRecord> out;
    const FrameOutcome outcome = adapter->parseFrame(
        test::readFixture("hyperliquid/ws_user_fill_liquidation_nautilus.json"), kReceiveMs, out);
    EXPECT_EQ(outcome.kind, Kind::Skipped);
    EXPECT_EQ(outcome.reason, SkipReason::UnknownType);
    EXPECT_EQ(outcome.detail, "channel");
    EXPECT_TRUE(out.empty());
    // The same fill sent as a public trade is only a trade.
    const std::string asTrade =
        R"({"channel":"trades","data":[{"coin":"BTC","px":"66653.0","sz":"0.001","side":"A",)"
        R"("time":1781528065899,"tid":745210434703679,"liquidation":{"liquidatedUser":"0x36",)"
        R"("markPx":"66607.0","method":"market"}}]})";
    expectData(adapter->parseFrame(asTrade, kReceiveMs, out), 1);
    ASSERT_EQ(out.size(), 1u);
    expectTrade(out[0], "BTC", 1781528065899, 66653.0, 0.001, core::Aggressor::Sell);
    expectNoLiquidation(out);
}

// ---------------------------------------------------------------------------------------------
// Edge cases written for this adapter

// Good frames the cases below break one field at a time.
constexpr std::string_view kTrade =
    R"({"channel":"trades","data":[{"coin":"BTC","side":"B","px":"100","sz":"1",)"
    R"("time":1730160006192}]})";
constexpr std::string_view kContext =
    R"({"channel":"activeAssetCtx","data":{"coin":"BTC","ctx":{"markPx":"100",)"
    R"("oraclePx":"101","funding":"0.0001","openInterest":"5"}}})";
constexpr std::string_view kCandleRecord =
    R"({"t":1790358600000,"s":"BTC","i":"1m","o":"10","c":"10","h":"10","l":"10","v":"1"})";

std::string candleFrame(std::string_view data) {
    return R"({"channel":"candle","data":)" + std::string(data) + "}";
}

// `base` with the first `from` replaced by `to`. A `from` that is not there fails the test, so a
// typo cannot turn a case into a copy of the good frame.
std::string edit(std::string_view base, std::string_view from, std::string_view to) {
    std::string frame(base);
    const std::size_t at = frame.find(from);
    EXPECT_NE(at, std::string::npos) << "'" << from << "' not in " << base;
    if (at != std::string::npos) {
        frame.replace(at, from.size(), to);
    }
    return frame;
}

struct BadFrame {
    std::string name;
    std::string frame;
    Kind kind;
    SkipReason reason;
    std::string detail;
    std::size_t events;
    std::size_t skippedRecords;
};

TEST(HyperliquidAdapter, BadFramesAreSkippedWithReasonAndField) {
    using R = SkipReason;
    const std::string trade(kTrade);
    const std::string candle = candleFrame(kCandleRecord);
    const std::string secondTrade =
        R"({"coin":"BTC","side":"A","px":"101","sz":"2","time":1730160006193})";
    const std::vector<BadFrame> cases = {
        {"not json", "hello", Kind::Skipped, R::MalformedJson, "", 0, 0},
        {"truncated", trade.substr(0, trade.size() / 2), Kind::Skipped, R::MalformedJson, "", 0, 0},
        {"empty frame", "", Kind::Skipped, R::MalformedJson, "", 0, 0},
        {"array", "[]", Kind::Skipped, R::MalformedJson, "", 0, 0},
        {"number", "42", Kind::Skipped, R::MalformedJson, "", 0, 0},
        {"string", R"("x")", Kind::Skipped, R::MalformedJson, "", 0, 0},
        {"null", "null", Kind::Skipped, R::MalformedJson, "", 0, 0},
        // nlohmann refuses a JSON number beyond double's range: the whole text is not JSON.
        {"json number 1e400", edit(kTrade, "1730160006192", "1e400"), Kind::Skipped,
         R::MalformedJson, "", 0, 0},
        {"no channel", R"({"data":[]})", Kind::Skipped, R::MissingField, "channel", 0, 0},
        {"channel not text", edit(kTrade, R"("trades")", "5"), Kind::Skipped, R::WrongType,
         "channel", 0, 0},
        {"unused channel", R"({"channel":"l2Book","data":{"coin":"BTC"}})", Kind::Skipped,
         R::UnknownType, "channel", 0, 0},
        {"trades without data", R"({"channel":"trades"})", Kind::Skipped, R::MissingField, "data",
         0, 0},
        {"trades data null", R"({"channel":"trades","data":null})", Kind::Skipped, R::MissingField,
         "data", 0, 0},
        {"trades data object", R"({"channel":"trades","data":{}})", Kind::Skipped, R::WrongType,
         "data", 0, 0},
        {"empty trades", R"({"channel":"trades","data":[]})", Kind::Data, R::MalformedJson, "", 0,
         0},
        {"trade not an object", R"({"channel":"trades","data":[42]})", Kind::Data, R::WrongType,
         "data[0]", 0, 1},
        {"px as number", edit(kTrade, R"("100")", "100.5"), Kind::Data, R::WrongType, "data[0].px",
         0, 1},
        {"px NaN", edit(kTrade, R"("100")", R"("NaN")"), Kind::Data, R::InvalidValue, "data[0].px",
         0, 1},
        {"px nan", edit(kTrade, R"("100")", R"("nan")"), Kind::Data, R::InvalidValue, "data[0].px",
         0, 1},
        {"px inf", edit(kTrade, R"("100")", R"("inf")"), Kind::Data, R::InvalidValue, "data[0].px",
         0, 1},
        {"px 1e400", edit(kTrade, R"("100")", R"("1e400")"), Kind::Data, R::InvalidValue,
         "data[0].px", 0, 1},
        {"px empty", edit(kTrade, R"("100")", R"("")"), Kind::Data, R::InvalidValue, "data[0].px",
         0, 1},
        {"px zero", edit(kTrade, R"("100")", R"("0")"), Kind::Data, R::InvalidValue, "data[0].px",
         0, 1},
        {"px negative", edit(kTrade, R"("100")", R"("-5")"), Kind::Data, R::InvalidValue,
         "data[0].px", 0, 1},
        // Readable, but beyond any market: refused by core::validateEvent, named as it names it.
        {"px 2e9", edit(kTrade, R"("100")", R"("2e9")"), Kind::Data, R::OutOfRange, "price", 0, 1},
        {"sz zero", edit(kTrade, R"("sz":"1")", R"("sz":"0")"), Kind::Data, R::InvalidValue,
         "data[0].sz", 0, 1},
        {"side unknown", edit(kTrade, R"("B")", R"("S")"), Kind::Data, R::InvalidValue,
         "data[0].side", 0, 1},
        {"coin empty", edit(kTrade, R"("BTC")", R"("")"), Kind::Data, R::InvalidValue,
         "data[0].coin", 0, 1},
        {"time missing", edit(kTrade, R"(,"time":1730160006192)", ""), Kind::Data, R::MissingField,
         "data[0].time", 0, 1},
        {"time fractional", edit(kTrade, "1730160006192", "1.5"), Kind::Data, R::WrongType,
         "data[0].time", 0, 1},
        {"time in 2128", edit(kTrade, "1730160006192", "5000000000000"), Kind::Data, R::OutOfRange,
         "ts", 0, 1},
        {"one bad trade among good ones",
         edit(kTrade, "}]",
              "}," + edit(secondTrade, R"("2")", R"("-1")") + "," + secondTrade + "]"),
         Kind::Data, R::InvalidValue, "data[1].sz", 2, 1},
        {"two bad trades: the first is reported",
         edit(edit(kTrade, R"("100")", R"("x")"), "}]",
              "}," + edit(secondTrade, R"("coin":"BTC",)", "") + "]"),
         Kind::Data, R::InvalidValue, "data[0].px", 0, 2},
        {"unknown fields and a tid beyond 64 bits are ignored",
         edit(edit(kTrade, R"("coin")", R"("tid":99999999999999999999999,"new":{"x":[1]},"coin")"),
              R"("data")", R"("extra":1,"data")"),
         Kind::Data, R::MalformedJson, "", 1, 0},
        {"ctx missing", edit(kContext, R"(,"ctx":)", R"(,"other":)"), Kind::Skipped,
         R::MissingField, "data.ctx", 0, 0},
        {"ctx coin missing", edit(kContext, R"("coin":"BTC",)", ""), Kind::Skipped, R::MissingField,
         "data.coin", 0, 0},
        {"ctx data array", R"({"channel":"activeAssetCtx","data":[]})", Kind::Skipped, R::WrongType,
         "data", 0, 0},
        {"ctx not an object", R"({"channel":"activeAssetCtx","data":{"coin":"BTC","ctx":"x"}})",
         Kind::Skipped, R::WrongType, "data.ctx", 0, 0},
        {"markPx missing", edit(kContext, R"("markPx":"100",)", ""), Kind::Skipped, R::MissingField,
         "data.ctx.markPx", 0, 0},
        {"markPx negative", edit(kContext, R"("markPx":"100")", R"("markPx":"-1")"), Kind::Skipped,
         R::InvalidValue, "data.ctx.markPx", 0, 0},
        {"oraclePx nan", edit(kContext, R"("101")", R"("nan")"), Kind::Skipped, R::InvalidValue,
         "data.ctx.oraclePx", 0, 0},
        {"openInterest negative: the mark price survives", edit(kContext, R"("5")", R"("-1")"),
         Kind::Data, R::InvalidValue, "data.ctx.openInterest", 1, 1},
        {"openInterest missing: the mark price survives",
         edit(kContext, R"(,"openInterest":"5")", ""), Kind::Data, R::MissingField,
         "data.ctx.openInterest", 1, 1},
        {"funding of 200 % an hour: the open interest survives",
         edit(kContext, R"("0.0001")", R"("2")"), Kind::Data, R::OutOfRange, "funding", 1, 1},
        {"mark and notional both beyond any market: one skip",
         edit(edit(kContext, R"("100")", R"("2e9")"), R"("5")", R"("1e10")"), Kind::Skipped,
         R::OutOfRange, "price", 0, 0},
        {"candle without data", R"({"channel":"candle"})", Kind::Skipped, R::MissingField, "data",
         0, 0},
        {"candle data text", R"({"channel":"candle","data":"x"})", Kind::Skipped, R::WrongType,
         "data", 0, 0},
        {"candle high below close", edit(candle, R"("h":"10")", R"("h":"9.5")"), Kind::Skipped,
         R::InconsistentCandle, "high", 0, 0},
        {"candle month interval", edit(candle, R"("1m")", R"("1M")"), Kind::Skipped,
         R::InvalidValue, "data.i", 0, 0},
        {"candle volume negative", edit(candle, R"("v":"1")", R"("v":"-1")"), Kind::Skipped,
         R::InvalidValue, "data.v", 0, 0},
        {"candle t missing", edit(candle, R"("t":1790358600000,)", ""), Kind::Skipped,
         R::MissingField, "data.t", 0, 0},
        {"candle array with a bad element",
         candleFrame("[" + std::string(kCandleRecord) + "," +
                     edit(edit(kCandleRecord, "BTC", "ETH"), R"("v":"1")", R"("v":"inf")") + "]"),
         Kind::Data, R::InvalidValue, "data[1].v", 1, 1},
    };
    // The same outcome with and without the trades fast path.
    for (const bool fastTrades : {true, false}) {
        for (const BadFrame& c : cases) {
            SCOPED_TRACE(c.name + ": " + c.frame + (fastTrades ? " (fast path on)" : ""));
            auto adapter = std::make_unique<hyperliquid::HyperliquidAdapter>(fastTrades);
            std::vector<core::EventRecord> out;
            const FrameOutcome outcome = adapter->parseFrame(c.frame, kReceiveMs, out);
            EXPECT_EQ(outcome.kind, c.kind);
            EXPECT_EQ(out.size(), c.events);
            const bool skippedSomething = c.kind == Kind::Skipped || c.skippedRecords > 0;
            if (skippedSomething) {
                EXPECT_EQ(outcome.reason, c.reason);
                EXPECT_EQ(outcome.detail, c.detail);
            }
            if (c.kind == Kind::Data) {
                EXPECT_EQ(outcome.events, c.events);
                EXPECT_EQ(outcome.skippedRecords, c.skippedRecords);
            }
            // A skipped frame counts once; otherwise each dropped record counts once.
            const std::size_t counted = c.kind == Kind::Skipped ? 1 : c.skippedRecords;
            EXPECT_EQ(adapter->skipped().total(), counted);
            if (skippedSomething) {
                EXPECT_GE(adapter->skipped().count(c.reason), 1u);
            }
            for (const core::EventRecord& record : out) {
                EXPECT_TRUE(core::validateEvent(record.event).ok);
            }
        }
    }
}

TEST(HyperliquidAdapter, TheGoodFramesTheEdgeCasesBreakAreGood) {
    auto adapter = makeHyperliquid();
    std::vector<core::EventRecord> out;
    expectData(adapter->parseFrame(kTrade, kReceiveMs, out), 1);
    expectData(adapter->parseFrame(kContext, kReceiveMs, out), 2);
    expectData(adapter->parseFrame(candleFrame(kCandleRecord), kReceiveMs, out), 1);
    EXPECT_EQ(adapter->skipped().total(), 0u);
}

TEST(HyperliquidAdapter, OptionalContextFieldsMayBeAbsentOrEmpty) {
    auto adapter = makeHyperliquid();
    std::vector<core::EventRecord> out;
    std::string frame = edit(kContext, R"("100")", R"("100.5")");
    frame = edit(frame, R"("101")", R"("")");           // oraclePx "" = not given
    frame = edit(frame, R"(,"funding":"0.0001")", "");  // funding absent
    frame = edit(frame, R"("openInterest":"5")", R"("openInterest":"0")");
    expectData(adapter->parseFrame(frame, kReceiveMs, out), 2);
    ASSERT_EQ(out.size(), 2u);
    expectMark(out[0], "BTC", kReceiveMs, 100.5, std::nullopt, std::nullopt);
    // Zero open interest is a real state (a fresh listing), not an error.
    expectOpenInterest(out[1], "BTC", kReceiveMs, 0, 0);
}

TEST(HyperliquidAdapter, BadCandleDoesNotCloseTheKeptOne) {
    auto adapter = makeHyperliquid();
    std::vector<core::EventRecord> out;
    const std::string good = candleFrame(kCandleRecord);
    // One minute later, with high below low.
    const std::string badLater =
        edit(edit(good, "1790358600000", "1790358660000"), R"("h":"10")", R"("h":"9")");
    expectData(adapter->parseFrame(good, kReceiveMs, out), 1);
    const FrameOutcome bad = adapter->parseFrame(badLater, kReceiveMs, out);
    EXPECT_EQ(bad.kind, Kind::Skipped);
    EXPECT_EQ(bad.reason, SkipReason::InconsistentCandle);
    // The kept candle is still the forming one: it updates in place.
    out.clear();
    expectData(adapter->parseFrame(good, kReceiveMs, out), 1);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_FALSE(eventAs<core::Candle>(out[0]).closed);
}

// Every fixture frame cut at every length and with single bytes overwritten: the parser never
// throws, emits only valid events, and counts exactly what its outcome reports.
TEST(HyperliquidAdapter, DamagedFixtureFramesAreCountedExactlyAsReported) {
    std::vector<std::string> frames;
    for (const char* file :
         {"hyperliquid/ws_trades_tardis_2024.jsonl", "hyperliquid/ws_trades_live_2026.jsonl",
          "hyperliquid/ws_activeAssetCtx_live_2026.jsonl",
          "hyperliquid/ws_activeAssetCtx_tardis_2024.jsonl",
          "hyperliquid/ws_candle_live_2026.jsonl", "hyperliquid/ws_control_frames.jsonl"}) {
        for (std::string& line : test::readFixtureLines(file)) {
            frames.push_back(std::move(line));
        }
    }
    std::vector<std::string> damaged;
    for (const std::string& frame : frames) {
        for (std::size_t length = 0; length < frame.size(); ++length) {
            damaged.push_back(frame.substr(0, length));
        }
        for (std::size_t at = 0; at < frame.size(); ++at) {
            for (const char byte : {'"', '0', '}'}) {
                std::string changed = frame;
                changed[at] = byte;
                damaged.push_back(std::move(changed));
            }
        }
    }
    auto adapter = makeHyperliquid();
    std::vector<core::EventRecord> out;
    for (const std::string& frame : damaged) {
        const std::uint64_t skippedBefore = adapter->skipped().total();
        const std::size_t eventsBefore = out.size();
        FrameOutcome outcome;
        EXPECT_NO_THROW(outcome = adapter->parseFrame(frame, kReceiveMs, out)) << frame;
        const std::uint64_t counted = adapter->skipped().total() - skippedBefore;
        const std::size_t emitted = out.size() - eventsBefore;
        switch (outcome.kind) {
            case Kind::Data:
                EXPECT_EQ(counted, outcome.skippedRecords) << frame;
                EXPECT_EQ(emitted, outcome.events) << frame;
                break;
            case Kind::Skipped:
                EXPECT_EQ(counted, 1u) << frame;
                EXPECT_EQ(emitted, 0u) << frame;
                break;
            case Kind::Control:
            case Kind::ExchangeError:
                EXPECT_EQ(counted, 0u) << frame;
                EXPECT_EQ(emitted, 0u) << frame;
                break;
        }
        for (std::size_t i = eventsBefore; i < out.size(); ++i) {
            EXPECT_TRUE(core::validateEvent(out[i].event).ok) << frame;
            EXPECT_FALSE(std::holds_alternative<core::Liquidation>(out[i].event));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Info endpoint

RestRequest infoRequest(std::string name) {
    return RestRequest{std::move(name), "POST", "/info", "{}"};
}

void expectSingleTier(const InstrumentInfo& info, double maxLeverage) {
    ASSERT_EQ(info.tiers.size(), 1u);
    EXPECT_EQ(info.tiers[0].notionalCap, kInfinity);
    EXPECT_DOUBLE_EQ(info.tiers[0].mmr, 0.5 / maxLeverage);
    EXPECT_EQ(info.tiers[0].maintenanceAmount, 0);
    EXPECT_EQ(info.tiers[0].maxLeverage, maxLeverage);
}

TEST(HyperliquidAdapter, MetaAndAssetCtxsDocsExampleFillsRegistryAndEmitsEveryAsset) {
    auto adapter = makeHyperliquid();
    std::vector<core::EventRecord> out;
    const RestOutcome outcome = adapter->parseRest(
        adapter->instrumentRequests("BTC").at(0),
        test::readFixture("hyperliquid/rest_info_metaAndAssetCtxs_docs_example.json"), kReceiveMs,
        out);
    EXPECT_TRUE(outcome.ok) << outcome.detail;
    EXPECT_EQ(outcome.events, 6u);
    EXPECT_EQ(outcome.skippedRecords, 0u);
    EXPECT_TRUE(outcome.followUps.empty());

    const InstrumentRegistry& registry = adapter->registry();
    EXPECT_EQ(registry.symbols(), (std::vector<std::string>{"BTC", "ETH", "HPOS"}));
    const InstrumentInfo* btc = registry.find("BTC");
    ASSERT_NE(btc, nullptr);
    EXPECT_EQ(btc->baseAsset, "BTC");
    EXPECT_EQ(btc->quoteAsset, "USDC");
    EXPECT_EQ(btc->contractValue, 1);
    EXPECT_EQ(btc->tickSize, 0);
    EXPECT_EQ(btc->maxLeverage, 50);
    // No marginTables in this answer: one tier, mmr = 1 / (2 · 50) = 0.01.
    expectSingleTier(*btc, 50);
    EXPECT_EQ(btc->tiers[0].mmr, 0.01);
    const InstrumentInfo* hpos = registry.find("HPOS");
    ASSERT_NE(hpos, nullptr);
    EXPECT_EQ(hpos->maxLeverage, 3);
    // 1 / (2 · 3) = 0.1666…
    expectSingleTier(*hpos, 3);

    // The estimator's instrument: the venue's tiers, the built-in tick size (none published).
    const core::Instrument instrument = registry.instrument(Venue::Hyperliquid, "BTC");
    EXPECT_EQ(instrument.maxLeverage(), 50);
    EXPECT_EQ(instrument.tickSize(), 1);

    // The docs' ctx values are illustrative (not BTC's), matched by index all the same.
    ASSERT_EQ(out.size(), 6u);
    expectMark(out[0], "BTC", kReceiveMs, 14.3161, 14.32, 0.0000125);
    // 688.11 × 14.3161 = 9851.051571.
    expectOpenInterest(out[1], "BTC", kReceiveMs, 688.11, 9851.051571);
    expectMark(out[2], "ETH", kReceiveMs, 6.0436, 6.0457, 0.0000125);
    // 1882.55 × 6.0436 = 11377.37918.
    expectOpenInterest(out[3], "ETH", kReceiveMs, 1882.55, 11377.37918);
    expectMark(out[4], "HPOS", kReceiveMs, 8.4542, 8.4585, 0.0000125);
    // 2912.05 × 8.4542 = 24619.05311.
    expectOpenInterest(out[5], "HPOS", kReceiveMs, 2912.05, 24619.05311);
}

TEST(HyperliquidAdapter, MetaMarginTablesDocsExampleSkipsDelistedAssets) {
    auto adapter = makeHyperliquid();
    std::vector<core::EventRecord> out;
    const RestOutcome outcome = adapter->parseRest(
        infoRequest("meta"),
        test::readFixture("hyperliquid/rest_info_meta_marginTables_docs_example.json"), kReceiveMs,
        out);
    EXPECT_TRUE(outcome.ok) << outcome.detail;
    EXPECT_EQ(outcome.events, 0u);
    EXPECT_EQ(outcome.skippedRecords, 0u);
    EXPECT_TRUE(out.empty());
    // LOOM is delisted; no asset names a margin table, so each has its single tier.
    EXPECT_EQ(adapter->registry().symbols(), (std::vector<std::string>{"BTC", "ETH", "HPOS"}));
    expectSingleTier(*adapter->registry().find("ETH"), 50);
    expectSingleTier(*adapter->registry().find("HPOS"), 3);
    EXPECT_EQ(adapter->skipped().total(), 0u);
}

TEST(HyperliquidAdapter, MetaPythonSdk2023ListsEveryCoin) {
    auto adapter = makeHyperliquid();
    std::vector<core::EventRecord> out;
    const RestOutcome outcome = adapter->parseRest(
        infoRequest("meta"), test::readFixture("hyperliquid/rest_info_meta_pysdk_2023.json"),
        kReceiveMs, out);
    EXPECT_TRUE(outcome.ok) << outcome.detail;
    EXPECT_EQ(adapter->registry().size(), 28u);
    const InstrumentInfo* pepe = adapter->registry().find("kPEPE");
    ASSERT_NE(pepe, nullptr);
    EXPECT_EQ(pepe->baseAsset, "kPEPE");
    EXPECT_EQ(pepe->maxLeverage, 50);
    expectSingleTier(*pepe, 50);
    ASSERT_NE(adapter->registry().find("APT"), nullptr);  // the last universe entry
    EXPECT_TRUE(out.empty());
}

TEST(HyperliquidAdapter, MarginTablesBecomeTiersAndBadRowsAreCounted) {
    auto adapter = makeHyperliquid();
    std::vector<core::EventRecord> out;
    const RestOutcome outcome = adapter->parseRest(
        infoRequest("meta"), test::readTestData("hyperliquid/meta_margin_tables.json"), kReceiveMs,
        out);
    EXPECT_TRUE(outcome.ok);
    EXPECT_EQ(outcome.events, 0u);
    // Table 57 (bounds do not rise), universe[4] (no name), universe[5] (0x).
    EXPECT_EQ(outcome.skippedRecords, 3u);
    EXPECT_EQ(outcome.detail, "marginTables[1][1].marginTiers[1].lowerBound: invalid_value");
    EXPECT_EQ(adapter->skipped().count(SkipReason::InvalidValue), 3u);
    EXPECT_EQ(adapter->skipped().total(), 3u);

    const InstrumentRegistry& registry = adapter->registry();
    EXPECT_EQ(registry.symbols(), (std::vector<std::string>{"BROKEN", "BTC", "DOGE", "SOL"}));
    // Table 56: [0, 40x) up to 150 M, then 20x. mmr = 1/(2·40) = 0.0125 and 1/(2·20) = 0.025.
    const InstrumentInfo* btc = registry.find("BTC");
    ASSERT_NE(btc, nullptr);
    EXPECT_EQ(btc->maxLeverage, 40);
    ASSERT_EQ(btc->tiers.size(), 2u);
    EXPECT_EQ(btc->tiers[0].notionalCap, 150'000'000);
    EXPECT_DOUBLE_EQ(btc->tiers[0].mmr, 0.0125);
    EXPECT_EQ(btc->tiers[0].maintenanceAmount, 0);
    EXPECT_EQ(btc->tiers[0].maxLeverage, 40);
    EXPECT_EQ(btc->tiers[1].notionalCap, kInfinity);
    EXPECT_DOUBLE_EQ(btc->tiers[1].mmr, 0.025);
    EXPECT_EQ(btc->tiers[1].maintenanceAmount, 0);
    EXPECT_EQ(btc->tiers[1].maxLeverage, 20);
    // Table 99 does not exist and table 57 was dropped: one tier from the asset's 10x.
    expectSingleTier(*registry.find("DOGE"), 10);
    expectSingleTier(*registry.find("BROKEN"), 10);
    expectSingleTier(*registry.find("SOL"), 20);
    // The tiers make a valid estimator instrument.
    const core::Instrument instrument = registry.instrument(Venue::Hyperliquid, "BTC");
    EXPECT_EQ(instrument.tiers().size(), 2u);
    EXPECT_EQ(instrument.maxLeverage(), 40);
}

TEST(HyperliquidAdapter, AssetContextsAreMatchedByIndexAndBadOnesCounted) {
    auto adapter = makeHyperliquid();
    std::vector<core::EventRecord> out;
    const std::string body = R"([{"universe":[{"name":"BTC","maxLeverage":40},)"
                             R"({"name":"OLD","maxLeverage":3,"isDelisted":true},)"
                             R"({"name":"ETH","maxLeverage":25},{"name":"SOL","maxLeverage":20},)"
                             R"({"name":"XRP","maxLeverage":20}]},)"
                             R"([{"markPx":"100000.0","oraclePx":"100010.0","funding":"-0.00001",)"
                             R"("openInterest":"10.5"},)"
                             R"({"markPx":"1.0","openInterest":"1.0"},)"
                             R"({"markPx":null,"openInterest":"5.0"},)"
                             R"({"markPx":"150.0","openInterest":"bad"}]])";
    const RestOutcome outcome =
        adapter->parseRest(infoRequest("metaAndAssetCtxs"), body, kReceiveMs, out);
    EXPECT_TRUE(outcome.ok);
    EXPECT_EQ(outcome.events, 3u);
    // ETH's markPx null, SOL's openInterest "bad", XRP without a context.
    EXPECT_EQ(outcome.skippedRecords, 3u);
    EXPECT_EQ(outcome.detail, "[1][2].markPx: missing_field");
    EXPECT_EQ(adapter->skipped().count(SkipReason::MissingField), 2u);
    EXPECT_EQ(adapter->skipped().count(SkipReason::InvalidValue), 1u);
    ASSERT_EQ(out.size(), 3u);
    expectMark(out[0], "BTC", kReceiveMs, 100000.0, 100010.0, -0.00001);
    // 10.5 × 100000 = 1050000.
    expectOpenInterest(out[1], "BTC", kReceiveMs, 10.5, 1050000);
    expectMark(out[2], "SOL", kReceiveMs, 150.0, std::nullopt, std::nullopt);
    // The registry does not depend on the contexts.
    EXPECT_EQ(adapter->registry().symbols(),
              (std::vector<std::string>{"BTC", "ETH", "SOL", "XRP"}));
}

TEST(HyperliquidAdapter, CandleSnapshotPythonSdk2023) {
    auto adapter = makeHyperliquid();
    std::vector<core::EventRecord> out;
    // Received at the recorded request's endTime: the last 1h candle (T = 1684785599999) is
    // still open then, every earlier one is closed.
    const core::TimestampMs receivedAt = 1684784807000;
    const RestOutcome outcome = adapter->parseRest(
        infoRequest("candleSnapshot"),
        test::readFixture("hyperliquid/rest_info_candleSnapshot_pysdk_2023.json"), receivedAt, out);
    EXPECT_TRUE(outcome.ok) << outcome.detail;
    EXPECT_EQ(outcome.events, 24u);
    EXPECT_EQ(outcome.skippedRecords, 0u);
    // One request covers the window: no paging.
    EXPECT_TRUE(outcome.followUps.empty());
    ASSERT_EQ(out.size(), 24u);
    expectCandle(
        out[0], "kPEPE",
        {1684699200000, core::kHourMs, 0.001601, 0.001616, 0.001601, 0.001604, 520665683.0, true});
    expectCandle(
        out[1], "kPEPE",
        {1684702800000, core::kHourMs, 0.001603, 0.001603, 0.001584, 0.001591, 682593287.0, true});
    expectCandle(
        out[22], "kPEPE",
        {1684778400000, core::kHourMs, 0.001531, 0.001549, 0.001528, 0.001539, 521321138.0, true});
    expectCandle(
        out[23], "kPEPE",
        {1684782000000, core::kHourMs, 0.001538, 0.001548, 0.001536, 0.00154, 308219489.0, false});
    // Oldest first, one hour apart.
    for (std::size_t i = 1; i < out.size(); ++i) {
        EXPECT_EQ(eventAs<core::Candle>(out[i]).ts,
                  1684699200000 + static_cast<core::TimestampMs>(i) * core::kHourMs);
    }
}

TEST(HyperliquidAdapter, CandleSnapshotSkipsBadRowsAndNeedsTheCloseTime) {
    auto adapter = makeHyperliquid();
    std::vector<core::EventRecord> out;
    const std::string body =
        R"([{"t":1790358600000,"T":1790358659999,"s":"BTC","i":"1m","o":"10","c":"10",)"
        R"("h":"10","l":"10","v":"1","n":3},)"
        R"({"t":1790358660000,"s":"BTC","i":"1m","o":"10","c":"10",)"
        R"("h":"10","l":"10","v":"1","n":3},)"
        R"({"t":1790358720000,"T":1790358779999,"s":"BTC","i":"1m","o":"10","c":"10",)"
        R"("h":"10","l":"10","v":"1","n":3}])";
    // Received inside the third minute: that candle is still forming.
    const RestOutcome outcome =
        adapter->parseRest(infoRequest("candleSnapshot"), body, 1790358730000, out);
    EXPECT_TRUE(outcome.ok);
    EXPECT_EQ(outcome.events, 2u);
    EXPECT_EQ(outcome.skippedRecords, 1u);
    EXPECT_EQ(outcome.detail, "[1].T: missing_field");
    ASSERT_EQ(out.size(), 2u);
    EXPECT_TRUE(eventAs<core::Candle>(out[0]).closed);
    EXPECT_FALSE(eventAs<core::Candle>(out[1]).closed);
    EXPECT_EQ(adapter->skipped().count(SkipReason::MissingField), 1u);
    // An empty answer (no candles in the window) is fine.
    out.clear();
    const RestOutcome empty = adapter->parseRest(infoRequest("candleSnapshot"), "[]", 1, out);
    EXPECT_TRUE(empty.ok);
    EXPECT_EQ(empty.events, 0u);
}

TEST(HyperliquidAdapter, RestFailuresSayWhatWasWrong) {
    auto adapter = makeHyperliquid();
    std::vector<core::EventRecord> out;
    const std::string text = "Failed to deserialize the JSON body into the target type";
    const RestOutcome notJson = adapter->parseRest(infoRequest("candleSnapshot"), text, 1, out);
    EXPECT_FALSE(notJson.ok);
    EXPECT_EQ(notJson.detail, "not JSON: " + text);
    // Long bodies are cut to their first 80 characters.
    const std::string longText(100, 'x');
    const RestOutcome cut = adapter->parseRest(infoRequest("meta"), longText, 1, out);
    EXPECT_FALSE(cut.ok);
    EXPECT_EQ(cut.detail, "not JSON: " + std::string(80, 'x'));

    struct Case {
        std::string_view name;
        std::string_view body;
        std::string_view detail;
    };
    const std::vector<Case> cases = {
        {"metaAndAssetCtxs", "{}", "unexpected shape: metaAndAssetCtxs is not [meta, assetCtxs]"},
        {"metaAndAssetCtxs", R"([{"universe":[]}])",
         "unexpected shape: metaAndAssetCtxs is not [meta, assetCtxs]"},
        {"metaAndAssetCtxs", R"([{"universe":[]},{}])",
         "unexpected shape: metaAndAssetCtxs is not [meta, assetCtxs]"},
        {"metaAndAssetCtxs", R"([{"universe":{}},[]])",
         "unexpected shape: [0] is not a meta object with a universe array"},
        {"metaAndAssetCtxs", R"([[],[]])",
         "unexpected shape: [0] is not a meta object with a universe array"},
        {"meta", "[]", "unexpected shape: meta is not an object with a universe array"},
        {"meta", "null", "unexpected shape: meta is not an object with a universe array"},
        {"meta", R"({"marginTables":[]})",
         "unexpected shape: meta is not an object with a universe array"},
        {"candleSnapshot", "null", "unexpected shape: candleSnapshot is not an array of candles"},
        {"candleSnapshot", R"({"t":1})",
         "unexpected shape: candleSnapshot is not an array of candles"},
        {"openInterestHist", "[]", "unknown request 'openInterestHist'"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(std::string(c.name) + " " + std::string(c.body));
        const RestOutcome outcome =
            adapter->parseRest(infoRequest(std::string(c.name)), c.body, 1, out);
        EXPECT_FALSE(outcome.ok);
        EXPECT_EQ(outcome.detail, c.detail);
        EXPECT_EQ(outcome.events, 0u);
    }
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(adapter->registry().size(), 0u);
    EXPECT_EQ(adapter->skipped().total(), 0u);
}

}  // namespace
}  // namespace liqmap::exchange
