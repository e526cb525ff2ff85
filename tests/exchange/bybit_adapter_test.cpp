// Bybit v5 linear adapter: conformance on the captured frames in
// ../shared/exchanges/fixtures/bybit (read in place), our own edge-case frames (inline and in
// tests/data/bybit), the stream description and the REST requests, pages and errors.
// The adapter's header is private to the library; it is included by path for the switch that
// turns the publicTrade fast path off, so the edge cases run on both paths.
#include "bybit/bybit_adapter.h"

#include <gtest/gtest.h>

#include <array>        // std::array
#include <chrono>       // std::chrono::seconds
#include <cstddef>      // std::size_t
#include <memory>       // std::unique_ptr
#include <optional>     // std::optional
#include <ostream>      // std::ostream
#include <string>       // std::string, std::to_string
#include <string_view>  // std::string_view
#include <variant>      // std::get_if
#include <vector>       // std::vector

#include "liqmap/core/event_codec.h"
#include "liqmap/core/market_event.h"
#include "liqmap/core/skip_counts.h"
#include "liqmap/exchange/adapter.h"
#include "liqmap/exchange/endpoints.h"
#include "liqmap/exchange/venue.h"
#include "support/adapter_parse.h"
#include "support/fixture_file.h"

namespace liqmap::exchange {
namespace {

using core::EventRecord;
using core::SkipReason;
using core::TimestampMs;

constexpr TimestampMs kReceiveMs = 1'800'000'000'000;

std::unique_ptr<Adapter> makeBybit() { return makeAdapter(Venue::Bybit); }

using Parsed = test::ParsedFrame;
using RestParsed = test::ParsedRest;

Parsed parse(Adapter& adapter, std::string_view frame) {
    return test::parseFrameAt(adapter, frame, kReceiveMs);
}

RestParsed parseRest(Adapter& adapter, const RestRequest& request, std::string_view body,
                     TimestampMs receiveMs = kReceiveMs) {
    return test::parseRestAt(adapter, request, body, receiveMs);
}

// One line per outcome, so a test states the whole expected outcome in one string:
// "data events=2", "data events=1 skippedRecords=1 invalid_value data[1].v",
// "skipped wrong_type topic", "control", "error Invalid topic: …".
std::string summary(const FrameOutcome& outcome) {
    switch (outcome.kind) {
        case FrameOutcome::Kind::Control:
            return "control";
        case FrameOutcome::Kind::ExchangeError:
            return "error " + outcome.detail;
        case FrameOutcome::Kind::Skipped: {
            std::string text = "skipped " + std::string(core::toString(outcome.reason));
            if (!outcome.detail.empty()) {
                text += " " + outcome.detail;
            }
            return text;
        }
        case FrameOutcome::Kind::Data: {
            std::string text = "data events=" + std::to_string(outcome.events);
            if (outcome.skippedRecords > 0) {
                text += " skippedRecords=" + std::to_string(outcome.skippedRecords) + " " +
                        std::string(core::toString(outcome.reason)) + " " + outcome.detail;
            }
            return text;
        }
    }
    return "?";
}

template <class Event>
const Event* as(const EventRecord& record) {
    return std::get_if<Event>(&record.event);
}

void expectLiquidation(const EventRecord& record, std::string_view symbol, TimestampMs ts,
                       core::Side side, double price, double qty, double notional) {
    EXPECT_EQ(record.exchange, "bybit");
    EXPECT_EQ(record.symbol, symbol);
    const auto* liquidation = as<core::Liquidation>(record);
    ASSERT_NE(liquidation, nullptr);
    EXPECT_EQ(liquidation->ts, ts);
    EXPECT_EQ(liquidation->side, side);
    EXPECT_DOUBLE_EQ(liquidation->price, price);
    EXPECT_DOUBLE_EQ(liquidation->qty, qty);
    EXPECT_DOUBLE_EQ(liquidation->notional, notional);
    EXPECT_EQ(liquidation->priceKind, core::PriceKind::Bankruptcy);
}

void expectTrade(const EventRecord& record, std::string_view symbol, TimestampMs ts,
                 core::Aggressor aggressor, double price, double qty) {
    EXPECT_EQ(record.exchange, "bybit");
    EXPECT_EQ(record.symbol, symbol);
    const auto* trade = as<core::Trade>(record);
    ASSERT_NE(trade, nullptr);
    EXPECT_EQ(trade->ts, ts);
    EXPECT_EQ(trade->aggressor, aggressor);
    EXPECT_DOUBLE_EQ(trade->price, price);
    EXPECT_DOUBLE_EQ(trade->qty, qty);
}

void expectMark(const EventRecord& record, std::string_view symbol, TimestampMs ts, double price,
                std::optional<double> index, std::optional<double> funding) {
    EXPECT_EQ(record.exchange, "bybit");
    EXPECT_EQ(record.symbol, symbol);
    const auto* mark = as<core::MarkPrice>(record);
    ASSERT_NE(mark, nullptr);
    EXPECT_EQ(mark->ts, ts);
    EXPECT_DOUBLE_EQ(mark->price, price);
    ASSERT_EQ(mark->index.has_value(), index.has_value());
    if (index) {
        EXPECT_DOUBLE_EQ(*mark->index, *index);
    }
    ASSERT_EQ(mark->funding.has_value(), funding.has_value());
    if (funding) {
        EXPECT_DOUBLE_EQ(*mark->funding, *funding);
    }
}

void expectOpenInterest(const EventRecord& record, std::string_view symbol, TimestampMs ts,
                        double qty, std::optional<double> notional) {
    EXPECT_EQ(record.exchange, "bybit");
    EXPECT_EQ(record.symbol, symbol);
    const auto* openInterest = as<core::OpenInterest>(record);
    ASSERT_NE(openInterest, nullptr);
    EXPECT_EQ(openInterest->ts, ts);
    EXPECT_DOUBLE_EQ(openInterest->qty, qty);
    ASSERT_EQ(openInterest->notional.has_value(), notional.has_value());
    if (notional) {
        EXPECT_DOUBLE_EQ(*openInterest->notional, *notional);
    }
}

struct CandleValues {
    TimestampMs ts;
    double open;
    double high;
    double low;
    double close;
    double volume;
    bool closed;
};

void expectCandle(const EventRecord& record, std::string_view symbol, TimestampMs intervalMs,
                  const CandleValues& expected) {
    EXPECT_EQ(record.exchange, "bybit");
    EXPECT_EQ(record.symbol, symbol);
    const auto* candle = as<core::Candle>(record);
    ASSERT_NE(candle, nullptr);
    EXPECT_EQ(candle->ts, expected.ts);
    EXPECT_EQ(candle->intervalMs, intervalMs);
    EXPECT_DOUBLE_EQ(candle->open, expected.open);
    EXPECT_DOUBLE_EQ(candle->high, expected.high);
    EXPECT_DOUBLE_EQ(candle->low, expected.low);
    EXPECT_DOUBLE_EQ(candle->close, expected.close);
    EXPECT_DOUBLE_EQ(candle->volume, expected.volume);
    EXPECT_EQ(candle->closed, expected.closed);
}

// ---------------------------------------------------------------------------------------------
// Description: stream and requests

TEST(BybitAdapter, StreamIsOneLinearSocketWithTheFourTopicsAndAClientPing) {
    const auto adapter = makeBybit();
    EXPECT_EQ(adapter->venue(), Venue::Bybit);
    const std::vector<StreamSpec> streams =
        adapter->streams(Endpoints{"https://api.bybit.com", "wss://stream.bybit.com"}, "BTCUSDT");
    ASSERT_EQ(streams.size(), 1u);
    const StreamSpec& spec = streams[0];
    EXPECT_EQ(spec.name, "linear");
    EXPECT_EQ(spec.url, "wss://stream.bybit.com/v5/public/linear");
    ASSERT_EQ(spec.subscribeMessages.size(), 1u);
    EXPECT_EQ(spec.subscribeMessages[0],
              R"({"op":"subscribe","args":["allLiquidation.BTCUSDT","tickers.BTCUSDT",)"
              R"("publicTrade.BTCUSDT","kline.1.BTCUSDT"]})");
    EXPECT_EQ(spec.heartbeat.kind, HeartbeatRule::Kind::ClientEvery);
    EXPECT_EQ(spec.heartbeat.message, R"({"op":"ping"})");
    EXPECT_EQ(spec.heartbeat.interval, std::chrono::seconds(20));
    EXPECT_EQ(spec.staleAfter, std::chrono::seconds(30));
    EXPECT_EQ(spec.rotateAfter, std::chrono::milliseconds(0));
}

TEST(BybitAdapter, StreamFollowsTheEndpointsAndTheSymbol) {
    const auto adapter = makeBybit();
    const std::vector<StreamSpec> streams =
        adapter->streams(Endpoints{"https://127.0.0.1:8443", "wss://127.0.0.1:9443"}, "ETHPERP");
    ASSERT_EQ(streams.size(), 1u);
    EXPECT_EQ(streams[0].url, "wss://127.0.0.1:9443/v5/public/linear");
    ASSERT_EQ(streams[0].subscribeMessages.size(), 1u);
    EXPECT_EQ(streams[0].subscribeMessages[0],
              R"({"op":"subscribe","args":["allLiquidation.ETHPERP","tickers.ETHPERP",)"
              R"("publicTrade.ETHPERP","kline.1.ETHPERP"]})");
}

TEST(BybitAdapter, PollsNothingBecauseTickersStreamOpenInterest) {
    const auto adapter = makeBybit();
    EXPECT_TRUE(adapter->pollRequests("BTCUSDT").empty());
    EXPECT_EQ(adapter->pollInterval(), std::chrono::milliseconds(0));
}

TEST(BybitAdapter, InstrumentRequestsAskForAllLinearContractsAndTheSymbolsRiskLimits) {
    const auto adapter = makeBybit();
    const std::vector<RestRequest> requests = adapter->instrumentRequests("BTCUSDT");
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0],
              (RestRequest{"instruments-info", "GET",
                           "/v5/market/instruments-info?category=linear&limit=1000", ""}));
    EXPECT_EQ(requests[1],
              (RestRequest{"risk-limit", "GET",
                           "/v5/market/risk-limit?category=linear&symbol=BTCUSDT", ""}));
}

