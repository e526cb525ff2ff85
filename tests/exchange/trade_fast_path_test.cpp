// The trade fast paths (JsonScan instead of the DOM for Binance aggTrade, Bybit publicTrade, OKX
// and Hyperliquid trades) against the DOM path they stand in for: on every frame of the venues'
// captures (../shared/exchanges/fixtures, read in place) and tests/data, and on generated
// mutations of the trade frames (every truncation, every value swapped for other types and
// numbers, escaped strings and keys, duplicate and missing keys, whitespace), an adapter with the
// fast path gives exactly the outcome, events and skip counts of one without it; the fast
// function itself either gives the DOM path's events with nothing skipped, or declines and
// appends nothing. The adapters and JsonScan are internal to the exchange library, so their
// headers are included by path.
#include <gtest/gtest.h>

#include <cstddef>     // std::size_t
#include <cstdint>     // std::uint32_t
#include <functional>  // std::function
#include <memory>      // std::unique_ptr, std::make_unique
#include <nlohmann/json.hpp>
#include <optional>     // std::optional
#include <ostream>      // std::ostream
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::pair, std::move
#include <vector>       // std::vector

#include "binance/binance_adapter.h"
#include "bybit/bybit_adapter.h"
#include "hyperliquid/hyperliquid_adapter.h"
#include "json_scan.h"
#include "liqmap/core/event_codec.h"  // core::appendEventLine
#include "liqmap/core/number_text.h"  // core::appendInteger
#include "liqmap/exchange/adapter.h"
#include "okx/okx_adapter.h"
#include "support/fixture_file.h"

namespace liqmap::exchange {
namespace {

using core::EventRecord;
using detail::JsonScan;
using Kind = FrameOutcome::Kind;

// After every timestamp in the fixtures.
constexpr core::TimestampMs kReceive = 1'800'000'000'000;

using FastFunction = std::function<std::optional<FrameOutcome>(
    JsonScan&, std::string_view, const Adapter&, std::vector<EventRecord>&)>;

// One venue: its adapter with or without the fast path (ready for its fixtures), its fast
// function (given an adapter of the venue for its registry), and its frames.
struct VenueCase {
    std::string name;
    std::function<std::unique_ptr<Adapter>(bool fastTrades)> make;
    FastFunction fast;
    std::vector<std::string> tradeFixtures;  // .jsonl files of trade frames
    std::vector<std::string> otherFixtures;  // every other stream capture of the venue
    std::vector<std::string> testData;       // .jsonl files under tests/data
    std::vector<std::string> writtenFrames;  // trade frames written here
};

void PrintTo(const VenueCase& venue, std::ostream* os) { *os << venue.name; }

std::string kindName(Kind kind) {
    switch (kind) {
        case Kind::Data:
            return "data";
        case Kind::Control:
            return "control";
        case Kind::ExchangeError:
            return "error";
        case Kind::Skipped:
            return "skipped";
    }
    return "?";
}

// Everything a parseFrame call gave: the whole outcome and each event as a normalized line
// (numbers printed so that they read back exactly).
std::string resultText(const FrameOutcome& outcome, const std::vector<EventRecord>& events) {
    std::string text = kindName(outcome.kind) + " events=";
    core::appendInteger(text, static_cast<std::int64_t>(outcome.events));
    text += " skippedRecords=";
    core::appendInteger(text, static_cast<std::int64_t>(outcome.skippedRecords));
    text += " reason=" + std::string(core::toString(outcome.reason)) + " detail=" + outcome.detail;
    for (const EventRecord& event : events) {
        text += '\n';
        core::appendEventLine(event, text);
    }
    return text;
}

std::string parsed(Adapter& adapter, std::string_view frame) {
    std::vector<EventRecord> events;
    const FrameOutcome outcome = adapter.parseFrame(frame, kReceive, events);
    return resultText(outcome, events);
}

// An adapter with the fast path and one without, fed the same frames.
struct AdapterPair {
    explicit AdapterPair(const VenueCase& venue) : fast(venue.make(true)), dom(venue.make(false)) {}

    void expectSameResult(std::string_view frame) const {
        EXPECT_EQ(parsed(*fast, frame), parsed(*dom, frame))
            << testing::PrintToString(std::string(frame));
        EXPECT_EQ(fast->skipped().summary(), dom->skipped().summary())
            << testing::PrintToString(std::string(frame));
    }

