#include "liqmap/core/event_codec.h"

#include <gtest/gtest.h>

#include <cmath>        // std::signbit
#include <cstdint>      // std::int64_t
#include <limits>       // std::numeric_limits
#include <optional>     // std::optional, std::nullopt
#include <ostream>      // std::ostream
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <tuple>        // std::tuple
#include <type_traits>  // std::decay_t
#include <utility>      // std::move
#include <variant>      // std::get, std::get_if, std::visit

#include "liqmap/core/market_event.h"
#include "liqmap/core/skip_counts.h"

namespace liqmap::core {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr TimestampMs kTs = 1700000000000;

// The five example lines of ARCHITECTURE.md "Command-line contract", verbatim.
constexpr std::string_view kTrade =
    R"({"type":"trade","exchange":"binance","symbol":"BTCUSDT","ts":1700000000000,)"
    R"("price":37000.5,"qty":0.25,"aggressor":"buy"})";
constexpr std::string_view kMark =
    R"({"type":"mark","exchange":"binance","symbol":"BTCUSDT","ts":1700000000000,)"
    R"("price":37001.2,"index":37000.9,"funding":0.0001})";
constexpr std::string_view kOpenInterest =
    R"({"type":"open_interest","exchange":"binance","symbol":"BTCUSDT","ts":1700000000000,)"
    R"("qty":81234.5,"notional":3005676500.0})";
constexpr std::string_view kCandle =
    R"({"type":"candle","exchange":"binance","symbol":"BTCUSDT","ts":1700000000000,)"
    R"("interval":"1m","open":37000,"high":37050,"low":36990,"close":37010,"volume":120.5,)"
    R"("closed":true})";
constexpr std::string_view kLiquidation =
    R"({"type":"liquidation","exchange":"binance","symbol":"BTCUSDT","ts":1700000000000,)"
    R"("side":"long","price":36950.0,"qty":0.014,"notional":517.3,"price_kind":"average"})";

// `base` with the first `from` replaced by `to`. When `from` is missing the valid base line comes
// back unchanged, so a table case with a typo fails (the line parses) instead of passing.
std::string edit(std::string_view base, std::string_view from, std::string_view to) {
    std::string line(base);
    const std::size_t at = line.find(from);
    if (at != std::string::npos) {
        line.replace(at, from.size(), to);
    }
    return line;
}

std::string describe(const EventParseStatus& status) {
    if (status.ok) {
        return "ok";
    }
    return std::string(toString(status.reason)) + " '" + std::string(status.field) + "'";
}

testing::AssertionResult isOk(const EventParseStatus& status) {
    if (status.ok) {
        return testing::AssertionSuccess();
    }
    return testing::AssertionFailure() << "failed with " << describe(status);
}

testing::AssertionResult failsWith(const EventParseStatus& status, SkipReason reason,
                                   std::string_view field) {
    if (!status.ok && status.reason == reason && status.field == field) {
        return testing::AssertionSuccess();
    }
    return testing::AssertionFailure() << "got " << describe(status) << ", expected "
                                       << toString(reason) << " '" << field << "'";
}

// Field-by-field views for comparing events (the structs have no operator==).
auto fieldsOf(const Trade& e) { return std::tuple(e.ts, e.price, e.qty, toString(e.aggressor)); }
auto fieldsOf(const MarkPrice& e) { return std::tuple(e.ts, e.price, e.index, e.funding); }
auto fieldsOf(const OpenInterest& e) { return std::tuple(e.ts, e.qty, e.notional); }
auto fieldsOf(const Candle& e) {
    return std::tuple(e.ts, e.intervalMs, e.open, e.high, e.low, e.close, e.volume, e.closed);
}
auto fieldsOf(const Liquidation& e) {
    return std::tuple(e.ts, toString(e.side), e.price, e.qty, e.notional, toString(e.priceKind));
}

void expectSameRecord(const EventRecord& actual, const EventRecord& expected) {
    EXPECT_EQ(actual.exchange, expected.exchange);
    EXPECT_EQ(actual.symbol, expected.symbol);
    ASSERT_EQ(actual.event.index(), expected.event.index());
    std::visit(
        [&](const auto& e) {
            using E = std::decay_t<decltype(e)>;
            EXPECT_EQ(fieldsOf(std::get<E>(actual.event)), fieldsOf(e));
        },
        expected.event);
}

EventRecord binance(MarketEvent event) { return EventRecord{"binance", "BTCUSDT", event}; }

// --- reading each type ------------------------------------------------------------------------

TEST(EventCodec, ReadsTradeWithEveryField) {
    EventRecord record;
    ASSERT_TRUE(isOk(parseEventLine(kTrade, record)));
    EXPECT_EQ(record.exchange, "binance");
    EXPECT_EQ(record.symbol, "BTCUSDT");
    const auto* trade = std::get_if<Trade>(&record.event);
    ASSERT_NE(trade, nullptr);
    EXPECT_EQ(trade->ts, kTs);
    EXPECT_EQ(trade->price, 37000.5);
    EXPECT_EQ(trade->qty, 0.25);
    EXPECT_EQ(trade->aggressor, Aggressor::Buy);
}

TEST(EventCodec, ReadsSellAggressor) {
    EventRecord record;
    ASSERT_TRUE(isOk(
        parseEventLine(edit(kTrade, R"("aggressor":"buy")", R"("aggressor":"sell")"), record)));
    ASSERT_TRUE(std::holds_alternative<Trade>(record.event));
    EXPECT_EQ(std::get<Trade>(record.event).aggressor, Aggressor::Sell);
}

TEST(EventCodec, ReadsMarkWithEveryField) {
    EventRecord record;
    ASSERT_TRUE(isOk(parseEventLine(kMark, record)));
    EXPECT_EQ(record.exchange, "binance");
    EXPECT_EQ(record.symbol, "BTCUSDT");
    const auto* mark = std::get_if<MarkPrice>(&record.event);
    ASSERT_NE(mark, nullptr);
    EXPECT_EQ(mark->ts, kTs);
    EXPECT_EQ(mark->price, 37001.2);
    EXPECT_EQ(mark->index, 37000.9);
    EXPECT_EQ(mark->funding, 0.0001);
}

TEST(EventCodec, ReadsMarkWithoutIndexAndFundingWhenAbsent) {
    EventRecord record;
    const std::string line = edit(kMark, R"(,"index":37000.9,"funding":0.0001)", "");
    ASSERT_TRUE(isOk(parseEventLine(line, record)));
    const auto* mark = std::get_if<MarkPrice>(&record.event);
    ASSERT_NE(mark, nullptr);
    EXPECT_EQ(mark->price, 37001.2);
    EXPECT_EQ(mark->index, std::nullopt);
    EXPECT_EQ(mark->funding, std::nullopt);
}

TEST(EventCodec, ReadsMarkWithoutIndexAndFundingWhenNull) {
    EventRecord record;
    const std::string line =
        edit(kMark, R"("index":37000.9,"funding":0.0001)", R"("index":null,"funding":null)");
    ASSERT_TRUE(isOk(parseEventLine(line, record)));
    const auto* mark = std::get_if<MarkPrice>(&record.event);
    ASSERT_NE(mark, nullptr);
    EXPECT_EQ(mark->index, std::nullopt);
    EXPECT_EQ(mark->funding, std::nullopt);
}

TEST(EventCodec, ReadsMarkWithOnlyOneOptionalField) {
    EventRecord record;
    ASSERT_TRUE(isOk(parseEventLine(edit(kMark, R"(,"index":37000.9)", ""), record)));
    ASSERT_TRUE(std::holds_alternative<MarkPrice>(record.event));
    EXPECT_EQ(std::get<MarkPrice>(record.event).index, std::nullopt);
    EXPECT_EQ(std::get<MarkPrice>(record.event).funding, 0.0001);

    ASSERT_TRUE(
        isOk(parseEventLine(edit(kMark, R"("funding":0.0001)", R"("funding":null)"), record)));
    EXPECT_EQ(std::get<MarkPrice>(record.event).index, 37000.9);
    EXPECT_EQ(std::get<MarkPrice>(record.event).funding, std::nullopt);
}

TEST(EventCodec, ReadsOpenInterestWithEveryField) {
    EventRecord record;
    ASSERT_TRUE(isOk(parseEventLine(kOpenInterest, record)));
    EXPECT_EQ(record.exchange, "binance");
    EXPECT_EQ(record.symbol, "BTCUSDT");
    const auto* oi = std::get_if<OpenInterest>(&record.event);
    ASSERT_NE(oi, nullptr);
    EXPECT_EQ(oi->ts, kTs);
    EXPECT_EQ(oi->qty, 81234.5);
    EXPECT_EQ(oi->notional, 3005676500.0);
}

TEST(EventCodec, ReadsOpenInterestWithoutNotionalWhenAbsentOrNull) {
    for (const std::string& line :
         {edit(kOpenInterest, R"(,"notional":3005676500.0)", ""),
          edit(kOpenInterest, R"("notional":3005676500.0)", R"("notional":null)")}) {
        SCOPED_TRACE(line);
        EventRecord record;
        ASSERT_TRUE(isOk(parseEventLine(line, record)));
        const auto* oi = std::get_if<OpenInterest>(&record.event);
        ASSERT_NE(oi, nullptr);
        EXPECT_EQ(oi->qty, 81234.5);
        EXPECT_EQ(oi->notional, std::nullopt);
    }
}

TEST(EventCodec, ReadsCandleWithEveryField) {
    EventRecord record;
    ASSERT_TRUE(isOk(parseEventLine(kCandle, record)));
    EXPECT_EQ(record.exchange, "binance");
    EXPECT_EQ(record.symbol, "BTCUSDT");
    const auto* candle = std::get_if<Candle>(&record.event);
    ASSERT_NE(candle, nullptr);
    EXPECT_EQ(candle->ts, kTs);
    EXPECT_EQ(candle->intervalMs, kMinuteMs);
    EXPECT_EQ(candle->open, 37000.0);
    EXPECT_EQ(candle->high, 37050.0);
    EXPECT_EQ(candle->low, 36990.0);
    EXPECT_EQ(candle->close, 37010.0);
    EXPECT_EQ(candle->volume, 120.5);
    EXPECT_TRUE(candle->closed);
}

TEST(EventCodec, ReadsUnclosedCandleWithOtherInterval) {
    EventRecord record;
    std::string line = edit(kCandle, R"("closed":true)", R"("closed":false)");
    line = edit(line, R"("interval":"1m")", R"("interval":"4h")");
    ASSERT_TRUE(isOk(parseEventLine(line, record)));
    const auto* candle = std::get_if<Candle>(&record.event);
    ASSERT_NE(candle, nullptr);
    EXPECT_EQ(candle->intervalMs, 4 * kHourMs);
    EXPECT_FALSE(candle->closed);
}

TEST(EventCodec, ReadsLiquidationWithEveryField) {
    EventRecord record;
    ASSERT_TRUE(isOk(parseEventLine(kLiquidation, record)));
    EXPECT_EQ(record.exchange, "binance");
    EXPECT_EQ(record.symbol, "BTCUSDT");
    const auto* liquidation = std::get_if<Liquidation>(&record.event);
    ASSERT_NE(liquidation, nullptr);
    EXPECT_EQ(liquidation->ts, kTs);
    EXPECT_EQ(liquidation->side, Side::Long);
    EXPECT_EQ(liquidation->price, 36950.0);
    EXPECT_EQ(liquidation->qty, 0.014);
    EXPECT_EQ(liquidation->notional, 517.3);
    EXPECT_EQ(liquidation->priceKind, PriceKind::Average);
}

TEST(EventCodec, ReadsEverySideAndPriceKindOfALiquidation) {
    const std::tuple<std::string_view, std::string_view, Side, PriceKind> cases[] = {
        {R"("side":"short")", R"("price_kind":"bankruptcy")", Side::Short, PriceKind::Bankruptcy},
        {R"("side":"long")", R"("price_kind":"order")", Side::Long, PriceKind::Order},
        {R"("side":"short")", R"("price_kind":"average")", Side::Short, PriceKind::Average},
    };
    for (const auto& [side, kind, expectedSide, expectedKind] : cases) {
        std::string line = edit(kLiquidation, R"("side":"long")", side);
        line = edit(line, R"("price_kind":"average")", kind);
        SCOPED_TRACE(line);
        EventRecord record;
        ASSERT_TRUE(isOk(parseEventLine(line, record)));
        ASSERT_TRUE(std::holds_alternative<Liquidation>(record.event));
        EXPECT_EQ(std::get<Liquidation>(record.event).side, expectedSide);
        EXPECT_EQ(std::get<Liquidation>(record.event).priceKind, expectedKind);
    }
}

TEST(EventCodec, LiquidationNotionalDefaultsToPriceTimesQtyWhenAbsentOrNull) {
    for (const std::string& line :
         {edit(kLiquidation, R"(,"notional":517.3)", ""),
          edit(kLiquidation, R"("notional":517.3)", R"("notional":null)")}) {
        SCOPED_TRACE(line);
        EventRecord record;
        ASSERT_TRUE(isOk(parseEventLine(line, record)));
        const auto* liquidation = std::get_if<Liquidation>(&record.event);
        ASSERT_NE(liquidation, nullptr);
        EXPECT_EQ(liquidation->notional, 36950.0 * 0.014);
        EXPECT_EQ(liquidation->priceKind, PriceKind::Average);
    }
}

TEST(EventCodec, LiquidationNotionalIsTakenAsGivenWhenPresent) {
    // Venues report the notional they computed; it need not equal price × qty exactly.
    EventRecord record;
    ASSERT_TRUE(isOk(parseEventLine(edit(kLiquidation, "517.3", "600"), record)));
    ASSERT_TRUE(std::holds_alternative<Liquidation>(record.event));
    EXPECT_EQ(std::get<Liquidation>(record.event).notional, 600.0);
}

// --- tolerated variations ---------------------------------------------------------------------

TEST(EventCodec, IgnoresUnknownKeysWhateverTheirValues) {
    const std::string line = edit(
        kTrade, R"("ts":1700000000000,)",
        R"("extra":{"nested":[1,{"deep":[[],{}]},"x"],"s":"\u00e9\"\\"},"list":[],"flag":false,)"
        R"("n":-1.5e-7,"":"empty key","unknown":null,"Price":"not the price","prices":[true],)"
        R"("ts":1700000000000,"x":1,"x":"repeated unknown keys are fine",)");
    EventRecord record;
    ASSERT_TRUE(isOk(parseEventLine(line, record)));
    const auto* trade = std::get_if<Trade>(&record.event);
    ASSERT_NE(trade, nullptr);
    expectSameRecord(record, binance(Trade{kTs, 37000.5, 0.25, Aggressor::Buy}));
}