TEST(BybitAdapter, HistoryRequestsCoverTheWindow) {
    const auto adapter = makeBybit();
    const std::vector<RestRequest> requests =
        adapter->historyRequests("BTCUSDT", 1'700'000'000'000, 1'700'086'400'000);
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0],
              (RestRequest{"open-interest", "GET",
                           "/v5/market/open-interest?category=linear&symbol=BTCUSDT"
                           "&intervalTime=5min&startTime=1700000000000&endTime=1700086400000"
                           "&limit=200",
                           ""}));
    EXPECT_EQ(requests[1], (RestRequest{"kline", "GET",
                                        "/v5/market/kline?category=linear&symbol=BTCUSDT"
                                        "&interval=1&start=1700000000000&end=1700086400000"
                                        "&limit=1000",
                                        ""}));
}

// ---------------------------------------------------------------------------------------------
// Conformance: every fixture of fixtures/bybit

TEST(BybitAdapter, AllLiquidationDocsExampleIsAShortLiquidatedAtTheBankruptcyPrice) {
    const auto adapter = makeBybit();
    const Parsed parsed =
        parse(*adapter, test::readFixture("bybit/ws_allLiquidation_docs_example.json"));
    EXPECT_EQ(summary(parsed.outcome), "data events=1");
    ASSERT_EQ(parsed.events.size(), 1u);
    // "S":"Sell" is the position side: a short was liquidated. 20000 × 0.04499 = 899.8 USDT.
    expectLiquidation(parsed.events[0], "ROSEUSDT", 1739502302929, core::Side::Short, 0.04499,
                      20000, 899.8);
    EXPECT_EQ(adapter->skipped().total(), 0u);
}

TEST(BybitAdapter, AllLiquidationLive2026FramesAreLongsLiquidated) {
    const auto adapter = makeBybit();
    const auto lines = test::readFixtureLines("bybit/ws_allLiquidation_live_2026.jsonl");
    ASSERT_EQ(lines.size(), 2u);

    const Parsed batch = parse(*adapter, lines[0]);
    EXPECT_EQ(summary(batch.outcome), "data events=2");
    ASSERT_EQ(batch.events.size(), 2u);
    // "Buy" = a long was liquidated. 0.006 × 82396.90 = 494.3814; 0.038 × 82394.30 = 3130.9834.
    // The record's own T is the event time, not the envelope ts 1791565601482.
    expectLiquidation(batch.events[0], "BTCUSDT", 1791565600992, core::Side::Long, 82396.90, 0.006,
                      494.3814);
    expectLiquidation(batch.events[1], "BTCUSDT", 1791565601058, core::Side::Long, 82394.30, 0.038,
                      3130.9834);

    const Parsed single = parse(*adapter, lines[1]);
    EXPECT_EQ(summary(single.outcome), "data events=1");
    ASSERT_EQ(single.events.size(), 1u);
    // 2084.9 × 0.05165 = 107.685085.
    expectLiquidation(single.events[0], "STRKUSDT", 1791091285156, core::Side::Long, 0.05165,
                      2084.9, 107.685085);
    EXPECT_EQ(adapter->skipped().total(), 0u);
}

TEST(BybitAdapter, AllLiquidationTardis2025FrameIsAShortLiquidated) {
    const auto adapter = makeBybit();
    const auto lines = test::readFixtureLines("bybit/ws_allLiquidation_tardis_2025.jsonl");
    ASSERT_EQ(lines.size(), 1u);
    const Parsed parsed = parse(*adapter, lines[0]);
    EXPECT_EQ(summary(parsed.outcome), "data events=1");
    ASSERT_EQ(parsed.events.size(), 1u);
    // 2846 × 0.02456 = 69.89776.
    expectLiquidation(parsed.events[0], "PIPPINUSDT", 1740480207110, core::Side::Short, 0.02456,
                      2846, 69.89776);
}

TEST(BybitAdapter, DeprecatedLiquidationDocsExampleIsReadFromItsObject) {
    const auto adapter = makeBybit();
    const Parsed parsed =
        parse(*adapter, test::readFixture("bybit/ws_liquidation_deprecated_docs_example.json"));
    EXPECT_EQ(summary(parsed.outcome), "data events=1");
    ASSERT_EQ(parsed.events.size(), 1u);
    // side "Sell" = short position; 0.003 × 43511.70 = 130.5351.
    expectLiquidation(parsed.events[0], "BTCUSDT", 1703485237953, core::Side::Short, 43511.70,
                      0.003, 130.5351);
}

TEST(BybitAdapter, DeprecatedLiquidationTardis2023FramesKeepTheirSymbolAndSide) {
    const auto adapter = makeBybit();
    const auto lines = test::readFixtureLines("bybit/ws_liquidation_deprecated_tardis_2023.jsonl");
    ASSERT_EQ(lines.size(), 2u);

    const Parsed gala = parse(*adapter, lines[0]);
    EXPECT_EQ(summary(gala.outcome), "data events=1");
    ASSERT_EQ(gala.events.size(), 1u);
    // side "Buy" = long; 1637 × 0.03803 = 62.25511.
    expectLiquidation(gala.events[0], "GALAUSDT", 1673251091822, core::Side::Long, 0.03803, 1637,
                      62.25511);

    // XRPUSD is an INVERSE contract recorded on Bybit's inverse socket, so its size 6949 is USD
    // contracts, not coins. liqmap only opens the linear socket, and nothing in the frame tells
    // the two apart, so the adapter reads it as sent: 6949 × 0.5149 = 3578.0401.
    const Parsed xrp = parse(*adapter, lines[1]);
    EXPECT_EQ(summary(xrp.outcome), "data events=1");
    ASSERT_EQ(xrp.events.size(), 1u);
    expectLiquidation(xrp.events[0], "XRPUSD", 1680673944093, core::Side::Short, 0.5149, 6949,
                      3578.0401);
}

TEST(BybitAdapter, TickersCryptofeed2026SnapshotAndDeltasMergeIntoMarkAndOneSidedOpenInterest) {
    const auto adapter = makeBybit();
    const auto lines = test::readFixtureLines("bybit/ws_tickers_linear_cryptofeed_2026.jsonl");
    ASSERT_EQ(lines.size(), 8u);

    // Snapshot: mark, index and funding as sent; open interest is singleOpenInterest (one side,
    // exactly half of openInterest 59891.732) with its value as notional.
    const Parsed snapshot = parse(*adapter, lines[0]);
    EXPECT_EQ(summary(snapshot.outcome), "data events=2");
    ASSERT_EQ(snapshot.events.size(), 2u);
    expectMark(snapshot.events[0], "BTCUSDT", 1786310817583, 65117.44, 65137.76, 0.0001);
    expectOpenInterest(snapshot.events[1], "BTCUSDT", 1786310817583, 29945.866, 1949998132.50);

    // Best bid/ask only: merged, nothing liqmap uses changed.
    const Parsed quotes = parse(*adapter, lines[1]);
    EXPECT_EQ(summary(quotes.outcome), "data events=0");
    EXPECT_TRUE(quotes.events.empty());

    // markPrice and the two OI values changed; index, funding and singleOpenInterest come from
    // the snapshot.
    const Parsed markDelta = parse(*adapter, lines[2]);
    EXPECT_EQ(summary(markDelta.outcome), "data events=2");
    ASSERT_EQ(markDelta.events.size(), 2u);
    expectMark(markDelta.events[0], "BTCUSDT", 1786310818183, 65117.43, 65137.76, 0.0001);
    expectOpenInterest(markDelta.events[1], "BTCUSDT", 1786310818183, 29945.866, 1949997833.04);

    for (std::size_t line = 3; line <= 5; ++line) {
        const Parsed other = parse(*adapter, lines[line]);
        EXPECT_EQ(summary(other.outcome), "data events=0") << "line " << line + 1;
    }

    // Deltas with open interest only: no mark price event.
    const Parsed oi1 = parse(*adapter, lines[6]);
    EXPECT_EQ(summary(oi1.outcome), "data events=1");
    ASSERT_EQ(oi1.events.size(), 1u);
    expectOpenInterest(oi1.events[0], "BTCUSDT", 1786310824283, 29947.988, 1950161468.02);

    const Parsed oi2 = parse(*adapter, lines[7]);
    EXPECT_EQ(summary(oi2.outcome), "data events=1");
    ASSERT_EQ(oi2.events.size(), 1u);
    expectOpenInterest(oi2.events[0], "BTCUSDT", 1786310836283, 29947.989, 1950152249.26);
    EXPECT_EQ(adapter->skipped().total(), 0u);
}

