// The demo exchange's Binance text: each frame kind and REST body for a hand-made event equals a
// string written here by hand from PROTOCOLS.md §1.3–1.4 (and the shapes of the captures in
// ../shared/exchanges/fixtures/binance), and the Binance adapter reads it back as exactly the
// event it was made from.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>  // nlohmann::json
#include <optional>           // std::optional
#include <string>             // std::string
#include <variant>            // std::get_if
#include <vector>             // std::vector

#include "demo/binance_wire.h"
#include "demo/frame_encoder.h"
#include "liqmap/core/event_codec.h"  // core::EventRecord
#include "liqmap/core/instrument.h"
#include "liqmap/exchange/adapter.h"
#include "liqmap/exchange/rest_request.h"
#include "liqmap/exchange/venue.h"

namespace liqmap::exchange::demo {
namespace {

using core::TimestampMs;
using Kind = FrameOutcome::Kind;

// 2026-10-09T08:00:00Z, an 8-hour funding boundary.
constexpr TimestampMs kBoundary = 1'791'561'600'000;
constexpr TimestampMs kEightHours = 8 * core::kHourMs;

/// The events the Binance adapter reads from `frame`, which must be a data frame without skips.
std::vector<core::MarketEvent> parseFrame(std::string_view frame) {
    auto adapter = makeAdapter(Venue::Binance);
    std::vector<core::EventRecord> records;
    const FrameOutcome outcome = adapter->parseFrame(frame, kBoundary, records);
    EXPECT_EQ(outcome.kind, Kind::Data) << frame;
    EXPECT_EQ(outcome.skippedRecords, 0u) << outcome.detail;
    EXPECT_EQ(adapter->skipped().total(), 0u) << adapter->skipped().summary();
    std::vector<core::MarketEvent> events;
    for (const core::EventRecord& record : records) {
        EXPECT_EQ(record.exchange, "binance");
        EXPECT_EQ(record.symbol, "BTCUSDT");
        events.push_back(record.event);
    }
    return events;
}

struct RestParse {
    RestOutcome outcome;
    std::vector<core::MarketEvent> events;
};

RestParse parseRest(Adapter& adapter, const std::string& name, const std::string& target,
                    std::string_view body, TimestampMs receiveMs = kBoundary + kEightHours) {
    RestParse result;
    std::vector<core::EventRecord> records;
    result.outcome =
        adapter.parseRest(RestRequest{name, "GET", target, ""}, body, receiveMs, records);
    for (const core::EventRecord& record : records) {
        result.events.push_back(record.event);
    }
    return result;
}

core::Instrument btcusdt() {
    return core::Instrument("binance", "BTCUSDT", core::MarginFormula::Binance, 1, 0.1,
                            {{50'000, 0.004, 0, 125}, {600'000, 0.005, 50, 100}});
}

TEST(DemoWire, NextFundingTimeIsTheFollowingEightHourBoundary) {
    EXPECT_EQ(nextFundingTime(kBoundary), kBoundary + kEightHours);
    EXPECT_EQ(nextFundingTime(kBoundary - 1), kBoundary);
    EXPECT_EQ(nextFundingTime(kBoundary + 1), kBoundary + kEightHours);
    EXPECT_EQ(nextFundingTime(0), kEightHours);
    EXPECT_EQ(nextFundingTime(-1), 0);
}

TEST(DemoWire, AggTradeFrameReadsBackAsTheTrade) {
    // m = true: the buyer was the maker, so the taker (aggressor) sold.
    const core::Trade trade{kBoundary + 999, 80060.5, 0.25, core::Aggressor::Sell};
    const std::string frame =
        aggTradePayload("BTCUSDT", trade, {2'400'000'000, 5'800'000'000, 5'800'000'005});
    EXPECT_EQ(frame,
              R"({"e":"aggTrade","E":1791561600999,"a":2400000000,"s":"BTCUSDT","p":"80060.5",)"
              R"("q":"0.25","f":5800000000,"l":5800000005,"T":1791561600999,"m":true})");
    EXPECT_EQ(parseFrame(frame), std::vector<core::MarketEvent>{trade});

    const core::Trade bought{kBoundary + 1, 80060.6, 0.001, core::Aggressor::Buy};
    const std::string buyFrame = aggTradePayload("BTCUSDT", bought, {1, 2, 2});
    EXPECT_NE(buyFrame.find(R"("m":false)"), std::string::npos);
    EXPECT_EQ(parseFrame(buyFrame), std::vector<core::MarketEvent>{bought});
}

TEST(DemoWire, MarkPriceFrameReadsBackAsTheMark) {
    const core::MarkPrice mark{kBoundary + 1000, 80061.2, 80058.93, 0.0001};
    const std::string frame = markPricePayload("BTCUSDT", mark);
    // T: the next funding after 08:00:01 is 16:00.
    EXPECT_EQ(frame, R"({"e":"markPriceUpdate","E":1791561601000,"s":"BTCUSDT","p":"80061.2",)"
                     R"("i":"80058.93","P":"80058.93","r":"0.0001","T":1791590400000})");
    EXPECT_EQ(parseFrame(frame), std::vector<core::MarketEvent>{mark});
}

TEST(DemoWire, MarkPriceWithoutIndexOrFundingLeavesThemOut) {
    const core::MarkPrice mark{kBoundary, 80061.25, std::nullopt, std::nullopt};
    const std::string frame = markPricePayload("BTCUSDT", mark);
    EXPECT_EQ(frame, R"({"e":"markPriceUpdate","E":1791561600000,"s":"BTCUSDT","p":"80061.25",)"
                     R"("r":"","T":1791590400000})");
    EXPECT_EQ(parseFrame(frame), std::vector<core::MarketEvent>{mark});
}

TEST(DemoWire, KlineFrameReadsBackAsTheCandle) {
    const core::Candle candle{kBoundary, core::kMinuteMs, 80000.5, 80100,
                              79950.1,   80050.2,         12.345,  false};
    const KlineTally tally{5'800'000'000, 5'800'000'047, 48, 988000.123456, 6.1, 488000.5};
    const std::string frame = klinePayload("BTCUSDT", {candle, tally}, kBoundary + 12'000);
    EXPECT_EQ(frame, R"({"e":"kline","E":1791561612000,"s":"BTCUSDT","k":{"t":1791561600000,)"
                     R"("T":1791561659999,"s":"BTCUSDT","i":"1m","f":5800000000,"L":5800000047,)"
                     R"("o":"80000.5","c":"80050.2","h":"80100","l":"79950.1","v":"12.345","n":48,)"
                     R"("x":false,"q":"988000.12346","V":"6.100","Q":"488000.50000","B":"0"}})");
    EXPECT_EQ(parseFrame(frame), std::vector<core::MarketEvent>{candle});

    core::Candle closed = candle;
    closed.closed = true;
    const std::string closedFrame = klinePayload("BTCUSDT", {closed, KlineTally{}}, kBoundary);
    // No trade in it: Binance's -1 ids and a zero count.
    EXPECT_NE(closedFrame.find(R"("f":-1,"L":-1)"), std::string::npos);
    EXPECT_NE(closedFrame.find(R"("n":0,"x":true)"), std::string::npos);
    EXPECT_EQ(parseFrame(closedFrame), std::vector<core::MarketEvent>{closed});
}

TEST(DemoWire, ForceOrderFrameSaysTheOrderSideAndReadsBackAsTheLiquidation) {
    // A long liquidated: the engine SELLs, its IOC limit 0.5 % below the average fill and
    // rounded down to the 0.1 tick: 82651.9 · 0.995 = 82238.6405 → 82238.6.
    const core::Liquidation longLiquidated{kBoundary + 2120, core::Side::Long,        82651.9, 0.19,
                                           0.19 * 82651.9,   core::PriceKind::Average};
    const std::string frame = forceOrderPayload("BTCUSDT", longLiquidated, 0.1);
    EXPECT_EQ(frame, R"({"e":"forceOrder","E":1791561602120,"o":{"s":"BTCUSDT","S":"SELL",)"
                     R"("o":"LIMIT","f":"IOC","q":"0.19","p":"82238.6","ap":"82651.9",)"
                     R"("X":"FILLED","l":"0.19","z":"0.19","T":1791561602120}})");
    EXPECT_EQ(parseFrame(frame), std::vector<core::MarketEvent>{longLiquidated});

    // A short liquidated: BUY, limit above: 82651.9 · 1.005 = 83065.1595 → 83065.2.
    const core::Liquidation shortLiquidated{kBoundary + 3000, core::Side::Short,       82651.9, 1.5,
                                            1.5 * 82651.9,    core::PriceKind::Average};
    const std::string buyFrame = forceOrderPayload("BTCUSDT", shortLiquidated, 0.1);
    EXPECT_NE(buyFrame.find(R"("S":"BUY")"), std::string::npos);
    EXPECT_NE(buyFrame.find(R"("p":"83065.2")"), std::string::npos);
    EXPECT_EQ(parseFrame(buyFrame), std::vector<core::MarketEvent>{shortLiquidated});
}

TEST(DemoWire, CombinedWrapperCarriesTheStreamName) {
    const core::MarkPrice mark{kBoundary + 1000, 80061.2, 80058.93, -0.00005};
    const std::string payload = markPricePayload("BTCUSDT", mark);
    const std::string frame = combinedFrame("btcusdt@markPrice@1s", payload);
    EXPECT_EQ(frame, R"({"stream":"btcusdt@markPrice@1s","data":)" + payload + "}");
    EXPECT_EQ(parseFrame(frame), std::vector<core::MarketEvent>{mark});
}

TEST(DemoWire, ErrorBodyIsBinancesEnvelopeWithTheMessageEscaped) {
    EXPECT_EQ(errorBody(-1121, "Invalid symbol."), R"({"code":-1121,"msg":"Invalid symbol."})");
    EXPECT_EQ(errorBody(2, "a \"quoted\" \\ and\ttab"),
              R"({"code":2,"msg":"a \"quoted\" \\ and\u0009tab"})");
    auto adapter = makeAdapter(Venue::Binance);
    const RestParse parsed =
        parseRest(*adapter, "klines", "/fapi/v1/klines?symbol=BTCUSDT&interval=1m",
                  errorBody(-1121, "Invalid symbol."));
    EXPECT_FALSE(parsed.outcome.ok);
    EXPECT_EQ(parsed.outcome.detail, "code -1121: Invalid symbol.");
}

TEST(DemoWire, ExchangeInfoDescribesOnePerpetualThatTheAdapterRegisters) {
    const std::string body = exchangeInfoBody(btcusdt(), "BTC", "USDT", kBoundary);
    const nlohmann::json info = nlohmann::json::parse(body);
    ASSERT_EQ(info["symbols"].size(), 1u);
    const nlohmann::json& symbol = info["symbols"][0];
    EXPECT_EQ(symbol["symbol"], "BTCUSDT");
    EXPECT_EQ(symbol["contractType"], "PERPETUAL");
    EXPECT_EQ(symbol["status"], "TRADING");
    EXPECT_EQ(symbol["baseAsset"], "BTC");
    EXPECT_EQ(symbol["quoteAsset"], "USDT");
    EXPECT_EQ(symbol["marginAsset"], "USDT");
    EXPECT_EQ(info["serverTime"], kBoundary);
    EXPECT_EQ(info["rateLimits"][0]["limit"], 2400);
    std::vector<std::string> filterTypes;
    for (const auto& filter : symbol["filters"]) {
        filterTypes.push_back(filter["filterType"]);
    }
    EXPECT_EQ(filterTypes, (std::vector<std::string>{"PRICE_FILTER", "LOT_SIZE", "MARKET_LOT_SIZE",
                                                     "MAX_NUM_ORDERS", "MAX_NUM_ALGO_ORDERS",
                                                     "MIN_NOTIONAL", "PERCENT_PRICE"}));
    EXPECT_EQ(symbol["filters"][0]["tickSize"], "0.1");
    EXPECT_EQ(symbol["filters"][1]["stepSize"], "0.001");

    auto adapter = makeAdapter(Venue::Binance);
    const RestParse parsed = parseRest(*adapter, "exchangeInfo", "/fapi/v1/exchangeInfo", body);
    ASSERT_TRUE(parsed.outcome.ok) << parsed.outcome.detail;
    EXPECT_EQ(parsed.outcome.skippedRecords, 0u);
    const core::Instrument instrument = adapter->registry().instrument(Venue::Binance, "BTCUSDT");
    EXPECT_EQ(instrument.symbol(), "BTCUSDT");
    EXPECT_EQ(instrument.tickSize(), 0.1);
    EXPECT_EQ(instrument.contractValue(), 1);
}

TEST(DemoWire, KlinesRowsHaveTwelveElementsAndReadBackAsCandles) {
    const core::Candle first{kBoundary, core::kMinuteMs, 80000.5, 80100,
                             79950.1,   80050.2,         12.345,  true};
    const core::Candle second{
        kBoundary + core::kMinuteMs, core::kMinuteMs, 80050.2, 80050.2, 80050.2, 80050.2, 0, false};
    const std::vector<KlineRow> rows{
        {first, {5'800'000'000, 5'800'000'047, 48, 988000.123456, 6.1, 488000.5}}, {second, {}}};
    const std::string body = klinesBody(rows);
    EXPECT_EQ(body, R"([[1791561600000,"80000.5","80100","79950.1","80050.2","12.345",)"
                    R"(1791561659999,"988000.12346",48,"6.100","488000.50000","0"],)"
                    R"([1791561660000,"80050.2","80050.2","80050.2","80050.2","0",)"
                    R"(1791561719999,"0.00000",0,"0.000","0.00000","0"]])");
    // Received during the second minute: the first row is closed, the second still forming.
    auto adapter = makeAdapter(Venue::Binance);
    const RestParse parsed =
        parseRest(*adapter, "klines", "/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=1500", body,
                  kBoundary + core::kMinuteMs + 5000);
    ASSERT_TRUE(parsed.outcome.ok) << parsed.outcome.detail;
    EXPECT_EQ(parsed.events, (std::vector<core::MarketEvent>{first, second}));
}

TEST(DemoWire, OpenInterestBodiesReadBackAsOpenInterest) {
    const std::vector<core::OpenInterest> rows{{kBoundary, 20403.637, 1505707840.5},
                                               {kBoundary + 300'000, 20401.367, 1.49940752e9}};
    const std::string body = openInterestHistBody("BTCUSDT", rows);
    EXPECT_EQ(body, R"([{"symbol":"BTCUSDT","sumOpenInterest":"20403.637",)"
                    R"("sumOpenInterestValue":"1505707840.5","CMCCirculatingSupply":)"
                    R"("19950000.00000000","timestamp":1791561600000},)"
                    R"({"symbol":"BTCUSDT","sumOpenInterest":"20401.367",)"
                    R"("sumOpenInterestValue":"1499407520","CMCCirculatingSupply":)"
                    R"("19950000.00000000","timestamp":1791561900000}])");
    auto adapter = makeAdapter(Venue::Binance);
    const RestParse history = parseRest(
        *adapter, "openInterestHist",
        "/futures/data/openInterestHist?symbol=BTCUSDT&period=5m&limit=500&endTime=1791562000000",
        body);
    ASSERT_TRUE(history.outcome.ok) << history.outcome.detail;
    EXPECT_EQ(history.events, (std::vector<core::MarketEvent>{rows[0], rows[1]}));

    const std::string current = openInterestBody("BTCUSDT", 10659.509, kBoundary + 1234);
    EXPECT_EQ(current, R"({"openInterest":"10659.509","symbol":"BTCUSDT","time":1791561601234})");
    const RestParse polled =
        parseRest(*adapter, "openInterest", "/fapi/v1/openInterest?symbol=BTCUSDT", current);
    ASSERT_TRUE(polled.outcome.ok) << polled.outcome.detail;
    const core::OpenInterest expected{kBoundary + 1234, 10659.509, std::nullopt};
    EXPECT_EQ(polled.events, std::vector<core::MarketEvent>{expected});
}

TEST(DemoWire, PremiumIndexIsAnObjectOrAnArrayOfOne) {
    const core::MarkPrice mark{kBoundary + 1000, 80061.2, 80058.93, 0.00038246};
    const std::string body = premiumIndexBody("BTCUSDT", mark, false);
    EXPECT_EQ(body, R"({"symbol":"BTCUSDT","markPrice":"80061.2","indexPrice":"80058.93",)"
                    R"("estimatedSettlePrice":"80058.93","lastFundingRate":"0.00038246",)"
                    R"("interestRate":"0.00010000","nextFundingTime":1791590400000,)"
                    R"("time":1791561601000})");
    EXPECT_EQ(premiumIndexBody("BTCUSDT", mark, true), "[" + body + "]");
    auto adapter = makeAdapter(Venue::Binance);
    for (const bool all : {false, true}) {
        const RestParse parsed =
            parseRest(*adapter, "premiumIndex",
                      all ? "/fapi/v1/premiumIndex" : "/fapi/v1/premiumIndex?symbol=BTCUSDT",
                      premiumIndexBody("BTCUSDT", mark, all));
        ASSERT_TRUE(parsed.outcome.ok) << parsed.outcome.detail;
        EXPECT_EQ(parsed.events, std::vector<core::MarketEvent>{mark});
    }
}

// --- FrameEncoder: what a frame needs beyond its own event ----------------------------------

TEST(DemoFrameEncoder, NumbersAggregateTradesAndTheirFillsInOrder) {
    FrameEncoder encoder("BTCUSDT", 0.1);
    // 0.25 BTC = 250 lots: 1 + 250 / 50 = 6 fills; 0.001 BTC: one fill.
    const auto first =
        encoder.encode(core::Trade{kBoundary + 1, 80000, 0.25, core::Aggressor::Buy});
    const auto second =
        encoder.encode(core::Trade{kBoundary + 2, 80000.1, 0.001, core::Aggressor::Sell});
    ASSERT_TRUE(first && second);
    EXPECT_EQ(first->kind, FrameKind::AggTrade);
    EXPECT_EQ(first->ts, kBoundary + 1);
    EXPECT_NE(first->payload.find(R"("a":2400000000,)"), std::string::npos) << first->payload;
    EXPECT_NE(first->payload.find(R"("f":5800000000,"l":5800000005,)"), std::string::npos);
    EXPECT_NE(second->payload.find(R"("a":2400000001,)"), std::string::npos) << second->payload;
    EXPECT_NE(second->payload.find(R"("f":5800000006,"l":5800000006,)"), std::string::npos);
}

TEST(DemoFrameEncoder, TalliesTheTradesOfEachCandleUntilItCloses) {
    FrameEncoder encoder("BTCUSDT", 0.1);
    encoder.encode(core::Trade{kBoundary + 100, 80000, 0.25, core::Aggressor::Buy});
    encoder.encode(core::Trade{kBoundary + 200, 80010, 0.1, core::Aggressor::Sell});
    encoder.encode(core::MarkPrice{kBoundary + 1000, 80005, 80004, 0.0001});
    const core::Candle open{kBoundary, core::kMinuteMs, 80000, 80010, 80000, 80010, 0.35, false};
    const auto frame = encoder.encode(open);
    ASSERT_TRUE(frame);
    EXPECT_EQ(frame->kind, FrameKind::Kline);
    // Sent when updated (the mark's time), not at the candle's open.
    EXPECT_EQ(frame->ts, kBoundary + 1000);
    // 6 fills of 0.25 then 3 of 0.1 (100 lots: 1 + 100 / 50).
    const KlineTally expected{5'800'000'000, 5'800'000'008, 9, 80000 * 0.25 + 80010 * 0.1,
                              0.25,          80000 * 0.25};
    EXPECT_EQ(encoder.lastKline(), (KlineRow{open, expected}));

    core::Candle closed = open;
    closed.closed = true;
    encoder.encode(closed);
    EXPECT_EQ(encoder.lastKline().tally, expected);
    // A new candle starts with an empty tally (trades off: the quote volume from the candle).
    const core::Candle next{
        kBoundary + core::kMinuteMs, core::kMinuteMs, 80010, 80010, 80010, 80010, 0, false};
    encoder.encode(next);
    EXPECT_EQ(encoder.lastKline().tally, KlineTally{});
}

TEST(DemoFrameEncoder, OpenInterestHasNoFrameAndAccountingMatchesEncoding) {
    FrameEncoder encoder("BTCUSDT", 0.1);
    EXPECT_FALSE(encoder.encode(core::OpenInterest{kBoundary, 20000, 1.6e9}));

    // History is accounted without text; the ids and tallies continue as if encoded.
    FrameEncoder accounted("BTCUSDT", 0.1);
    FrameEncoder encoded("BTCUSDT", 0.1);
    const std::vector<core::MarketEvent> events{
        core::Trade{kBoundary + 10, 80000, 0.3, core::Aggressor::Buy},
        core::Candle{kBoundary, core::kMinuteMs, 80000, 80000, 80000, 80000, 0.3, true}};
    for (const core::MarketEvent& event : events) {
        accounted.account(event);
        encoded.encode(event);
    }
    EXPECT_EQ(accounted.lastKline(), encoded.lastKline());
    const core::Trade later{kBoundary + core::kMinuteMs + 5, 80001, 0.001, core::Aggressor::Buy};
    EXPECT_EQ(accounted.encode(later)->payload, encoded.encode(later)->payload);
}

}  // namespace
}  // namespace liqmap::exchange::demo
