// The adapter's header is private to the library; it is included by path for the switch that
// turns the aggTrade fast path off, so the edge cases run on both paths.
#include "binance/binance_adapter.h"

#include <gtest/gtest.h>

#include <chrono>       // std::chrono::seconds, std::chrono::hours
#include <cstddef>      // std::size_t
#include <memory>       // std::unique_ptr
#include <optional>     // std::optional, std::nullopt
#include <ostream>      // std::ostream
#include <string>       // std::string, std::to_string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <variant>      // std::get_if
#include <vector>       // std::vector

#include "liqmap/core/event_codec.h"  // core::EventRecord
#include "liqmap/core/instrument.h"   // core::Instrument
#include "liqmap/core/market_event.h"
#include "liqmap/core/skip_counts.h"
#include "liqmap/exchange/adapter.h"
#include "liqmap/exchange/endpoints.h"
#include "liqmap/exchange/instrument_registry.h"
#include "liqmap/exchange/venue.h"
#include "support/adapter_parse.h"
#include "support/fixture_file.h"

namespace liqmap::exchange {
namespace {

using core::EventRecord;
using core::SkipReason;
using core::TimestampMs;
using Kind = FrameOutcome::Kind;

// Later than every fixture's timestamps, so every REST candle in them counts as closed unless a
// test says otherwise.
constexpr TimestampMs kReceive = 1'800'000'000'000;
// Row spacing of openInterestHist (period=5m) and of 1-minute klines.
constexpr TimestampMs kFiveMinutesMs = 300'000;
constexpr TimestampMs kMinuteMs = 60'000;

std::unique_ptr<Adapter> makeBinance() { return makeAdapter(Venue::Binance); }

using FrameResult = test::ParsedFrame;
using RestResult = test::ParsedRest;

FrameResult parse(Adapter& adapter, std::string_view frame) {
    return test::parseFrameAt(adapter, frame, kReceive);
}

RestResult parseRest(Adapter& adapter, const RestRequest& request, std::string_view body,
                     TimestampMs receiveMs = kReceive) {
    return test::parseRestAt(adapter, request, body, receiveMs);
}

RestRequest get(std::string name, std::string target, TimestampMs windowStartMs = 0) {
    return RestRequest{std::move(name), "GET", std::move(target), "", windowStartMs};
}

std::string kindName(Kind kind) {
    switch (kind) {
        case Kind::Data:
            return "Data";
        case Kind::Control:
            return "Control";
        case Kind::ExchangeError:
            return "ExchangeError";
        case Kind::Skipped:
            return "Skipped";
    }
    return "?";
}

// ---------------------------------------------------------------------------------------------
// Field-by-field expectations

struct ExpectedLiquidation {
    std::string symbol;
    TimestampMs ts;
    std::string side;  // the liquidated POSITION side
    double price;
    double qty;
    double notional;
};

void expectLiquidation(const EventRecord& record, const ExpectedLiquidation& expected) {
    SCOPED_TRACE(expected.symbol);
    EXPECT_EQ(record.exchange, "binance");
    EXPECT_EQ(record.symbol, expected.symbol);
    const auto* liquidation = std::get_if<core::Liquidation>(&record.event);
    ASSERT_NE(liquidation, nullptr) << "not a liquidation";
    EXPECT_EQ(liquidation->ts, expected.ts);
    EXPECT_EQ(core::toString(liquidation->side), expected.side);
    EXPECT_DOUBLE_EQ(liquidation->price, expected.price);
    EXPECT_DOUBLE_EQ(liquidation->qty, expected.qty);
    EXPECT_DOUBLE_EQ(liquidation->notional, expected.notional);
    EXPECT_EQ(core::toString(liquidation->priceKind), "average");
}

struct ExpectedMark {
    std::string symbol;
    TimestampMs ts;
    double price;
    std::optional<double> index;
    std::optional<double> funding;
};

void expectMark(const EventRecord& record, const ExpectedMark& expected) {
    SCOPED_TRACE(expected.symbol);
    EXPECT_EQ(record.exchange, "binance");
    EXPECT_EQ(record.symbol, expected.symbol);
    const auto* mark = std::get_if<core::MarkPrice>(&record.event);
    ASSERT_NE(mark, nullptr) << "not a mark price";
    EXPECT_EQ(mark->ts, expected.ts);
    EXPECT_DOUBLE_EQ(mark->price, expected.price);
    ASSERT_EQ(mark->index.has_value(), expected.index.has_value());
    if (expected.index) {
        EXPECT_DOUBLE_EQ(*mark->index, *expected.index);
    }
    ASSERT_EQ(mark->funding.has_value(), expected.funding.has_value());
    if (expected.funding) {
        EXPECT_DOUBLE_EQ(*mark->funding, *expected.funding);
    }
}

struct ExpectedTrade {
    std::string symbol;
    TimestampMs ts;
    double price;
    double qty;
    std::string aggressor;
};

void expectTrade(const EventRecord& record, const ExpectedTrade& expected) {
    SCOPED_TRACE(expected.symbol);
    EXPECT_EQ(record.exchange, "binance");
    EXPECT_EQ(record.symbol, expected.symbol);
    const auto* trade = std::get_if<core::Trade>(&record.event);
    ASSERT_NE(trade, nullptr) << "not a trade";
    EXPECT_EQ(trade->ts, expected.ts);
    EXPECT_DOUBLE_EQ(trade->price, expected.price);
    EXPECT_DOUBLE_EQ(trade->qty, expected.qty);
    EXPECT_EQ(core::toString(trade->aggressor), expected.aggressor);
}

struct ExpectedCandle {
    std::string symbol;
    TimestampMs ts;
    TimestampMs intervalMs;
    double open;
    double high;
    double low;
    double close;
    double volume;
    bool closed;
};

void expectCandle(const EventRecord& record, const ExpectedCandle& expected) {
    SCOPED_TRACE(expected.symbol + " " + std::to_string(expected.ts));
    EXPECT_EQ(record.exchange, "binance");
    EXPECT_EQ(record.symbol, expected.symbol);
    const auto* candle = std::get_if<core::Candle>(&record.event);
    ASSERT_NE(candle, nullptr) << "not a candle";
    EXPECT_EQ(candle->ts, expected.ts);
    EXPECT_EQ(candle->intervalMs, expected.intervalMs);
    EXPECT_DOUBLE_EQ(candle->open, expected.open);
    EXPECT_DOUBLE_EQ(candle->high, expected.high);
    EXPECT_DOUBLE_EQ(candle->low, expected.low);
    EXPECT_DOUBLE_EQ(candle->close, expected.close);
    EXPECT_DOUBLE_EQ(candle->volume, expected.volume);
    EXPECT_EQ(candle->closed, expected.closed);
}

struct ExpectedOpenInterest {
    std::string symbol;
    TimestampMs ts;
    double qty;
    std::optional<double> notional;
};

void expectOpenInterest(const EventRecord& record, const ExpectedOpenInterest& expected) {
    SCOPED_TRACE(expected.symbol + " " + std::to_string(expected.ts));
    EXPECT_EQ(record.exchange, "binance");
    EXPECT_EQ(record.symbol, expected.symbol);
    const auto* oi = std::get_if<core::OpenInterest>(&record.event);
    ASSERT_NE(oi, nullptr) << "not open interest";
    EXPECT_EQ(oi->ts, expected.ts);
    EXPECT_DOUBLE_EQ(oi->qty, expected.qty);
    ASSERT_EQ(oi->notional.has_value(), expected.notional.has_value());
    if (expected.notional) {
        EXPECT_DOUBLE_EQ(*oi->notional, *expected.notional);
    }
}

/// One data frame carrying exactly one event, nothing skipped.
const EventRecord& singleEvent(const FrameResult& result) {
    EXPECT_EQ(kindName(result.outcome.kind), "Data");
    EXPECT_EQ(result.outcome.events, 1u);
    EXPECT_EQ(result.outcome.skippedRecords, 0u);
    EXPECT_EQ(result.events.size(), 1u);
    static const EventRecord kNone{};
    return result.events.empty() ? kNone : result.events.front();
}

// ---------------------------------------------------------------------------------------------
// Connection and requests

TEST(BinanceAdapter, StreamsSubscribeToTheFourMarketStreamsOnTheRoutedMarketPath) {
    const auto adapter = makeBinance();
    const Endpoints endpoints{"https://rest.test:8443", "wss://ws.test:9443"};
    const std::vector<StreamSpec> specs = adapter->streams(endpoints, "BTCUSDT");
    ASSERT_EQ(specs.size(), 1u);
    const StreamSpec& spec = specs.front();
    EXPECT_EQ(spec.name, "market");
    EXPECT_EQ(spec.url, "wss://ws.test:9443/market/ws");
    ASSERT_EQ(spec.subscribeMessages.size(), 1u);
    EXPECT_EQ(spec.subscribeMessages[0],
              R"({"method":"SUBSCRIBE","params":["btcusdt@forceOrder","btcusdt@markPrice@1s",)"
              R"("btcusdt@aggTrade","btcusdt@kline_1m"],"id":1})");
    EXPECT_EQ(spec.heartbeat.kind, HeartbeatRule::Kind::ServerPing);
    EXPECT_EQ(spec.heartbeat.message, "");
    EXPECT_EQ(spec.staleAfter, std::chrono::seconds(30));
    EXPECT_EQ(spec.rotateAfter, std::chrono::hours(23));
}

TEST(BinanceAdapter, StreamNamesUseTheLowercaseSymbolOnTheRealHost) {
    const auto adapter = makeBinance();
    const std::vector<StreamSpec> specs =
        adapter->streams(defaultEndpoints(Venue::Binance), "1000PEPEUSDT");
    ASSERT_EQ(specs.size(), 1u);
    EXPECT_EQ(specs[0].url, "wss://fstream.binance.com/market/ws");
    ASSERT_EQ(specs[0].subscribeMessages.size(), 1u);
    EXPECT_EQ(specs[0].subscribeMessages[0],
              R"({"method":"SUBSCRIBE","params":["1000pepeusdt@forceOrder",)"
              R"("1000pepeusdt@markPrice@1s","1000pepeusdt@aggTrade","1000pepeusdt@kline_1m"],)"
              R"("id":1})");
}

TEST(BinanceAdapter, InstrumentRequestIsExchangeInfoAlone) {
    const auto adapter = makeBinance();
    EXPECT_EQ(adapter->instrumentRequests("BTCUSDT"),
              (std::vector<RestRequest>{get("exchangeInfo", "/fapi/v1/exchangeInfo")}));
}

TEST(BinanceAdapter, HistoryRequestsOpenInterestKlinesAndPremiumIndexForTheWindow) {
    const auto adapter = makeBinance();
    const TimestampMs start = 1'790'000'000'000;
    const TimestampMs end = 1'790'086'400'000;  // one day later
    EXPECT_EQ(adapter->historyRequests("BTCUSDT", start, end),
              (std::vector<RestRequest>{
                  // The query has no start, so the request carries it (recordings keep it).
                  get("openInterestHist",
                      "/futures/data/openInterestHist?symbol=BTCUSDT&period=5m&limit=500"
                      "&endTime=1790086400000",
                      start),
                  get("klines",
                      "/fapi/v1/klines?symbol=BTCUSDT&interval=1m&startTime=1790000000000"
                      "&endTime=1790086400000&limit=1500"),
                  get("premiumIndex", "/fapi/v1/premiumIndex?symbol=BTCUSDT"),
              }));
}

TEST(BinanceAdapter, PollsOpenInterestEveryTenSeconds) {
    const auto adapter = makeBinance();
    EXPECT_EQ(
        adapter->pollRequests("ETHUSDT"),
        (std::vector<RestRequest>{get("openInterest", "/fapi/v1/openInterest?symbol=ETHUSDT")}));
    EXPECT_EQ(adapter->pollInterval(), std::chrono::seconds(10));
}

// ---------------------------------------------------------------------------------------------
// Conformance: forceOrder

TEST(BinanceAdapter, ForceOrderDocsExampleIsALongLiquidatedAtTheAverageFillPrice) {
    const auto adapter = makeBinance();
    const FrameResult result =
        parse(*adapter, test::readFixture("binance/ws_forceOrder_docs_example.json"));
    // S=SELL: the engine sold, so a long was closed. 0.014 BTC × 9910 = 138.74 USDT.
    expectLiquidation(singleEvent(result), {"BTCUSDT", 1568014460893, "long", 9910, 0.014, 138.74});
    EXPECT_EQ(adapter->skipped().total(), 0u);
}

TEST(BinanceAdapter, ForceOrderTardis2020UsesCumulativeQuantityNotTheLastFill) {
    const auto adapter = makeBinance();
    const std::vector<std::string> lines =
        test::readFixtureLines("binance/ws_forceOrder_tardis_2020.jsonl");
    ASSERT_EQ(lines.size(), 1u);
    // Combined wrapper; S=BUY closes a short. z=0.014 (l=0.015 is larger here, which is fine);
    // 0.014 × ap 4706.04 = 65.88456 USDT; o.p 4793.91 is only the IOC limit.
    expectLiquidation(singleEvent(parse(*adapter, lines[0])),
                      {"BTCUSDT", 1584059031421, "short", 4706.04, 0.014, 65.88456});
}

TEST(BinanceAdapter, ForceOrderForum2022FramesAreLongLiquidations) {
    const auto adapter = makeBinance();
    const std::vector<std::string> lines =
        test::readFixtureLines("binance/ws_forceOrder_forum_2022.jsonl");
    ASSERT_EQ(lines.size(), 2u);
    // 0.288 × 39021.00 = 11238.048; 0.004 × 38986.50 = 155.946. Timestamps are o.T, not E.
    expectLiquidation(singleEvent(parse(*adapter, lines[0])),
                      {"BTCUSDT", 1650898329196, "long", 39021.00, 0.288, 11238.048});
    expectLiquidation(singleEvent(parse(*adapter, lines[1])),
                      {"BTCUSDT", 1650898336320, "long", 38986.50, 0.004, 155.946});
}

TEST(BinanceAdapter, ForceOrderLive2026FramesWithAndWithoutWrapperAndExtraFields) {
    const auto adapter = makeBinance();
    const std::vector<std::string> lines =
        test::readFixtureLines("binance/ws_forceOrder_live_2026.jsonl");
    ASSERT_EQ(lines.size(), 4u);
    // !forceOrder@arr wrapper: z 0.190 (not l 0.155) × ap 82651.90 = 15703.861.
    expectLiquidation(singleEvent(parse(*adapter, lines[0])),
                      {"BTCUSDT", 1791565602120, "long", 82651.90, 0.190, 15703.861});
    // xrpusdt@forceOrder, S=BUY: a short; 127.2 × 1.4912 = 189.68064.
    expectLiquidation(singleEvent(parse(*adapter, lines[1])),
                      {"XRPUSDT", 1791091174219, "short", 1.4912, 127.2, 189.68064});
    // Raw payloads; "ps"/"st" are ignored. 2049.1 × 0.0722187 = 147.98333817.
    expectLiquidation(singleEvent(parse(*adapter, lines[2])),
                      {"MANTAUSDT", 1791091026103, "long", 0.0722187, 2049.1, 147.98333817});
    // 3391 × 0.0595600 = 201.96796.
    expectLiquidation(singleEvent(parse(*adapter, lines[3])),
                      {"KAIAUSDT", 1791594102102, "long", 0.05956, 3391, 201.96796});
    EXPECT_EQ(adapter->skipped().total(), 0u);
}

// ---------------------------------------------------------------------------------------------
// Conformance: markPrice, aggTrade, kline

TEST(BinanceAdapter, MarkPriceDocsExample) {
    const auto adapter = makeBinance();
    const FrameResult result =
        parse(*adapter, test::readFixture("binance/ws_markPrice_docs_example.json"));
    // ts is E (the payload has no other event time); P and T are not used.
    expectMark(singleEvent(result),
               {"BTCUSDT", 1562305380000, 11794.15, 11784.62659091, 0.00038167});
}

TEST(BinanceAdapter, MarkPriceTardisFramesWithoutIndexAndForADeliveryContract) {
    const auto adapter = makeBinance();
    const std::vector<std::string> lines =
        test::readFixtureLines("binance/ws_markPrice_tardis.jsonl");
    ASSERT_EQ(lines.size(), 3u);
    // 2019: no "i" field at all.
    expectMark(singleEvent(parse(*adapter, lines[0])),
               {"BTCUSDT", 1569888003001, 8291.34697815, std::nullopt, 0.0001});
    expectMark(singleEvent(parse(*adapter, lines[1])),
               {"BTCUSDT", 1597536008000, 11857.56, 11851.86949091, 0.0001564});
    // A dated contract: r "0.00000000" is a zero rate (only "" would mean none).
    expectMark(singleEvent(parse(*adapter, lines[2])),
               {"BTCBUSD_210129", 1609830121004, 31799.2773, 31307.034, 0.0});
    EXPECT_EQ(adapter->skipped().total(), 0u);
}

TEST(BinanceAdapter, AggTradeCryptofeedFramesTakeTheTakerSideFromBuyerIsMaker) {
    const auto adapter = makeBinance();
    const std::vector<std::string> lines =
        test::readFixtureLines("binance/ws_aggTrade_cryptofeed_2021.jsonl");
    ASSERT_EQ(lines.size(), 4u);
    // m=false: the buyer took liquidity; m=true: the seller did. ts is T, not E.
    expectTrade(singleEvent(parse(*adapter, lines[0])),
                {"CTKUSDT", 1626992741421, 1.011, 10, "buy"});
    expectTrade(singleEvent(parse(*adapter, lines[1])),
                {"AKROUSDT", 1626992742134, 0.01731, 312, "sell"});
    expectTrade(singleEvent(parse(*adapter, lines[2])),
                {"CTKUSDT", 1626992742715, 1.011, 10, "buy"});
    expectTrade(singleEvent(parse(*adapter, lines[3])),
                {"SUSHIUSDT", 1626992744108, 7.612, 297, "buy"});
    EXPECT_EQ(adapter->skipped().total(), 0u);
}

TEST(BinanceAdapter, KlineCryptofeedFramesCarryOpenTimeAndTheClosedFlag) {
    const auto adapter = makeBinance();
    const std::vector<std::string> lines =
        test::readFixtureLines("binance/ws_kline_1m_cryptofeed_2021.jsonl");
    ASSERT_EQ(lines.size(), 4u);
    // ts = k.t (open time), interval "1m" = 60 000 ms, volume k.v in coins, closed = k.x.
    expectCandle(singleEvent(parse(*adapter, lines[0])),
                 {"CTKUSDT", 1626992700000, 60000, 1.01, 1.011, 1.01, 1.011, 3917, false});
    expectCandle(
        singleEvent(parse(*adapter, lines[1])),
        {"AKROUSDT", 1626992700000, 60000, 0.01731, 0.01733, 0.01731, 0.01731, 156058, false});
    expectCandle(singleEvent(parse(*adapter, lines[2])),
                 {"SUSHIUSDT", 1626992700000, 60000, 7.608, 7.618, 7.607, 7.617, 3005, true});
    expectCandle(singleEvent(parse(*adapter, lines[3])),
                 {"CTKUSDT", 1626992700000, 60000, 1.01, 1.012, 1.01, 1.012, 11074, true});
    EXPECT_EQ(adapter->skipped().total(), 0u);
}

TEST(BinanceAdapter, ControlFramesAreControlAndErrorRepliesCarryCodeAndMessage) {
    const auto adapter = makeBinance();
    const std::vector<std::string> lines =
        test::readFixtureLines("binance/ws_control_frames.jsonl");
    ASSERT_EQ(lines.size(), 8u);
    // Lines 1, 3 and 5 are our own requests as a session log shows them; 2, 4 and 6 the
    // replies (result null, or the subscription list).
    for (const std::size_t i : {0u, 1u, 2u, 3u, 4u, 5u}) {
        SCOPED_TRACE(lines[i]);
        const FrameResult result = parse(*adapter, lines[i]);
        EXPECT_EQ(kindName(result.outcome.kind), "Control");
        EXPECT_TRUE(result.events.empty());
    }
    const FrameResult badId = parse(*adapter, lines[6]);
    EXPECT_EQ(kindName(badId.outcome.kind), "ExchangeError");
    EXPECT_EQ(badId.outcome.detail,
              "code 2: Invalid request: request ID must be an unsigned integer");
    const FrameResult badJson = parse(*adapter, lines[7]);
    EXPECT_EQ(kindName(badJson.outcome.kind), "ExchangeError");
    EXPECT_EQ(badJson.outcome.detail, "code 3: Invalid JSON: expected value at line 1 column 1");
    EXPECT_TRUE(badJson.events.empty());
    // Neither control frames nor venue errors are skips.
    EXPECT_EQ(adapter->skipped().total(), 0u);
}

// ---------------------------------------------------------------------------------------------
// All-market arrays (our own frames in tests/data/binance)

TEST(BinanceAdapter, MarkPriceArrayFramesYieldOneEventPerElementAndCountBadElements) {
    const auto adapter = makeBinance();
    const std::vector<std::string> lines = test::readTestDataLines("binance/mark_price_arr.jsonl");
    ASSERT_EQ(lines.size(), 4u);

    // Raw !markPrice@arr: three records; the delivery contract's r "" means no funding rate.
    const FrameResult all = parse(*adapter, lines[0]);
    EXPECT_EQ(kindName(all.outcome.kind), "Data");
    EXPECT_EQ(all.outcome.events, 3u);
    EXPECT_EQ(all.outcome.skippedRecords, 0u);
    ASSERT_EQ(all.events.size(), 3u);
    expectMark(all.events[0], {"BTCUSDT", 1700000001000, 37000.10, 36990.50, 0.0001});
    expectMark(all.events[1], {"ETHUSDT", 1700000001000, 2000.25, 1999.75, -0.000025});
    expectMark(all.events[2], {"BTCUSDT_240329", 1700000001000, 38100, 36990.50, std::nullopt});

    // Combined wrapper with "NaN" as the second element's price: the other two survive.
    const FrameResult oneBad = parse(*adapter, lines[1]);
    EXPECT_EQ(kindName(oneBad.outcome.kind), "Data");
    EXPECT_EQ(oneBad.outcome.events, 2u);
    EXPECT_EQ(oneBad.outcome.skippedRecords, 1u);
    EXPECT_EQ(oneBad.outcome.reason, SkipReason::InvalidValue);
    EXPECT_EQ(oneBad.outcome.detail, "data[1].p");
    ASSERT_EQ(oneBad.events.size(), 2u);
    expectMark(oneBad.events[0], {"BTCUSDT", 1700000002000, 37001, 36991, 0.0001});
    expectMark(oneBad.events[1], {"ETHUSDT", 1700000002000, 2001, 2000, 0.0001});

    // A number and an event type liqmap does not read among the elements.
    const FrameResult mixed = parse(*adapter, lines[2]);
    EXPECT_EQ(kindName(mixed.outcome.kind), "Data");
    EXPECT_EQ(mixed.outcome.events, 1u);
    EXPECT_EQ(mixed.outcome.skippedRecords, 2u);
    EXPECT_EQ(mixed.outcome.reason, SkipReason::WrongType);
    EXPECT_EQ(mixed.outcome.detail, "[1]");

    // Every element bad: still a data frame, with nothing in it but the skip.
    const FrameResult allBad = parse(*adapter, lines[3]);
    EXPECT_EQ(kindName(allBad.outcome.kind), "Data");
    EXPECT_EQ(allBad.outcome.events, 0u);
    EXPECT_EQ(allBad.outcome.skippedRecords, 1u);
    EXPECT_EQ(allBad.outcome.reason, SkipReason::InvalidValue);
    EXPECT_EQ(allBad.outcome.detail, "[0].p");
    EXPECT_TRUE(allBad.events.empty());

    // Each skipped element once: NaN, 42, bookTicker, -1.
    EXPECT_EQ(adapter->skipped().total(), 4u);
    EXPECT_EQ(adapter->skipped().count(SkipReason::InvalidValue), 2u);
    EXPECT_EQ(adapter->skipped().count(SkipReason::WrongType), 1u);
    EXPECT_EQ(adapter->skipped().count(SkipReason::UnknownType), 1u);
}

// ---------------------------------------------------------------------------------------------
// Edge cases of single frames

// A valid forceOrder payload to edit; the fields liqmap reads are distinct so a replacement hits
// exactly one of them.
constexpr std::string_view kForceOrder =
    R"({"e":"forceOrder","E":1700000000100,"o":{"s":"BTCUSDT","S":"SELL","o":"LIMIT",)"
    R"("f":"IOC","q":"0.5","p":"36900","ap":"37000","X":"FILLED","l":"0.2","z":"0.5",)"
    R"("T":1700000000000}})";
constexpr std::string_view kMarkPrice =
    R"({"e":"markPriceUpdate","E":1700000000000,"s":"BTCUSDT","p":"37000.5","i":"36990.5",)"
    R"("P":"36995","r":"0.0001","T":1700006400000})";
constexpr std::string_view kAggTrade =
    R"({"e":"aggTrade","E":1700000000100,"a":5,"s":"BTCUSDT","p":"37000.5","q":"0.25",)"
    R"("f":10,"l":12,"T":1700000000000,"m":true})";
constexpr std::string_view kKline =
    R"({"e":"kline","E":1700000000100,"s":"BTCUSDT","k":{"t":1699999980000,)"
    R"("T":1700000039999,"s":"BTCUSDT","i":"1m","f":1,"L":9,"o":"100","c":"101","h":"102",)"
    R"("l":"99","v":"3.5","n":9,"x":false,"q":"350","V":"1","Q":"100","B":"0"}})";

// `base` with `from` replaced by `to`; a typo in `from` leaves the valid frame, which then fails
// the test instead of passing it.
std::string edit(std::string_view base, std::string_view from, std::string_view to) {
    std::string frame(base);
    const std::size_t at = frame.find(from);
    if (at != std::string::npos) {
        frame.replace(at, from.size(), to);
    }
    return frame;
}

std::string wrap(std::string_view stream, std::string_view payload) {
    return R"({"stream":")" + std::string(stream) + R"(","data":)" + std::string(payload) + "}";
}

struct FrameCase {
    std::string name;
    std::string frame;
    Kind kind;
    SkipReason reason = SkipReason::MalformedJson;  // for Skipped
    std::string detail;
    std::size_t events = 0;
};

void PrintTo(const FrameCase& c, std::ostream* os) { *os << c.name; }

class BinanceAdapterFrame : public testing::TestWithParam<FrameCase> {};

TEST_P(BinanceAdapterFrame, GivesTheExactOutcomeAndCountsEachSkipOnce) {
    const FrameCase& c = GetParam();
    SCOPED_TRACE(c.frame);
    // The same outcome with and without the aggTrade fast path.
    for (const bool fastTrades : {true, false}) {
        SCOPED_TRACE(fastTrades ? "fast path on" : "fast path off");
        binance::BinanceAdapter adapter(fastTrades);
        const FrameResult result = parse(adapter, c.frame);
        EXPECT_EQ(kindName(result.outcome.kind), kindName(c.kind));
        EXPECT_EQ(result.outcome.events, c.events);
        EXPECT_EQ(result.events.size(), c.events);
        EXPECT_EQ(result.outcome.skippedRecords, 0u);
        if (c.kind == Kind::Skipped) {
            EXPECT_EQ(core::toString(result.outcome.reason), core::toString(c.reason));
            EXPECT_EQ(result.outcome.detail, c.detail);
            EXPECT_EQ(adapter.skipped().total(), 1u);
            EXPECT_EQ(adapter.skipped().count(c.reason), 1u);
        } else {
            EXPECT_EQ(adapter.skipped().total(), 0u);
        }
        if (c.kind == Kind::ExchangeError) {
            EXPECT_EQ(result.outcome.detail, c.detail);
        }
    }
}

FrameCase skipped(std::string name, std::string frame, SkipReason reason, std::string detail) {
    return FrameCase{std::move(name), std::move(frame),  Kind::Skipped,
                     reason,          std::move(detail), 0};
}

FrameCase data(std::string name, std::string frame) {
    return FrameCase{
        std::move(name), std::move(frame), Kind::Data, SkipReason::MalformedJson, "", 1};
}

std::vector<FrameCase> frameCases() {
    using R = SkipReason;
    const std::string fo(kForceOrder);
    return {
        // Not JSON, or JSON that is not an object or an array of objects.
        skipped("NotJson", "hello", R::MalformedJson, ""),
        skipped("Empty", "", R::MalformedJson, ""),
        skipped("Truncated", fo.substr(0, fo.size() - 7), R::MalformedJson, ""),
        skipped("EmptyArray", "[]", R::MalformedJson, ""),
        skipped("Number", "42", R::MalformedJson, ""),
        skipped("String", R"("x")", R::MalformedJson, ""),
        skipped("Null", "null", R::MalformedJson, ""),
        // A JSON number beyond double's range makes the whole text invalid JSON.
        skipped("HugeJsonNumber", edit(kForceOrder, R"("E":1700000000100)", R"("E":1e400)"),
                R::MalformedJson, ""),
        // Objects without a usable event type.
        skipped("EmptyObject", "{}", R::MissingField, "e"),
        skipped("TypeNotAString", edit(kForceOrder, R"("e":"forceOrder")", R"("e":5)"),
                R::WrongType, "e"),
        skipped("DepthUpdateIsNotUsed", R"({"e":"depthUpdate","E":1,"s":"BTCUSDT"})",
                R::UnknownType, "e"),
        skipped("WrappedBookTickerIsNotUsed",
                wrap("btcusdt@bookTicker", R"({"e":"bookTicker","s":"BTCUSDT"})"), R::UnknownType,
                "data.e"),
        skipped("WrapperWithoutData", R"({"stream":"btcusdt@forceOrder"})", R::MissingField,
                "data"),
        skipped("WrapperDataNumber", wrap("btcusdt@forceOrder", "42"), R::WrongType, "data"),
        skipped("WrapperDataEmptyArray", wrap("!markPrice@arr", "[]"), R::MalformedJson, "data"),
        // forceOrder fields.
        skipped("OrderMissing", R"({"e":"forceOrder","E":1700000000100})", R::MissingField, "o"),
        skipped("OrderNotAnObject", R"({"e":"forceOrder","E":1,"o":[]})", R::WrongType, "o"),
        skipped("AveragePriceMissing", edit(kForceOrder, R"("ap":"37000",)", ""), R::MissingField,
                "o.ap"),
        skipped("AveragePriceNaN", edit(kForceOrder, R"("ap":"37000")", R"("ap":"NaN")"),
                R::InvalidValue, "o.ap"),
        skipped("AveragePriceLowercaseNan", edit(kForceOrder, R"("ap":"37000")", R"("ap":"nan")"),
                R::InvalidValue, "o.ap"),
        skipped("AveragePriceInf", edit(kForceOrder, R"("ap":"37000")", R"("ap":"inf")"),
                R::InvalidValue, "o.ap"),
        skipped("AveragePriceEmpty", edit(kForceOrder, R"("ap":"37000")", R"("ap":"")"),
                R::InvalidValue, "o.ap"),
        skipped("AveragePriceHuge", edit(kForceOrder, R"("ap":"37000")", R"("ap":"1e400")"),
                R::InvalidValue, "o.ap"),
        skipped("AveragePriceNegative", edit(kForceOrder, R"("ap":"37000")", R"("ap":"-37000")"),
                R::InvalidValue, "o.ap"),
        skipped("AveragePriceZero", edit(kForceOrder, R"("ap":"37000")", R"("ap":"0")"),
                R::InvalidValue, "o.ap"),
        skipped("AveragePriceAsJsonNumber", edit(kForceOrder, R"("ap":"37000")", R"("ap":37000)"),
                R::WrongType, "o.ap"),
        // Finite and positive, but beyond any market: core::validateEvent names its own field.
        skipped("AveragePriceBeyondAnyMarket",
                edit(kForceOrder, R"("ap":"37000")", R"("ap":"2e9")"), R::OutOfRange, "price"),
        skipped("FilledQuantityZero", edit(kForceOrder, R"("z":"0.5")", R"("z":"0")"),
                R::InvalidValue, "o.z"),
        skipped("FilledQuantityNegative", edit(kForceOrder, R"("z":"0.5")", R"("z":"-0.5")"),
                R::InvalidValue, "o.z"),
        skipped("UnknownOrderSide", edit(kForceOrder, R"("S":"SELL")", R"("S":"HOLD")"),
                R::InvalidValue, "o.S"),
        skipped("OrderSideMissing", edit(kForceOrder, R"("S":"SELL",)", ""), R::MissingField,
                "o.S"),
        skipped("SymbolEmpty", edit(kForceOrder, R"("s":"BTCUSDT")", R"("s":"")"), R::InvalidValue,
                "o.s"),
        skipped("TradeTimeText", edit(kForceOrder, R"("T":1700000000000)", R"("T":"abc")"),
                R::InvalidValue, "o.T"),
        skipped("TradeTimeZero", edit(kForceOrder, R"("T":1700000000000)", R"("T":0)"),
                R::InvalidValue, "o.T"),
        skipped("TradeTimeFraction", edit(kForceOrder, R"("T":1700000000000)", R"("T":1.5)"),
                R::WrongType, "o.T"),
        skipped("TradeTimeBeyondInt64",
                edit(kForceOrder, R"("T":1700000000000)", R"("T":99999999999999999999)"),
                R::WrongType, "o.T"),
        skipped("TradeTimeAfter2100",
                edit(kForceOrder, R"("T":1700000000000)", R"("T":5000000000000)"), R::OutOfRange,
                "ts"),
        skipped("WrappedBadPriceHasTheFullPath",
                wrap("btcusdt@forceOrder", edit(kForceOrder, R"("ap":"37000")", R"("ap":"x")")),
                R::InvalidValue, "data.o.ap"),
        data("UnknownFieldsAreIgnored",
             edit(kForceOrder, R"("e":"forceOrder",)",
                  R"("e":"forceOrder","zz":{"nested":[1,null,"x"]},"ps2":"?",)")),
        data("WrappedWithAnUnknownStreamName", wrap("whatever", kForceOrder)),
        // markPriceUpdate fields.
        data("MarkPrice", std::string(kMarkPrice)),
        data("MarkPriceEmptyIndexMeansNone", edit(kMarkPrice, R"("i":"36990.5")", R"("i":"")")),
        skipped("MarkPriceZero", edit(kMarkPrice, R"("p":"37000.5")", R"("p":"0")"),
                R::InvalidValue, "p"),
        skipped("IndexPriceZero", edit(kMarkPrice, R"("i":"36990.5")", R"("i":"0")"),
                R::InvalidValue, "i"),
        skipped("FundingRateText", edit(kMarkPrice, R"("r":"0.0001")", R"("r":"abc")"),
                R::InvalidValue, "r"),
        skipped("FundingRateAbove100Percent", edit(kMarkPrice, R"("r":"0.0001")", R"("r":"1.5")"),
                R::OutOfRange, "funding"),
        skipped("MarkEventTimeMissing", edit(kMarkPrice, R"("E":1700000000000,)", ""),
                R::MissingField, "E"),
        // aggTrade fields.
        data("AggTrade", std::string(kAggTrade)),
        skipped("BuyerIsMakerAsText", edit(kAggTrade, R"("m":true)", R"("m":"true")"), R::WrongType,
                "m"),
        skipped("TradeQuantityNegative", edit(kAggTrade, R"("q":"0.25")", R"("q":"-0.25")"),
                R::InvalidValue, "q"),
        skipped("TradePriceNull", edit(kAggTrade, R"("p":"37000.5")", R"("p":null)"),
                R::MissingField, "p"),
        // kline fields.
        data("Kline", std::string(kKline)),
        data("KlineWithZeroVolume", edit(kKline, R"("v":"3.5")", R"("v":"0")")),
        skipped("KlineMissing", edit(kKline, R"("k":)", R"("kk":)"), R::MissingField, "k"),
        skipped("KlineMonthIntervalIsNotReadable", edit(kKline, R"("i":"1m")", R"("i":"1M")"),
                R::InvalidValue, "k.i"),
        skipped("KlineClosedFlagMissing", edit(kKline, R"("x":false,)", ""), R::MissingField,
                "k.x"),
        skipped("KlineHighBelowOpen", edit(kKline, R"("h":"102")", R"("h":"100.5")"),
                R::InconsistentCandle, "high"),
        skipped("KlineVolumeNegative", edit(kKline, R"("v":"3.5")", R"("v":"-1")"), R::InvalidValue,
                "k.v"),
        // Replies and errors.
        FrameCase{"SubscribeReply", R"({"result":null,"id":1})", Kind::Control,
                  SkipReason::MalformedJson, "", 0},
        FrameCase{"ErrorReply", R"({"code":0,"msg":"Unknown property","id":5})",
                  Kind::ExchangeError, SkipReason::MalformedJson, "code 0: Unknown property", 0},
        skipped("ErrorCodeNotANumber", R"({"code":"x","msg":"y"})", R::WrongType, "code"),
        skipped("ErrorWithoutMessage", R"({"code":1})", R::MissingField, "msg"),
    };
}

INSTANTIATE_TEST_SUITE_P(BinanceAdapter, BinanceAdapterFrame, testing::ValuesIn(frameCases()),
                         [](const testing::TestParamInfo<FrameCase>& param) {
                             return param.param.name;
                         });

TEST(BinanceAdapter, EditedFramesKeepTheirValues) {
    // The edge-case base frames themselves: exact normalized values, so the table's "Data"
    // rows are known to be read correctly.
    for (const bool fastTrades : {true, false}) {
        SCOPED_TRACE(fastTrades ? "fast path on" : "fast path off");
        binance::BinanceAdapter adapter(fastTrades);
        // 0.5 BTC × 37000 = 18500 USDT; S=SELL → long.
        expectLiquidation(singleEvent(parse(adapter, kForceOrder)),
                          {"BTCUSDT", 1700000000000, "long", 37000, 0.5, 18500});
        expectMark(singleEvent(parse(adapter, kMarkPrice)),
                   {"BTCUSDT", 1700000000000, 37000.5, 36990.5, 0.0001});
        expectTrade(singleEvent(parse(adapter, kAggTrade)),
                    {"BTCUSDT", 1700000000000, 37000.5, 0.25, "sell"});
        expectTrade(singleEvent(parse(adapter, wrap("btcusdt@aggTrade", kAggTrade))),
                    {"BTCUSDT", 1700000000000, 37000.5, 0.25, "sell"});
        expectCandle(singleEvent(parse(adapter, kKline)),
                     {"BTCUSDT", 1699999980000, 60000, 100, 102, 99, 101, 3.5, false});
        EXPECT_EQ(adapter.skipped().total(), 0u);
    }
}

TEST(BinanceAdapter, EveryPrefixOfEveryFixtureFrameIsMalformedAndCountedOnce) {
    // A frame cut anywhere is never valid JSON (all fixture frames are objects), never throws
    // and is one MalformedJson skip each.
    const auto adapter = makeBinance();
    std::vector<std::string> frames;
    for (const char* file :
         {"binance/ws_forceOrder_tardis_2020.jsonl", "binance/ws_forceOrder_live_2026.jsonl",
          "binance/ws_markPrice_tardis.jsonl", "binance/ws_aggTrade_cryptofeed_2021.jsonl",
          "binance/ws_kline_1m_cryptofeed_2021.jsonl", "binance/ws_control_frames.jsonl"}) {
        for (std::string& line : test::readFixtureLines(file)) {
            frames.push_back(std::move(line));
        }
    }
    std::size_t prefixes = 0;
    for (const std::string& frame : frames) {
        for (std::size_t length = 0; length < frame.size(); ++length) {
            const FrameResult result = parse(*adapter, std::string_view(frame).substr(0, length));
            ASSERT_EQ(kindName(result.outcome.kind), "Skipped") << frame.substr(0, length);
            ASSERT_EQ(result.outcome.reason, SkipReason::MalformedJson);
            ASSERT_TRUE(result.events.empty());
            ++prefixes;
        }
    }
    EXPECT_GT(prefixes, 1000u);
    EXPECT_EQ(adapter->skipped().count(SkipReason::MalformedJson), prefixes);
    EXPECT_EQ(adapter->skipped().total(), prefixes);
}

// ---------------------------------------------------------------------------------------------
// REST: instruments and tiers

TEST(BinanceAdapter, ExchangeInfoFillsTheRegistryWithTickSizeFromThePriceFilter) {
    const auto adapter = makeBinance();
    const RestResult result =
        parseRest(*adapter, get("exchangeInfo", "/fapi/v1/exchangeInfo"),
                  test::readFixture("binance/rest_exchangeInfo_cryptofeed_2021_trimmed.json"));
    EXPECT_TRUE(result.outcome.ok) << result.outcome.detail;
    EXPECT_EQ(result.outcome.events, 0u);
    EXPECT_EQ(result.outcome.skippedRecords, 0u);
    EXPECT_TRUE(result.outcome.followUps.empty());
    EXPECT_TRUE(result.events.empty());
    const InstrumentRegistry& registry = adapter->registry();
    EXPECT_EQ(registry.symbols(), (std::vector<std::string>{"BTCUSDT", "ETHUSDT", "XRPUSDT"}));
    struct Expected {
        std::string symbol, base;
        double tick;
    };
    for (const Expected& e : {Expected{"BTCUSDT", "BTC", 0.01}, Expected{"ETHUSDT", "ETH", 0.01},
                              Expected{"XRPUSDT", "XRP", 0.0001}}) {
        SCOPED_TRACE(e.symbol);
        const InstrumentInfo* info = registry.find(e.symbol);
        ASSERT_NE(info, nullptr);
        EXPECT_EQ(info->baseAsset, e.base);
        EXPECT_EQ(info->quoteAsset, "USDT");
        EXPECT_EQ(info->contractValue, 1.0);
        EXPECT_DOUBLE_EQ(info->tickSize, e.tick);
        EXPECT_EQ(info->maxLeverage, 0.0);  // exchangeInfo states none
        EXPECT_TRUE(info->tiers.empty());   // leverageBracket needs a key
    }
}

TEST(BinanceAdapter, ExchangeInfoSkipsAndCountsUnusableSymbols) {
    const auto adapter = makeBinance();
    const std::string body =
        R"({"symbols":[)"
        R"({"symbol":"BTCUSDT","baseAsset":"BTC","quoteAsset":"USDT","filters":[)"
        R"({"filterType":"LOT_SIZE","stepSize":"0.001"},)"
        R"({"filterType":"PRICE_FILTER","tickSize":"0.10","minPrice":"1"}]},)"
        R"({"symbol":"NOFILTERUSDT","baseAsset":"NOF","quoteAsset":"USDT","filters":[)"
        R"({"filterType":"LOT_SIZE","stepSize":"1"}]},)"
        R"({"symbol":"ZEROTICKUSDT","baseAsset":"ZT","quoteAsset":"USDT","filters":[)"
        R"({"filterType":"PRICE_FILTER","tickSize":"0"}]},)"
        R"({"symbol":"","baseAsset":"E","quoteAsset":"USDT","filters":[]},)"
        R"(7]})";
    const RestResult result =
        parseRest(*adapter, get("exchangeInfo", "/fapi/v1/exchangeInfo"), body);
    EXPECT_TRUE(result.outcome.ok);
    EXPECT_EQ(result.outcome.skippedRecords, 4u);
    EXPECT_EQ(result.outcome.detail, "symbols[1].filters: missing_field");
    EXPECT_EQ(adapter->registry().symbols(), (std::vector<std::string>{"BTCUSDT"}));
    ASSERT_NE(adapter->registry().find("BTCUSDT"), nullptr);
    EXPECT_DOUBLE_EQ(adapter->registry().find("BTCUSDT")->tickSize, 0.1);
    // Missing PRICE_FILTER; tickSize 0; empty symbol; 7 is not an object.
    EXPECT_EQ(adapter->skipped().count(SkipReason::MissingField), 1u);
    EXPECT_EQ(adapter->skipped().count(SkipReason::InvalidValue), 2u);
    EXPECT_EQ(adapter->skipped().count(SkipReason::WrongType), 1u);
    EXPECT_EQ(adapter->skipped().total(), 4u);
}

TEST(BinanceAdapter, LeverageBracketDocsExampleSetsTheTiersOfAKnownSymbol) {
    const auto adapter = makeBinance();
    ASSERT_TRUE(
        parseRest(*adapter, get("exchangeInfo", "/fapi/v1/exchangeInfo"),
                  test::readFixture("binance/rest_exchangeInfo_cryptofeed_2021_trimmed.json"))
            .outcome.ok);
    const RestResult result =
        parseRest(*adapter, get("leverageBracket", "/fapi/v1/leverageBracket"),
                  test::readFixture("binance/rest_leverageBracket_docs_example.json"));
    EXPECT_TRUE(result.outcome.ok) << result.outcome.detail;
    EXPECT_EQ(result.outcome.skippedRecords, 0u);
    EXPECT_TRUE(result.events.empty());
    const InstrumentInfo* eth = adapter->registry().find("ETHUSDT");
    ASSERT_NE(eth, nullptr);
    EXPECT_EQ(eth->baseAsset, "ETH");
    ASSERT_EQ(eth->tiers.size(), 1u);
    EXPECT_EQ(eth->tiers[0].notionalCap, 10000.0);
    EXPECT_EQ(eth->tiers[0].mmr, 0.0065);
    EXPECT_EQ(eth->tiers[0].maintenanceAmount, 0.0);
    EXPECT_EQ(eth->tiers[0].maxLeverage, 75.0);
    // The estimator's instrument now uses these tiers instead of the built-in ones.
    const core::Instrument instrument = adapter->registry().instrument(Venue::Binance, "ETHUSDT");
    ASSERT_EQ(instrument.tiers().size(), 1u);
    EXPECT_EQ(instrument.tiers()[0].mmr, 0.0065);
    EXPECT_EQ(instrument.maxLeverage(), 75.0);
    EXPECT_DOUBLE_EQ(instrument.tickSize(), 0.01);
    EXPECT_TRUE(adapter->registry().find("BTCUSDT")->tiers.empty());
}

TEST(BinanceAdapter, LeverageBracketBeforeExchangeInfoKeepsItsTiers) {
    const auto adapter = makeBinance();
    ASSERT_TRUE(parseRest(*adapter, get("leverageBracket", "/fapi/v1/leverageBracket"),
                          test::readFixture("binance/rest_leverageBracket_docs_example.json"))
                    .outcome.ok);
    ASSERT_NE(adapter->registry().find("ETHUSDT"), nullptr);
    ASSERT_TRUE(
        parseRest(*adapter, get("exchangeInfo", "/fapi/v1/exchangeInfo"),
                  test::readFixture("binance/rest_exchangeInfo_cryptofeed_2021_trimmed.json"))
            .outcome.ok);
    const InstrumentInfo* eth = adapter->registry().find("ETHUSDT");
    ASSERT_NE(eth, nullptr);
    EXPECT_EQ(eth->baseAsset, "ETH");
    EXPECT_DOUBLE_EQ(eth->tickSize, 0.01);
    ASSERT_EQ(eth->tiers.size(), 1u);
    EXPECT_EQ(eth->tiers[0].maxLeverage, 75.0);
}

TEST(BinanceAdapter, LeverageBracketDropsOneTimesBracketsAndSkipsSymbolsWithBadBrackets) {
    const auto adapter = makeBinance();
    const std::string body =
        R"([{"symbol":"BTCUSDT","brackets":[)"
        R"({"bracket":1,"initialLeverage":125,"notionalCap":50000,"notionalFloor":0,)"
        R"("maintMarginRatio":0.004,"cum":0.0},)"
        R"({"bracket":2,"initialLeverage":100,"notionalCap":250000,"notionalFloor":50000,)"
        R"("maintMarginRatio":0.005,"cum":50.0},)"
        R"({"bracket":3,"initialLeverage":1,"notionalCap":1000000000,"notionalFloor":250000,)"
        R"("maintMarginRatio":0.5,"cum":124925.0}]},)"
        R"({"symbol":"ETHUSDT","brackets":[{"bracket":1,"initialLeverage":75,)"
        R"("notionalCap":10000,"notionalFloor":0,"maintMarginRatio":1.2,"cum":0}]},)"
        R"({"symbol":"XRPUSDT","brackets":[)"
        R"({"bracket":1,"initialLeverage":75,"notionalCap":10000,"maintMarginRatio":0.01,"cum":0},)"
        R"({"bracket":2,"initialLeverage":50,"notionalCap":5000,"maintMarginRatio":0.02,"cum":5}]},)"
        R"({"symbol":"SOLUSDT","brackets":{}}])";
    const RestResult result =
        parseRest(*adapter, get("leverageBracket", "/fapi/v1/leverageBracket"), body);
    EXPECT_TRUE(result.outcome.ok);
    EXPECT_EQ(result.outcome.skippedRecords, 3u);
    EXPECT_EQ(result.outcome.detail, "[1].brackets[0].maintMarginRatio: invalid_value");
    EXPECT_EQ(adapter->registry().symbols(), (std::vector<std::string>{"BTCUSDT"}));
    const InstrumentInfo* btc = adapter->registry().find("BTCUSDT");
    ASSERT_NE(btc, nullptr);
    ASSERT_EQ(btc->tiers.size(), 2u);  // the 1x bracket is left out
    EXPECT_EQ(btc->tiers[1].notionalCap, 250000.0);
    EXPECT_EQ(btc->tiers[1].mmr, 0.005);
    EXPECT_EQ(btc->tiers[1].maintenanceAmount, 50.0);
    EXPECT_EQ(btc->tiers[1].maxLeverage, 100.0);
    // mmr 1.2; caps 10000 then 5000; brackets an object.
    EXPECT_EQ(adapter->skipped().count(SkipReason::InvalidValue), 2u);
    EXPECT_EQ(adapter->skipped().count(SkipReason::WrongType), 1u);
}

// ---------------------------------------------------------------------------------------------
// REST: market data

TEST(BinanceAdapter, OpenInterestPollDocsExample) {
    const auto adapter = makeBinance();
    const RestResult result =
        parseRest(*adapter, adapter->pollRequests("BTCUSDT").at(0),
                  test::readFixture("binance/rest_openInterest_docs_example.json"));
    EXPECT_TRUE(result.outcome.ok);
    EXPECT_EQ(result.outcome.events, 1u);
    EXPECT_TRUE(result.outcome.followUps.empty());
    ASSERT_EQ(result.events.size(), 1u);
    // Coins, one side; this endpoint gives no value in USDT.
    expectOpenInterest(result.events[0], {"BTCUSDT", 1589437530011, 10659.509, std::nullopt});
}

TEST(BinanceAdapter, OpenInterestHistDocsExampleWithStringTimestamps) {
    const auto adapter = makeBinance();
    const auto requests = adapter->historyRequests("BTCUSDT", 1583127900000, 1583128200000);
    const RestResult result =
        parseRest(*adapter, requests.at(0),
                  test::readFixture("binance/rest_openInterestHist_docs_example.json"));
    EXPECT_TRUE(result.outcome.ok) << result.outcome.detail;
    EXPECT_EQ(result.outcome.events, 2u);
    EXPECT_TRUE(result.outcome.followUps.empty());  // 2 rows < limit 500: nothing older
    ASSERT_EQ(result.events.size(), 2u);
    expectOpenInterest(result.events[0], {"BTCUSDT", 1583127900000, 20403.637, 150570784.07809979});
    expectOpenInterest(result.events[1], {"BTCUSDT", 1583128200000, 20401.367, 149940752.14464448});
}

TEST(BinanceAdapter, OpenInterestHistLive2026DropsRowsBeforeTheWindowWithoutCountingThem) {
    const auto adapter = makeBinance();
    // The window starts between the two rows (newest first in this capture): the older row,
    // 1791284100000, is before it.
    const auto requests = adapter->historyRequests("BTCUSDT", 1791284200000, 1791284400000);
    const RestResult result =
        parseRest(*adapter, requests.at(0),
                  test::readFixture("binance/rest_openInterestHist_live_2026.json"));
    EXPECT_TRUE(result.outcome.ok);
    EXPECT_EQ(result.outcome.events, 1u);
    EXPECT_EQ(result.outcome.skippedRecords, 0u);
    EXPECT_TRUE(result.outcome.followUps.empty());
    ASSERT_EQ(result.events.size(), 1u);
    expectOpenInterest(result.events[0], {"BTCUSDT", 1791284400000, 94731.046, 8157280897.9554});
    EXPECT_EQ(adapter->skipped().total(), 0u);

    // Without a window both rows are kept (CMCCirculatingSupply is ignored).
    const auto fresh = makeBinance();
    const RestResult all = parseRest(
        *fresh, get("openInterestHist", "/futures/data/openInterestHist?symbol=BTCUSDT&period=5m"),
        test::readFixture("binance/rest_openInterestHist_live_2026.json"));
    ASSERT_EQ(all.events.size(), 2u);
    expectOpenInterest(all.events[1], {"BTCUSDT", 1791284100000, 94570.933, 8133186783.424221});
}

// A page of `rows` open-interest rows, five minutes apart from `firstTs` (oldest first).
std::string openInterestPage(std::size_t rows, TimestampMs firstTs) {
    std::string body = "[";
    for (std::size_t i = 0; i < rows; ++i) {
        body += i == 0 ? "" : ",";
        body += R"({"symbol":"BTCUSDT","sumOpenInterest":"100.5","sumOpenInterestValue":"4000000",)"
                R"("CMCCirculatingSupply":"1","timestamp":)" +
                std::to_string(firstTs + static_cast<TimestampMs>(i) * kFiveMinutesMs) + "}";
    }
    return body + "]";
}

TEST(BinanceAdapter, OpenInterestHistPagesBackwardsWhileFullPagesRemainInsideTheWindow) {
    const TimestampMs oldest = 1'790'000'000'000;
    const TimestampMs end = oldest + 499 * kFiveMinutesMs;  // the newest row of the page
    {
        const auto adapter = makeBinance();
        const auto requests = adapter->historyRequests("BTCUSDT", oldest - 86'400'000, end);
        const RestResult page = parseRest(*adapter, requests.at(0), openInterestPage(500, oldest));
        EXPECT_EQ(page.outcome.events, 500u);
        // The next page ends 1 ms before this page's oldest row.
        EXPECT_EQ(page.outcome.followUps,
                  (std::vector<RestRequest>{
                      get("openInterestHist",
                          "/futures/data/openInterestHist?symbol=BTCUSDT&period=5m&limit=500"
                          "&endTime=1789999999999",
                          oldest - 86'400'000)}));
        // That page, short: the end.
        const RestResult last = parseRest(*adapter, page.outcome.followUps.at(0),
                                          openInterestPage(12, oldest - 12 * kFiveMinutesMs));
        EXPECT_EQ(last.outcome.events, 12u);
        EXPECT_TRUE(last.outcome.followUps.empty());
    }
    {
        // The oldest row is the window's start: nothing older is wanted.
        const auto adapter = makeBinance();
        const auto requests = adapter->historyRequests("BTCUSDT", oldest, end);
        const RestResult page = parseRest(*adapter, requests.at(0), openInterestPage(500, oldest));
        EXPECT_EQ(page.outcome.events, 500u);
        EXPECT_TRUE(page.outcome.followUps.empty());
    }
    {
        // The window starts inside the page: the 100 older rows are dropped, and it is done.
        const auto adapter = makeBinance();
        const auto requests =
            adapter->historyRequests("BTCUSDT", oldest + 100 * kFiveMinutesMs, end);
        const RestResult page = parseRest(*adapter, requests.at(0), openInterestPage(500, oldest));
        EXPECT_EQ(page.outcome.events, 400u);
        EXPECT_EQ(page.outcome.skippedRecords, 0u);
        EXPECT_TRUE(page.outcome.followUps.empty());
        EXPECT_EQ(adapter->skipped().total(), 0u);
    }
}

TEST(BinanceAdapter, OpenInterestHistSkipsBadRowsAndUsesTheRequestedSymbolForRowsWithoutOne) {
    const auto adapter = makeBinance();
    const auto requests = adapter->historyRequests("BTCUSDT", 1, 1790000900000);
    const std::string body =
        R"([{"sumOpenInterest":"10","sumOpenInterestValue":"","timestamp":1790000000000},)"
        R"({"symbol":"BTCUSDT","sumOpenInterest":"NaN","sumOpenInterestValue":"1",)"
        R"("timestamp":1790000300000},)"
        R"({"symbol":"BTCUSDT","sumOpenInterest":"0","sumOpenInterestValue":"0",)"
        R"("timestamp":"1790000600000"},)"
        R"({"symbol":"BTCUSDT","sumOpenInterest":"1","sumOpenInterestValue":"2"},)"
        R"("row"])";
    const RestResult result = parseRest(*adapter, requests.at(0), body);
    EXPECT_TRUE(result.outcome.ok);
    EXPECT_EQ(result.outcome.events, 2u);
    EXPECT_EQ(result.outcome.skippedRecords, 3u);
    EXPECT_EQ(result.outcome.detail, "[1].sumOpenInterest: invalid_value");
    ASSERT_EQ(result.events.size(), 2u);
    // No symbol in the row: the request's; "" value: no notional. Zero open interest is valid.
    expectOpenInterest(result.events[0], {"BTCUSDT", 1790000000000, 10, std::nullopt});
    expectOpenInterest(result.events[1], {"BTCUSDT", 1790000600000, 0, 0.0});
    EXPECT_EQ(adapter->skipped().count(SkipReason::InvalidValue), 1u);
    EXPECT_EQ(adapter->skipped().count(SkipReason::MissingField), 1u);
    EXPECT_EQ(adapter->skipped().count(SkipReason::WrongType), 1u);
}

TEST(BinanceAdapter, KlinesDocsShapeRowsWithTheLastCandleStillOpen) {
    const auto adapter = makeBinance();
    // The capture is 5-minute candles, so the request says so; the answer came at
    // 1616339300000, after the first candle's close time 1616339099999 but before the second's
    // 1616339399999.
    const RestRequest request = get(
        "klines",
        "/fapi/v1/klines?symbol=BTCUSDT&interval=5m&startTime=1616338800000&endTime=1616339399999"
        "&limit=1500");
    const RestResult result = parseRest(
        *adapter, request, test::readFixture("binance/rest_klines_docs_shape.json"), 1616339300000);
    EXPECT_TRUE(result.outcome.ok) << result.outcome.detail;
    EXPECT_EQ(result.outcome.events, 2u);
    EXPECT_TRUE(result.outcome.followUps.empty());
    ASSERT_EQ(result.events.size(), 2u);
    expectCandle(result.events[0], {"BTCUSDT", 1616338800000, 300000, 57212.69, 57315.00, 57196.19,
                                    57300.00, 496.263, true});
    expectCandle(result.events[1], {"BTCUSDT", 1616339100000, 300000, 57300.00, 57300.00, 57200.61,
                                    57206.47, 174.865, false});
}

// `rows` one-minute kline rows from `firstOpen`.
std::string klinePage(std::size_t rows, TimestampMs firstOpen) {
    std::string body = "[";
    for (std::size_t i = 0; i < rows; ++i) {
        const TimestampMs open = firstOpen + static_cast<TimestampMs>(i) * kMinuteMs;
        body += i == 0 ? "" : ",";
        body += '[';
        body += std::to_string(open);
        body += R"(,"100","101","99","100.5","2",)";
        body += std::to_string(open + 59'999);
        body += R"(,"200",5,"1","100","0"])";
    }
    return body + "]";
}

TEST(BinanceAdapter, KlinesPageForwardsWhileFullPagesRemainInsideTheWindow) {
    const TimestampMs start = 1'790'000'000'000;
    const TimestampMs afterPage = start + 1500 * kMinuteMs;  // the open time after a full page
    {
        const auto adapter = makeBinance();
        const TimestampMs end = start + 2000 * kMinuteMs;
        const auto requests = adapter->historyRequests("BTCUSDT", start, end);
        const RestResult page = parseRest(*adapter, requests.at(1), klinePage(1500, start));
        EXPECT_EQ(page.outcome.events, 1500u);
        EXPECT_EQ(page.outcome.followUps,
                  (std::vector<RestRequest>{
                      get("klines", "/fapi/v1/klines?symbol=BTCUSDT&interval=1m&startTime=" +
                                        std::to_string(afterPage) +
                                        "&endTime=" + std::to_string(end) + "&limit=1500")}));
        const RestResult last =
            parseRest(*adapter, page.outcome.followUps.at(0), klinePage(500, afterPage));
        EXPECT_EQ(last.outcome.events, 500u);
        EXPECT_TRUE(last.outcome.followUps.empty());
    }
    {
        // The next open time is exactly the end: one more page (the end is inclusive).
        const auto adapter = makeBinance();
        const auto requests = adapter->historyRequests("BTCUSDT", start, afterPage);
        const RestResult page = parseRest(*adapter, requests.at(1), klinePage(1500, start));
        ASSERT_EQ(page.outcome.followUps.size(), 1u);
    }
    {
        // One millisecond less: the full page already reached the end.
        const auto adapter = makeBinance();
        const auto requests = adapter->historyRequests("BTCUSDT", start, afterPage - 1);
        const RestResult page = parseRest(*adapter, requests.at(1), klinePage(1500, start));
        EXPECT_TRUE(page.outcome.followUps.empty());
    }
    {
        const auto adapter = makeBinance();
        const auto requests = adapter->historyRequests("BTCUSDT", start, start + 5000 * kMinuteMs);
        const RestResult page = parseRest(*adapter, requests.at(1), klinePage(1499, start));
        EXPECT_TRUE(page.outcome.followUps.empty());  // a short page is the last
    }
}

TEST(BinanceAdapter, KlinesSkipBadRowsWithTheirElementPath) {
    const auto adapter = makeBinance();
    const auto requests = adapter->historyRequests("BTCUSDT", 1790000000000, 1790000600000);
    const std::string body =
        R"([[1790000000000,"100","101","99","abc","2",1790000059999,"200",5,"1","100","0"],)"
        R"("row",)"
        R"([1790000120000,"100"],)"
        R"([1790000180000,100,"101","99","100","2",1790000239999,"200",5,"1","100","0"],)"
        R"([1790000240000,"100","101","99","100.5","2",1790000299999,"200",5,"1","100","0"],)"
        R"([1790000300000,"100","99.5","99","100","2",1790000359999,"200",5,"1","100","0"]])";
    // Received while the second-last candle is still forming.
    const RestResult result = parseRest(*adapter, requests.at(1), body, 1790000250000);
    EXPECT_TRUE(result.outcome.ok);
    EXPECT_EQ(result.outcome.events, 1u);
    EXPECT_EQ(result.outcome.skippedRecords, 5u);
    EXPECT_EQ(result.outcome.detail, "[0][4]: invalid_value");
    ASSERT_EQ(result.events.size(), 1u);
    expectCandle(result.events[0],
                 {"BTCUSDT", 1790000240000, 60000, 100, 101, 99, 100.5, 2, false});
    // "abc"; "row"; a row of two elements; a price as a JSON number; high 99.5 below open 100.
    EXPECT_EQ(adapter->skipped().count(SkipReason::InvalidValue), 1u);
    EXPECT_EQ(adapter->skipped().count(SkipReason::WrongType), 2u);
    EXPECT_EQ(adapter->skipped().count(SkipReason::MissingField), 1u);
    EXPECT_EQ(adapter->skipped().count(SkipReason::InconsistentCandle), 1u);
}

TEST(BinanceAdapter, PremiumIndexDocsExampleIsOneMarkPrice) {
    const auto adapter = makeBinance();
    const auto requests = adapter->historyRequests("BTCUSDT", 1597370000000, 1597370495002);
    const RestResult result = parseRest(
        *adapter, requests.at(2), test::readFixture("binance/rest_premiumIndex_docs_example.json"));
    EXPECT_TRUE(result.outcome.ok);
    EXPECT_EQ(result.outcome.events, 1u);
    EXPECT_TRUE(result.outcome.followUps.empty());
    ASSERT_EQ(result.events.size(), 1u);
    expectMark(result.events[0],
               {"BTCUSDT", 1597370495002, 11793.63104562, 11781.80495970, 0.00038246});
}

TEST(BinanceAdapter, PremiumIndexArrayFormGivesEverySymbol) {
    const auto adapter = makeBinance();
    const std::string body =
        R"([{"symbol":"BTCUSDT","markPrice":"37000.1","indexPrice":"36990.5",)"
        R"("estimatedSettlePrice":"36995","lastFundingRate":"0.0001","interestRate":"0.0001",)"
        R"("nextFundingTime":1700006400000,"time":1700000000000},)"
        R"({"symbol":"BTCUSDT_240329","markPrice":"38100","indexPrice":"36990.5",)"
        R"("estimatedSettlePrice":"37100","lastFundingRate":"","interestRate":"",)"
        R"("nextFundingTime":0,"time":1700000000001},)"
        R"({"symbol":"DEADUSDT","markPrice":"0","time":1700000000002}])";
    const RestResult result =
        parseRest(*adapter, get("premiumIndex", "/fapi/v1/premiumIndex"), body);
    EXPECT_TRUE(result.outcome.ok);
    EXPECT_EQ(result.outcome.events, 2u);
    EXPECT_EQ(result.outcome.skippedRecords, 1u);
    EXPECT_EQ(result.outcome.detail, "[2].markPrice: invalid_value");
    ASSERT_EQ(result.events.size(), 2u);
    expectMark(result.events[0], {"BTCUSDT", 1700000000000, 37000.1, 36990.5, 0.0001});
    expectMark(result.events[1], {"BTCUSDT_240329", 1700000000001, 38100, 36990.5, std::nullopt});
}

// ---------------------------------------------------------------------------------------------
// REST: errors

TEST(BinanceAdapter, RestErrorEnvelopesAndUnexpectedBodiesAreNotOk) {
    const auto adapter = makeBinance();
    const auto history = adapter->historyRequests("NOPE", 1, 2);
    struct Case {
        RestRequest request;
        std::string body;
        std::string detail;
    };
    const std::vector<Case> cases = {
        {history.at(1), R"({"code":-1121,"msg":"Invalid symbol."})", "code -1121: Invalid symbol."},
        {history.at(0), R"({"code":-1130,"msg":"Data sent for parameter 'limit' is not valid."})",
         "code -1130: Data sent for parameter 'limit' is not valid."},
        {get("exchangeInfo", "/fapi/v1/exchangeInfo"),
         R"({"code":-1003,"msg":"Too many requests"})", "code -1003: Too many requests"},
        {history.at(1), "<html>502 Bad Gateway</html>", "klines: the body is not JSON"},
        {history.at(1), R"({"a":1})", "klines: expected an array of rows"},
        {history.at(0), "{}", "openInterestHist: expected an array of rows"},
        {get("exchangeInfo", "/fapi/v1/exchangeInfo"), "[]",
         "exchangeInfo: expected an object with a symbols array"},
        {get("exchangeInfo", "/fapi/v1/exchangeInfo"), R"({"symbols":{}})",
         "exchangeInfo: expected an object with a symbols array"},
        {history.at(2), "42", "premiumIndex: expected an object or an array of objects"},
        {get("openInterest", "/fapi/v1/openInterest?symbol=BTCUSDT"), "[]",
         "openInterest: expected an object"},
        {get("leverageBracket", "/fapi/v1/leverageBracket"), R"("x")",
         "leverageBracket: expected an array of symbols"},
        {get("klines", "/fapi/v1/klines?symbol=BTCUSDT&interval=1M"), "[]",
         "klines: the request names no interval liqmap reads"},
        {get("depth", "/fapi/v1/depth?symbol=BTCUSDT"), "{}", "unknown request 'depth'"},
        {history.at(2), R"({"code":"x","msg":"y"})", "error body with an unreadable code"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.request.name + " " + c.body);
        const RestResult result = parseRest(*adapter, c.request, c.body);
        EXPECT_FALSE(result.outcome.ok);
        EXPECT_EQ(result.outcome.detail, c.detail);
        EXPECT_EQ(result.outcome.events, 0u);
        EXPECT_TRUE(result.outcome.followUps.empty());
        EXPECT_TRUE(result.events.empty());
    }
    // A failed body is reported by ok=false, not counted as a skip.
    EXPECT_EQ(adapter->skipped().total(), 0u);
}

}  // namespace
}  // namespace liqmap::exchange