TEST(BybitAdapter, TickersDeltaLive2026WithQuotesOnlyYieldNothing) {
    const auto adapter = makeBybit();
    const auto lines = test::readFixtureLines("bybit/ws_tickers_delta_live_2026.jsonl");
    ASSERT_EQ(lines.size(), 2u);
    for (const std::string& line : lines) {
        const Parsed parsed = parse(*adapter, line);
        // Deltas before any snapshot merge into an empty cache; they carry only bid/ask.
        EXPECT_EQ(summary(parsed.outcome), "data events=0");
        EXPECT_TRUE(parsed.events.empty());
    }
    EXPECT_EQ(adapter->skipped().total(), 0u);
}

TEST(BybitAdapter, TickersTardis2023UseOpenInterestAsSentBeforeSingleOpenInterestExisted) {
    const auto adapter = makeBybit();
    const auto lines = test::readFixtureLines("bybit/ws_tickers_tardis_2023.jsonl");
    ASSERT_EQ(lines.size(), 2u);

    // 2023: no singleOpenInterest yet, so openInterest is taken as one side (the adapter's
    // stated assumption) with openInterestValue as notional.
    const Parsed snapshot = parse(*adapter, lines[0]);
    EXPECT_EQ(summary(snapshot.outcome), "data events=2");
    ASSERT_EQ(snapshot.events.size(), 2u);
    expectMark(snapshot.events[0], "BTCUSDT", 1680673821770, 28552.81, 28562.25, 0.0001);
    expectOpenInterest(snapshot.events[1], "BTCUSDT", 1680673821770, 52774.528, 1506861070.82);

    // A delta of the inverse BTCUSD (a different symbol, so the BTCUSDT cache is not used) with
    // fundingRate and openInterest: no mark price is known for BTCUSD, so only open interest,
    // without a notional. (Inverse OI is in USD contracts; see the XRPUSD note above.)
    const Parsed inverse = parse(*adapter, lines[1]);
    EXPECT_EQ(summary(inverse.outcome), "data events=1");
    ASSERT_EQ(inverse.events.size(), 1u);
    expectOpenInterest(inverse.events[0], "BTCUSD", 1680673822776, 449736674, std::nullopt);
}

TEST(BybitAdapter, TickerDocsExampleWithoutSingleOpenInterest) {
    const auto adapter = makeBybit();
    const Parsed parsed =
        parse(*adapter, test::readFixture("bybit/ws_ticker_linear_docs_example.json"));
    EXPECT_EQ(summary(parsed.outcome), "data events=2");
    ASSERT_EQ(parsed.events.size(), 2u);
    // The docs values are synthetic (index ≠ mark); the envelope ts stamps both events.
    expectMark(parsed.events[0], "BTCUSDT", 1760325052630, 66666.60, 115418.19, -0.005);
    expectOpenInterest(parsed.events[1], "BTCUSDT", 1760325052630, 492373.72, 32824881841.75);
}

TEST(BybitAdapter, PublicTradeCryptofeed2026TakerSides) {
    const auto adapter = makeBybit();
    const auto lines = test::readFixtureLines("bybit/ws_publicTrade_linear_cryptofeed_2026.jsonl");
    ASSERT_EQ(lines.size(), 2u);

    const Parsed sell = parse(*adapter, lines[0]);
    EXPECT_EQ(summary(sell.outcome), "data events=1");
    ASSERT_EQ(sell.events.size(), 1u);
    expectTrade(sell.events[0], "BTCUSDT", 1786310819680, core::Aggressor::Sell, 65114.20, 0.004);

    const Parsed buys = parse(*adapter, lines[1]);
    EXPECT_EQ(summary(buys.outcome), "data events=5");
    ASSERT_EQ(buys.events.size(), 5u);
    const std::array<double, 5> sizes{0.01, 1.30, 0.10, 0.10, 0.16};
    for (std::size_t i = 0; i < 5; ++i) {
        SCOPED_TRACE(i);
        expectTrade(buys.events[i], "ETHUSDT", 1786310820346, core::Aggressor::Buy, 1922.50,
                    sizes[i]);
    }
}

TEST(BybitAdapter, KlineCryptofeed2026OpenAndClosedCandlesTakeTheSymbolFromTheTopic) {
    const auto adapter = makeBybit();
    const auto lines = test::readFixtureLines("bybit/ws_kline_1_linear_cryptofeed_2026.jsonl");
    ASSERT_EQ(lines.size(), 2u);

    const Parsed open = parse(*adapter, lines[0]);
    EXPECT_EQ(summary(open.outcome), "data events=1");
    ASSERT_EQ(open.events.size(), 1u);
    // interval "1" = one minute; confirm false = still open.
    expectCandle(open.events[0], "BTCUSDT", 60'000,
                 {1786310760000, 65119.9, 65119.9, 65114.2, 65114.3, 1.576, false});

    const Parsed both = parse(*adapter, lines[1]);
    EXPECT_EQ(summary(both.outcome), "data events=2");
    ASSERT_EQ(both.events.size(), 2u);
    expectCandle(both.events[0], "ETHUSDT", 60'000,
                 {1786310760000, 1922.43, 1922.48, 1922.42, 1922.48, 15.7, true});
    expectCandle(both.events[1], "ETHUSDT", 60'000,
                 {1786310820000, 1922.48, 1922.48, 1922.48, 1922.48, 0, false});
}

TEST(BybitAdapter, ControlFramesAreAcksPongsRequestsAndOneError) {
    const auto adapter = makeBybit();
    const auto lines = test::readFixtureLines("bybit/ws_control_frames.jsonl");
    ASSERT_EQ(lines.size(), 5u);
    // Lines 1 and 3 are requests a client sends (subscribe, ping); a recording that logs both
    // directions contains them, and they carry nothing to count, so they are Control too.
    EXPECT_EQ(summary(parse(*adapter, lines[0]).outcome), "control");
    EXPECT_EQ(summary(parse(*adapter, lines[1]).outcome), "control");  // subscribe ack
    EXPECT_EQ(summary(parse(*adapter, lines[2]).outcome), "control");
    EXPECT_EQ(summary(parse(*adapter, lines[3]).outcome), "control");  // pong, op "ping"
    EXPECT_EQ(summary(parse(*adapter, lines[4]).outcome),
              "error Invalid topic: invalid.topic.BTCUSDT");
    EXPECT_EQ(adapter->skipped().total(), 0u);
}

// ---------------------------------------------------------------------------------------------
// Tickers cache (our own frames, tests/data/bybit/tickers_sequence.jsonl)

TEST(BybitAdapter, TickersCacheMergesDeltasAndIsReplacedBySnapshots) {
    const auto adapter = makeBybit();
    const auto lines = test::readTestDataLines("bybit/tickers_sequence.jsonl");
    ASSERT_EQ(lines.size(), 10u);

    // 1: a delta before any snapshot merges into an empty cache; funding alone makes no mark.
    EXPECT_EQ(summary(parse(*adapter, lines[0]).outcome), "data events=0");

    // 2: mark and index arrive; the funding rate of line 1 is still known.
    const Parsed mark = parse(*adapter, lines[1]);
    EXPECT_EQ(summary(mark.outcome), "data events=1");
    ASSERT_EQ(mark.events.size(), 1u);
    expectMark(mark.events[0], "ETHUSDT", 1700000000100, 2001, 2000.5, 0.0002);

    // 3: openInterest without singleOpenInterest is used as sent (pre-2026-06 frames).
    const Parsed legacy = parse(*adapter, lines[2]);
    EXPECT_EQ(summary(legacy.outcome), "data events=1");
    ASSERT_EQ(legacy.events.size(), 1u);
    expectOpenInterest(legacy.events[0], "ETHUSDT", 1700000000200, 1000, 2001000);

    // 4: once singleOpenInterest is known it wins; its value was never sent, so no notional
    // (openInterestValue belongs to the two-sided figure).
    const Parsed single = parse(*adapter, lines[3]);
    EXPECT_EQ(summary(single.outcome), "data events=1");
    ASSERT_EQ(single.events.size(), 1u);
    expectOpenInterest(single.events[0], "ETHUSDT", 1700000000300, 600, std::nullopt);

    // 5: a snapshot replaces everything: no index any more, funding "" = none.
    const Parsed snapshot = parse(*adapter, lines[4]);
    EXPECT_EQ(summary(snapshot.outcome), "data events=1");
    ASSERT_EQ(snapshot.events.size(), 1u);
    expectMark(snapshot.events[0], "ETHUSDT", 1700000000400, 2002, std::nullopt, std::nullopt);

    // 6: an OI value without any OI quantity since the snapshot: nothing to emit.
    EXPECT_EQ(summary(parse(*adapter, lines[5]).outcome), "data events=0");

    // 7: a bad mark price skips the frame and leaves the cache as it was.
    EXPECT_EQ(summary(parse(*adapter, lines[6]).outcome), "skipped invalid_value data.markPrice");
    EXPECT_EQ(adapter->skipped().count(SkipReason::InvalidValue), 1u);

    // 8: the mark is still 2002 from the snapshot, not "abc".
    const Parsed funding = parse(*adapter, lines[7]);
    EXPECT_EQ(summary(funding.outcome), "data events=1");
    ASSERT_EQ(funding.events.size(), 1u);
    expectMark(funding.events[0], "ETHUSDT", 1700000000700, 2002, std::nullopt, -0.0001);

    // 9: data as a one-element array (the docs' table shape); an unknown field is ignored.
    const Parsed index = parse(*adapter, lines[8]);
    EXPECT_EQ(summary(index.outcome), "data events=1");
    ASSERT_EQ(index.events.size(), 1u);
    expectMark(index.events[0], "ETHUSDT", 1700000000800, 2002, 2003, -0.0001);

    // 10: another symbol has its own (empty) cache: ETHUSDT's mark is not borrowed.
    EXPECT_EQ(summary(parse(*adapter, lines[9]).outcome), "data events=0");
    EXPECT_EQ(adapter->skipped().total(), 1u);
}