TEST(EventCodec, IgnoresKnownKeysThatTheTypeDoesNotUse) {
    // "side" and "interval" belong to other types; a trade does not look at them.
    EventRecord record;
    ASSERT_TRUE(isOk(parseEventLine(
        edit(kTrade, R"("qty":0.25)", R"("qty":0.25,"side":"sideways","interval":7)"), record)));
    expectSameRecord(record, binance(Trade{kTs, 37000.5, 0.25, Aggressor::Buy}));
}

TEST(EventCodec, AcceptsKeysInAnyOrder) {
    constexpr std::string_view kShuffled =
        R"({"aggressor":"buy","qty":0.25,"price":37000.5,"ts":1700000000000,)"
        R"("symbol":"BTCUSDT","exchange":"binance","type":"trade"})";
    EventRecord record;
    ASSERT_TRUE(isOk(parseEventLine(kShuffled, record)));
    expectSameRecord(record, binance(Trade{kTs, 37000.5, 0.25, Aggressor::Buy}));
}

TEST(EventCodec, AcceptsWhitespaceAroundEveryToken) {
    constexpr std::string_view kSpaced =
        " \t{ \"type\" :\t\"candle\" ,\n\"exchange\" : \"binance\" , \"symbol\":\"BTCUSDT\","
        " \"ts\" : 1700000000000 , \"interval\" : \"1m\" , \"open\" : 37000 , \"high\":37050 ,"
        "\r\n\"low\" : 36990, \"close\" : 37010 , \"volume\" : 120.5 , \"closed\" : true } \r\n";
    EventRecord record;
    ASSERT_TRUE(isOk(parseEventLine(kSpaced, record)));
    expectSameRecord(record,
                     binance(Candle{kTs, kMinuteMs, 37000, 37050, 36990, 37010, 120.5, true}));
}

