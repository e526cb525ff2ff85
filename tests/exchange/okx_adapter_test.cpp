// OKX v5 SWAP adapter: conformance on every captured frame and body in
// ../shared/exchanges/fixtures/okx (read in place), our own edge-case frames (inline, and the
// instruments body in tests/data/okx), the stream description, the REST requests, paging, the
// tier conversion and error envelopes. The adapter is reached through makeAdapter; its header,
// private to the library, is included by path only for the switch that turns the trades fast path
// off, so the edge cases run on both paths.
#include "okx/okx_adapter.h"

#include <gtest/gtest.h>

#include <chrono>       // std::chrono::seconds
#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint64_t
#include <memory>       // std::unique_ptr
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
#include "support/fixture_file.h"

namespace liqmap::exchange::okx {
namespace {

using core::SkipReason;
using Kind = FrameOutcome::Kind;

// OKX stamps every event itself; the receive time must never show up in an event.
constexpr core::TimestampMs kReceive = 1'234'567'890'123;

constexpr std::string_view kCryptofeedInstruments =
    "okx/rest_instruments_swap_cryptofeed_2022_trimmed.json";

RestRequest request(std::string name, std::string target, core::TimestampMs windowStartMs = 0) {
    RestRequest result;
    result.name = std::move(name);
    result.target = std::move(target);
    result.windowStartMs = windowStartMs;
    return result;
}

/// Fills the registry from `body` (an instruments response) and checks it parsed.
void loadInstruments(Adapter& adapter, const std::string& body) {
    std::vector<core::EventRecord> out;
    const RestOutcome outcome = adapter.parseRest(
        request("instruments", "/api/v5/public/instruments?instType=SWAP"), body, kReceive, out);
    ASSERT_TRUE(outcome.ok) << outcome.detail;
}

/// BTC-USDT-SWAP (ctVal 0.01), ETH-USDT-SWAP (0.1), DOGE-USDT-SWAP (1000) from the cryptofeed
/// capture; its inverse BTC-USD-SWAP is skipped (one unknown_type in skipped()).
void loadCryptofeedInstruments(Adapter& adapter) {
    loadInstruments(adapter, test::readFixture(kCryptofeedInstruments));
}

template <typename Event>
const Event* eventOf(const core::EventRecord& record) {
    return std::get_if<Event>(&record.event);
}

std::string describe(const FrameOutcome& outcome) {
    static constexpr std::string_view kKinds[] = {"Data", "Control", "ExchangeError", "Skipped"};
    return std::string(kKinds[static_cast<std::size_t>(outcome.kind)]) +
           " events=" + std::to_string(outcome.events) +
           " skippedRecords=" + std::to_string(outcome.skippedRecords) +
           " reason=" + std::string(core::toString(outcome.reason)) + " detail='" + outcome.detail +
           "'";
}

testing::AssertionResult isData(const FrameOutcome& outcome, std::size_t events,
                                std::size_t skippedRecords = 0) {
    if (outcome.kind == Kind::Data && outcome.events == events &&
        outcome.skippedRecords == skippedRecords) {
        return testing::AssertionSuccess();
    }
    return testing::AssertionFailure()
           << "got " << describe(outcome) << ", expected Data events=" << events
           << " skippedRecords=" << skippedRecords;
}

testing::AssertionResult isSkipped(const FrameOutcome& outcome, SkipReason reason,
                                   std::string_view detail) {
    if (outcome.kind == Kind::Skipped && outcome.reason == reason && outcome.detail == detail &&
        outcome.events == 0) {
        return testing::AssertionSuccess();
    }
    return testing::AssertionFailure() << "got " << describe(outcome) << ", expected Skipped "
                                       << core::toString(reason) << " '" << detail << "'";
}

// ---------------------------------------------------------------------------------------------
// Connections and requests

TEST(OkxAdapter, StreamsArePublicAndBusinessWithExactSubscriptions) {
    const auto adapter = makeAdapter(Venue::Okx);
    const Endpoints endpoints{"https://www.okx.com", "wss://ws.okx.com:8443"};
    const std::vector<StreamSpec> specs = adapter->streams(endpoints, "BTC-USDT-SWAP");
    ASSERT_EQ(specs.size(), 2u);

    EXPECT_EQ(specs[0].name, "public");
    EXPECT_EQ(specs[0].url, "wss://ws.okx.com:8443/ws/v5/public");
    EXPECT_EQ(specs[0].subscribeMessages,
              std::vector<std::string>{
                  R"({"op":"subscribe","args":[{"channel":"liquidation-orders","instType":"SWAP"},)"
                  R"({"channel":"open-interest","instId":"BTC-USDT-SWAP"},)"
                  R"({"channel":"mark-price","instId":"BTC-USDT-SWAP"},)"
                  R"({"channel":"trades","instId":"BTC-USDT-SWAP"}]})"});
    EXPECT_EQ(specs[1].name, "business");
    EXPECT_EQ(specs[1].url, "wss://ws.okx.com:8443/ws/v5/business");
    EXPECT_EQ(
        specs[1].subscribeMessages,
        std::vector<std::string>{
            R"({"op":"subscribe","args":[{"channel":"candle1m","instId":"BTC-USDT-SWAP"}]})"});

    for (const StreamSpec& spec : specs) {
        SCOPED_TRACE(spec.name);
        EXPECT_EQ(spec.heartbeat.kind, HeartbeatRule::Kind::ClientWhenIdle);
        EXPECT_EQ(spec.heartbeat.message, "ping");
        EXPECT_EQ(spec.heartbeat.interval, std::chrono::seconds(25));
        EXPECT_EQ(spec.staleAfter, std::chrono::seconds(55));
        EXPECT_EQ(spec.rotateAfter, std::chrono::milliseconds(0));
    }
}

TEST(OkxAdapter, StreamsUseTheGivenEndpointAndSymbol) {
    const auto adapter = makeAdapter(Venue::Okx);
    const std::vector<StreamSpec> specs = adapter->streams(
        Endpoints{"https://127.0.0.1:8443", "wss://127.0.0.1:9443"}, "ETH-USDC-SWAP");
    ASSERT_EQ(specs.size(), 2u);
    EXPECT_EQ(specs[0].url, "wss://127.0.0.1:9443/ws/v5/public");
    EXPECT_EQ(specs[1].url, "wss://127.0.0.1:9443/ws/v5/business");
    EXPECT_EQ(specs[0].subscribeMessages,
              std::vector<std::string>{
                  R"({"op":"subscribe","args":[{"channel":"liquidation-orders","instType":"SWAP"},)"
                  R"({"channel":"open-interest","instId":"ETH-USDC-SWAP"},)"
                  R"({"channel":"mark-price","instId":"ETH-USDC-SWAP"},)"
                  R"({"channel":"trades","instId":"ETH-USDC-SWAP"}]})"});
    EXPECT_EQ(
        specs[1].subscribeMessages,
        std::vector<std::string>{
            R"({"op":"subscribe","args":[{"channel":"candle1m","instId":"ETH-USDC-SWAP"}]})"});
}

TEST(OkxAdapter, InstrumentRequestsAskForAllSwapsAndTheIsolatedTiersOfTheFamily) {
    const auto adapter = makeAdapter(Venue::Okx);
    EXPECT_EQ(adapter->instrumentRequests("BTC-USDT-SWAP"),
              (std::vector<RestRequest>{
                  request("instruments", "/api/v5/public/instruments?instType=SWAP"),
                  request("position-tiers",
                          "/api/v5/public/position-tiers?instType=SWAP&tdMode=isolated"
                          "&instFamily=BTC-USDT"),
              }));
}

TEST(OkxAdapter, HistoryRequestsUseFiveMinuteOpenInterestUpToFiveDays) {
    const auto adapter = makeAdapter(Venue::Okx);
    const core::TimestampMs end = 1'700'432'000'000;
    const core::TimestampMs start = end - 5 * core::kDayMs;
    EXPECT_EQ(adapter->historyRequests("BTC-USDT-SWAP", start, end),
              (std::vector<RestRequest>{
                  // The queries name only the end; the request carries the window's start.
                  request("open-interest-history",
                          "/api/v5/rubik/stat/contracts/open-interest-history"
                          "?instId=BTC-USDT-SWAP&period=5m&end=1700432000000&limit=100",
                          start),
                  request("history-candles",
                          "/api/v5/market/history-candles"
                          "?instId=BTC-USDT-SWAP&bar=1m&after=1700432000001&limit=100",
                          start),
                  request("open-interest",
                          "/api/v5/public/open-interest?instType=SWAP&instId=BTC-USDT-SWAP"),
              }));
}

TEST(OkxAdapter, HistoryRequestsUseHourlyOpenInterestBeyondFiveDays) {
    const auto adapter = makeAdapter(Venue::Okx);
    const core::TimestampMs end = 1'700'432'000'000;
    const std::vector<RestRequest> requests =
        adapter->historyRequests("ETH-USDT-SWAP", end - 5 * core::kDayMs - 1, end);
    ASSERT_EQ(requests.size(), 3u);
    EXPECT_EQ(requests[0].target,
              "/api/v5/rubik/stat/contracts/open-interest-history"
              "?instId=ETH-USDT-SWAP&period=1H&end=1700432000000&limit=100");
}

TEST(OkxAdapter, HistoryRequestsAreEmptyForAWindowEndingBeforeItStarts) {
    const auto adapter = makeAdapter(Venue::Okx);
    EXPECT_TRUE(
        adapter->historyRequests("BTC-USDT-SWAP", 1'700'000'000'001, 1'700'000'000'000).empty());
}

TEST(OkxAdapter, HasNoPolls) {
    const auto adapter = makeAdapter(Venue::Okx);
    EXPECT_TRUE(adapter->pollRequests("BTC-USDT-SWAP").empty());
    EXPECT_EQ(adapter->pollInterval(), std::chrono::milliseconds(0));
    EXPECT_EQ(adapter->venue(), Venue::Okx);
}

// ---------------------------------------------------------------------------------------------
// Captured WebSocket frames (../shared/exchanges/fixtures/okx)

TEST(OkxAdapter, LiquidationDocsExampleIsSkippedUntilItsInstrumentIsKnown) {
    const auto adapter = makeAdapter(Venue::Okx);
    const std::string frame = test::readFixture("okx/ws_liquidation_orders_docs_example.json");
    std::vector<core::EventRecord> out;
    // No instruments yet: 13 contracts of an unknown size are not guessed.
    EXPECT_TRUE(isData(adapter->parseFrame(frame, kReceive, out), 0, 1));
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(adapter->skipped().count(SkipReason::UnknownInstrument), 1u);

    // Our own instruments body (tests/data/okx): IOST-USDT-SWAP with ctVal 1000 IOST.
    loadInstruments(*adapter, test::readTestData("okx/instruments_fixture_symbols.json"));
    const FrameOutcome outcome = adapter->parseFrame(frame, kReceive, out);
    EXPECT_TRUE(isData(outcome, 1));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].exchange, "okx");
    EXPECT_EQ(out[0].symbol, "IOST-USDT-SWAP");
    const auto* liquidation = eventOf<core::Liquidation>(out[0]);
    ASSERT_NE(liquidation, nullptr);
    EXPECT_EQ(liquidation->ts, 1692266434010);
    EXPECT_EQ(liquidation->side, core::Side::Short);  // posSide "short" (order side buy)
    EXPECT_EQ(liquidation->priceKind, core::PriceKind::Bankruptcy);
    EXPECT_DOUBLE_EQ(liquidation->price, 0.007831);
    EXPECT_DOUBLE_EQ(liquidation->qty, 13000);         // 13 contracts × 1000 IOST
    EXPECT_DOUBLE_EQ(liquidation->notional, 101.803);  // 13000 IOST × 0.007831
    EXPECT_EQ(adapter->skipped().total(), 1u);         // only the first attempt
}