// ---------------------------------------------------------------------------------------------
// Edge cases: one frame, one expected outcome, on a fresh adapter

struct FrameCase {
    std::string name;
    std::string frame;
    std::string expected;  // summary()
    std::size_t skips;     // added to skipped().total()
    std::size_t events;
};

std::ostream& operator<<(std::ostream& out, const FrameCase& c) { return out << c.name; }

// Test names from the table's own names (parameter values would make unstable names).
struct {
    template <class Case>
    std::string operator()(const testing::TestParamInfo<Case>& info) const {
        return info.param.name;
    }
} constexpr caseName;

class BybitAdapterFrame : public testing::TestWithParam<FrameCase> {};

TEST_P(BybitAdapterFrame, HasTheExactOutcome) {
    const FrameCase& c = GetParam();
    // The same outcome with and without the publicTrade fast path.
    for (const bool fastTrades : {true, false}) {
        SCOPED_TRACE(fastTrades ? "fast path on" : "fast path off");
        bybit::BybitAdapter adapter(fastTrades);
        const Parsed parsed = parse(adapter, c.frame);
        EXPECT_EQ(summary(parsed.outcome), c.expected);
        EXPECT_EQ(parsed.outcome.events, c.events);
        EXPECT_EQ(parsed.events.size(), c.events);
        EXPECT_EQ(adapter.skipped().total(), c.skips);
        if (c.skips > 0) {
            EXPECT_EQ(adapter.skipped().count(parsed.outcome.reason), c.skips);
        }
        for (const EventRecord& record : parsed.events) {
            EXPECT_TRUE(core::validateEvent(record.event).ok);
        }
    }
}

// A one-record allLiquidation frame whose record is `record`.
std::string liquidationFrame(std::string_view record) {
    return R"({"topic":"allLiquidation.BTCUSDT","type":"snapshot","ts":1700000000500,"data":[)" +
           std::string(record) + "]}";
}

// A record with one field replaced.
std::string liquidationWith(std::string_view field, std::string_view value) {
    std::string record = R"({"T":1700000000000,"s":"BTCUSDT","S":"Buy","v":"0.5","p":"37000"})";
    const std::string key = "\"" + std::string(field) + "\":";
    const std::size_t at = record.find(key) + key.size();
    const std::size_t end = record.find_first_of(",}", at);
    record.replace(at, end - at, value);
    return liquidationFrame(record);
}

std::string klineFrame(std::string_view candle) {
    return R"({"topic":"kline.1.BTCUSDT","type":"snapshot","ts":1700000000500,"data":[)" +
           std::string(candle) + "]}";
}

constexpr std::string_view kGoodCandle =
    R"({"start":1700000000000,"end":1700000059999,"interval":"1","open":"100","close":"101",)"
    R"("high":"102","low":"99","volume":"3","turnover":"300","confirm":true,"timestamp":1})";

std::string candleWith(std::string_view field, std::string_view value) {
    std::string candle(kGoodCandle);
    const std::string key = "\"" + std::string(field) + "\":";
    const std::size_t at = candle.find(key) + key.size();
    const std::size_t end = candle.find_first_of(",}", at);
    candle.replace(at, end - at, value);
    return klineFrame(candle);
}

std::string tickersFrame(std::string_view data) {
    return R"({"topic":"tickers.BTCUSDT","type":"snapshot","cs":1,"ts":1700000000500,"data":)" +
           std::string(data) + "}";
}

const std::string kGoodLiquidation =
    R"({"T":1700000000000,"s":"BTCUSDT","S":"Sell","v":"1","p":"2"})";

INSTANTIATE_TEST_SUITE_P(
    BybitMalformed, BybitAdapterFrame,
    testing::Values(
        FrameCase{"NotJson", "hello", "skipped malformed_json", 1, 0},
        FrameCase{"Empty", "", "skipped malformed_json", 1, 0},
        FrameCase{"Truncated", R"({"topic":"allLiquidation.BTCUSDT","data":[{"T":17)",
                  "skipped malformed_json", 1, 0},
        FrameCase{"Array", "[]", "skipped malformed_json", 1, 0},
        FrameCase{"Number", "42", "skipped malformed_json", 1, 0},
        FrameCase{"String", R"("x")", "skipped malformed_json", 1, 0},
        FrameCase{"Null", "null", "skipped malformed_json", 1, 0},
        FrameCase{"TopicNotAString", R"({"topic":42,"data":[]})", "skipped wrong_type topic", 1, 0},
        FrameCase{"NoTopicNoOp", R"({"data":[]})", "skipped missing_field topic", 1, 0},
        FrameCase{"UnusedTopic",
                  R"({"topic":"orderbook.50.BTCUSDT","type":"snapshot","ts":1,"data":{}})",
                  "skipped unknown_type topic", 1, 0},
        FrameCase{"KnownChannelWithoutSymbol", R"({"topic":"tickers","ts":1,"data":{}})",
                  "skipped invalid_value topic", 1, 0},
        FrameCase{"KlineTopicWithoutSymbol",
                  R"({"topic":"kline.1","type":"snapshot","ts":1,"data":[]})",
                  "skipped invalid_value topic", 1, 0}),
    caseName);

INSTANTIATE_TEST_SUITE_P(
    BybitControl, BybitAdapterFrame,
    testing::Values(
        FrameCase{"OptionsPong", R"({"op":"pong","args":["1700000000000"],"conn_id":"x"})",
                  "control", 0, 0},
        FrameCase{"Unsubscribed",
                  R"({"success":true,"ret_msg":"","conn_id":"c","req_id":"","op":"unsubscribe"})",
                  "control", 0, 0},
        FrameCase{"ErrorWithoutMessage", R"({"success":false,"op":"subscribe"})",
                  "error success false without ret_msg", 0, 0},
        FrameCase{"SuccessNotABoolean", R"({"success":"true","op":"subscribe"})",
                  "skipped wrong_type success", 1, 0},
        FrameCase{"UnknownOp", R"({"op":"auth","args":[]})", "skipped unknown_type op", 1, 0},
        FrameCase{"OpNotAString", R"({"op":1})", "skipped wrong_type op", 1, 0}),
    caseName);