    std::unique_ptr<Adapter> fast;
    std::unique_ptr<Adapter> dom;
};

// The fast function alone on `frame`: accepted, it gives exactly what the DOM path gives, which
// must have skipped nothing; declined, it appends nothing. Returns whether it accepted.
bool checkFastFunction(const VenueCase& venue, Adapter& dom, JsonScan& scan,
                       std::string_view frame) {
    const std::string shown = testing::PrintToString(std::string(frame));
    std::vector<EventRecord> events(1);  // one event already there: appended after it
    const std::optional<FrameOutcome> fast = venue.fast(scan, frame, dom, events);
    const std::uint64_t skippedBefore = dom.skipped().total();
    const std::string domResult = parsed(dom, frame);
    if (!fast) {
        EXPECT_EQ(events.size(), 1u) << shown;
        return false;
    }
    events.erase(events.begin());
    EXPECT_EQ(resultText(*fast, events), domResult) << shown;
    EXPECT_EQ(dom.skipped().total(), skippedBefore) << shown;
    return true;
}

// ---------------------------------------------------------------------------------------------
// Mutations of a valid frame, found from its tokens.

// Values that break a field in every way a reader checks: type, sign, range, side names, escapes.
const std::vector<std::string> kReplacements{
    "null",
    "true",
    "false",
    "0",
    "-1",
    "1.5",
    "1e400",
    "-1e400",
    "1e-400",
    "99999999999999999999",
    "9223372036854775808",
    "-9223372036854775809",
    "1791565603050",
    "5000000000000",
    R"("")",
    R"("x")",
    R"("0")",
    R"("-1")",
    R"("1.5")",
    R"("1e999")",
    R"("1e-400")",
    R"("2e9")",
    R"("1e16")",
    R"("1791565603050")",
    R"("-1791565603050")",
    R"("Buy")",
    R"("Sell")",
    R"("buy")",
    R"("sell")",
    R"("B")",
    R"("A")",
    R"("aggTrade")",
    R"("trades")",
    R"("publicTrade.BTCUSDT")",
    R"("BTC-USDT-SWAP")",
    R"("\u0041")",
    R"("\/")",
    "{}",
    "[]",
    "[{}]",
    R"({"e":"aggTrade"})",
};

// Members some venue dispatches on ("op", "event", "e", the wrapper's "data"…).
const std::vector<std::string> kExtraMembers{
    R"("op":"subscribe")",   R"("event":null)", R"("event":"subscribe")",
    R"("e":"aggTrade")",     R"("e":"kline")",  R"("data":null)",
    R"("stream":"x")",       R"("topic":null)", R"("topic":"publicTrade.BTCUSDT")",
    R"("channel":"trades")", R"("arg":{})",     R"("code":1)",
};

// The raw text of token `index` with its quotes for a string.
std::pair<std::size_t, std::size_t> spanOf(const JsonScan& scan, std::uint32_t index) {
    const JsonScan::Token& token = scan[index];
    const bool quoted = token.type == JsonScan::Type::String;
    return {token.offset - (quoted ? 1 : 0), token.offset + token.length + (quoted ? 1 : 0)};
}

// `text` with [begin, end) replaced.
std::string spliced(std::string_view text, std::size_t begin, std::size_t end,
                    std::string_view with) {
    std::string result(text);
    result.replace(begin, end - begin, with);
    return result;
}

// The string token `index` with its first character written as a \u escape: the same value for
// the DOM, an escape for the fast path.
std::optional<std::string> escapedFirstCharacter(std::string_view frame, const JsonScan& scan,
                                                 std::uint32_t index) {
    const JsonScan::Token& token = scan[index];
    if (token.length == 0 || token.escaped) {
        return std::nullopt;
    }
    static constexpr std::string_view kHex = "0123456789abcdef";
    const auto c = static_cast<unsigned char>(frame[token.offset]);
    if (c >= 0x80) {
        return std::nullopt;
    }
    const std::string escape = std::string("\\u00") + kHex[c >> 4U] + kHex[c & 0x0FU];
    return spliced(frame, token.offset, token.offset + 1, escape);
}

std::vector<std::string> mutations(std::string_view frame) {
    JsonScan scan;
    EXPECT_EQ(scan.scan(frame), JsonScan::Status::Ok) << frame;
    std::vector<std::string> result;
    for (std::size_t length = 0; length < frame.size(); ++length) {
        result.emplace_back(frame.substr(0, length));
    }
    // Whitespace between every token, keys sorted (nlohmann's own printing).
    result.push_back(nlohmann::json::parse(frame).dump(1));
    result.push_back("\xEF\xBB\xBF" + std::string(frame));
    result.push_back(std::string(frame) + " \n");
    result.push_back(std::string(frame) + "x");
    result.push_back(std::string(frame) + std::string(1, '\0') + "x");

    std::vector<bool> isKey(scan.size(), false);
    for (std::uint32_t object = 0; object < scan.size(); ++object) {
        if (scan[object].type != JsonScan::Type::Object) {
            continue;
        }
        // Members that change how a frame is dispatched, at the start of every object.
        const std::size_t inside = scan[object].offset + 1;
        const bool empty = scan[object].next == object + 1;
        for (const std::string& extra : kExtraMembers) {
            result.push_back(spliced(frame, inside, inside, extra + (empty ? "" : ",")));
        }
        std::uint32_t previousValue = JsonScan::kNone;
        for (std::uint32_t key = object + 1; key < scan[object].next; key = scan[key + 1].next) {
            isKey[key] = true;
            const auto [keyBegin, keyEnd] = spanOf(scan, key);
            const auto [valueBegin, valueEnd] = spanOf(scan, key + 1);
            const std::string member(frame.substr(keyBegin, valueEnd - keyBegin));
            const std::string name(frame.substr(keyBegin, keyEnd - keyBegin));
            // The same key again: before, after, with the same value or another.
            result.push_back(spliced(frame, keyBegin, keyBegin, member + ","));
            result.push_back(spliced(frame, valueEnd, valueEnd, "," + member));
            result.push_back(spliced(frame, valueEnd, valueEnd, "," + name + ":null"));
            result.push_back(spliced(frame, valueEnd, valueEnd, "," + name + R"(:"x")"));
            // ... and spelled with an escape: the DOM keeps the later one.
            if (auto escapedName = escapedFirstCharacter(frame, scan, key)) {
                const std::string_view renamed(*escapedName);
                const std::size_t grown = renamed.size() - frame.size();
                const std::string alias(renamed.substr(keyBegin, keyEnd + grown - keyBegin));
                result.push_back(spliced(frame, valueEnd, valueEnd, "," + alias + ":null"));
                result.push_back(spliced(frame, valueEnd, valueEnd, "," + alias + R"(:"x")"));
                result.push_back(spliced(frame, keyBegin, keyBegin, alias + R"(:"x",)"));
            }
            // The member gone, with its comma.
            const std::uint32_t nextKey = scan[key + 1].next;
            if (previousValue != JsonScan::kNone) {
                result.push_back(spliced(frame, spanOf(scan, previousValue).second, valueEnd, ""));
            } else if (nextKey < scan[object].next) {
                result.push_back(spliced(frame, keyBegin, spanOf(scan, nextKey).first, ""));
            } else {
                result.push_back(spliced(frame, keyBegin, valueEnd, ""));
            }
            previousValue = key + 1;
        }
    }
    for (std::uint32_t index = 0; index < scan.size(); ++index) {
        if (auto escaped = escapedFirstCharacter(frame, scan, index)) {
            result.push_back(std::move(*escaped));
        }
        if (isKey[index]) {
            continue;
        }
        const auto [begin, end] = spanOf(scan, index);
        for (const std::string& replacement : kReplacements) {
            result.push_back(spliced(frame, begin, end, replacement));
        }
    }
    return result;
}

// ---------------------------------------------------------------------------------------------
// The venues

void loadOkxInstruments(Adapter& adapter, const std::string& body) {
    RestRequest request;
    request.name = "instruments";
    request.target = "/api/v5/public/instruments?instType=SWAP";
    std::vector<EventRecord> ignored;
    ASSERT_TRUE(adapter.parseRest(request, body, kReceive, ignored).ok);
}

std::vector<VenueCase> venues() {
    return {
        VenueCase{
            "Binance",
            [](bool fast) { return std::make_unique<binance::BinanceAdapter>(fast); },
            [](JsonScan& scan, std::string_view frame, const Adapter&,
               std::vector<EventRecord>& out) {
                return binance::parseAggTradeFast(scan, frame, out);
            },
            {"binance/ws_aggTrade_cryptofeed_2021.jsonl"},
            {"binance/ws_control_frames.jsonl", "binance/ws_forceOrder_docs_example.json",
             "binance/ws_forceOrder_forum_2022.jsonl", "binance/ws_forceOrder_live_2026.jsonl",
             "binance/ws_forceOrder_tardis_2020.jsonl", "binance/ws_kline_1m_cryptofeed_2021.jsonl",
             "binance/ws_markPrice_docs_example.json", "binance/ws_markPrice_tardis.jsonl"},
            {"binance/mark_price_arr.jsonl"},
            {
                R"({"e":"aggTrade","E":1791565603055,"a":2612345678,"s":"BTCUSDT","p":"82651.90",)"
                R"("q":"0.012","f":6012345678,"l":6012345680,"T":1791565603050,"m":true})",
                R"({"data":{"e":"aggTrade","s":"BTCUSDT","p":"1","q":"2","T":"1791565603050",)"
                R"("m":false},"stream":"btcusdt@aggTrade"})",
                R"({"e":"aggTrade","s":"BTCUSDT","p":"1","q":"2","T":1791565603050,"m":false,)"
                R"("data":{"e":"kline"}})",
            },
        },
        VenueCase{
            "Bybit",
            [](bool fast) { return std::make_unique<bybit::BybitAdapter>(fast); },
            [](JsonScan& scan, std::string_view frame, const Adapter&,
               std::vector<EventRecord>& out) {
                return bybit::parsePublicTradeFast(scan, frame, out);
            },
            {"bybit/ws_publicTrade_linear_cryptofeed_2026.jsonl"},
            {"bybit/ws_allLiquidation_docs_example.json", "bybit/ws_allLiquidation_live_2026.jsonl",
             "bybit/ws_allLiquidation_tardis_2025.jsonl", "bybit/ws_control_frames.jsonl",
             "bybit/ws_kline_1_linear_cryptofeed_2026.jsonl",
             "bybit/ws_liquidation_deprecated_docs_example.json",
             "bybit/ws_liquidation_deprecated_tardis_2023.jsonl",
             "bybit/ws_ticker_linear_docs_example.json", "bybit/ws_tickers_delta_live_2026.jsonl",
             "bybit/ws_tickers_linear_cryptofeed_2026.jsonl", "bybit/ws_tickers_tardis_2023.jsonl"},
            {"bybit/tickers_sequence.jsonl"},
            {
                R"({"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1791565603055,"data":[{)"
                R"("T":1791565603050,"s":"BTCUSDT","S":"Buy","v":"0.012","p":"82651.90"},{)"
                R"("T":"1791565603051","s":"BTCUSDT","S":"Sell","v":"1","p":"82651.80"}]})",
                R"({"topic":"publicTrade.BTCUSDT","ts":1,"data":[]})",
            },
        },
        VenueCase{
            "Okx",
            [](bool fast) {
                auto adapter = std::make_unique<okx::OkxAdapter>(fast);
                loadOkxInstruments(
                    *adapter,
                    test::readFixture("okx/rest_instruments_swap_cryptofeed_2022_trimmed.json"));
                loadOkxInstruments(*adapter,
                                   test::readTestData("okx/instruments_fixture_symbols.json"));
                return adapter;
            },
            [](JsonScan& scan, std::string_view frame, const Adapter& adapter,
               std::vector<EventRecord>& out) {
                return okx::parseTradesFast(scan, frame, adapter.registry(), out);
            },
            {"okx/ws_trades_swap.jsonl"},
            {"okx/ws_candle_docs_example.jsonl", "okx/ws_control_frames.jsonl",
             "okx/ws_funding_rate.jsonl", "okx/ws_liquidation_orders_docs_example.json",
             "okx/ws_liquidation_orders_live_2026.jsonl",
             "okx/ws_liquidation_orders_tardis_2023.jsonl", "okx/ws_mark_price_tardis.jsonl",
             "okx/ws_open_interest.jsonl", "okx/ws_tickers_swap.jsonl"},
            {},
            {
                R"({"arg":{"channel":"trades","instId":"BTC-USDT-SWAP"},"data":[{)"
                R"("instId":"BTC-USDT-SWAP","tradeId":"1234567890","px":"82651.9","sz":"12",)"
                R"("side":"buy","ts":"1791565603050","count":"1","source":"0","seqId":1234567},{)"
                R"("instId":"ETH-USDT-SWAP","px":"3000.5","sz":"3","side":"sell","ts":1791565603051}]})",
            },
        },
        VenueCase{
            "Hyperliquid",
            [](bool fast) { return std::make_unique<hyperliquid::HyperliquidAdapter>(fast); },
            [](JsonScan& scan, std::string_view frame, const Adapter&,
               std::vector<EventRecord>& out) {
                return hyperliquid::parseTradesFast(scan, frame, out);
            },
            {"hyperliquid/ws_trades_live_2026.jsonl", "hyperliquid/ws_trades_tardis_2024.jsonl"},
            {"hyperliquid/ws_activeAssetCtx_live_2026.jsonl",
             "hyperliquid/ws_activeAssetCtx_tardis_2024.jsonl",
             "hyperliquid/ws_allMids_nautilus.json", "hyperliquid/ws_candle_live_2026.jsonl",
             "hyperliquid/ws_control_frames.jsonl",
             "hyperliquid/ws_user_fill_liquidation_nautilus.json"},
            {},
            {
                R"({"channel":"trades","data":[{"coin":"BTC","side":"B","px":"82651.0","sz":"0.012",)"
                R"("time":1791565603050,"tid":812345678901234,"users":["0x1","0x2"]},)"
                R"({"coin":"BTC","side":"A","px":"82650.0","sz":"1","time":"1791565603051"}]})",
            },
        },
    };
}

// Every frame of `file`: a .jsonl line by line, a .json whole.
std::vector<std::string> framesOf(const std::string& file, bool fixture) {
    if (file.ends_with(".json")) {
        return {fixture ? test::readFixture(file) : test::readTestData(file)};
    }
    return fixture ? test::readFixtureLines(file) : test::readTestDataLines(file);
}

std::vector<std::string> tradeFrames(const VenueCase& venue) {
    std::vector<std::string> frames = venue.writtenFrames;
    for (const std::string& file : venue.tradeFixtures) {
        const std::vector<std::string> lines = framesOf(file, true);
        frames.insert(frames.end(), lines.begin(), lines.end());
    }
    return frames;
}

class TradeFastPath : public testing::TestWithParam<VenueCase> {};

TEST_P(TradeFastPath, AcceptsEveryTradeFrameTheDomPathReadsWithoutASkip) {
    const VenueCase& venue = GetParam();
    const std::unique_ptr<Adapter> dom = venue.make(false);
    JsonScan scan;
    std::size_t accepted = 0;
    for (const std::string& frame : tradeFrames(venue)) {
        SCOPED_TRACE(frame);
        std::vector<EventRecord> events;
        const FrameOutcome outcome = venue.make(false)->parseFrame(frame, kReceive, events);
        const bool clean = outcome.kind == Kind::Data && outcome.skippedRecords == 0;
        EXPECT_EQ(checkFastFunction(venue, *dom, scan, frame), clean);
        accepted += clean ? 1 : 0;
    }
    EXPECT_GE(accepted, 2u);
}

TEST_P(TradeFastPath, GivesTheDomPathResultsOnEveryCapturedFrameOfTheVenue) {
    const VenueCase& venue = GetParam();
    // One pair through all the files in order: state (Bybit's tickers, Hyperliquid's candles,
    // OKX's prices) builds up the same way on both.
    const AdapterPair pair(venue);
    std::size_t frames = 0;
    for (const bool fixture : {true, false}) {
        std::vector<std::string> files = fixture ? venue.otherFixtures : venue.testData;
        if (fixture) {
            files.insert(files.end(), venue.tradeFixtures.begin(), venue.tradeFixtures.end());
        }
        for (const std::string& file : files) {
            SCOPED_TRACE(file);
            for (const std::string& frame : framesOf(file, fixture)) {
                pair.expectSameResult(frame);
                ++frames;
            }
        }
    }
    EXPECT_GT(frames, 10u);
}

TEST_P(TradeFastPath, GivesTheDomPathResultsOnTruncationsAndMutationsOfTradeFrames) {
    const VenueCase& venue = GetParam();
    const AdapterPair pair(venue);
    const std::unique_ptr<Adapter> dom = venue.make(false);
    JsonScan scan;
    std::size_t checked = 0;
    std::size_t accepted = 0;
    for (const std::string& frame : tradeFrames(venue)) {
        for (const std::string& mutated : mutations(frame)) {
            pair.expectSameResult(mutated);
            accepted += checkFastFunction(venue, *dom, scan, mutated) ? 1 : 0;
            ++checked;
        }
    }
    // Many mutations touch only fields nobody reads, or keep the values valid.
    EXPECT_GT(accepted, checked / 20);
    EXPECT_LT(accepted, checked / 2);
}

INSTANTIATE_TEST_SUITE_P(Venues, TradeFastPath, testing::ValuesIn(venues()),
                         [](const testing::TestParamInfo<VenueCase>& param) {
                             return param.param.name;
                         });

}  // namespace
}  // namespace liqmap::exchange