TEST(EventCodec, EscapedKeyCountsAsItsDecodedName) {
    std::string line = edit(kTrade, R"("price":)", R"("pr\u0069ce":)");
    line = edit(line, R"("type":)", R"("\u0074yp\u0065":)");
    EventRecord record;
    ASSERT_TRUE(isOk(parseEventLine(line, record)));
    expectSameRecord(record, binance(Trade{kTs, 37000.5, 0.25, Aggressor::Buy}));
}

TEST(EventCodec, DecodesEscapesInStringValues) {
    constexpr std::string_view kEscaped =
        R"({"type":"tr\u0061de","exchange":"bin\u0061nce","symbol":"BTC\/USDT\u00e9\ud83d\ude00",)"
        R"("ts":1700000000000,"price":37000.5,"qty":0.25,"aggressor":"s\u0065ll"})";
    EventRecord record;
    ASSERT_TRUE(isOk(parseEventLine(kEscaped, record)));
    EXPECT_EQ(record.exchange, "binance");
    EXPECT_EQ(record.symbol, "BTC/USDT\xc3\xa9\xf0\x9f\x98\x80");
    ASSERT_TRUE(std::holds_alternative<Trade>(record.event));
    EXPECT_EQ(std::get<Trade>(record.event).aggressor, Aggressor::Sell);
}

TEST(EventCodec, AcceptsRawUtf8InNames) {
    EventRecord record;
    ASSERT_TRUE(isOk(
        parseEventLine(edit(kTrade, R"("BTCUSDT")", "\"\xe2\x82\xac-\xf0\x9f\x98\x80\""), record)));
    EXPECT_EQ(record.symbol, "\xe2\x82\xac-\xf0\x9f\x98\x80");
}

TEST(EventCodec, AcceptsSixtyFourNestedContainersInAnIgnoredField) {
    const std::string arrays = std::string(64, '[') + std::string(64, ']');
    std::string objects;
    for (int i = 0; i < 64; ++i) {
        objects += R"({"a":)";
    }
    objects += "null" + std::string(64, '}');
    EventRecord record;
    for (const std::string& value : {arrays, objects}) {
        EXPECT_TRUE(isOk(
            parseEventLine(edit(kTrade, R"("ts":)", R"("deep":)" + value + R"(,"ts":)"), record)));
    }
}

// Regression: the depth limit counted scalars as a level, so 64 nested arrays were accepted when
// empty and rejected as soon as the innermost one held a number.
TEST(EventCodec, AcceptsAScalarInsideTheDeepestAllowedArray) {
    const std::string value = std::string(64, '[') + "1" + std::string(64, ']');
    EventRecord record;
    EXPECT_TRUE(
        isOk(parseEventLine(edit(kTrade, R"("ts":)", R"("deep":)" + value + R"(,"ts":)"), record)));
}

TEST(EventCodec, AcceptsBoundaryValues) {
    const std::string lines[] = {
        edit(kTrade, R"("price":37000.5)", R"("price":1000000000)"),
        edit(kTrade, R"("price":37000.5)", R"("price":1e-12)"),
        edit(kTrade, R"("qty":0.25)", R"("qty":1e15)"),
        edit(kTrade, R"("ts":1700000000000)", R"("ts":4102444800000)"),
        edit(kTrade, R"("ts":1700000000000)", R"("ts":0)"),
        edit(kTrade, R"("ts":1700000000000)", R"("ts":-0)"),
        edit(kMark, R"("funding":0.0001)", R"("funding":1)"),
        edit(kMark, R"("funding":0.0001)", R"("funding":-1)"),
        edit(kMark, R"("funding":0.0001)", R"("funding":0)"),
        edit(kOpenInterest, R"("qty":81234.5,"notional":3005676500.0)", R"("qty":0,"notional":0)"),
        edit(kCandle, R"("volume":120.5)", R"("volume":0)"),
        edit(kCandle, R"("open":37000,"high":37050,"low":36990,"close":37010)",
             R"("open":5,"high":5,"low":5,"close":5)"),
        edit(kLiquidation, R"("notional":517.3)", R"("notional":1e18)"),
    };
    for (const std::string& line : lines) {
        EventRecord record;
        EXPECT_TRUE(isOk(parseEventLine(line, record))) << line;
    }
}

// --- rejected lines ---------------------------------------------------------------------------

struct Rejection {
    std::string line;
    SkipReason reason = SkipReason::MalformedJson;
    std::string_view field;
};

std::ostream& operator<<(std::ostream& os, const Rejection& r) {
    return os << toString(r.reason) << " '" << r.field << "' for "
              << testing::PrintToString(r.line);
}

class EventCodecRejects : public testing::TestWithParam<Rejection> {};

TEST_P(EventCodecRejects, ReportsTheReasonAndTheField) {
    EventRecord record;
    EXPECT_TRUE(
        failsWith(parseEventLine(GetParam().line, record), GetParam().reason, GetParam().field));
}

Rejection malformed(std::string line) { return {std::move(line), SkipReason::MalformedJson, ""}; }

std::string nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::string withIgnored(std::string_view value) {
    return edit(kTrade, R"("ts":)", R"("ignored":)" + std::string(value) + R"(,"ts":)");
}