INSTANTIATE_TEST_SUITE_P(
    BybitLiquidation, BybitAdapterFrame,
    testing::Values(
        FrameCase{"DataMissing", R"({"topic":"allLiquidation.BTCUSDT","ts":1})",
                  "skipped missing_field data", 1, 0},
        FrameCase{"DataNotAnArray", R"({"topic":"allLiquidation.BTCUSDT","ts":1,"data":{}})",
                  "skipped wrong_type data", 1, 0},
        FrameCase{"EmptyData", R"({"topic":"allLiquidation.BTCUSDT","ts":1,"data":[]})",
                  "data events=0", 0, 0},
        FrameCase{"RecordNotAnObject", liquidationFrame("42"),
                  "data events=0 skippedRecords=1 wrong_type data[0]", 1, 0},
        FrameCase{"SizeNaN", liquidationWith("v", R"("NaN")"),
                  "data events=0 skippedRecords=1 invalid_value data[0].v", 1, 0},
        FrameCase{"SizeLowerNan", liquidationWith("v", R"("nan")"),
                  "data events=0 skippedRecords=1 invalid_value data[0].v", 1, 0},
        FrameCase{"SizeInf", liquidationWith("v", R"("inf")"),
                  "data events=0 skippedRecords=1 invalid_value data[0].v", 1, 0},
        FrameCase{"SizeHuge", liquidationWith("v", R"("1e400")"),
                  "data events=0 skippedRecords=1 invalid_value data[0].v", 1, 0},
        FrameCase{"SizeZero", liquidationWith("v", R"("0")"),
                  "data events=0 skippedRecords=1 invalid_value data[0].v", 1, 0},
        FrameCase{"SizeNegative", liquidationWith("v", R"("-0.5")"),
                  "data events=0 skippedRecords=1 invalid_value data[0].v", 1, 0},
        FrameCase{"SizeEmpty", liquidationWith("v", R"("")"),
                  "data events=0 skippedRecords=1 invalid_value data[0].v", 1, 0},
        FrameCase{"SizeAsNumber", liquidationWith("v", "0.5"),
                  "data events=0 skippedRecords=1 wrong_type data[0].v", 1, 0},
        FrameCase{"PriceMissing",
                  liquidationFrame(R"({"T":1700000000000,"s":"BTCUSDT","S":"Buy","v":"1"})"),
                  "data events=0 skippedRecords=1 missing_field data[0].p", 1, 0},
        FrameCase{"PriceNull", liquidationWith("p", "null"),
                  "data events=0 skippedRecords=1 missing_field data[0].p", 1, 0},
        // Parses, but no market trades at 2e9 (core::validateEvent's bound is 1e9).
        FrameCase{"PriceBeyondAnyMarket", liquidationWith("p", R"("2e9")"),
                  "data events=0 skippedRecords=1 out_of_range data[0].p", 1, 0},
        FrameCase{"SideUnknown", liquidationWith("S", R"("Long")"),
                  "data events=0 skippedRecords=1 invalid_value data[0].S", 1, 0},
        FrameCase{"SymbolEmpty", liquidationWith("s", R"("")"),
                  "data events=0 skippedRecords=1 invalid_value data[0].s", 1, 0},
        FrameCase{"TimeNotAnInteger", liquidationWith("T", "1.7e12"),
                  "data events=0 skippedRecords=1 wrong_type data[0].T", 1, 0},
        FrameCase{"TimeText", liquidationWith("T", R"("soon")"),
                  "data events=0 skippedRecords=1 invalid_value data[0].T", 1, 0},
        FrameCase{"TimeAfter2100", liquidationWith("T", "5000000000000"),
                  "data events=0 skippedRecords=1 out_of_range data[0].T", 1, 0},
        FrameCase{
            "ExtraFieldsIgnored",
            liquidationFrame(
                R"({"T":1700000000000,"s":"BTCUSDT","S":"Buy","v":"1","p":"2","x":{"y":[1]}})"),
            "data events=1", 0, 1},
        FrameCase{
            "OneBadAmongGood",
            liquidationFrame(kGoodLiquidation +
                             R"(,{"T":1700000000000,"s":"BTCUSDT","S":"Buy","v":"x","p":"2"},)" +
                             kGoodLiquidation),
            "data events=2 skippedRecords=1 invalid_value data[1].v", 1, 2},
        FrameCase{"TwoBadAmongGoodReportTheFirst",
                  liquidationFrame(R"({"s":"BTCUSDT"},)" + kGoodLiquidation + R"(,{"S":"Buy"})"),
                  "data events=1 skippedRecords=2 missing_field data[0].T", 2, 1},
        FrameCase{"DeprecatedDataArray", R"({"topic":"liquidation.BTCUSDT","ts":1,"data":[]})",
                  "skipped wrong_type data", 1, 0},
        FrameCase{"DeprecatedSizeZero",
                  R"({"topic":"liquidation.BTCUSDT","ts":1,"data":{"updatedTime":1700000000000,)"
                  R"("symbol":"BTCUSDT","side":"Buy","size":"0","price":"37000"}})",
                  "skipped invalid_value data.size", 1, 0},
        FrameCase{"DeprecatedSideUnknown",
                  R"({"topic":"liquidation.BTCUSDT","ts":1,"data":{"updatedTime":1700000000000,)"
                  R"("symbol":"BTCUSDT","side":"sell","size":"1","price":"37000"}})",
                  "skipped invalid_value data.side", 1, 0},
        FrameCase{"DeprecatedPriceTooSmall",
                  R"({"topic":"liquidation.BTCUSDT","ts":1,"data":{"updatedTime":1700000000000,)"
                  R"("symbol":"BTCUSDT","side":"Buy","size":"1","price":"1e-13"}})",
                  "skipped out_of_range data.price", 1, 0}),
    caseName);

INSTANTIATE_TEST_SUITE_P(
    BybitTrade, BybitAdapterFrame,
    testing::Values(FrameCase{"LowercaseSide",
                              R"({"topic":"publicTrade.BTCUSDT","ts":1,"data":[{"T":1700000000000,)"
                              R"("s":"BTCUSDT","S":"buy","v":"1","p":"2"}]})",
                              "data events=0 skippedRecords=1 invalid_value data[0].S", 1, 0},
                    FrameCase{"QtyBeyondAnyMarket",
                              R"({"topic":"publicTrade.BTCUSDT","ts":1,"data":[{"T":1700000000000,)"
                              R"("s":"BTCUSDT","S":"Buy","v":"1e16","p":"2"}]})",
                              "data events=0 skippedRecords=1 out_of_range data[0].v", 1, 0},
                    FrameCase{"DataNotAnArray",
                              R"({"topic":"publicTrade.BTCUSDT","ts":1,"data":"x"})",
                              "skipped wrong_type data", 1, 0}),
    caseName);

INSTANTIATE_TEST_SUITE_P(
    BybitKline, BybitAdapterFrame,
    testing::Values(
        FrameCase{"Good", klineFrame(kGoodCandle), "data events=1", 0, 1},
        FrameCase{"MonthlyIntervalIsNotMapped", candleWith("interval", R"("M")"),
                  "data events=0 skippedRecords=1 invalid_value data[0].interval", 1, 0},
        FrameCase{"UndocumentedMinutes", candleWith("interval", R"("7")"),
                  "data events=0 skippedRecords=1 invalid_value data[0].interval", 1, 0},
        FrameCase{"ConfirmAsText", candleWith("confirm", R"("true")"),
                  "data events=0 skippedRecords=1 wrong_type data[0].confirm", 1, 0},
        FrameCase{"LowAboveOpen", candleWith("low", R"("100.5")"),
                  "data events=0 skippedRecords=1 inconsistent_candle data[0].low", 1, 0},
        FrameCase{"ZeroVolumeIsFine", candleWith("volume", R"("0")"), "data events=1", 0, 1},
        FrameCase{"NegativeVolume", candleWith("volume", R"("-1")"),
                  "data events=0 skippedRecords=1 invalid_value data[0].volume", 1, 0},
        FrameCase{"OpenZero", candleWith("open", R"("0")"),
                  "data events=0 skippedRecords=1 invalid_value data[0].open", 1, 0},
        FrameCase{"StartMissing", candleWith("start", "null"),
                  "data events=0 skippedRecords=1 missing_field data[0].start", 1, 0}),
    caseName);

INSTANTIATE_TEST_SUITE_P(
    BybitTickers, BybitAdapterFrame,
    testing::Values(
        FrameCase{"UnknownType", R"({"topic":"tickers.BTCUSDT","type":"partial","ts":1,"data":{}})",
                  "skipped invalid_value type", 1, 0},
        FrameCase{"TsMissing", R"({"topic":"tickers.BTCUSDT","type":"delta","data":{}})",
                  "skipped missing_field ts", 1, 0},
        FrameCase{"TwoElementArray", tickersFrame(R"([{"markPrice":"1"},{"markPrice":"2"}])"),
                  "skipped invalid_value data", 1, 0},
        FrameCase{"DataNotAnObject", tickersFrame(R"("x")"), "skipped wrong_type data", 1, 0},
        FrameCase{"NegativeMark", tickersFrame(R"({"markPrice":"-5"})"),
                  "skipped invalid_value data.markPrice", 1, 0},
        FrameCase{"MarkAsNumber", tickersFrame(R"({"markPrice":5})"),
                  "skipped wrong_type data.markPrice", 1, 0},
        FrameCase{"MarkInfinity", tickersFrame(R"({"markPrice":"inf"})"),
                  "skipped invalid_value data.markPrice", 1, 0},
        FrameCase{"NegativeFundingIsFine",
                  tickersFrame(R"({"markPrice":"5","fundingRate":"-0.01"})"), "data events=1", 0,
                  1},
        // |funding| above 100 % per interval is no real market (core::validateEvent).
        FrameCase{"FundingBeyondAnyMarket", tickersFrame(R"({"markPrice":"5","fundingRate":"2"})"),
                  "skipped out_of_range data.fundingRate", 1, 0},
        FrameCase{"NegativeOpenInterest", tickersFrame(R"({"openInterest":"-1"})"),
                  "skipped invalid_value data.openInterest", 1, 0},
        FrameCase{"ZeroOpenInterestIsFine", tickersFrame(R"({"singleOpenInterest":"0"})"),
                  "data events=1", 0, 1},
        FrameCase{"OpenInterestBeyondAnyMarket",
                  tickersFrame(R"({"singleOpenInterest":"1e16","openInterest":"2e16"})"),
                  "skipped out_of_range data.singleOpenInterest", 1, 0}),
    caseName);

// ---------------------------------------------------------------------------------------------
// REST

constexpr std::string_view kCursorTarget =
    "/v5/market/instruments-info?category=linear&limit=1000&cursor=";

std::string instrumentsPage(std::string_view list, std::string_view cursor) {
    return R"({"retCode":0,"retMsg":"OK","result":{"category":"linear","list":[)" +
           std::string(list) + R"(],"nextPageCursor":")" + std::string(cursor) +
           R"("},"retExtInfo":{},"time":1})";
}