TEST(OkxAdapter, LiquidationLiveFramesGiveThePositionSideInCoins) {
    const auto adapter = makeAdapter(Venue::Okx);
    loadCryptofeedInstruments(*adapter);
    loadInstruments(*adapter, test::readTestData("okx/instruments_fixture_symbols.json"));
    const std::vector<std::string> frames =
        test::readFixtureLines("okx/ws_liquidation_orders_live_2026.jsonl");
    ASSERT_EQ(frames.size(), 2u);
    std::vector<core::EventRecord> out;
    EXPECT_TRUE(isData(adapter->parseFrame(frames[0], kReceive, out), 1));
    EXPECT_TRUE(isData(adapter->parseFrame(frames[1], kReceive, out), 1));
    ASSERT_EQ(out.size(), 2u);

    EXPECT_EQ(out[0].symbol, "BTC-USDT-SWAP");
    const auto* btc = eventOf<core::Liquidation>(out[0]);
    ASSERT_NE(btc, nullptr);
    EXPECT_EQ(btc->ts, 1791565600771);
    EXPECT_EQ(btc->side, core::Side::Long);  // posSide "long", order side sell
    EXPECT_EQ(btc->priceKind, core::PriceKind::Bankruptcy);
    EXPECT_DOUBLE_EQ(btc->price, 82655.7);
    EXPECT_DOUBLE_EQ(btc->qty, 0.0855);           // 8.55 contracts × ctVal 0.01 BTC
    EXPECT_DOUBLE_EQ(btc->notional, 7067.06235);  // 0.0855 BTC × 82655.7

    // A symbol the map does not follow still comes out: the feed filters by symbol.
    EXPECT_EQ(out[1].symbol, "CELO-USDT-SWAP");
    const auto* celo = eventOf<core::Liquidation>(out[1]);
    ASSERT_NE(celo, nullptr);
    EXPECT_EQ(celo->ts, 1791565462608);
    EXPECT_EQ(celo->side, core::Side::Short);
    EXPECT_DOUBLE_EQ(celo->price, 0.09583);
    EXPECT_DOUBLE_EQ(celo->qty, 199790);           // 19979 contracts × ctVal 10 (our file)
    EXPECT_DOUBLE_EQ(celo->notional, 19145.8757);  // 199790 × 0.09583
}

TEST(OkxAdapter, LiquidationOfAFuturesContractIsAnUnknownInstrument) {
    // instType FUTURES, XRP-USD-230929 (inverse, expiring): liqmap registers linear swaps only,
    // so its contract size is unknown and the record is counted, not guessed.
    const auto adapter = makeAdapter(Venue::Okx);
    loadCryptofeedInstruments(*adapter);
    const std::vector<std::string> frames =
        test::readFixtureLines("okx/ws_liquidation_orders_tardis_2023.jsonl");
    ASSERT_EQ(frames.size(), 1u);
    std::vector<core::EventRecord> out;
    const FrameOutcome outcome = adapter->parseFrame(frames[0], kReceive, out);
    EXPECT_TRUE(isData(outcome, 0, 1));
    EXPECT_EQ(outcome.reason, SkipReason::UnknownInstrument);
    EXPECT_EQ(outcome.detail, "data[0].instId");
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(adapter->skipped().count(SkipReason::UnknownInstrument), 1u);
}

TEST(OkxAdapter, OpenInterestFixtureIsCoinsWithOptionalUsd) {
    // oiCcy is in coins already: no instrument needed.
    const auto adapter = makeAdapter(Venue::Okx);
    const std::vector<std::string> frames = test::readFixtureLines("okx/ws_open_interest.jsonl");
    ASSERT_EQ(frames.size(), 2u);
    std::vector<core::EventRecord> out;
    EXPECT_TRUE(isData(adapter->parseFrame(frames[0], kReceive, out), 1));
    EXPECT_TRUE(isData(adapter->parseFrame(frames[1], kReceive, out), 1));
    ASSERT_EQ(out.size(), 2u);

    EXPECT_EQ(out[0].symbol, "WNCG-USDT-SWAP");
    const auto* wncg = eventOf<core::OpenInterest>(out[0]);
    ASSERT_NE(wncg, nullptr);
    EXPECT_EQ(wncg->ts, 1640131258756);
    EXPECT_DOUBLE_EQ(wncg->qty, 644195);
    EXPECT_FALSE(wncg->notional.has_value());  // 2021: no oiUsd yet

    EXPECT_EQ(out[1].symbol, "BTC-USDT-SWAP");
    const auto* btc = eventOf<core::OpenInterest>(out[1]);
    ASSERT_NE(btc, nullptr);
    EXPECT_EQ(btc->ts, 1743041250440);
    EXPECT_DOUBLE_EQ(btc->qty, 22161.1301000000309);  // oiCcy, not oi (contracts)
    ASSERT_TRUE(btc->notional.has_value());
    EXPECT_DOUBLE_EQ(*btc->notional, 1939251795.54769270396321);
    EXPECT_EQ(adapter->skipped().total(), 0u);
}

TEST(OkxAdapter, MarkPriceFixtureNeedsNoInstrument) {
    const auto adapter = makeAdapter(Venue::Okx);
    const std::vector<std::string> frames =
        test::readFixtureLines("okx/ws_mark_price_tardis.jsonl");
    ASSERT_EQ(frames.size(), 2u);
    std::vector<core::EventRecord> out;
    EXPECT_TRUE(isData(adapter->parseFrame(frames[0], kReceive, out), 1));
    // A futures mark (FIL-USDT-220325) is a price like any other; only sizes need ctVal.
    EXPECT_TRUE(isData(adapter->parseFrame(frames[1], kReceive, out), 1));
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].symbol, "WNCG-USDT-SWAP");
    const auto* wncg = eventOf<core::MarkPrice>(out[0]);
    ASSERT_NE(wncg, nullptr);
    EXPECT_EQ(wncg->ts, 1640131259180);
    EXPECT_DOUBLE_EQ(wncg->price, 2.1729);
    EXPECT_FALSE(wncg->index.has_value());
    EXPECT_FALSE(wncg->funding.has_value());
    EXPECT_EQ(out[1].symbol, "FIL-USDT-220325");
    const auto* fil = eventOf<core::MarkPrice>(out[1]);
    ASSERT_NE(fil, nullptr);
    EXPECT_EQ(fil->ts, 1640140257676);
    EXPECT_DOUBLE_EQ(fil->price, 36.662);
}

TEST(OkxAdapter, TradesFixtureConvertsContractsOfKnownSwapsOnly) {
    const auto adapter = makeAdapter(Venue::Okx);
    loadCryptofeedInstruments(*adapter);
    const std::vector<std::string> frames = test::readFixtureLines("okx/ws_trades_swap.jsonl");
    ASSERT_EQ(frames.size(), 3u);
    std::vector<core::EventRecord> out;

    // UNI-USD-SWAP is an inverse swap, not registered.
    const FrameOutcome inverse = adapter->parseFrame(frames[0], kReceive, out);
    EXPECT_TRUE(isData(inverse, 0, 1));
    EXPECT_EQ(inverse.reason, SkipReason::UnknownInstrument);
    EXPECT_EQ(inverse.detail, "data[0].instId");

    EXPECT_TRUE(isData(adapter->parseFrame(frames[1], kReceive, out), 1));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].exchange, "okx");
    EXPECT_EQ(out[0].symbol, "BTC-USDT-SWAP");
    const auto* trade = eventOf<core::Trade>(out[0]);
    ASSERT_NE(trade, nullptr);
    EXPECT_EQ(trade->ts, 1640131236050);
    EXPECT_DOUBLE_EQ(trade->price, 48938.5);
    EXPECT_DOUBLE_EQ(trade->qty, 0.05);  // 5 contracts × ctVal 0.01 BTC
    EXPECT_EQ(trade->aggressor, core::Aggressor::Buy);

    // BTC-USDT is spot (sizes in coins there, but not an instrument the registry holds).
    const FrameOutcome spot = adapter->parseFrame(frames[2], kReceive, out);
    EXPECT_TRUE(isData(spot, 0, 1));
    EXPECT_EQ(spot.reason, SkipReason::UnknownInstrument);
    EXPECT_EQ(out.size(), 1u);
    // One for the inverse instrument row, two for the trades.
    EXPECT_EQ(adapter->skipped().count(SkipReason::UnknownInstrument), 2u);
}

TEST(OkxAdapter, CandleDocsExampleIsADailyOpenBarWithCoinVolume) {
    // candle1D ⇒ 1 day; confirm "0" ⇒ open; volume = volCcy (index 6). The doc example is a
    // spot instrument, where volCcy would be quote currency; liqmap subscribes swaps only,
    // where it is the base coin, and the adapter reads the same column either way.
    const auto adapter = makeAdapter(Venue::Okx);
    const std::vector<std::string> frames =
        test::readFixtureLines("okx/ws_candle_docs_example.jsonl");
    ASSERT_EQ(frames.size(), 2u);
    std::vector<core::EventRecord> out;
    EXPECT_TRUE(isData(adapter->parseFrame(frames[0], kReceive, out), 1));
    EXPECT_TRUE(isData(adapter->parseFrame(frames[1], kReceive, out), 1));
    ASSERT_EQ(out.size(), 2u);

    EXPECT_EQ(out[0].symbol, "BTC-USDT");
    const auto* first = eventOf<core::Candle>(out[0]);
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(first->ts, 1597026383085);
    EXPECT_EQ(first->intervalMs, 86'400'000);
    EXPECT_DOUBLE_EQ(first->open, 8533.02);
    EXPECT_DOUBLE_EQ(first->high, 8553.74);
    EXPECT_DOUBLE_EQ(first->low, 8527.17);
    EXPECT_DOUBLE_EQ(first->close, 8548.26);
    EXPECT_DOUBLE_EQ(first->volume, 529.5858061);
    EXPECT_FALSE(first->closed);

    const auto* second = eventOf<core::Candle>(out[1]);
    ASSERT_NE(second, nullptr);
    EXPECT_EQ(second->ts, 1629993600000);
    EXPECT_EQ(second->intervalMs, 86'400'000);
    EXPECT_DOUBLE_EQ(second->open, 42500);
    EXPECT_DOUBLE_EQ(second->high, 48199.9);
    EXPECT_DOUBLE_EQ(second->low, 41006.1);
    EXPECT_DOUBLE_EQ(second->close, 41006.1);
    EXPECT_DOUBLE_EQ(second->volume, 166741046.22583129);
    EXPECT_FALSE(second->closed);
}