INSTANTIATE_TEST_SUITE_P(
    EventCodecMalformedLine, EventCodecRejects,
    testing::Values(
        malformed(""), malformed("   "), malformed("[]"), malformed(R"("trade")"),
        malformed("null"), malformed("42"), malformed("{"), malformed("}"),
        malformed(std::string(kTrade.substr(0, kTrade.size() - 1))),  // truncated
        malformed(std::string(kTrade.substr(0, kTrade.size() / 2))),  // truncated mid-value
        malformed(std::string(kTrade) + " x"),                        // trailing garbage
        malformed(std::string(kTrade) + "}"),                         // extra brace
        malformed(std::string(kTrade) + "{}"),                        // two objects
        malformed(std::string(kTrade) + ","),                         // comma after the object
        malformed("\f" + std::string(kTrade)),                        // not JSON whitespace
        malformed(edit(kTrade, R"("buy"})", R"("buy",})")),           // trailing comma
        malformed(edit(kTrade, R"("type":"trade",)", R"("type":"trade",,)")),
        malformed(edit(kTrade, R"(,"qty")", R"("qty")")),       // missing comma
        malformed(edit(kTrade, R"("qty":)", R"("qty" )")),      // missing colon
        malformed(edit(kTrade, R"("qty":0.25)", R"("qty":)")),  // missing value
        malformed(edit(kTrade, R"("type":"trade")", R"('type':'trade')")),
        malformed(edit(kTrade, R"("type":"trade")", R"(type:"trade")")),
        malformed(edit(kTrade, R"("symbol":"BTCUSDT")", R"("symbol":BTCUSDT)")),
        malformed(edit(kTrade, R"("aggressor":"buy")", R"("aggressor":"buy)")),
        malformed(edit(kTrade, "{", "{{")), malformed(edit(kCandle, "true", "True")),
        malformed(edit(kCandle, "true", "tru")), malformed(edit(kCandle, "true", "truely")),
        malformed(edit(kMark, "0.0001", "nul")), malformed(edit(kMark, "0.0001", "None"))));

INSTANTIATE_TEST_SUITE_P(
    EventCodecMalformedNumber, EventCodecRejects,
    testing::Values(
        malformed(edit(kTrade, "37000.5", "NaN")), malformed(edit(kTrade, "37000.5", "nan")),
        malformed(edit(kTrade, "37000.5", "Infinity")),
        malformed(edit(kTrade, "37000.5", "-Infinity")), malformed(edit(kTrade, "37000.5", "01")),
        malformed(edit(kTrade, "37000.5", "+1")), malformed(edit(kTrade, "37000.5", "1.")),
        malformed(edit(kTrade, "37000.5", ".5")), malformed(edit(kTrade, "37000.5", "-")),
        malformed(edit(kTrade, "37000.5", "1e")), malformed(edit(kTrade, "37000.5", "1e+")),
        malformed(edit(kTrade, "37000.5", "0x10")), malformed(edit(kTrade, "37000.5", "1,5")),
        malformed(edit(kTrade, "37000.5", "37000.5.1")), malformed(edit(kTrade, "37000.5", "1-2")),
        malformed(edit(kTrade, "37000.5", "--1")),
        malformed(edit(kTrade, "1700000000000", "01700000000000")), malformed(withIgnored("NaN")),
        malformed(withIgnored("[1,01]"))));

INSTANTIATE_TEST_SUITE_P(
    EventCodecMalformedString, EventCodecRejects,
    testing::Values(
        // Raw control characters must be escaped.
        malformed(edit(kTrade, "BTCUSDT", "BTC\tUSDT")),
        malformed(edit(kTrade, "BTCUSDT", "BTC\nUSDT")),
        malformed(edit(kTrade, "BTCUSDT", "BTC\x01USDT")),
        malformed(edit(kTrade, "BTCUSDT", std::string_view("BTC\0USDT", 8))),
        malformed(edit(kTrade, R"("price")", "\"pr\x1fice\"")),
        // Invalid escapes, anywhere.
        malformed(edit(kTrade, "BTCUSDT", R"(BTC\xUSDT)")),
        malformed(edit(kTrade, "BTCUSDT", R"(BTC\'USDT)")),
        malformed(edit(kTrade, "BTCUSDT", R"(BTC\u12)")),
        malformed(edit(kTrade, "BTCUSDT", R"(BTC\u12G4)")),
        malformed(edit(kTrade, "BTCUSDT", R"(BTCUSDT\)")),
        malformed(edit(kTrade, R"("price")", R"("pr\ice")")), malformed(withIgnored(R"("\x")")),
        malformed(withIgnored(R"(["\a"])")),
        // Surrogates: lone high, lone low, reversed, high followed by something else.
        malformed(edit(kTrade, "BTCUSDT", R"(BTC\ud83d)")),
        malformed(edit(kTrade, "BTCUSDT", R"(BTC\ude00)")),
        malformed(edit(kTrade, "BTCUSDT", R"(BTC\ude00\ud83d)")),
        malformed(edit(kTrade, "BTCUSDT", R"(BTC\ud83d\u0041)")),
        malformed(edit(kTrade, "BTCUSDT", R"(BTC\ud83dx)")), malformed(withIgnored(R"("\ud83d")")),
        malformed(edit(kTrade, R"("price")", R"("price\udc00")")),
        // Invalid UTF-8: continuation byte alone, truncated, overlong, surrogate, too high. JSON
        // text is UTF-8, so this is malformed wherever it appears.
        malformed(edit(kTrade, "BTCUSDT", "BTC\x80USDT")),
        malformed(edit(kTrade, "BTCUSDT", "BTC\xe2\x82")),
        malformed(edit(kTrade, "binance", "bin\xc0\xafnce")),
        malformed(edit(kTrade, "binance", "bin\xed\xa0\x80nce")),
        malformed(edit(kTrade, "binance", "bin\xf4\x90\x80\x80nce")),
        malformed(edit(kTrade, "binance", "bin\xffnce"))));

// Regression: strings in ignored values were only checked when they held an escape, and keys
// of nested objects not at all, so these lines read as events although they are not JSON.
INSTANTIATE_TEST_SUITE_P(
    EventCodecMalformedInIgnoredField, EventCodecRejects,
    testing::Values(malformed(withIgnored("\"caf\xe9\"")), malformed(withIgnored("[\"\xff\"]")),
                    malformed(withIgnored(R"({"\q":1})")), malformed(withIgnored("{\"\xff\":1}")),
                    malformed(edit(kTrade, R"("type")", "\"note\xff\":1,\"type\""))));

INSTANTIATE_TEST_SUITE_P(
    EventCodecMalformedIgnoredValue, EventCodecRejects,
    testing::Values(malformed(withIgnored("[1,2,]")), malformed(withIgnored("[,1]")),
                    malformed(withIgnored("[1 2]")), malformed(withIgnored("[1")),
                    malformed(withIgnored(R"({"a":1,})")), malformed(withIgnored(R"({"a"})")),
                    malformed(withIgnored(R"({"a":})")), malformed(withIgnored("{1:2}")),
                    malformed(withIgnored("{'a':1}")), malformed(withIgnored(R"({"a":1)")),
                    malformed(withIgnored("[nul]")), malformed(withIgnored("undefined")),
                    malformed(withIgnored(nested(65))),
                    malformed(withIgnored(std::string(65, '[') + "1" + std::string(65, ']'))),
                    // std::string first: GCC 12 -O3 warns falsely (-Wrestrict) on "[" + string.
                    malformed(withIgnored(std::string("[") + nested(64) + "]"))));

std::string nestedObjects(int depth) {
    std::string value;
    for (int i = 0; i < depth; ++i) {
        value += R"({"a":)";
    }
    return value + "1" + std::string(depth, '}');
}

INSTANTIATE_TEST_SUITE_P(EventCodecDeepObjects, EventCodecRejects,
                         testing::Values(malformed(withIgnored(nestedObjects(65))),
                                         malformed(withIgnored(nestedObjects(1000)))));

// Regression: a repeated key was reported as soon as it was read, so text that breaks later was
// counted as duplicate_field although it is not JSON at all.
INSTANTIATE_TEST_SUITE_P(
    EventCodecMalformedWinsOverDuplicate, EventCodecRejects,
    testing::Values(malformed(R"({"price":1,"price":2,)"),
                    malformed(edit(kTrade, R"("buy"})", R"("buy","qty":1} trailing)")),
                    malformed(edit(kTrade, R"("buy"})", R"("buy","qty":1,"x":"\q"})"))));

INSTANTIATE_TEST_SUITE_P(
    EventCodecUnknownType, EventCodecRejects,
    testing::Values(
        Rejection{edit(kTrade, R"("trade")", R"("funding")"), SkipReason::UnknownType, "type"},
        Rejection{edit(kTrade, R"("trade")", R"("Trade")"), SkipReason::UnknownType, "type"},
        Rejection{edit(kTrade, R"("trade")", R"("trade ")"), SkipReason::UnknownType, "type"},
        Rejection{edit(kTrade, R"("trade")", R"("")"), SkipReason::UnknownType, "type"}));

INSTANTIATE_TEST_SUITE_P(
    EventCodecMissingField, EventCodecRejects,
    testing::Values(
        Rejection{"{}", SkipReason::MissingField, "type"},
        Rejection{edit(kTrade, R"("type":"trade",)", ""), SkipReason::MissingField, "type"},
        Rejection{edit(kTrade, R"("trade")", "null"), SkipReason::MissingField, "type"},
        Rejection{edit(kTrade, R"(,"ts":1700000000000)", ""), SkipReason::MissingField, "ts"},
        Rejection{edit(kTrade, "1700000000000", "null"), SkipReason::MissingField, "ts"},
        Rejection{edit(kTrade, R"(,"price":37000.5)", ""), SkipReason::MissingField, "price"},
        Rejection{edit(kTrade, R"(,"qty":0.25)", ""), SkipReason::MissingField, "qty"},
        Rejection{edit(kTrade, "0.25", "null"), SkipReason::MissingField, "qty"},
        Rejection{edit(kTrade, R"(,"aggressor":"buy")", ""), SkipReason::MissingField, "aggressor"},
        Rejection{edit(kTrade, R"(,"exchange":"binance")", ""), SkipReason::MissingField,
                  "exchange"},
        Rejection{edit(kTrade, R"("binance")", "null"), SkipReason::MissingField, "exchange"},
        Rejection{edit(kTrade, R"(,"symbol":"BTCUSDT")", ""), SkipReason::MissingField, "symbol"},
        Rejection{edit(kMark, R"(,"ts":1700000000000)", ""), SkipReason::MissingField, "ts"},
        Rejection{edit(kMark, R"(,"price":37001.2)", ""), SkipReason::MissingField, "price"},
        Rejection{edit(kOpenInterest, R"(,"qty":81234.5)", ""), SkipReason::MissingField, "qty"},
        Rejection{edit(kOpenInterest, "81234.5", "null"), SkipReason::MissingField, "qty"},
        Rejection{edit(kCandle, R"(,"interval":"1m")", ""), SkipReason::MissingField, "interval"},
        Rejection{edit(kCandle, R"(,"open":37000)", ""), SkipReason::MissingField, "open"},
        Rejection{edit(kCandle, R"(,"high":37050)", ""), SkipReason::MissingField, "high"},
        Rejection{edit(kCandle, R"(,"low":36990)", ""), SkipReason::MissingField, "low"},
        Rejection{edit(kCandle, R"(,"close":37010)", ""), SkipReason::MissingField, "close"},
        Rejection{edit(kCandle, R"(,"volume":120.5)", ""), SkipReason::MissingField, "volume"},
        Rejection{edit(kCandle, R"(,"closed":true)", ""), SkipReason::MissingField, "closed"},
        Rejection{edit(kCandle, R"("closed":true)", R"("closed":null)"), SkipReason::MissingField,
                  "closed"},
        Rejection{edit(kLiquidation, R"(,"side":"long")", ""), SkipReason::MissingField, "side"},
        Rejection{edit(kLiquidation, R"(,"price":36950.0)", ""), SkipReason::MissingField, "price"},
        Rejection{edit(kLiquidation, R"(,"qty":0.014)", ""), SkipReason::MissingField, "qty"},
        Rejection{edit(kLiquidation, R"(,"price_kind":"average")", ""), SkipReason::MissingField,
                  "price_kind"}));

INSTANTIATE_TEST_SUITE_P(
    EventCodecWrongType, EventCodecRejects,
    testing::Values(
        Rejection{edit(kTrade, R"("trade")", "1"), SkipReason::WrongType, "type"},
        Rejection{edit(kTrade, R"("trade")", R"(["trade"])"), SkipReason::WrongType, "type"},
        Rejection{edit(kTrade, "1700000000000", R"("1700000000000")"), SkipReason::WrongType, "ts"},
        Rejection{edit(kTrade, "1700000000000", "1700000000000.5"), SkipReason::WrongType, "ts"},
        Rejection{edit(kTrade, "1700000000000", "1700000000000.0"), SkipReason::WrongType, "ts"},
        Rejection{edit(kTrade, "1700000000000", "1.7e12"), SkipReason::WrongType, "ts"},
        Rejection{edit(kTrade, "1700000000000", "17E11"), SkipReason::WrongType, "ts"},
        Rejection{edit(kTrade, "1700000000000", "1e400"), SkipReason::WrongType, "ts"},
        Rejection{edit(kTrade, "1700000000000", "true"), SkipReason::WrongType, "ts"},
        Rejection{edit(kTrade, "37000.5", R"("37000.5")"), SkipReason::WrongType, "price"},
        Rejection{edit(kTrade, "37000.5", "[37000.5]"), SkipReason::WrongType, "price"},
        Rejection{edit(kTrade, "37000.5", R"({"v":37000.5})"), SkipReason::WrongType, "price"},
        Rejection{edit(kTrade, "37000.5", "true"), SkipReason::WrongType, "price"},
        Rejection{edit(kTrade, "0.25", "false"), SkipReason::WrongType, "qty"},
        Rejection{edit(kTrade, R"("buy")", "1"), SkipReason::WrongType, "aggressor"},
        Rejection{edit(kTrade, R"("buy")", "true"), SkipReason::WrongType, "aggressor"},
        Rejection{edit(kTrade, R"("binance")", "1"), SkipReason::WrongType, "exchange"},
        Rejection{edit(kTrade, R"("BTCUSDT")", R"(["BTCUSDT"])"), SkipReason::WrongType, "symbol"},
        Rejection{edit(kMark, "37000.9", R"("37000.9")"), SkipReason::WrongType, "index"},
        Rejection{edit(kMark, "0.0001", "false"), SkipReason::WrongType, "funding"},
        Rejection{edit(kMark, "0.0001", "{}"), SkipReason::WrongType, "funding"},
        Rejection{edit(kOpenInterest, "3005676500.0", R"("3005676500.0")"), SkipReason::WrongType,
                  "notional"},
        Rejection{edit(kCandle, R"("1m")", "60000"), SkipReason::WrongType, "interval"},
        Rejection{edit(kCandle, "120.5", R"("120.5")"), SkipReason::WrongType, "volume"},
        Rejection{edit(kCandle, "true", R"("true")"), SkipReason::WrongType, "closed"},
        Rejection{edit(kCandle, "true", "1"), SkipReason::WrongType, "closed"},
        Rejection{edit(kLiquidation, R"("long")", "0"), SkipReason::WrongType, "side"},
        Rejection{edit(kLiquidation, "517.3", R"("517.3")"), SkipReason::WrongType, "notional"},
        Rejection{edit(kLiquidation, R"("average")", "1"), SkipReason::WrongType, "price_kind"}));

INSTANTIATE_TEST_SUITE_P(
    EventCodecDuplicateField, EventCodecRejects,
    testing::Values(
        Rejection{edit(kTrade, R"("price":37000.5)", R"("price":37000.5,"price":37000.5)"),
                  SkipReason::DuplicateField, "price"},
        Rejection{edit(kTrade, R"("type":"trade")", R"("type":"trade","type":"mark")"),
                  SkipReason::DuplicateField, "type"},
        Rejection{edit(kTrade, R"("qty":0.25)", R"("qty":null,"qty":0.25)"),
                  SkipReason::DuplicateField, "qty"},
        Rejection{edit(kTrade, R"("price":37000.5)", R"("price":37000.5,"pr\u0069ce":1)"),
                  SkipReason::DuplicateField, "price"},
        // A known key counts even when this type does not use it.
        Rejection{edit(kTrade, R"("qty":0.25)", R"("qty":0.25,"funding":1,"funding":1)"),
                  SkipReason::DuplicateField, "funding"},
        // The first repeated key is the one reported.
        Rejection{edit(kTrade, R"("buy"})", R"("buy","qty":1,"price":2})"),
                  SkipReason::DuplicateField, "qty"}));

INSTANTIATE_TEST_SUITE_P(
    EventCodecInvalidValue, EventCodecRejects,
    testing::Values(
        Rejection{edit(kTrade, "37000.5", "0"), SkipReason::InvalidValue, "price"},
        Rejection{edit(kTrade, "37000.5", "-0"), SkipReason::InvalidValue, "price"},
        Rejection{edit(kTrade, "37000.5", "-37000.5"), SkipReason::InvalidValue, "price"},
        Rejection{edit(kTrade, "0.25", "0"), SkipReason::InvalidValue, "qty"},
        Rejection{edit(kTrade, "0.25", "-0.25"), SkipReason::InvalidValue, "qty"},
        Rejection{edit(kTrade, R"("buy")", R"("BUY")"), SkipReason::InvalidValue, "aggressor"},
        Rejection{edit(kTrade, R"("buy")", R"("bid")"), SkipReason::InvalidValue, "aggressor"},
        Rejection{edit(kTrade, R"("buy")", R"("")"), SkipReason::InvalidValue, "aggressor"},
        Rejection{edit(kTrade, R"("binance")", R"("")"), SkipReason::InvalidValue, "exchange"},
        Rejection{edit(kTrade, R"("BTCUSDT")", R"("")"), SkipReason::InvalidValue, "symbol"},
        Rejection{edit(kTrade, "1700000000000", "-1"), SkipReason::InvalidValue, "ts"},
        Rejection{edit(kMark, "37001.2", "0"), SkipReason::InvalidValue, "price"},
        Rejection{edit(kMark, "37000.9", "0"), SkipReason::InvalidValue, "index"},
        Rejection{edit(kMark, "37000.9", "-37000.9"), SkipReason::InvalidValue, "index"},
        Rejection{edit(kOpenInterest, "81234.5", "-1"), SkipReason::InvalidValue, "qty"},
        Rejection{edit(kOpenInterest, "3005676500.0", "-1"), SkipReason::InvalidValue, "notional"},
        Rejection{edit(kCandle, R"("1m")", R"("0m")"), SkipReason::InvalidValue, "interval"},
        Rejection{edit(kCandle, R"("1m")", R"("1x")"), SkipReason::InvalidValue, "interval"},
        Rejection{edit(kCandle, R"("1m")", R"("1M")"), SkipReason::InvalidValue, "interval"},
        Rejection{edit(kCandle, R"("1m")", R"("")"), SkipReason::InvalidValue, "interval"},
        Rejection{edit(kCandle, R"("open":37000)", R"("open":0)"), SkipReason::InvalidValue,
                  "open"},
        Rejection{edit(kCandle, R"("close":37010)", R"("close":-37010)"), SkipReason::InvalidValue,
                  "close"},
        Rejection{edit(kCandle, "120.5", "-1"), SkipReason::InvalidValue, "volume"},
        Rejection{edit(kLiquidation, R"("long")", R"("buy")"), SkipReason::InvalidValue, "side"},
        Rejection{edit(kLiquidation, R"("long")", R"("LONG")"), SkipReason::InvalidValue, "side"},
        Rejection{edit(kLiquidation, R"("average")", R"("mark")"), SkipReason::InvalidValue,
                  "price_kind"},
        Rejection{edit(kLiquidation, "36950.0", "0"), SkipReason::InvalidValue, "price"},
        Rejection{edit(kLiquidation, "0.014", "0"), SkipReason::InvalidValue, "qty"},
        Rejection{edit(kLiquidation, "517.3", "0"), SkipReason::InvalidValue, "notional"},
        Rejection{edit(kLiquidation, "517.3", "-517.3"), SkipReason::InvalidValue, "notional"}));

INSTANTIATE_TEST_SUITE_P(
    EventCodecOutOfRange, EventCodecRejects,
    testing::Values(
        Rejection{edit(kTrade, "37000.5", "1000000000.5"), SkipReason::OutOfRange, "price"},
        Rejection{edit(kTrade, "37000.5", "1e-13"), SkipReason::OutOfRange, "price"},
        Rejection{edit(kTrade, "37000.5", "1e400"), SkipReason::OutOfRange, "price"},
        Rejection{edit(kTrade, "0.25", "1000000000000001"), SkipReason::OutOfRange, "qty"},
        Rejection{edit(kTrade, "0.25", "1e400"), SkipReason::OutOfRange, "qty"},
        Rejection{edit(kTrade, "1700000000000", "4102444800001"), SkipReason::OutOfRange, "ts"},
        Rejection{edit(kTrade, "1700000000000", "99999999999999999999"), SkipReason::OutOfRange,
                  "ts"},
        Rejection{edit(kTrade, "1700000000000", "-99999999999999999999"), SkipReason::OutOfRange,
                  "ts"},
        Rejection{edit(kMark, "37000.9", "1000000001"), SkipReason::OutOfRange, "index"},
        Rejection{edit(kMark, "0.0001", "1.0001"), SkipReason::OutOfRange, "funding"},
        Rejection{edit(kMark, "0.0001", "-1.5"), SkipReason::OutOfRange, "funding"},
        Rejection{edit(kMark, "0.0001", "1e400"), SkipReason::OutOfRange, "funding"},
        Rejection{edit(kMark, "0.0001", "-1e400"), SkipReason::OutOfRange, "funding"},
        Rejection{edit(kOpenInterest, "81234.5", "2e15"), SkipReason::OutOfRange, "qty"},
        Rejection{edit(kOpenInterest, "3005676500.0", "2e18"), SkipReason::OutOfRange, "notional"},
        Rejection{edit(kCandle, R"("open":37000)", R"("open":1e-13)"), SkipReason::OutOfRange,
                  "open"},
        Rejection{edit(kCandle, R"("high":37050)", R"("high":2000000000)"), SkipReason::OutOfRange,
                  "high"},
        Rejection{edit(kCandle, "120.5", "2e15"), SkipReason::OutOfRange, "volume"},
        Rejection{edit(kLiquidation, "517.3", "1.1e18"), SkipReason::OutOfRange, "notional"},
        // Without a notional, price × qty = 2e18 is what is checked.
        Rejection{edit(kLiquidation, R"("price":36950.0,"qty":0.014,"notional":517.3)",
                       R"("price":1000000000,"qty":2000000000)"),
                  SkipReason::OutOfRange, "notional"}));

INSTANTIATE_TEST_SUITE_P(
    EventCodecInconsistentCandle, EventCodecRejects,
    testing::Values(
        // open 37000, close 37010: a low of 37005 is above the open.
        Rejection{edit(kCandle, "36990", "37005"), SkipReason::InconsistentCandle, "low"},
        Rejection{edit(kCandle, R"("open":37000,"high":37050,"low":36990,"close":37010)",
                       R"("open":37000,"high":37050,"low":36995,"close":36990)"),
                  SkipReason::InconsistentCandle, "low"},
        Rejection{edit(kCandle, "37050", "37005"), SkipReason::InconsistentCandle, "high"},
        Rejection{edit(kCandle, R"("open":37000,"high":37050,"low":36990,"close":37010)",
                       R"("open":37060,"high":37050,"low":36990,"close":37010)"),
                  SkipReason::InconsistentCandle, "high"},
        Rejection{edit(kCandle, "37050", "36980"), SkipReason::InconsistentCandle, "high"},
        // Both wrong: the low is reported.
        Rejection{edit(kCandle, R"("high":37050,"low":36990)", R"("high":37006,"low":37005)"),
                  SkipReason::InconsistentCandle, "low"}));

// --- reuse of the record ----------------------------------------------------------------------

TEST(EventCodec, FailedParseAfterAGoodOneIsNotOk) {
    EventRecord record;
    ASSERT_TRUE(isOk(parseEventLine(kTrade, record)));
    EXPECT_TRUE(failsWith(parseEventLine("", record), SkipReason::MalformedJson, ""));
    EXPECT_TRUE(failsWith(parseEventLine(edit(kTrade, R"(,"qty":0.25)", ""), record),
                          SkipReason::MissingField, "qty"));
    EXPECT_TRUE(failsWith(parseEventLine(edit(kTrade, "37000.5", "0"), record),
                          SkipReason::InvalidValue, "price"));
    EXPECT_TRUE(failsWith(parseEventLine(edit(kTrade, "BTCUSDT", ""), record),
                          SkipReason::InvalidValue, "symbol"));
    ASSERT_TRUE(isOk(parseEventLine(kTrade, record)));
    expectSameRecord(record, binance(Trade{kTs, 37000.5, 0.25, Aggressor::Buy}));
}

TEST(EventCodec, ReusedRecordHoldsOnlyTheLatestLine) {
    EventRecord record;
    ASSERT_TRUE(isOk(parseEventLine(kMark, record)));
    std::string line = edit(kMark, R"(,"index":37000.9,"funding":0.0001)", "");
    line = edit(line, R"("binance")", R"("okx")");
    line = edit(line, R"("BTCUSDT")", R"("BTC")");
    ASSERT_TRUE(isOk(parseEventLine(line, record)));
    expectSameRecord(record, EventRecord{"okx", "BTC", MarkPrice{kTs, 37001.2, {}, {}}});

    ASSERT_TRUE(isOk(parseEventLine(kLiquidation, record)));
    expectSameRecord(
        record, binance(Liquidation{kTs, Side::Long, 36950, 0.014, 517.3, PriceKind::Average}));
}

// --- writing ----------------------------------------------------------------------------------

struct WriteCase {
    EventRecord record;
    std::string_view line;
};

std::ostream& operator<<(std::ostream& os, const WriteCase& c) { return os << c.line; }

class EventCodecWrites : public testing::TestWithParam<WriteCase> {};

TEST_P(EventCodecWrites, ExactlyTheExpectedLine) {
    std::string out;
    appendEventLine(GetParam().record, out);
    EXPECT_EQ(out, GetParam().line);
}

TEST_P(EventCodecWrites, AppendsToWhatIsAlreadyThere) {
    std::string out = "prefix\n";
    appendEventLine(GetParam().record, out);
    EXPECT_EQ(out, "prefix\n" + std::string(GetParam().line));
}

TEST_P(EventCodecWrites, ReadsBackTheSameRecord) {
    std::string out;
    appendEventLine(GetParam().record, out);
    EventRecord back;
    ASSERT_TRUE(isOk(parseEventLine(out, back))) << out;
    expectSameRecord(back, GetParam().record);
    std::string again;
    appendEventLine(back, again);
    EXPECT_EQ(again, out);
}

INSTANTIATE_TEST_SUITE_P(
    EventCodecTrade, EventCodecWrites,
    testing::Values(WriteCase{binance(Trade{kTs, 37000.5, 0.25, Aggressor::Buy}), kTrade},
                    WriteCase{
                        EventRecord{"bybit", "ETHUSDT", Trade{1, 0.1 + 0.2, 1e-8, Aggressor::Sell}},
                        R"({"type":"trade","exchange":"bybit","symbol":"ETHUSDT","ts":1,)"
                        R"("price":0.30000000000000004,"qty":1e-08,"aggressor":"sell"})"}));

INSTANTIATE_TEST_SUITE_P(
    EventCodecMark, EventCodecWrites,
    testing::Values(
        WriteCase{binance(MarkPrice{kTs, 37001.2, 37000.9, 0.0001}), kMark},
        WriteCase{EventRecord{"okx", "BTC-USDT-SWAP", MarkPrice{kTs, 37001.2, {}, {}}},
                  R"({"type":"mark","exchange":"okx","symbol":"BTC-USDT-SWAP",)"
                  R"("ts":1700000000000,"price":37001.2,"index":null,"funding":null})"},
        WriteCase{binance(MarkPrice{kTs, 1e9, {}, -0.00375}),
                  R"({"type":"mark","exchange":"binance","symbol":"BTCUSDT","ts":1700000000000,)"
                  R"("price":1000000000,"index":null,"funding":-0.00375})"},
        WriteCase{binance(MarkPrice{kTs, 1e-12, 2.5, 5e-324}),
                  R"({"type":"mark","exchange":"binance","symbol":"BTCUSDT","ts":1700000000000,)"
                  R"("price":1e-12,"index":2.5,"funding":5e-324})"}));

INSTANTIATE_TEST_SUITE_P(
    EventCodecOpenInterest, EventCodecWrites,
    testing::Values(WriteCase{binance(OpenInterest{kTs, 81234.5, 3005676500.0}),
                              R"({"type":"open_interest","exchange":"binance","symbol":"BTCUSDT",)"
                              R"("ts":1700000000000,"qty":81234.5,"notional":3005676500})"},
                    WriteCase{
                        binance(OpenInterest{0, 0, std::nullopt}),
                        R"({"type":"open_interest","exchange":"binance","symbol":"BTCUSDT","ts":0,)"
                        R"("qty":0,"notional":null})"}));

INSTANTIATE_TEST_SUITE_P(
    EventCodecCandle, EventCodecWrites,
    testing::Values(WriteCase{binance(Candle{kTs, kMinuteMs, 37000, 37050, 36990, 37010, 120.5,
                                             true}),
                              kCandle},
                    WriteCase{binance(Candle{kTs, 4 * kHourMs, 2.5, 3, 2, 2.75, 0, false}),
                              R"({"type":"candle","exchange":"binance","symbol":"BTCUSDT",)"
                              R"("ts":1700000000000,"interval":"4h","open":2.5,"high":3,"low":2,)"
                              R"("close":2.75,"volume":0,"closed":false})"},
                    // Regression: "1500ms" was written but not read back.
                    WriteCase{binance(Candle{kTs, 1500, 1, 1, 1, 1, 1e15, true}),
                              R"({"type":"candle","exchange":"binance","symbol":"BTCUSDT",)"
                              R"("ts":1700000000000,"interval":"1500ms","open":1,"high":1,"low":1,)"
                              R"("close":1,"volume":1e+15,"closed":true})"}));

INSTANTIATE_TEST_SUITE_P(
    EventCodecLiquidation, EventCodecWrites,
    testing::Values(
        WriteCase{binance(Liquidation{kTs, Side::Long, 36950.0, 0.014, 517.3, PriceKind::Average}),
                  R"({"type":"liquidation","exchange":"binance","symbol":"BTCUSDT",)"
                  R"("ts":1700000000000,"side":"long","price":36950,"qty":0.014,)"
                  R"("notional":517.3,"price_kind":"average"})"},
        WriteCase{EventRecord{"hyperliquid", "BTC",
                              Liquidation{4102444800000, Side::Short, 37000.25, 2, 74000.5,
                                          PriceKind::Bankruptcy}},
                  R"({"type":"liquidation","exchange":"hyperliquid","symbol":"BTC",)"
                  R"("ts":4102444800000,"side":"short","price":37000.25,"qty":2,)"
                  R"("notional":74000.5,"price_kind":"bankruptcy"})"},
        WriteCase{binance(Liquidation{kTs, Side::Short, 1, 1e15, 1e18, PriceKind::Order}),
                  R"({"type":"liquidation","exchange":"binance","symbol":"BTCUSDT",)"
                  R"("ts":1700000000000,"side":"short","price":1,"qty":1e+15,)"
                  R"("notional":1e+18,"price_kind":"order"})"}));

INSTANTIATE_TEST_SUITE_P(EventCodecEscapedNames, EventCodecWrites,
                         testing::Values(WriteCase{
                             EventRecord{"ex\"q\\b\x01\t", "BTC\xe2\x82\xac/USDT",
                                         Trade{kTs, 2, 3, Aggressor::Buy}},
                             R"({"type":"trade","exchange":"ex\"q\\b\u0001\t",)"
                             "\"symbol\":\"BTC\xe2\x82\xac/USDT\","
                             R"("ts":1700000000000,"price":2,"qty":3,"aggressor":"buy"})"}));