TEST(BybitAdapter, InstrumentsFixtureFillsTheRegistry) {
    const auto adapter = makeBybit();
    const RestRequest request = adapter->instrumentRequests("BTCUSDT")[0];
    const RestParsed parsed = parseRest(
        *adapter, request,
        test::readFixture("bybit/rest_instruments_info_linear_cryptofeed_2026_trimmed.json"));
    EXPECT_TRUE(parsed.outcome.ok) << parsed.outcome.detail;
    EXPECT_EQ(parsed.outcome.events, 0u);
    EXPECT_EQ(parsed.outcome.skippedRecords, 0u);
    EXPECT_TRUE(parsed.outcome.followUps.empty());  // nextPageCursor ""
    EXPECT_TRUE(parsed.events.empty());

    const InstrumentRegistry& registry = adapter->registry();
    EXPECT_EQ(registry.symbols(), (std::vector<std::string>{"1000PEPEUSDT", "BTCPERP", "BTCUSDT",
                                                            "BTCUSDT-14AUG26", "ETHUSDT"}));
    struct Expected {
        std::string symbol, base, quote;
        double tick, maxLeverage;
    };
    const std::array<Expected, 5> expected{{
        {"1000PEPEUSDT", "1000PEPE", "USDT", 0.000001, 50},
        {"BTCPERP", "BTC", "USDC", 0.1, 125},
        {"BTCUSDT", "BTC", "USDT", 0.1, 100},
        {"BTCUSDT-14AUG26", "BTC", "USDT", 0.1, 50},
        {"ETHUSDT", "ETH", "USDT", 0.01, 100},
    }};
    for (const Expected& e : expected) {
        SCOPED_TRACE(e.symbol);
        const InstrumentInfo* info = registry.find(e.symbol);
        ASSERT_NE(info, nullptr);
        EXPECT_EQ(info->symbol, e.symbol);
        EXPECT_EQ(info->baseAsset, e.base);
        EXPECT_EQ(info->quoteAsset, e.quote);
        EXPECT_EQ(info->contractValue, 1);
        EXPECT_DOUBLE_EQ(info->tickSize, e.tick);
        EXPECT_DOUBLE_EQ(info->maxLeverage, e.maxLeverage);
        EXPECT_TRUE(info->tiers.empty());
    }
}

TEST(BybitAdapter, InstrumentsFollowTheCursorPercentEncodedAndReplaceIt) {
    const auto adapter = makeBybit();
    const RestRequest first = adapter->instrumentRequests("BTCUSDT")[0];
    const std::string row =
        R"({"symbol":"BTCUSDT","baseCoin":"BTC","quoteCoin":"USDT",)"
        R"("priceFilter":{"tickSize":"0.10"},"leverageFilter":{"maxLeverage":"100.00"}})";

    // The cursor is an opaque token with '%', '=' and '&': sent as one encoded value.
    const RestParsed page1 = parseRest(*adapter, first, instrumentsPage(row, "next%3D5&x=1"));
    EXPECT_TRUE(page1.outcome.ok);
    ASSERT_EQ(page1.outcome.followUps.size(), 1u);
    const RestRequest second = page1.outcome.followUps[0];
    EXPECT_EQ(second, (RestRequest{"instruments-info", "GET",
                                   std::string(kCursorTarget) + "next%253D5%26x%3D1", ""}));

    const RestParsed page2 = parseRest(*adapter, second, instrumentsPage(row, "abc"));
    ASSERT_EQ(page2.outcome.followUps.size(), 1u);
    EXPECT_EQ(page2.outcome.followUps[0].target, std::string(kCursorTarget) + "abc");

    const RestParsed last =
        parseRest(*adapter, page2.outcome.followUps[0], instrumentsPage(row, ""));
    EXPECT_TRUE(last.outcome.ok);
    EXPECT_TRUE(last.outcome.followUps.empty());

    // No nextPageCursor at all: done as well.
    const RestParsed none =
        parseRest(*adapter, first, R"({"retCode":0,"retMsg":"OK","result":{"list":[]}})");
    EXPECT_TRUE(none.outcome.ok);
    EXPECT_TRUE(none.outcome.followUps.empty());
}

TEST(BybitAdapter, InstrumentsSkipAndCountBadRows) {
    const auto adapter = makeBybit();
    const RestRequest request = adapter->instrumentRequests("BTCUSDT")[0];
    const std::string good =
        R"({"symbol":"ETHUSDT","baseCoin":"ETH","quoteCoin":"USDT",)"
        R"("priceFilter":{"tickSize":"0.01"},"leverageFilter":{"maxLeverage":"100.00"}})";
    const std::string zeroTick =
        R"({"symbol":"BTCUSDT","baseCoin":"BTC","quoteCoin":"USDT",)"
        R"("priceFilter":{"tickSize":"0"},"leverageFilter":{"maxLeverage":"100.00"}})";
    const std::string noLeverage = R"({"symbol":"SOLUSDT","baseCoin":"SOL","quoteCoin":"USDT",)"
                                   R"("priceFilter":{"tickSize":"0.01"},"leverageFilter":"x"})";
    const RestParsed parsed = parseRest(
        *adapter, request, instrumentsPage(zeroTick + "," + good + "," + noLeverage + ",7", ""));
    EXPECT_TRUE(parsed.outcome.ok);
    EXPECT_EQ(parsed.outcome.skippedRecords, 3u);
    EXPECT_EQ(parsed.outcome.detail, "invalid_value: result.list[0].priceFilter.tickSize");
    EXPECT_EQ(adapter->skipped().count(SkipReason::InvalidValue), 1u);
    EXPECT_EQ(adapter->skipped().count(SkipReason::WrongType), 2u);  // leverageFilter, row "7"
    EXPECT_EQ(adapter->registry().symbols(), (std::vector<std::string>{"ETHUSDT"}));
}

TEST(BybitAdapter, RiskLimitDocsExampleBecomesPercentTiersEvenBeforeTheInstrumentList) {
    const auto adapter = makeBybit();
    const RestRequest request = adapter->instrumentRequests("BTCUSD")[1];
    const RestParsed parsed =
        parseRest(*adapter, request, test::readFixture("bybit/rest_risk_limit_docs_example.json"));
    EXPECT_TRUE(parsed.outcome.ok) << parsed.outcome.detail;
    EXPECT_EQ(parsed.outcome.skippedRecords, 0u);
    EXPECT_TRUE(parsed.outcome.followUps.empty());

    const InstrumentInfo* info = adapter->registry().find("BTCUSD");
    ASSERT_NE(info, nullptr);
    ASSERT_EQ(info->tiers.size(), 1u);
    // maintenanceMargin "0.5" read as percent: 0.5 % = 0.005; mmDeduction "" = 0.
    EXPECT_DOUBLE_EQ(info->tiers[0].notionalCap, 150);
    EXPECT_DOUBLE_EQ(info->tiers[0].mmr, 0.005);
    EXPECT_DOUBLE_EQ(info->tiers[0].maintenanceAmount, 0);
    EXPECT_DOUBLE_EQ(info->tiers[0].maxLeverage, 100);
    EXPECT_DOUBLE_EQ(info->maxLeverage, 100);

    // The instrument list arriving afterwards keeps the tiers.
    const std::string row =
        R"({"symbol":"BTCUSD","baseCoin":"BTC","quoteCoin":"USD",)"
        R"("priceFilter":{"tickSize":"0.5"},"leverageFilter":{"maxLeverage":"100.00"}})";
    ASSERT_TRUE(
        parseRest(*adapter, adapter->instrumentRequests("BTCUSD")[0], instrumentsPage(row, ""))
            .outcome.ok);
    info = adapter->registry().find("BTCUSD");
    ASSERT_NE(info, nullptr);
    EXPECT_EQ(info->baseAsset, "BTC");
    EXPECT_DOUBLE_EQ(info->tickSize, 0.5);
    ASSERT_EQ(info->tiers.size(), 1u);
    EXPECT_DOUBLE_EQ(info->tiers[0].mmr, 0.005);
}

std::string riskRow(std::string_view id, std::string_view cap, std::string_view mm,
                    std::string_view deduction, std::string_view leverage) {
    return R"({"id":)" + std::string(id) + R"(,"symbol":"BTCUSDT","riskLimitValue":")" +
           std::string(cap) + R"(","maintenanceMargin":")" + std::string(mm) +
           R"(","initialMargin":"1","isLowestRisk":0,"maxLeverage":")" + std::string(leverage) +
           R"(","mmDeduction":")" + std::string(deduction) + R"("})";
}

std::string riskPage(std::string_view rows, std::string_view cursor) {
    return R"({"retCode":0,"retMsg":"OK","result":{"category":"linear","list":[)" +
           std::string(rows) + R"(],"nextPageCursor":")" + std::string(cursor) +
           R"("},"retExtInfo":{},"time":1})";
}