TEST(OkxAdapter, FundingRateAndTickersAreChannelsLiqmapDoesNotUse) {
    // liqmap never subscribes to them (funding is not in the estimator; tickers carry neither
    // mark, OI nor funding on OKX), so receiving one is an unexpected channel: UnknownType,
    // counted, rather than a silent Control.
    const auto adapter = makeAdapter(Venue::Okx);
    std::vector<core::EventRecord> out;
    std::size_t frames = 0;
    for (const char* file : {"okx/ws_funding_rate.jsonl", "okx/ws_tickers_swap.jsonl"}) {
        for (const std::string& frame : test::readFixtureLines(file)) {
            SCOPED_TRACE(frame);
            EXPECT_TRUE(isSkipped(adapter->parseFrame(frame, kReceive, out),
                                  SkipReason::UnknownType, "arg.channel"));
            ++frames;
        }
    }
    EXPECT_EQ(frames, 4u);
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(adapter->skipped().count(SkipReason::UnknownType), 4u);
    EXPECT_EQ(adapter->skipped().total(), 4u);
}

TEST(OkxAdapter, ControlFramesFixtureHasAcksRequestsAndOneError) {
    const auto adapter = makeAdapter(Venue::Okx);
    const std::vector<std::string> frames = test::readFixtureLines("okx/ws_control_frames.jsonl");
    ASSERT_EQ(frames.size(), 5u);
    std::vector<core::EventRecord> out;
    // Lines 1 and 3 are the client's own subscribe requests (the capture records both
    // directions); 2 and 4 are acks, with and without connId.
    for (const std::size_t line : {0u, 1u, 2u, 3u}) {
        SCOPED_TRACE(frames[line]);
        const FrameOutcome outcome = adapter->parseFrame(frames[line], kReceive, out);
        EXPECT_EQ(outcome.kind, Kind::Control) << describe(outcome);
        EXPECT_EQ(outcome.detail, "");
    }
    const FrameOutcome error = adapter->parseFrame(frames[4], kReceive, out);
    EXPECT_EQ(error.kind, Kind::ExchangeError);
    EXPECT_EQ(error.detail,
              R"(code 60012: Invalid request: {"op": "subscribe", "argss":[{ "channel" : )"
              R"("open-interest", "instId" : "LTC-USD-SWAP"}]})");
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(adapter->skipped().total(), 0u);  // errors are reported, not counted as skips
}

TEST(OkxAdapter, PlainTextPongAndNoticeAreControl) {
    const auto adapter = makeAdapter(Venue::Okx);
    std::vector<core::EventRecord> out;
    EXPECT_EQ(adapter->parseFrame("pong", kReceive, out).kind, Kind::Control);
    EXPECT_EQ(adapter->parseFrame("ping", kReceive, out).kind, Kind::Control);
    const FrameOutcome notice = adapter->parseFrame(
        R"({"event":"notice","code":"64008","msg":"The connection will soon be closed for a )"
        R"(service upgrade. Please reconnect.","connId":"a4d3ae55"})",
        kReceive, out);
    EXPECT_EQ(notice.kind, Kind::Control);
    EXPECT_EQ(notice.detail,
              "The connection will soon be closed for a service upgrade. Please reconnect.");
    const FrameOutcome unsubscribed = adapter->parseFrame(
        R"({"event":"unsubscribe","arg":{"channel":"trades","instId":"BTC-USDT-SWAP"}})", kReceive,
        out);
    EXPECT_EQ(unsubscribed.kind, Kind::Control);
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(adapter->skipped().total(), 0u);
}

// ---------------------------------------------------------------------------------------------
// Our own frames: records the adapter must read in a particular way

TEST(OkxAdapter, NetPositionSideFallsBackToTheOrderSide) {
    // One-way mode reports posSide "net" (older frames omit it): a sell order closed a long,
    // a buy order a short.
    const auto adapter = makeAdapter(Venue::Okx);
    loadCryptofeedInstruments(*adapter);
    std::vector<core::EventRecord> out;
    const FrameOutcome outcome = adapter->parseFrame(
        R"({"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"details":[)"
        R"({"bkLoss":"0","bkPx":"30000","ccy":"","posSide":"net","side":"sell","sz":"2","ts":"1700000000000"},)"
        R"({"bkLoss":"0","bkPx":"31000","ccy":"","side":"buy","sz":"3","ts":"1700000000500"},)"
        R"({"bkLoss":"0","bkPx":"32000","ccy":"","posSide":"","side":"buy","sz":"1","ts":"1700000000900"}],)"
        R"("instFamily":"ETH-USDT","instId":"ETH-USDT-SWAP","instType":"SWAP","uly":"ETH-USDT"}]})",
        kReceive, out);
    EXPECT_TRUE(isData(outcome, 3));
    ASSERT_EQ(out.size(), 3u);
    const auto* first = eventOf<core::Liquidation>(out[0]);
    const auto* second = eventOf<core::Liquidation>(out[1]);
    const auto* third = eventOf<core::Liquidation>(out[2]);
    ASSERT_NE(first, nullptr);
    ASSERT_NE(second, nullptr);
    ASSERT_NE(third, nullptr);
    EXPECT_EQ(first->side, core::Side::Long);
    EXPECT_DOUBLE_EQ(first->qty, 0.2);        // 2 contracts × ctVal 0.1 ETH
    EXPECT_DOUBLE_EQ(first->notional, 6000);  // 0.2 ETH × 30000
    EXPECT_EQ(second->side, core::Side::Short);
    EXPECT_DOUBLE_EQ(second->qty, 0.3);        // 3 × 0.1
    EXPECT_DOUBLE_EQ(second->notional, 9300);  // 0.3 × 31000
    EXPECT_EQ(second->ts, 1700000000500);
    EXPECT_EQ(third->side, core::Side::Short);
}

TEST(OkxAdapter, OpenInterestWithoutCoinsUsesContractsTimesContractValue) {
    const auto adapter = makeAdapter(Venue::Okx);
    std::vector<core::EventRecord> out;
    constexpr std::string_view kFrame =
        R"({"arg":{"channel":"open-interest","instId":"BTC-USDT-SWAP"},"data":[{"instId":)"
        R"("BTC-USDT-SWAP","instType":"SWAP","oi":"2500","oiUsd":"","ts":"1700000000000"}]})";
    // Before the instruments: the contracts cannot be converted.
    const FrameOutcome unknown = adapter->parseFrame(kFrame, kReceive, out);
    EXPECT_TRUE(isData(unknown, 0, 1));
    EXPECT_EQ(unknown.reason, SkipReason::UnknownInstrument);
    EXPECT_EQ(unknown.detail, "data[0].instId");

    loadCryptofeedInstruments(*adapter);
    EXPECT_TRUE(isData(adapter->parseFrame(kFrame, kReceive, out), 1));
    ASSERT_EQ(out.size(), 1u);
    const auto* oi = eventOf<core::OpenInterest>(out[0]);
    ASSERT_NE(oi, nullptr);
    EXPECT_DOUBLE_EQ(oi->qty, 25);           // 2500 contracts × 0.01 BTC
    EXPECT_FALSE(oi->notional.has_value());  // oiUsd "" = not applicable
    EXPECT_EQ(oi->ts, 1700000000000);
}

TEST(OkxAdapter, CandleChannelNamesGiveTheInterval) {
    struct Case {
        std::string_view channel;
        core::TimestampMs intervalMs;
    };
    for (const Case& c : {Case{"candle1m", core::kMinuteMs},
                          Case{"candle15m", 15 * core::kMinuteMs}, Case{"candle1H", core::kHourMs},
                          Case{"candle4H", 4 * core::kHourMs}, Case{"candle1D", core::kDayMs},
                          Case{"candle6Hutc", 6 * core::kHourMs}, Case{"candle1Dutc", core::kDayMs},
                          Case{"candle1W", 7 * core::kDayMs}, Case{"candle1s", 1000}}) {
        SCOPED_TRACE(c.channel);
        const auto adapter = makeAdapter(Venue::Okx);
        std::vector<core::EventRecord> out;
        const std::string frame = R"({"arg":{"channel":")" + std::string(c.channel) +
                                  R"(","instId":"BTC-USDT-SWAP"},"data":[["1700000000000",)"
                                  R"("100","110","90","105","12","0.12","12.6","1"]]})";
        EXPECT_TRUE(isData(adapter->parseFrame(frame, kReceive, out), 1));
        ASSERT_EQ(out.size(), 1u);
        const auto* candle = eventOf<core::Candle>(out[0]);
        ASSERT_NE(candle, nullptr);
        EXPECT_EQ(candle->intervalMs, c.intervalMs);
        EXPECT_TRUE(candle->closed);             // confirm "1"
        EXPECT_DOUBLE_EQ(candle->volume, 0.12);  // volCcy, not vol (contracts)
        EXPECT_EQ(out[0].symbol, "BTC-USDT-SWAP");
    }
    // Months have no fixed length, and "candle1M" is a month, not a minute.
    for (const std::string_view channel :
         {"candle1M", "candle3Mutc", "candle", "candlexm", "candle1ms", "mark-price-candle1m"}) {
        SCOPED_TRACE(channel);
        const auto adapter = makeAdapter(Venue::Okx);
        std::vector<core::EventRecord> out;
        const std::string frame = R"({"arg":{"channel":")" + std::string(channel) +
                                  R"(","instId":"BTC-USDT-SWAP"},"data":[["1700000000000",)"
                                  R"("100","110","90","105","12","0.12","12.6","1"]]})";
        EXPECT_TRUE(isSkipped(adapter->parseFrame(frame, kReceive, out), SkipReason::UnknownType,
                              "arg.channel"));
    }
}

// ---------------------------------------------------------------------------------------------
// Edge cases, one frame each: the exact outcome and the count it leaves in skipped()