TEST(EventCodec, WritesNonFiniteOptionalNumbersAsNull) {
    std::string out;
    appendEventLine(binance(MarkPrice{kTs, 37001.2, kNaN, kInfinity}), out);
    EXPECT_EQ(out, R"({"type":"mark","exchange":"binance","symbol":"BTCUSDT","ts":1700000000000,)"
                   R"("price":37001.2,"index":null,"funding":null})");
}

TEST(EventCodec, NegativeZeroFundingKeepsItsSignThroughText) {
    std::string out;
    appendEventLine(binance(MarkPrice{kTs, 37001.2, {}, -0.0}), out);
    EXPECT_NE(out.find(R"("funding":-0})"), std::string::npos) << out;
    EventRecord back;
    ASSERT_TRUE(isOk(parseEventLine(out, back)));
    ASSERT_TRUE(std::holds_alternative<MarkPrice>(back.event));
    const std::optional<double> funding = std::get<MarkPrice>(back.event).funding;
    ASSERT_TRUE(funding.has_value());
    EXPECT_TRUE(std::signbit(*funding));
}

// --- validateEvent ----------------------------------------------------------------------------

TEST(EventCodec, ValidateEventAcceptsAPlausibleEventOfEveryType) {
    const MarketEvent events[] = {
        Trade{kTs, 37000.5, 0.25, Aggressor::Buy},
        MarkPrice{kTs, 37001.2, 37000.9, 0.0001},
        MarkPrice{kTs, 37001.2, std::nullopt, std::nullopt},
        OpenInterest{kTs, 0, std::nullopt},
        Candle{kTs, kMinuteMs, 37000, 37050, 36990, 37010, 0, false},
        Liquidation{kTs, Side::Short, 36950, 0.014, 517.3, PriceKind::Order},
    };
    for (const MarketEvent& event : events) {
        EXPECT_TRUE(isOk(validateEvent(event))) << "event type #" << event.index();
    }
}