TEST(BybitAdapter, RiskLimitTiersAreSortedByCapAndContinueOnTheNextPage) {
    const auto adapter = makeBybit();
    const std::vector<RestRequest> requests = adapter->instrumentRequests("BTCUSDT");
    ASSERT_TRUE(parseRest(*adapter, requests[0],
                          test::readFixture(
                              "bybit/rest_instruments_info_linear_cryptofeed_2026_trimmed.json"))
                    .outcome.ok);

    // Page 1, out of order, one bad row (maintenanceMargin "abc") and a tier at 1x, which a
    // core::Instrument cannot hold (leverage must exceed 1).
    const std::string page1Rows = riskRow("2", "4000000", "1", "8000", "50.00") + "," +
                                  riskRow("1", "2000000", "0.5", "", "100.00") + "," +
                                  riskRow("9", "9000000", "abc", "0", "20.00") + "," +
                                  riskRow("10", "90000000", "50", "0", "1.00");
    const RestParsed page1 = parseRest(*adapter, requests[1], riskPage(page1Rows, "p2"));
    EXPECT_TRUE(page1.outcome.ok);
    EXPECT_EQ(page1.outcome.skippedRecords, 2u);
    EXPECT_EQ(page1.outcome.detail, "invalid_value: result.list[2].maintenanceMargin");
    EXPECT_EQ(adapter->skipped().count(SkipReason::InvalidValue), 2u);
    ASSERT_EQ(page1.outcome.followUps.size(), 1u);
    EXPECT_EQ(page1.outcome.followUps[0].target,
              "/v5/market/risk-limit?category=linear&symbol=BTCUSDT&cursor=p2");

    const InstrumentInfo* info = adapter->registry().find("BTCUSDT");
    ASSERT_NE(info, nullptr);
    ASSERT_EQ(info->tiers.size(), 2u);
    // "0.5" % = 0.005, "1" % = 0.01; mmDeduction "" = 0 and "8000" = 8000.
    EXPECT_DOUBLE_EQ(info->tiers[0].notionalCap, 2'000'000);
    EXPECT_DOUBLE_EQ(info->tiers[0].mmr, 0.005);
    EXPECT_DOUBLE_EQ(info->tiers[0].maintenanceAmount, 0);
    EXPECT_DOUBLE_EQ(info->tiers[0].maxLeverage, 100);
    EXPECT_DOUBLE_EQ(info->tiers[1].notionalCap, 4'000'000);
    EXPECT_DOUBLE_EQ(info->tiers[1].mmr, 0.01);
    EXPECT_DOUBLE_EQ(info->tiers[1].maintenanceAmount, 8000);
    EXPECT_DOUBLE_EQ(info->tiers[1].maxLeverage, 50);
    EXPECT_EQ(info->baseAsset, "BTC");  // the instrument is untouched

    // Page 2 continues the list (a tier between the two, one repeating a cap); it is the last.
    const std::string page2Rows = riskRow("3", "3000000", "0.75", "5000", "75.00") + "," +
                                  riskRow("4", "4000000", "2", "0", "25.00");
    const RestParsed page2 =
        parseRest(*adapter, page1.outcome.followUps[0], riskPage(page2Rows, ""));
    EXPECT_TRUE(page2.outcome.ok);
    EXPECT_TRUE(page2.outcome.followUps.empty());
    EXPECT_EQ(page2.outcome.skippedRecords, 1u);
    EXPECT_EQ(page2.outcome.detail, "invalid_value: result.list[1].riskLimitValue");
    info = adapter->registry().find("BTCUSDT");
    ASSERT_NE(info, nullptr);
    ASSERT_EQ(info->tiers.size(), 3u);
    EXPECT_DOUBLE_EQ(info->tiers[0].notionalCap, 2'000'000);
    EXPECT_DOUBLE_EQ(info->tiers[1].notionalCap, 3'000'000);
    EXPECT_DOUBLE_EQ(info->tiers[1].mmr, 0.0075);
    EXPECT_DOUBLE_EQ(info->tiers[1].maintenanceAmount, 5000);
    EXPECT_DOUBLE_EQ(info->tiers[2].notionalCap, 4'000'000);
    EXPECT_DOUBLE_EQ(info->tiers[2].mmr, 0.01);  // the first page's tier at that cap stays

    // A fresh first page (a refresh) replaces the tiers instead of adding to them.
    ASSERT_TRUE(parseRest(*adapter, requests[1],
                          riskPage(riskRow("1", "1000000", "0.4", "0", "125.00"), ""))
                    .outcome.ok);
    info = adapter->registry().find("BTCUSDT");
    ASSERT_NE(info, nullptr);
    ASSERT_EQ(info->tiers.size(), 1u);
    EXPECT_DOUBLE_EQ(info->tiers[0].mmr, 0.004);

    // The tiers make a valid estimator instrument.
    EXPECT_NO_THROW((void)adapter->registry().instrument(Venue::Bybit, "BTCUSDT"));
}

TEST(BybitAdapter, OpenInterestDocsExampleIsOneSideAndPagesBackToTheStart) {
    const auto adapter = makeBybit();
    const std::string body = test::readFixture("bybit/rest_open_interest_docs_example.json");
    // The page's oldest row is 1780617600000; a window starting earlier needs the next page.
    const RestRequest request =
        adapter->historyRequests("BTCUSD", 1'780'000'000'000, 1'781'000'000'000)[0];
    const RestParsed parsed = parseRest(*adapter, request, body);
    EXPECT_TRUE(parsed.outcome.ok) << parsed.outcome.detail;
    EXPECT_EQ(parsed.outcome.events, 5u);
    EXPECT_EQ(parsed.outcome.skippedRecords, 0u);
    ASSERT_EQ(parsed.events.size(), 5u);
    // singleOpenInterest (one side) is used, not openInterest (both sides); the docs example is
    // the inverse BTCUSD, hence the large numbers. Timestamps are strings.
    const std::array<TimestampMs, 5> times{1780963200000, 1780876800000, 1780790400000,
                                           1780704000000, 1780617600000};
    const std::array<double, 5> sizes{31955346, 31955346, 31955346, 31971156, 31971156};
    for (std::size_t i = 0; i < 5; ++i) {
        SCOPED_TRACE(i);
        expectOpenInterest(parsed.events[i], "BTCUSD", times[i], sizes[i], std::nullopt);
    }
    ASSERT_EQ(parsed.outcome.followUps.size(), 1u);
    // The token "lastid%3D19408935%26lasttime%3D1780617600" is encoded once more as a value.
    EXPECT_EQ(parsed.outcome.followUps[0],
              (RestRequest{"open-interest", "GET",
                           "/v5/market/open-interest?category=linear&symbol=BTCUSD"
                           "&intervalTime=5min&startTime=1780000000000&endTime=1781000000000"
                           "&limit=200&cursor=lastid%253D19408935%2526lasttime%253D1780617600",
                           ""}));

    // A window starting at the page's oldest row is complete.
    const RestRequest reached =
        adapter->historyRequests("BTCUSD", 1'780'617'600'000, 1'781'000'000'000)[0];
    EXPECT_TRUE(parseRest(*adapter, reached, body).outcome.followUps.empty());
}

TEST(BybitAdapter, OpenInterestFallsBackToOpenInterestAndCountsBadRows) {
    const auto adapter = makeBybit();
    const RestRequest request =
        adapter->historyRequests("BTCUSDT", 1'700'000'000'000, 1'700'086'400'000)[0];
    const std::string body =
        R"({"retCode":0,"retMsg":"OK","result":{"category":"linear","list":[)"
        R"({"openInterest":"52774.528","timestamp":"1700000600000"},)"
        R"({"openInterest":"1","singleOpenInterest":"","timestamp":"1700000300000"},)"
        R"({"singleOpenInterest":"5","timestamp":"later"},)"
        R"({"singleOpenInterest":"-5","timestamp":"1700000000000"}],)"
        R"("nextPageCursor":"c"},"retExtInfo":{},"time":1})";
    const RestParsed parsed = parseRest(*adapter, request, body);
    EXPECT_TRUE(parsed.outcome.ok);
    EXPECT_EQ(parsed.outcome.events, 2u);
    EXPECT_EQ(parsed.outcome.skippedRecords, 2u);
    EXPECT_EQ(parsed.outcome.detail, "invalid_value: result.list[2].timestamp");
    EXPECT_EQ(adapter->skipped().count(SkipReason::InvalidValue), 2u);
    ASSERT_EQ(parsed.events.size(), 2u);
    // No result.symbol on this page: the request's symbol.
    expectOpenInterest(parsed.events[0], "BTCUSDT", 1700000600000, 52774.528, std::nullopt);
    expectOpenInterest(parsed.events[1], "BTCUSDT", 1700000300000, 1, std::nullopt);
    // Oldest accepted row 1700000300000 > start 1700000000000 and a cursor: one more page.
    ASSERT_EQ(parsed.outcome.followUps.size(), 1u);
    EXPECT_EQ(parsed.outcome.followUps[0].target, request.target + "&cursor=c");
}