struct FrameCase {
    const char* name;
    std::string_view frame;
    Kind kind;
    std::size_t events;
    std::size_t skippedRecords;
    SkipReason reason;
    std::string_view detail;
};

std::ostream& operator<<(std::ostream& os, const FrameCase& c) { return os << c.name; }

constexpr SkipReason kNone = SkipReason::MalformedJson;  // unused when nothing is skipped

// clang-format off
const FrameCase kFrameCases[] = {
    // Not JSON, or not a JSON object.
    {"Truncated", R"({"arg":{"channel":"trades","instId":"BTC-USDT-SWAP"},"data":[{"instId")", Kind::Skipped, 0, 0, SkipReason::MalformedJson, ""},
    {"Empty", "", Kind::Skipped, 0, 0, SkipReason::MalformedJson, ""},
    {"PlainText", "hello", Kind::Skipped, 0, 0, SkipReason::MalformedJson, ""},
    {"PongWithNewline", "pong\n", Kind::Skipped, 0, 0, SkipReason::MalformedJson, ""},
    {"EmptyArray", "[]", Kind::Skipped, 0, 0, SkipReason::MalformedJson, ""},
    {"Number", "42", Kind::Skipped, 0, 0, SkipReason::MalformedJson, ""},
    {"String", R"("x")", Kind::Skipped, 0, 0, SkipReason::MalformedJson, ""},
    // Envelope.
    {"EventNotText", R"({"event":42})", Kind::Skipped, 0, 0, SkipReason::WrongType, "event"},
    {"UnknownEvent", R"({"event":"channel-conn-count","channel":"orders","connCount":"2","connId":"a4d3ae55"})", Kind::Skipped, 0, 0, SkipReason::UnknownType, "event"},
    {"ErrorWithNumericCode", R"({"event":"error","code":60018,"msg":"Wrong URL or channel"})", Kind::ExchangeError, 0, 0, kNone, "code 60018: Wrong URL or channel"},
    {"NoArg", R"({"data":[]})", Kind::Skipped, 0, 0, SkipReason::MissingField, "arg"},
    {"NullArg", R"({"arg":null,"data":[]})", Kind::Skipped, 0, 0, SkipReason::MissingField, "arg"},
    {"ArgNotObject", R"({"arg":"trades","data":[]})", Kind::Skipped, 0, 0, SkipReason::WrongType, "arg"},
    {"NoChannel", R"({"arg":{"instId":"BTC-USDT-SWAP"},"data":[]})", Kind::Skipped, 0, 0, SkipReason::MissingField, "arg.channel"},
    {"ChannelNotText", R"({"arg":{"channel":7},"data":[]})", Kind::Skipped, 0, 0, SkipReason::WrongType, "arg.channel"},
    {"UnusedChannel", R"({"arg":{"channel":"books5","instId":"BTC-USDT-SWAP"},"data":[]})", Kind::Skipped, 0, 0, SkipReason::UnknownType, "arg.channel"},
    {"CandleWithoutInstId", R"({"arg":{"channel":"candle1m"},"data":[]})", Kind::Skipped, 0, 0, SkipReason::MissingField, "arg.instId"},
    {"NoData", R"({"arg":{"channel":"trades","instId":"BTC-USDT-SWAP"}})", Kind::Skipped, 0, 0, SkipReason::MissingField, "data"},
    {"DataNotArray", R"({"arg":{"channel":"trades","instId":"BTC-USDT-SWAP"},"data":{"px":"1"}})", Kind::Skipped, 0, 0, SkipReason::WrongType, "data"},
    {"EmptyData", R"({"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[]})", Kind::Data, 0, 0, kNone, ""},
    // Mark price numbers.
    {"MarkNaN", R"({"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","markPx":"NaN","ts":"1700000000000"}]})", Kind::Data, 0, 1, SkipReason::InvalidValue, "data[0].markPx"},
    {"MarkLowerNan", R"({"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","markPx":"nan","ts":"1700000000000"}]})", Kind::Data, 0, 1, SkipReason::InvalidValue, "data[0].markPx"},
    {"MarkInf", R"({"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","markPx":"inf","ts":"1700000000000"}]})", Kind::Data, 0, 1, SkipReason::InvalidValue, "data[0].markPx"},
    {"MarkBeyondDouble", R"({"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","markPx":"1e400","ts":"1700000000000"}]})", Kind::Data, 0, 1, SkipReason::InvalidValue, "data[0].markPx"},
    {"MarkHuge", R"({"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","markPx":"1e300","ts":"1700000000000"}]})", Kind::Data, 0, 1, SkipReason::OutOfRange, "data[0].price"},
    {"MarkZero", R"({"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","markPx":"0","ts":"1700000000000"}]})", Kind::Data, 0, 1, SkipReason::InvalidValue, "data[0].markPx"},
    {"MarkNegative", R"({"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","markPx":"-42000","ts":"1700000000000"}]})", Kind::Data, 0, 1, SkipReason::InvalidValue, "data[0].markPx"},
    {"MarkEmptyString", R"({"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","markPx":"","ts":"1700000000000"}]})", Kind::Data, 0, 1, SkipReason::InvalidValue, "data[0].markPx"},
    {"MarkAsJsonNumber", R"({"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","markPx":42000.5,"ts":"1700000000000"}]})", Kind::Data, 0, 1, SkipReason::WrongType, "data[0].markPx"},
    {"MarkMissingInstId", R"({"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[{"markPx":"42000.5","ts":"1700000000000"}]})", Kind::Data, 0, 1, SkipReason::MissingField, "data[0].instId"},
    {"MarkRecordNotObject", R"({"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":["42000.5"]})", Kind::Data, 0, 1, SkipReason::WrongType, "data[0]"},
    {"MarkExtraFields", R"({"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP","extra":1},"data":[{"instId":"BTC-USDT-SWAP","instType":"SWAP","markPx":"42000.5","ts":"1700000000000","newField":{"a":[1,2]}}],"more":true})", Kind::Data, 1, 0, kNone, ""},
    // Timestamps.
    {"TsMissing", R"({"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","markPx":"42000.5"}]})", Kind::Data, 0, 1, SkipReason::MissingField, "data[0].ts"},
    {"TsNotDigits", R"({"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","markPx":"42000.5","ts":"abc"}]})", Kind::Data, 0, 1, SkipReason::InvalidValue, "data[0].ts"},
    {"TsFraction", R"({"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","markPx":"42000.5","ts":1700000000000.5}]})", Kind::Data, 0, 1, SkipReason::WrongType, "data[0].ts"},
    {"TsZero", R"({"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","markPx":"42000.5","ts":"0"}]})", Kind::Data, 0, 1, SkipReason::InvalidValue, "data[0].ts"},
    {"TsAfter2100", R"({"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","markPx":"42000.5","ts":"9999999999999"}]})", Kind::Data, 0, 1, SkipReason::OutOfRange, "data[0].ts"},
    {"TsBeyondInt64", R"({"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","markPx":"42000.5","ts":"99999999999999999999"}]})", Kind::Data, 0, 1, SkipReason::InvalidValue, "data[0].ts"},
    // Trades (BTC-USDT-SWAP is registered with ctVal 0.01).
    {"TradeUnknownSide", R"({"arg":{"channel":"trades","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","tradeId":"1","px":"42000","sz":"1","side":"BUY","ts":"1700000000000"}]})", Kind::Data, 0, 1, SkipReason::InvalidValue, "data[0].side"},
    {"TradeZeroSize", R"({"arg":{"channel":"trades","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","tradeId":"1","px":"42000","sz":"0","side":"buy","ts":"1700000000000"}]})", Kind::Data, 0, 1, SkipReason::InvalidValue, "data[0].sz"},
    {"TradeSizeNotText", R"({"arg":{"channel":"trades","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","tradeId":"1","px":"42000","sz":true,"side":"buy","ts":"1700000000000"}]})", Kind::Data, 0, 1, SkipReason::WrongType, "data[0].sz"},
    {"TradeHugeSize", R"({"arg":{"channel":"trades","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","tradeId":"1","px":"42000","sz":"1e20","side":"buy","ts":"1700000000000"}]})", Kind::Data, 0, 1, SkipReason::OutOfRange, "data[0].qty"},
    {"TradeOneBadAmongGood", R"({"arg":{"channel":"trades","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","tradeId":"1","px":"42000","sz":"1","side":"buy","ts":"1700000000000"},{"instId":"BTC-USDT-SWAP","tradeId":"2","px":"","sz":"1","side":"sell","ts":"1700000000001"},{"instId":"BTC-USDT-SWAP","tradeId":"3","px":"42001","sz":"2","side":"sell","ts":"1700000000002","count":"3","source":"0","seqId":1234}]})", Kind::Data, 2, 1, SkipReason::InvalidValue, "data[1].px"},
    {"TradeUnknownInstrument", R"({"arg":{"channel":"trades","instId":"SOL-USDT-SWAP"},"data":[{"instId":"SOL-USDT-SWAP","tradeId":"1","px":"42","sz":"1","side":"buy","ts":"1700000000000"}]})", Kind::Data, 0, 1, SkipReason::UnknownInstrument, "data[0].instId"},
    // Liquidations.
    {"LiquidationRecordNotObject", R"({"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[7]})", Kind::Data, 0, 1, SkipReason::WrongType, "data[0]"},
    {"LiquidationDetailsNotArray", R"({"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"instId":"BTC-USDT-SWAP","details":{}}]})", Kind::Data, 0, 1, SkipReason::WrongType, "data[0].details"},
    {"LiquidationNoDetails", R"({"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"instId":"BTC-USDT-SWAP"}]})", Kind::Data, 0, 1, SkipReason::MissingField, "data[0].details"},
    {"LiquidationEmptyDetails", R"({"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"instId":"BTC-USDT-SWAP","details":[]}]})", Kind::Data, 0, 0, kNone, ""},
    {"LiquidationUnknownPosSide", R"({"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"instId":"BTC-USDT-SWAP","details":[{"bkPx":"30000","posSide":"both","side":"sell","sz":"1","ts":"1700000000000"}]}]})", Kind::Data, 0, 1, SkipReason::InvalidValue, "data[0].details[0].posSide"},
    {"LiquidationPosSideNotText", R"({"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"instId":"BTC-USDT-SWAP","details":[{"bkPx":"30000","posSide":1,"side":"sell","sz":"1","ts":"1700000000000"}]}]})", Kind::Data, 0, 1, SkipReason::WrongType, "data[0].details[0].posSide"},
    {"LiquidationNetWithoutSide", R"({"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"instId":"BTC-USDT-SWAP","details":[{"bkPx":"30000","posSide":"net","sz":"1","ts":"1700000000000"}]}]})", Kind::Data, 0, 1, SkipReason::MissingField, "data[0].details[0].side"},
    {"LiquidationNetUnknownSide", R"({"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"instId":"BTC-USDT-SWAP","details":[{"bkPx":"30000","posSide":"net","side":"close","sz":"1","ts":"1700000000000"}]}]})", Kind::Data, 0, 1, SkipReason::InvalidValue, "data[0].details[0].side"},
    {"LiquidationNotionalTooLarge", R"({"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"instId":"BTC-USDT-SWAP","details":[{"bkPx":"100000000","posSide":"long","side":"sell","sz":"1e14","ts":"1700000000000"}]}]})", Kind::Data, 0, 1, SkipReason::OutOfRange, "data[0].details[0].notional"},
    {"LiquidationOneBadOfTwo", R"({"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"instId":"BTC-USDT-SWAP","details":[{"bkPx":"30000","posSide":"long","side":"sell","sz":"-1","ts":"1700000000000"},{"bkPx":"30000","posSide":"long","side":"sell","sz":"1","ts":"1700000000000"}]}]})", Kind::Data, 1, 1, SkipReason::InvalidValue, "data[0].details[0].sz"},
    {"LiquidationUnknownInstrumentCountsEachRecord", R"({"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"instId":"BTC-USD-SWAP","details":[{"bkPx":"30000","posSide":"long","side":"sell","sz":"1","ts":"1700000000000"},{"bkPx":"30001","posSide":"long","side":"sell","sz":"1","ts":"1700000000001"}]},{"instId":"BTC-USDT-SWAP","details":[{"bkPx":"30000","posSide":"short","side":"buy","sz":"1","ts":"1700000000002"}]}]})", Kind::Data, 1, 2, SkipReason::UnknownInstrument, "data[0].instId"},
    // Open interest.
    {"OpenInterestNegativeCoins", R"({"arg":{"channel":"open-interest","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","oi":"100","oiCcy":"-1","ts":"1700000000000"}]})", Kind::Data, 0, 1, SkipReason::InvalidValue, "data[0].oiCcy"},
    {"OpenInterestZeroIsValid", R"({"arg":{"channel":"open-interest","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","oi":"0","oiCcy":"0","oiUsd":"0","ts":"1700000000000"}]})", Kind::Data, 1, 0, kNone, ""},
    {"OpenInterestUsdNotText", R"({"arg":{"channel":"open-interest","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","oiCcy":"5","oiUsd":5,"ts":"1700000000000"}]})", Kind::Data, 0, 1, SkipReason::WrongType, "data[0].oiUsd"},
    {"OpenInterestContractsMissing", R"({"arg":{"channel":"open-interest","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","ts":"1700000000000"}]})", Kind::Data, 0, 1, SkipReason::MissingField, "data[0].oi"},
    // Candles.
    {"CandleRowNotArray", R"({"arg":{"channel":"candle1m","instId":"BTC-USDT-SWAP"},"data":[{"ts":"1700000000000"}]})", Kind::Data, 0, 1, SkipReason::WrongType, "data[0]"},
    {"CandleRowShort", R"({"arg":{"channel":"candle1m","instId":"BTC-USDT-SWAP"},"data":[["1700000000000","100","110","90","105","12","0.12"]]})", Kind::Data, 0, 1, SkipReason::MissingField, "data[0][8]"},
    {"CandleBadConfirm", R"({"arg":{"channel":"candle1m","instId":"BTC-USDT-SWAP"},"data":[["1700000000000","100","110","90","105","12","0.12","12.6","2"]]})", Kind::Data, 0, 1, SkipReason::InvalidValue, "data[0][8]"},
    {"CandleConfirmNotText", R"({"arg":{"channel":"candle1m","instId":"BTC-USDT-SWAP"},"data":[["1700000000000","100","110","90","105","12","0.12","12.6",1]]})", Kind::Data, 0, 1, SkipReason::WrongType, "data[0][8]"},
    {"CandleNaNHigh", R"({"arg":{"channel":"candle1m","instId":"BTC-USDT-SWAP"},"data":[["1700000000000","100","NaN","90","105","12","0.12","12.6","0"]]})", Kind::Data, 0, 1, SkipReason::InvalidValue, "data[0][2]"},
    {"CandleNegativeVolume", R"({"arg":{"channel":"candle1m","instId":"BTC-USDT-SWAP"},"data":[["1700000000000","100","110","90","105","12","-0.12","12.6","0"]]})", Kind::Data, 0, 1, SkipReason::InvalidValue, "data[0][6]"},
    {"CandleLowAboveClose", R"({"arg":{"channel":"candle1m","instId":"BTC-USDT-SWAP"},"data":[["1700000000000","100","110","104","103","12","0.12","12.6","0"]]})", Kind::Data, 0, 1, SkipReason::InconsistentCandle, "data[0].low"},
    {"CandleNullTs", R"({"arg":{"channel":"candle1m","instId":"BTC-USDT-SWAP"},"data":[[null,"100","110","90","105","12","0.12","12.6","0"]]})", Kind::Data, 0, 1, SkipReason::MissingField, "data[0][0]"},
};
// clang-format on