struct Invalid {
    std::string_view name;
    MarketEvent event;
    SkipReason reason;
    std::string_view field;
};

std::ostream& operator<<(std::ostream& os, const Invalid& c) { return os << c.name; }

class EventCodecValidate : public testing::TestWithParam<Invalid> {};

TEST_P(EventCodecValidate, ReportsTheReasonAndTheField) {
    EXPECT_TRUE(failsWith(validateEvent(GetParam().event), GetParam().reason, GetParam().field));
}

constexpr std::int64_t kInt64Min = std::numeric_limits<std::int64_t>::min();

INSTANTIATE_TEST_SUITE_P(
    EventCodecTable, EventCodecValidate,
    testing::Values(
        Invalid{"negative ts", Trade{-1, 1, 1, Aggressor::Buy}, SkipReason::InvalidValue, "ts"},
        Invalid{"lowest ts", MarkPrice{kInt64Min, 1, {}, {}}, SkipReason::InvalidValue, "ts"},
        Invalid{"ts after 2100", OpenInterest{4102444800001, 1, {}}, SkipReason::OutOfRange, "ts"},
        // The timestamp is checked before the numbers.
        Invalid{"negative ts and NaN price", Trade{-5, kNaN, 1, Aggressor::Buy},
                SkipReason::InvalidValue, "ts"},
        Invalid{"NaN price", Trade{kTs, kNaN, 1, Aggressor::Buy}, SkipReason::InvalidValue,
                "price"},
        Invalid{"infinite price", Trade{kTs, kInfinity, 1, Aggressor::Buy}, SkipReason::OutOfRange,
                "price"},
        Invalid{"negative infinite price", Trade{kTs, -kInfinity, 1, Aggressor::Sell},
                SkipReason::InvalidValue, "price"},
        Invalid{"NaN qty", Trade{kTs, 1, kNaN, Aggressor::Buy}, SkipReason::InvalidValue, "qty"},
        Invalid{"infinite qty", Trade{kTs, 1, kInfinity, Aggressor::Buy}, SkipReason::OutOfRange,
                "qty"},
        Invalid{"NaN mark", MarkPrice{kTs, kNaN, {}, {}}, SkipReason::InvalidValue, "price"},
        Invalid{"NaN index", MarkPrice{kTs, 1, kNaN, {}}, SkipReason::InvalidValue, "index"},
        Invalid{"infinite index", MarkPrice{kTs, 1, kInfinity, {}}, SkipReason::OutOfRange,
                "index"},
        Invalid{"NaN funding", MarkPrice{kTs, 1, {}, kNaN}, SkipReason::InvalidValue, "funding"},
        Invalid{"infinite funding", MarkPrice{kTs, 1, {}, kInfinity}, SkipReason::InvalidValue,
                "funding"},
        Invalid{"negative infinite funding", MarkPrice{kTs, 1, {}, -kInfinity},
                SkipReason::InvalidValue, "funding"},
        Invalid{"NaN open interest", OpenInterest{kTs, kNaN, {}}, SkipReason::InvalidValue, "qty"},
        Invalid{"infinite open interest notional", OpenInterest{kTs, 1, kInfinity},
                SkipReason::OutOfRange, "notional"},
        Invalid{"NaN open interest notional", OpenInterest{kTs, 1, kNaN}, SkipReason::InvalidValue,
                "notional"},
        Invalid{"zero interval", Candle{kTs, 0, 1, 1, 1, 1, 1, true}, SkipReason::InvalidValue,
                "interval"},
        Invalid{"negative interval", Candle{kTs, -kMinuteMs, 1, 1, 1, 1, 1, true},
                SkipReason::InvalidValue, "interval"},
        Invalid{"NaN open", Candle{kTs, kMinuteMs, kNaN, 1, 1, 1, 1, true},
                SkipReason::InvalidValue, "open"},
        Invalid{"NaN low", Candle{kTs, kMinuteMs, 1, 1, kNaN, 1, 1, true}, SkipReason::InvalidValue,
                "low"},
        Invalid{"infinite high", Candle{kTs, kMinuteMs, 1, kInfinity, 1, 1, 1, true},
                SkipReason::OutOfRange, "high"},
        Invalid{"NaN volume", Candle{kTs, kMinuteMs, 1, 1, 1, 1, kNaN, true},
                SkipReason::InvalidValue, "volume"},
        Invalid{"low above close", Candle{kTs, kMinuteMs, 2, 3, 2, 1.5, 1, true},
                SkipReason::InconsistentCandle, "low"},
        Invalid{"high below open", Candle{kTs, kMinuteMs, 2.5, 2, 1, 1.5, 1, true},
                SkipReason::InconsistentCandle, "high"},
        Invalid{"NaN liquidation price",
                Liquidation{kTs, Side::Long, kNaN, 1, 1, PriceKind::Average},
                SkipReason::InvalidValue, "price"},
        Invalid{"zero liquidation qty", Liquidation{kTs, Side::Long, 1, 0, 1, PriceKind::Average},
                SkipReason::InvalidValue, "qty"},
        Invalid{"NaN liquidation notional",
                Liquidation{kTs, Side::Short, 1, 1, kNaN, PriceKind::Order},
                SkipReason::InvalidValue, "notional"},
        Invalid{"infinite liquidation notional",
                Liquidation{kTs, Side::Short, 1, 1, kInfinity, PriceKind::Order},
                SkipReason::OutOfRange, "notional"}));

}  // namespace
}  // namespace liqmap::core