TEST(BybitAdapter, KlineDocsExampleClosesBarsWhoseMinuteHasPassed) {
    const auto adapter = makeBybit();
    const RestRequest request =
        adapter->historyRequests("BTCUSD", 1'670'000'000'000, 1'670'700'000'000)[1];
    // Received 59.999 s after the newest bar opened: that bar is still open.
    const RestParsed parsed =
        parseRest(*adapter, request, test::readFixture("bybit/rest_kline_docs_example.json"),
                  1'670'608'859'999);
    EXPECT_TRUE(parsed.outcome.ok) << parsed.outcome.detail;
    EXPECT_EQ(parsed.outcome.events, 3u);
    EXPECT_TRUE(parsed.outcome.followUps.empty());  // 3 rows < limit 1000
    ASSERT_EQ(parsed.events.size(), 3u);
    // Rows are [start, open, high, low, close, volume, turnover], newest first. (The docs
    // example is inverse, so "volume" is USD contracts there; linear sends coins.)
    expectCandle(parsed.events[0], "BTCUSD", 60'000,
                 {1670608800000, 17071, 17073, 17027, 17055.5, 268611, false});
    expectCandle(parsed.events[1], "BTCUSD", 60'000,
                 {1670605200000, 17071.5, 17071.5, 17061, 17071, 4177, true});
    expectCandle(parsed.events[2], "BTCUSD", 60'000,
                 {1670601600000, 17086.5, 17088, 16978, 17071.5, 6356, true});

    // One millisecond later the newest bar's minute is over.
    const RestParsed later =
        parseRest(*adapter, request, test::readFixture("bybit/rest_kline_docs_example.json"),
                  1'670'608'860'000);
    ASSERT_EQ(later.events.size(), 3u);
    ASSERT_NE(as<core::Candle>(later.events[0]), nullptr);
    EXPECT_TRUE(as<core::Candle>(later.events[0])->closed);
}

// A full page of `rows` one-minute bars, newest first, the newest opening at `newest`.
std::string klinePage(TimestampMs newest, std::size_t rows) {
    std::string list;
    for (std::size_t i = 0; i < rows; ++i) {
        if (i > 0) {
            list += ',';
        }
        const TimestampMs start = newest - static_cast<TimestampMs>(i) * 60'000;
        list += R"([")" + std::to_string(start) + R"(","100","101","99","100.5","2","200"])";
    }
    return R"({"retCode":0,"retMsg":"OK","result":{"category":"linear","symbol":"BTCUSDT",)"
           R"("list":[)" +
           list + R"(]},"retExtInfo":{},"time":1})";
}

TEST(BybitAdapter, KlinePagesContinueBelowTheOldestBarOfAFullPage) {
    const auto adapter = makeBybit();
    const TimestampMs start = 1'699'000'000'000;
    const TimestampMs end = 1'700'200'000'000;
    const RestRequest request = adapter->historyRequests("BTCUSDT", start, end)[1];

    // 1000 bars, newest at 1700100000000: oldest = 1700100000000 − 999 × 60000 = 1700040060000,
    // still after the start, so the next page ends 1 ms before it.
    const RestParsed full = parseRest(*adapter, request, klinePage(1'700'100'000'000, 1000));
    EXPECT_TRUE(full.outcome.ok);
    EXPECT_EQ(full.outcome.events, 1000u);
    ASSERT_EQ(full.outcome.followUps.size(), 1u);
    EXPECT_EQ(full.outcome.followUps[0],
              (RestRequest{"kline", "GET",
                           "/v5/market/kline?category=linear&symbol=BTCUSDT&interval=1"
                           "&start=1699000000000&end=1700040059999&limit=1000",
                           ""}));

    // The follow-up's own follow-up moves `end` again instead of adding a second one:
    // 1700040000000 − 999 × 60000 = 1699980060000, minus 1 ms.
    const RestParsed next =
        parseRest(*adapter, full.outcome.followUps[0], klinePage(1'700'040'000'000, 1000));
    ASSERT_EQ(next.outcome.followUps.size(), 1u);
    EXPECT_EQ(next.outcome.followUps[0].target,
              "/v5/market/kline?category=linear&symbol=BTCUSDT&interval=1"
              "&start=1699000000000&end=1699980059999&limit=1000");

    // A short page is the last one.
    EXPECT_TRUE(
        parseRest(*adapter, request, klinePage(1'700'100'000'000, 999)).outcome.followUps.empty());
    // Oldest bar exactly at the start: done.
    EXPECT_TRUE(parseRest(*adapter, request, klinePage(start + TimestampMs{999} * 60'000, 1000))
                    .outcome.followUps.empty());
    EXPECT_EQ(adapter->skipped().total(), 0u);
}

TEST(BybitAdapter, KlineRowsWithBadCellsAreSkippedAndCounted) {
    const auto adapter = makeBybit();
    const RestRequest request =
        adapter->historyRequests("BTCUSDT", 1'700'000'000'000, 1'700'086'400'000)[1];
    const std::string body = R"({"retCode":0,"retMsg":"OK","result":{"symbol":"BTCUSDT","list":[)"
                             R"(["1700000120000","100","101","99","100.5","2","200"],)"
                             R"("row",)"
                             R"(["1700000060000","100","101"],)"
                             R"(["1700000000000","100","NaN","99","100","2","200"],)"
                             R"(["1699999940000","100","101","99","100",2,"200"],)"
                             R"(["x","100","101","99","100","2","200"],)"
                             R"(["1699999880000","100","99","98","100","2","200"]]}})";
    const RestParsed parsed = parseRest(*adapter, request, body, 1'800'000'000'000);
    EXPECT_TRUE(parsed.outcome.ok);
    EXPECT_EQ(parsed.outcome.events, 1u);
    EXPECT_EQ(parsed.outcome.skippedRecords, 6u);
    EXPECT_EQ(parsed.outcome.detail, "wrong_type: result.list[1]");
    const core::SkipCounts& skipped = adapter->skipped();
    EXPECT_EQ(skipped.count(SkipReason::WrongType), 2u);           // "row", volume as number
    EXPECT_EQ(skipped.count(SkipReason::MissingField), 1u);        // 3 cells
    EXPECT_EQ(skipped.count(SkipReason::InvalidValue), 2u);        // "NaN", start "x"
    EXPECT_EQ(skipped.count(SkipReason::InconsistentCandle), 1u);  // high 99 < open 100
    ASSERT_EQ(parsed.events.size(), 1u);
    expectCandle(parsed.events[0], "BTCUSDT", 60'000,
                 {1700000120000, 100, 101, 99, 100.5, 2, true});
}

struct RestErrorCase {
    std::string name;
    std::string body;
    std::string detail;
};

std::ostream& operator<<(std::ostream& out, const RestErrorCase& c) { return out << c.name; }

class BybitAdapterRestError : public testing::TestWithParam<RestErrorCase> {};

TEST_P(BybitAdapterRestError, IsNotOkWithTheExactDetail) {
    const RestErrorCase& c = GetParam();
    const auto adapter = makeBybit();
    // Every request kind checks the envelope the same way.
    std::vector<RestRequest> requests = adapter->instrumentRequests("BTCUSDT");
    for (const RestRequest& history : adapter->historyRequests("BTCUSDT", 1, 2)) {
        requests.push_back(history);
    }
    for (const RestRequest& request : requests) {
        SCOPED_TRACE(request.name);
        const RestParsed parsed = parseRest(*adapter, request, c.body);
        EXPECT_FALSE(parsed.outcome.ok);
        EXPECT_EQ(parsed.outcome.detail, c.detail);
        EXPECT_TRUE(parsed.outcome.followUps.empty());
        EXPECT_TRUE(parsed.events.empty());
    }
    EXPECT_EQ(adapter->skipped().total(), 0u);
}

INSTANTIATE_TEST_SUITE_P(
    BybitEnvelope, BybitAdapterRestError,
    testing::Values(
        RestErrorCase{"ParameterError",
                      R"({"retCode":10001,"retMsg":"params error: symbol invalid","result":{},)"
                      R"("retExtInfo":{},"time":1672025956592})",
                      "retCode 10001: params error: symbol invalid"},
        RestErrorCase{"RateLimit",
                      R"({"retCode":10006,"retMsg":"Too many visits!","result":{},"time":1})",
                      "retCode 10006: Too many visits!"},
        RestErrorCase{"NotJson", "<html>403 Forbidden</html>", "malformed JSON"},
        RestErrorCase{"Truncated", R"({"retCode":0,"retMsg":"OK","result":{"list":[)",
                      "malformed JSON"},
        RestErrorCase{"Array", "[]", "not a JSON object"},
        RestErrorCase{"RetCodeMissing", R"({"retMsg":"OK","result":{"list":[]}})",
                      "missing_field: retCode"},
        RestErrorCase{"RetCodeText", R"({"retCode":"0","retMsg":"OK","result":{"list":[]}})",
                      "wrong_type: retCode"},
        RestErrorCase{"ResultMissing", R"({"retCode":0,"retMsg":"OK"})", "missing_field: result"},
        RestErrorCase{"ListMissing", R"({"retCode":0,"retMsg":"OK","result":{}})",
                      "missing_field: result.list"},
        RestErrorCase{"ListNotAnArray", R"({"retCode":0,"retMsg":"OK","result":{"list":{}}})",
                      "wrong_type: result.list"},
        RestErrorCase{"CursorNotAString",
                      R"({"retCode":0,"retMsg":"OK","result":{"list":[],"nextPageCursor":5}})",
                      "wrong_type: result.nextPageCursor"}),
    caseName);

TEST(BybitAdapter, RestRejectsARequestItDidNotDescribe) {
    const auto adapter = makeBybit();
    const RestParsed parsed =
        parseRest(*adapter, RestRequest{"tickers", "GET", "/v5/market/tickers", ""},
                  R"({"retCode":0,"retMsg":"OK","result":{"list":[]}})");
    EXPECT_FALSE(parsed.outcome.ok);
    EXPECT_EQ(parsed.outcome.detail, R"(unknown request name "tickers")");
}

}  // namespace
}  // namespace liqmap::exchange