class OkxAdapterFrame : public testing::TestWithParam<FrameCase> {};

TEST_P(OkxAdapterFrame, HasTheExactOutcomeAndCount) {
    const FrameCase& c = GetParam();
    // The same outcome with and without the trades fast path.
    for (const bool fastTrades : {true, false}) {
        SCOPED_TRACE(fastTrades ? "fast path on" : "fast path off");
        OkxAdapter adapter(fastTrades);
        loadCryptofeedInstruments(adapter);
        const std::uint64_t before = adapter.skipped().total();  // the inverse instrument row
        std::vector<core::EventRecord> out;
        const FrameOutcome outcome = adapter.parseFrame(c.frame, kReceive, out);
        EXPECT_EQ(outcome.kind, c.kind) << describe(outcome);
        EXPECT_EQ(outcome.events, c.events) << describe(outcome);
        EXPECT_EQ(out.size(), c.events);
        EXPECT_EQ(outcome.skippedRecords, c.skippedRecords) << describe(outcome);
        EXPECT_EQ(outcome.detail, c.detail);
        const std::uint64_t counted = c.kind == Kind::Skipped ? 1 : c.skippedRecords;
        EXPECT_EQ(adapter.skipped().total() - before, counted);
        if (counted > 0) {
            EXPECT_EQ(outcome.reason, c.reason) << describe(outcome);
            EXPECT_GE(adapter.skipped().count(c.reason), 1u);
        }
        for (const core::EventRecord& record : out) {
            EXPECT_TRUE(core::validateEvent(record.event).ok);
            EXPECT_EQ(record.exchange, "okx");
        }
    }
}

INSTANTIATE_TEST_SUITE_P(OkxAdapter, OkxAdapterFrame, testing::ValuesIn(kFrameCases),
                         [](const testing::TestParamInfo<FrameCase>& param) {
                             return std::string(param.param.name);
                         });

TEST(OkxAdapter, EveryPrefixOfEveryCapturedFrameIsHandledAndCountedOnce) {
    // Cut each fixture frame at every byte: whatever comes out, nothing throws, every event
    // validates, and each frame outcome accounts for exactly what skipped() counted.
    const char* files[] = {
        "okx/ws_liquidation_orders_live_2026.jsonl",
        "okx/ws_open_interest.jsonl",
        "okx/ws_mark_price_tardis.jsonl",
        "okx/ws_trades_swap.jsonl",
        "okx/ws_candle_docs_example.jsonl",
        "okx/ws_control_frames.jsonl",
        "okx/ws_funding_rate.jsonl",
    };
    const auto adapter = makeAdapter(Venue::Okx);
    loadCryptofeedInstruments(*adapter);
    std::vector<core::EventRecord> out;
    for (const char* file : files) {
        for (const std::string& frame : test::readFixtureLines(file)) {
            for (std::size_t length = 0; length <= frame.size(); ++length) {
                const std::uint64_t before = adapter->skipped().total();
                out.clear();
                FrameOutcome outcome;
                ASSERT_NO_THROW(outcome =
                                    adapter->parseFrame(frame.substr(0, length), kReceive, out));
                const std::uint64_t counted =
                    outcome.kind == Kind::Skipped ? 1 : outcome.skippedRecords;
                ASSERT_EQ(adapter->skipped().total() - before, counted) << frame.substr(0, length);
                ASSERT_EQ(out.size(), outcome.events);
                for (const core::EventRecord& record : out) {
                    ASSERT_TRUE(core::validateEvent(record.event).ok);
                }
                if (length < frame.size()) {
                    // A cut frame is never valid JSON (every fixture line is one object).
                    ASSERT_TRUE(isSkipped(outcome, SkipReason::MalformedJson, ""))
                        << frame.substr(0, length);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// REST: captured bodies

TEST(OkxAdapter, InstrumentsCryptofeedCaptureFillsTheRegistryWithLinearSwaps) {
    const auto adapter = makeAdapter(Venue::Okx);
    std::vector<core::EventRecord> out;
    const RestOutcome outcome =
        adapter->parseRest(adapter->instrumentRequests("BTC-USDT-SWAP")[0],
                           test::readFixture(kCryptofeedInstruments), kReceive, out);
    EXPECT_TRUE(outcome.ok);
    EXPECT_EQ(outcome.events, 0u);
    EXPECT_TRUE(out.empty());
    EXPECT_TRUE(outcome.followUps.empty());
    // BTC-USD-SWAP is inverse (ctVal 100 USD, settled in BTC).
    EXPECT_EQ(outcome.skippedRecords, 1u);
    EXPECT_EQ(outcome.detail, "unknown_type data[0].ctType");
    EXPECT_EQ(adapter->skipped().count(SkipReason::UnknownType), 1u);

    const InstrumentRegistry& registry = adapter->registry();
    EXPECT_EQ(registry.symbols(),
              (std::vector<std::string>{"BTC-USDT-SWAP", "DOGE-USDT-SWAP", "ETH-USDT-SWAP"}));
    const InstrumentInfo* btc = registry.find("BTC-USDT-SWAP");
    ASSERT_NE(btc, nullptr);
    EXPECT_EQ(btc->baseAsset, "BTC");
    EXPECT_EQ(btc->quoteAsset, "USDT");
    EXPECT_DOUBLE_EQ(btc->contractValue, 0.01);  // ctVal 0.01 × ctMult 1
    EXPECT_DOUBLE_EQ(btc->tickSize, 0.1);
    EXPECT_DOUBLE_EQ(btc->maxLeverage, 125);
    EXPECT_TRUE(btc->tiers.empty());
    const InstrumentInfo* eth = registry.find("ETH-USDT-SWAP");
    ASSERT_NE(eth, nullptr);
    EXPECT_EQ(eth->baseAsset, "ETH");
    EXPECT_DOUBLE_EQ(eth->contractValue, 0.1);
    EXPECT_DOUBLE_EQ(eth->tickSize, 0.01);
    const InstrumentInfo* doge = registry.find("DOGE-USDT-SWAP");
    ASSERT_NE(doge, nullptr);
    EXPECT_EQ(doge->baseAsset, "DOGE");
    EXPECT_EQ(doge->quoteAsset, "USDT");
    EXPECT_DOUBLE_EQ(doge->contractValue, 1000);
    EXPECT_DOUBLE_EQ(doge->tickSize, 0.000001);
    EXPECT_DOUBLE_EQ(doge->maxLeverage, 75);
}

TEST(OkxAdapter, InstrumentsNautilusBodyWithTheNewerFieldSet) {
    const auto adapter = makeAdapter(Venue::Okx);
    std::vector<core::EventRecord> out;
    const RestOutcome outcome = adapter->parseRest(
        request("instruments", "/api/v5/public/instruments?instType=SWAP"),
        test::readFixture("okx/rest_instruments_swap_nautilus.json"), kReceive, out);
    EXPECT_TRUE(outcome.ok);
    EXPECT_EQ(outcome.skippedRecords, 1u);  // BTC-USD-SWAP, inverse
    EXPECT_EQ(outcome.detail, "unknown_type data[0].ctType");
    EXPECT_EQ(adapter->registry().symbols(),
              (std::vector<std::string>{"BTC-USDT-SWAP", "ETH-USDT-SWAP"}));
    const InstrumentInfo* eth = adapter->registry().find("ETH-USDT-SWAP");
    ASSERT_NE(eth, nullptr);
    EXPECT_EQ(eth->baseAsset, "ETH");
    EXPECT_EQ(eth->quoteAsset, "USDT");
    EXPECT_DOUBLE_EQ(eth->contractValue, 0.1);
    EXPECT_DOUBLE_EQ(eth->tickSize, 0.01);
    EXPECT_DOUBLE_EQ(eth->maxLeverage, 100);
    const InstrumentInfo* btc = adapter->registry().find("BTC-USDT-SWAP");
    ASSERT_NE(btc, nullptr);
    EXPECT_DOUBLE_EQ(btc->contractValue, 0.01);
    EXPECT_DOUBLE_EQ(btc->maxLeverage, 100);
}

TEST(OkxAdapter, InstrumentsMultiplyFaceValueByMultiplierAndSkipBadRows) {
    const auto adapter = makeAdapter(Venue::Okx);
    std::vector<core::EventRecord> out;
    const RestOutcome outcome = adapter->parseRest(
        request("instruments", "/api/v5/public/instruments?instType=SWAP"),
        R"({"code":"0","msg":"","data":[)"
        R"({"instId":"PEPE-USDT-SWAP","ctType":"linear","ctVal":"10","ctMult":"1000","ctValCcy":"",)"
        R"("settleCcy":"","tickSz":"0.0000001","lever":""},)"
        R"({"instId":"X-USDT-SWAP","ctType":"linear","ctVal":"abc","ctMult":"1","ctValCcy":"X",)"
        R"("settleCcy":"USDT","tickSz":"0.1","lever":"20"},)"
        R"({"instId":"Y-USDT-SWAP","ctType":"linear","ctVal":"1","ctMult":"1","ctValCcy":"Y",)"
        R"("settleCcy":"USDT","tickSz":"0","lever":"20"},)"
        R"({"instId":"Z-USDT-SWAP","ctVal":"1","ctMult":"1","tickSz":"0.1","lever":"20"},)"
        R"("not an object"]})",
        kReceive, out);
    EXPECT_TRUE(outcome.ok);
    EXPECT_EQ(outcome.skippedRecords, 4u);
    EXPECT_EQ(outcome.detail, "invalid_value data[1].ctVal");
    EXPECT_EQ(adapter->skipped().count(SkipReason::InvalidValue), 2u);  // ctVal, tickSz
    EXPECT_EQ(adapter->skipped().count(SkipReason::MissingField), 1u);  // Z: no ctType
    EXPECT_EQ(adapter->skipped().count(SkipReason::WrongType), 1u);     // the string row
    EXPECT_EQ(adapter->registry().symbols(), std::vector<std::string>{"PEPE-USDT-SWAP"});
    const InstrumentInfo* pepe = adapter->registry().find("PEPE-USDT-SWAP");
    ASSERT_NE(pepe, nullptr);
    EXPECT_DOUBLE_EQ(pepe->contractValue, 10000);  // ctVal 10 × ctMult 1000
    EXPECT_EQ(pepe->baseAsset, "PEPE");            // ctValCcy "": the instId's first part
    EXPECT_EQ(pepe->quoteAsset, "USDT");           // settleCcy "": the instId's second part
    EXPECT_DOUBLE_EQ(pepe->maxLeverage, 0);        // lever "": not known yet
}

TEST(OkxAdapter, OpenInterestSnapshotDocsExample) {
    const auto adapter = makeAdapter(Venue::Okx);
    std::vector<core::EventRecord> out;
    const RestOutcome outcome = adapter->parseRest(
        request("open-interest", "/api/v5/public/open-interest?instType=SWAP&instId=BTC-USDT-SWAP"),
        test::readFixture("okx/rest_open_interest_docs_example.json"), kReceive, out);
    EXPECT_TRUE(outcome.ok) << outcome.detail;
    EXPECT_EQ(outcome.events, 1u);
    EXPECT_EQ(outcome.skippedRecords, 0u);
    EXPECT_TRUE(outcome.followUps.empty());
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].exchange, "okx");
    EXPECT_EQ(out[0].symbol, "BTC-USDT-SWAP");
    const auto* oi = eventOf<core::OpenInterest>(out[0]);
    ASSERT_NE(oi, nullptr);
    EXPECT_EQ(oi->ts, 1597026383085);
    EXPECT_DOUBLE_EQ(oi->qty, 555.55);  // oiCcy; oi "5000" is contracts
    ASSERT_TRUE(oi->notional.has_value());
    EXPECT_DOUBLE_EQ(*oi->notional, 50000);
}

TEST(OkxAdapter, OpenInterestVolumeIsAnAggregateWithoutEvents) {
    // Rubik open-interest-volume sums USD over every future and swap of the coin: it is not one
    // instrument's open interest, so it yields nothing (but is still checked as an envelope).
    const auto adapter = makeAdapter(Venue::Okx);
    std::vector<core::EventRecord> out;
    const RestRequest volume = request("open-interest-volume",
                                       "/api/v5/rubik/stat/contracts/open-interest-volume?ccy=BTC");
    const RestOutcome outcome = adapter->parseRest(
        volume, test::readFixture("okx/rest_rubik_open_interest_volume_docs_example.json"),
        kReceive, out);
    EXPECT_TRUE(outcome.ok);
    EXPECT_EQ(outcome.events, 0u);
    EXPECT_EQ(outcome.skippedRecords, 0u);
    EXPECT_TRUE(outcome.followUps.empty());
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(adapter->skipped().total(), 0u);
    const RestOutcome error = adapter->parseRest(
        volume, R"({"code":"50011","msg":"Too Many Requests","data":[]})", kReceive, out);
    EXPECT_FALSE(error.ok);
    EXPECT_EQ(error.detail, "code 50011: Too Many Requests");
}

TEST(OkxAdapter, OpenInterestHistoryDocsExampleIsCoinsAndUsdPerRow) {
    const auto adapter = makeAdapter(Venue::Okx);
    const std::vector<RestRequest> requests =
        adapter->historyRequests("BTC-USDT-SWAP", 1'701'400'000'000, 1'701'420'000'000);
    ASSERT_EQ(requests.size(), 3u);
    std::vector<core::EventRecord> out;
    const RestOutcome outcome = adapter->parseRest(
        requests[0], test::readFixture("okx/rest_rubik_open_interest_history_docs_example.json"),
        kReceive, out);
    EXPECT_TRUE(outcome.ok) << outcome.detail;
    EXPECT_EQ(outcome.events, 2u);
    EXPECT_TRUE(outcome.followUps.empty());  // 2 rows < 100: the last page
    ASSERT_EQ(out.size(), 2u);
    const core::TimestampMs stamps[] = {1701417600000, 1701417500000};
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(out[i].symbol, "BTC-USDT-SWAP");
        const auto* oi = eventOf<core::OpenInterest>(out[i]);
        ASSERT_NE(oi, nullptr);
        EXPECT_EQ(oi->ts, stamps[i]);
        EXPECT_DOUBLE_EQ(oi->qty, 111);  // oiCcy (column 2), not oi contracts (column 1)
        ASSERT_TRUE(oi->notional.has_value());
        EXPECT_DOUBLE_EQ(*oi->notional, 8888888);
    }
}

TEST(OkxAdapter, OpenInterestHistoryDropsRowsBeforeTheWindow) {
    const auto adapter = makeAdapter(Venue::Okx);
    const std::vector<RestRequest> requests =
        adapter->historyRequests("BTC-USDT-SWAP", 1'701'417'550'000, 1'701'420'000'000);
    std::vector<core::EventRecord> out;
    const RestOutcome outcome = adapter->parseRest(
        requests[0], test::readFixture("okx/rest_rubik_open_interest_history_docs_example.json"),
        kReceive, out);
    EXPECT_TRUE(outcome.ok);
    EXPECT_EQ(outcome.events, 1u);
    EXPECT_EQ(outcome.skippedRecords, 0u);  // out of the window is not bad data
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(core::timestampOf(out[0].event), 1701417600000);
    EXPECT_EQ(adapter->skipped().total(), 0u);
}

TEST(OkxAdapter, HistoryCandlesDocsExampleAreClosedMinuteBars) {
    const auto adapter = makeAdapter(Venue::Okx);
    const std::vector<RestRequest> requests =
        adapter->historyRequests("BTC-USDT-SWAP", 1'597'000'000'000, 1'597'100'000'000);
    std::vector<core::EventRecord> out;
    const RestOutcome outcome = adapter->parseRest(
        requests[1], test::readFixture("okx/rest_history_candles_docs_example.json"), kReceive,
        out);
    EXPECT_TRUE(outcome.ok) << outcome.detail;
    EXPECT_EQ(outcome.events, 2u);
    EXPECT_TRUE(outcome.followUps.empty());
    ASSERT_EQ(out.size(), 2u);
    const auto* first = eventOf<core::Candle>(out[0]);
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(out[0].symbol, "BTC-USDT-SWAP");
    EXPECT_EQ(first->ts, 1597026383085);
    EXPECT_EQ(first->intervalMs, 60'000);  // bar=1m of the request
    EXPECT_DOUBLE_EQ(first->open, 3.721);
    EXPECT_DOUBLE_EQ(first->high, 3.743);
    EXPECT_DOUBLE_EQ(first->low, 3.677);
    EXPECT_DOUBLE_EQ(first->close, 3.708);
    EXPECT_DOUBLE_EQ(first->volume, 22698348.04828491);  // volCcy
    EXPECT_TRUE(first->closed);
    const auto* second = eventOf<core::Candle>(out[1]);
    ASSERT_NE(second, nullptr);
    EXPECT_EQ(second->ts, 1597026383085);
    EXPECT_DOUBLE_EQ(second->open, 3.731);
    EXPECT_DOUBLE_EQ(second->high, 3.799);
    EXPECT_DOUBLE_EQ(second->low, 3.494);
    EXPECT_DOUBLE_EQ(second->close, 3.72);
    EXPECT_DOUBLE_EQ(second->volume, 67632347.24399722);
    EXPECT_TRUE(second->closed);
}

TEST(OkxAdapter, CandlesNautilusBodyParsesUnderTheCandlesName) {
    const auto adapter = makeAdapter(Venue::Okx);
    std::vector<core::EventRecord> out;
    const RestOutcome outcome =
        adapter->parseRest(request("candles", "/api/v5/market/candles?instId=BTC-USDT-SWAP&bar=1m"),
                           test::readFixture("okx/rest_candles_nautilus.json"), kReceive, out);
    EXPECT_TRUE(outcome.ok) << outcome.detail;
    EXPECT_EQ(outcome.events, 2u);
    EXPECT_TRUE(outcome.followUps.empty());
    ASSERT_EQ(out.size(), 2u);
    const auto* first = eventOf<core::Candle>(out[0]);
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(first->ts, 1625097600000);
    EXPECT_EQ(first->intervalMs, 60'000);
    EXPECT_DOUBLE_EQ(first->open, 33528.6);
    EXPECT_DOUBLE_EQ(first->high, 33870.0);
    EXPECT_DOUBLE_EQ(first->low, 33528.6);
    EXPECT_DOUBLE_EQ(first->close, 33783.9);
    EXPECT_DOUBLE_EQ(first->volume, 0);  // volCcy "0" in this body (vol 778.838 is contracts)
    EXPECT_FALSE(first->closed);         // confirm "0"
    const auto* second = eventOf<core::Candle>(out[1]);
    ASSERT_NE(second, nullptr);
    EXPECT_EQ(second->ts, 1625097660000);
    EXPECT_DOUBLE_EQ(second->open, 33783.9);
    EXPECT_DOUBLE_EQ(second->high, 33783.9);
    EXPECT_DOUBLE_EQ(second->low, 33782.1);
    EXPECT_DOUBLE_EQ(second->close, 33782.1);
    EXPECT_FALSE(second->closed);
}

// ---------------------------------------------------------------------------------------------
// REST: paging

/// A full page (100 rows) of rubik open-interest history, newest first, `stepMs` apart.
std::string openInterestPage(core::TimestampMs newest, core::TimestampMs stepMs) {
    std::string body = R"({"code":"0","msg":"","data":[)";
    for (int i = 0; i < 100; ++i) {
        body += (i == 0 ? "" : ",");
        body += R"([")" + std::to_string(newest - i * stepMs) + R"(","1000","10","420000"])";
    }
    return body + "]}";
}

/// A full page of 1m candles, newest first.
std::string candlePage(core::TimestampMs newest) {
    std::string body = R"({"code":"0","msg":"","data":[)";
    for (int i = 0; i < 100; ++i) {
        body += (i == 0 ? "" : ",");
        body += R"([")" + std::to_string(newest - i * core::kMinuteMs) +
                R"(","100","101","99","100.5","50","0.5","50.1","1"])";
    }
    return body + "]}";
}

TEST(OkxAdapter, OpenInterestHistoryPagesBackwardWhileThePageIsFull) {
    const auto adapter = makeAdapter(Venue::Okx);
    // 3.5 days: 5m period.
    const std::vector<RestRequest> requests =
        adapter->historyRequests("BTC-USDT-SWAP", 1'700'000'000'000, 1'700'300'000'000);
    std::vector<core::EventRecord> out;
    // Rows 1700300000000 − i × 300000; the oldest is 1700300000000 − 99 × 300000.
    const RestOutcome outcome = adapter->parseRest(
        requests[0], openInterestPage(1'700'300'000'000, 300'000), kReceive, out);
    EXPECT_TRUE(outcome.ok);
    EXPECT_EQ(outcome.events, 100u);
    EXPECT_EQ(outcome.followUps, std::vector<RestRequest>{request(
                                     "open-interest-history",
                                     "/api/v5/rubik/stat/contracts/open-interest-history"
                                     "?instId=BTC-USDT-SWAP&period=5m&end=1700270299999&limit=100",
                                     1'700'000'000'000)});

    // The follow-up's answer reaches back past the start (1700000000000): rows before it are
    // dropped and paging stops. Newest 1700000600000: rows i = 0…2 are ≥ the start.
    const RestOutcome last = adapter->parseRest(
        outcome.followUps[0], openInterestPage(1'700'000'600'000, 300'000), kReceive, out);
    EXPECT_TRUE(last.ok);
    EXPECT_EQ(last.events, 3u);
    EXPECT_TRUE(last.followUps.empty());
}

TEST(OkxAdapter, OpenInterestHistoryFollowUpKeepsTheHourlyPeriod) {
    const auto adapter = makeAdapter(Venue::Okx);
    const core::TimestampMs end = 1'700'300'000'000;
    const std::vector<RestRequest> requests =
        adapter->historyRequests("BTC-USDT-SWAP", end - 30 * core::kDayMs, end);
    std::vector<core::EventRecord> out;
    // Hourly rows: the oldest is 1700300000000 − 99 × 3600000 = 1699943600000.
    const RestOutcome outcome =
        adapter->parseRest(requests[0], openInterestPage(end, core::kHourMs), kReceive, out);
    EXPECT_EQ(outcome.followUps, std::vector<RestRequest>{request(
                                     "open-interest-history",
                                     "/api/v5/rubik/stat/contracts/open-interest-history"
                                     "?instId=BTC-USDT-SWAP&period=1H&end=1699943599999&limit=100",
                                     end - 30 * core::kDayMs)});
}

TEST(OkxAdapter, OpenInterestHistoryShortPageIsTheLast) {
    const auto adapter = makeAdapter(Venue::Okx);
    const std::vector<RestRequest> requests =
        adapter->historyRequests("BTC-USDT-SWAP", 1'700'000'000'000, 1'700'300'000'000);
    std::vector<core::EventRecord> out;
    std::string page = openInterestPage(1'700'300'000'000, 300'000);
    // Drop the last row: 99 rows.
    page.erase(page.rfind(R"(,[")"), page.rfind(']') - page.rfind(R"(,[")"));
    const RestOutcome outcome = adapter->parseRest(requests[0], page, kReceive, out);
    EXPECT_TRUE(outcome.ok) << outcome.detail;
    EXPECT_EQ(outcome.events, 99u);
    EXPECT_TRUE(outcome.followUps.empty());
}

TEST(OkxAdapter, HistoryWithoutAKnownWindowDoesNotPage) {
    // A fresh adapter (a replayed recording) does not know where the window started.
    const auto adapter = makeAdapter(Venue::Okx);
    std::vector<core::EventRecord> out;
    const RestOutcome outcome =
        adapter->parseRest(request("open-interest-history",
                                   "/api/v5/rubik/stat/contracts/open-interest-history"
                                   "?instId=BTC-USDT-SWAP&period=5m&end=1700300000000&limit=100"),
                           openInterestPage(1'700'300'000'000, 300'000), kReceive, out);
    EXPECT_TRUE(outcome.ok);
    EXPECT_EQ(outcome.events, 100u);
    EXPECT_TRUE(outcome.followUps.empty());
}

TEST(OkxAdapter, HistoryCandlesPageBackwardFromTheOldestBar) {
    const auto adapter = makeAdapter(Venue::Okx);
    const std::vector<RestRequest> requests =
        adapter->historyRequests("BTC-USDT-SWAP", 1'700'000'000'000, 1'700'300'000'000);
    std::vector<core::EventRecord> out;
    // Bars 1700300000000 − i × 60000; the oldest is 1700300000000 − 99 × 60000 = 1700294060000.
    const RestOutcome outcome =
        adapter->parseRest(requests[1], candlePage(1'700'300'000'000), kReceive, out);
    EXPECT_TRUE(outcome.ok) << outcome.detail;
    EXPECT_EQ(outcome.events, 100u);
    EXPECT_EQ(outcome.followUps,
              std::vector<RestRequest>{request("history-candles",
                                               "/api/v5/market/history-candles"
                                               "?instId=BTC-USDT-SWAP&bar=1m&after=1700294060000"
                                               "&limit=100",
                                               1'700'000'000'000)});
    // A page whose oldest bar is the window start exactly: nothing older is needed.
    const RestOutcome last = adapter->parseRest(
        outcome.followUps[0], candlePage(1'700'000'000'000 + 99 * core::kMinuteMs), kReceive, out);
    EXPECT_EQ(last.events, 100u);
    EXPECT_TRUE(last.followUps.empty());
}

// ---------------------------------------------------------------------------------------------
// REST: maintenance tiers (contracts → notional at a price)

TEST(OkxAdapter, PositionTiersWaitForAPriceThenBecomeNotionalCaps) {
    const auto adapter = makeAdapter(Venue::Okx);
    loadCryptofeedInstruments(*adapter);
    std::vector<core::EventRecord> out;
    // The docs example is a MARGIN row (instId BTC-USDT, no instFamily): it is taken as a tier of
    // the family the request asked for.
    const RestOutcome outcome = adapter->parseRest(
        adapter->instrumentRequests("BTC-USDT-SWAP")[1],
        test::readFixture("okx/rest_position_tiers_docs_example.json"), kReceive, out);
    EXPECT_TRUE(outcome.ok) << outcome.detail;
    EXPECT_EQ(outcome.events, 0u);
    EXPECT_EQ(outcome.skippedRecords, 0u);
    ASSERT_NE(adapter->registry().find("BTC-USDT-SWAP"), nullptr);
    EXPECT_TRUE(adapter->registry().find("BTC-USDT-SWAP")->tiers.empty());  // no price yet

    EXPECT_TRUE(isData(
        adapter->parseFrame(R"({"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[)"
                            R"({"instId":"BTC-USDT-SWAP","instType":"SWAP","markPx":"50000",)"
                            R"("ts":"1700000000000"}]})",
                            kReceive, out),
        1));
    const InstrumentInfo* btc = adapter->registry().find("BTC-USDT-SWAP");
    ASSERT_NE(btc, nullptr);
    ASSERT_EQ(btc->tiers.size(), 1u);
    EXPECT_DOUBLE_EQ(btc->tiers[0].notionalCap, 25000);  // 50 contracts × 0.01 BTC × 50000
    EXPECT_DOUBLE_EQ(btc->tiers[0].mmr, 0.03);
    EXPECT_DOUBLE_EQ(btc->tiers[0].maintenanceAmount, 0);  // OKX has no deduction
    EXPECT_DOUBLE_EQ(btc->tiers[0].maxLeverage, 10);
    const core::Instrument instrument = adapter->registry().instrument(Venue::Okx, "BTC-USDT-SWAP");
    EXPECT_DOUBLE_EQ(instrument.maxLeverage(), 10);
    EXPECT_DOUBLE_EQ(instrument.contractValue(), 0.01);

    // Later prices do not move caps already set.
    adapter->parseFrame(R"({"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[)"
                        R"({"instId":"BTC-USDT-SWAP","markPx":"60000","ts":"1700000001000"}]})",
                        kReceive, out);
    EXPECT_DOUBLE_EQ(adapter->registry().find("BTC-USDT-SWAP")->tiers[0].notionalCap, 25000);
}

TEST(OkxAdapter, PositionTiersWaitForTheInstrumentWhenTheyComeFirst) {
    const auto adapter = makeAdapter(Venue::Okx);
    std::vector<core::EventRecord> out;
    const std::vector<RestRequest> requests = adapter->instrumentRequests("BTC-USDT-SWAP");
    const RestOutcome tiers = adapter->parseRest(
        requests[1], test::readFixture("okx/rest_position_tiers_docs_example.json"), kReceive, out);
    EXPECT_TRUE(tiers.ok) << tiers.detail;
    // A trade price cannot come before the instrument (contracts), but a mark price can.
    adapter->parseFrame(R"({"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[)"
                        R"({"instId":"BTC-USDT-SWAP","markPx":"40000","ts":"1700000000000"}]})",
                        kReceive, out);
    EXPECT_EQ(adapter->registry().find("BTC-USDT-SWAP"), nullptr);
    loadCryptofeedInstruments(*adapter);
    const InstrumentInfo* btc = adapter->registry().find("BTC-USDT-SWAP");
    ASSERT_NE(btc, nullptr);
    ASSERT_EQ(btc->tiers.size(), 1u);
    EXPECT_DOUBLE_EQ(btc->tiers[0].notionalCap, 20000);  // 50 × 0.01 × 40000
}

TEST(OkxAdapter, PositionTiersUseTheLatestStampedPriceFromAnySource) {
    const auto adapter = makeAdapter(Venue::Okx);
    loadCryptofeedInstruments(*adapter);
    std::vector<core::EventRecord> out;
    // REST candles: closes 33783.9 (1625097600000) and 33782.1 (1625097660000, the later one).
    adapter->parseRest(request("candles", "/api/v5/market/candles?instId=BTC-USDT-SWAP&bar=1m"),
                       test::readFixture("okx/rest_candles_nautilus.json"), kReceive, out);
    // An older trade arriving afterwards does not replace the later price.
    adapter->parseFrame(R"({"arg":{"channel":"trades","instId":"BTC-USDT-SWAP"},"data":[{"instId":)"
                        R"("BTC-USDT-SWAP","tradeId":"1","px":"1000","sz":"1","side":"buy",)"
                        R"("ts":"1625097000000"}]})",
                        kReceive, out);
    // Our own tier list: unsorted, one row repeating a bound, one unusable mmr, one with
    // leverage 1, and a row of another family.
    const RestOutcome outcome = adapter->parseRest(
        adapter->instrumentRequests("BTC-USDT-SWAP")[1],
        R"({"code":"0","msg":"","data":[)"
        R"({"instFamily":"BTC-USDT","tier":"2","minSz":"501","maxSz":"1000","mmr":"0.01","imr":"0.02","maxLever":"50"},)"
        R"({"instFamily":"BTC-USDT","tier":"1","minSz":"0","maxSz":"500","mmr":"0.004","imr":"0.01","maxLever":"100"},)"
        R"({"instFamily":"BTC-USDT","tier":"9","minSz":"0","maxSz":"500","mmr":"0.005","imr":"0.01","maxLever":"75"},)"
        R"({"instFamily":"BTC-USDT","tier":"3","minSz":"1001","maxSz":"2000","mmr":"1","imr":"1","maxLever":"20"},)"
        R"({"instFamily":"BTC-USDT","tier":"4","minSz":"2001","maxSz":"3000","mmr":"0.3","imr":"1","maxLever":"1"},)"
        R"({"instFamily":"ETH-USDT","tier":"1","minSz":"0","maxSz":"100","mmr":"0.004","imr":"0.01","maxLever":"100"}]})",
        kReceive, out);
    EXPECT_TRUE(outcome.ok);
    EXPECT_EQ(outcome.skippedRecords, 3u);
    EXPECT_EQ(outcome.detail, "invalid_value data[3].mmr");  // row order, then the repeat
    EXPECT_EQ(adapter->skipped().count(SkipReason::InvalidValue), 3u);
    const InstrumentInfo* btc = adapter->registry().find("BTC-USDT-SWAP");
    ASSERT_NE(btc, nullptr);
    ASSERT_EQ(btc->tiers.size(), 2u);
    EXPECT_DOUBLE_EQ(btc->tiers[0].notionalCap, 168910.5);  // 500 × 0.01 × 33782.1
    EXPECT_DOUBLE_EQ(btc->tiers[0].mmr, 0.004);
    EXPECT_DOUBLE_EQ(btc->tiers[0].maxLeverage, 100);
    EXPECT_DOUBLE_EQ(btc->tiers[1].notionalCap, 337821);  // 1000 × 0.01 × 33782.1
    EXPECT_DOUBLE_EQ(btc->tiers[1].mmr, 0.01);
    EXPECT_DOUBLE_EQ(btc->tiers[1].maxLeverage, 50);
    // ETH has no price yet: its tier waits.
    EXPECT_TRUE(adapter->registry().find("ETH-USDT-SWAP")->tiers.empty());
}

// ---------------------------------------------------------------------------------------------
// REST: errors and shapes

TEST(OkxAdapter, RestErrorEnvelopesAndWrongShapesAreNotOk) {
    struct Case {
        const char* body;
        const char* detail;
    };
    const Case cases[] = {
        {R"({"code":"50011","msg":"Too Many Requests","data":[]})",
         "code 50011: Too Many Requests"},
        {R"({"code":404,"msg":"Not Found"})", "code 404: Not Found"},
        {R"({"code":"51001","data":[]})", "code 51001: "},
        {R"({"code":"0","msg":""})", "data is not an array"},
        {R"({"code":"0","msg":"","data":{}})", "data is not an array"},
        {R"({"msg":"","data":[]})", "no code in the response"},
        {R"({"code":"0","msg":"","data":[)", "malformed JSON"},
        {"<html>502 Bad Gateway</html>", "malformed JSON"},
        {"[]", "not a JSON object"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.body);
        const auto adapter = makeAdapter(Venue::Okx);
        std::vector<core::EventRecord> out;
        const RestOutcome outcome = adapter->parseRest(
            request("open-interest",
                    "/api/v5/public/open-interest?instType=SWAP&instId=BTC-USDT-SWAP"),
            c.body, kReceive, out);
        EXPECT_FALSE(outcome.ok);
        EXPECT_EQ(outcome.detail, c.detail);
        EXPECT_TRUE(out.empty());
        EXPECT_TRUE(outcome.followUps.empty());
    }
    const auto adapter = makeAdapter(Venue::Okx);
    std::vector<core::EventRecord> out;
    const RestOutcome unknown = adapter->parseRest(request("klines", "/x"), "{}", kReceive, out);
    EXPECT_FALSE(unknown.ok);
    EXPECT_EQ(unknown.detail, "unknown request name 'klines'");
}

TEST(OkxAdapter, RestHistoryBadRowsAreSkippedAndCounted) {
    const auto adapter = makeAdapter(Venue::Okx);
    const std::vector<RestRequest> requests =
        adapter->historyRequests("BTC-USDT-SWAP", 1'700'000'000'000, 1'700'300'000'000);
    std::vector<core::EventRecord> out;
    const RestOutcome oi =
        adapter->parseRest(requests[0],
                           R"({"code":"0","msg":"","data":[["1700200000000","1000","10",""],)"
                           R"(["1700199700000","1000","NaN","1"],"row",["1700199400000","1000"],)"
                           R"(["1700199100000","1000","1e400","1"]]})",
                           kReceive, out);
    EXPECT_TRUE(oi.ok);
    EXPECT_EQ(oi.events, 1u);
    EXPECT_EQ(oi.skippedRecords, 4u);
    EXPECT_EQ(oi.detail, "invalid_value data[1][2]");
    ASSERT_EQ(out.size(), 1u);
    const auto* first = eventOf<core::OpenInterest>(out[0]);
    ASSERT_NE(first, nullptr);
    EXPECT_DOUBLE_EQ(first->qty, 10);
    EXPECT_FALSE(first->notional.has_value());  // oiUsd ""
    EXPECT_EQ(adapter->skipped().count(SkipReason::InvalidValue), 2u);
    EXPECT_EQ(adapter->skipped().count(SkipReason::WrongType), 1u);
    EXPECT_EQ(adapter->skipped().count(SkipReason::MissingField), 1u);

    const RestOutcome candles = adapter->parseRest(
        requests[1],
        R"({"code":"0","msg":"","data":[["1700200000000","100","101","99","100.5","5","0.05","5.02","1"],)"
        R"(["1700199940000","100","99","99","100.5","5","0.05","5.02","1"]]})",
        kReceive, out);
    EXPECT_TRUE(candles.ok);
    EXPECT_EQ(candles.events, 1u);
    EXPECT_EQ(candles.skippedRecords, 1u);
    EXPECT_EQ(candles.detail, "inconsistent_candle data[1].high");  // high 99 below close 100.5
}

TEST(OkxAdapter, RestHistoryNeedsTheInstrumentInTheTarget) {
    const auto adapter = makeAdapter(Venue::Okx);
    std::vector<core::EventRecord> out;
    const RestOutcome outcome =
        adapter->parseRest(request("history-candles", "/api/v5/market/history-candles?bar=1m"),
                           R"({"code":"0","msg":"","data":[]})", kReceive, out);
    EXPECT_FALSE(outcome.ok);
    EXPECT_EQ(outcome.detail, "request target has no instId");
}

}  // namespace
}  // namespace liqmap::exchange::okx
