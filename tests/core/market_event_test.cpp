#include "liqmap/core/market_event.h"

#include <gtest/gtest.h>

#include <optional>     // std::optional, std::nullopt
#include <ostream>      // std::ostream
#include <string_view>  // std::string_view

namespace liqmap::core {
namespace {

constexpr TimestampMs kSecondMs = 1000;
constexpr TimestampMs kWeekMs = 7 * kDayMs;

TEST(MarketEvent, UnitConstantsAreMilliseconds) {
    EXPECT_EQ(kMinuteMs, 60'000);
    EXPECT_EQ(kHourMs, 3'600'000);
    EXPECT_EQ(kDayMs, 86'400'000);
}

TEST(MarketEvent, SideSpellingsGoBothWays) {
    EXPECT_EQ(toString(Side::Long), "long");
    EXPECT_EQ(toString(Side::Short), "short");
    EXPECT_EQ(parseSide("long"), Side::Long);
    EXPECT_EQ(parseSide("short"), Side::Short);
}

TEST(MarketEvent, AggressorSpellingsGoBothWays) {
    EXPECT_EQ(toString(Aggressor::Buy), "buy");
    EXPECT_EQ(toString(Aggressor::Sell), "sell");
    EXPECT_EQ(parseAggressor("buy"), Aggressor::Buy);
    EXPECT_EQ(parseAggressor("sell"), Aggressor::Sell);
}

TEST(MarketEvent, PriceKindSpellingsGoBothWays) {
    EXPECT_EQ(toString(PriceKind::Average), "average");
    EXPECT_EQ(toString(PriceKind::Bankruptcy), "bankruptcy");
    EXPECT_EQ(toString(PriceKind::Order), "order");
    EXPECT_EQ(parsePriceKind("average"), PriceKind::Average);
    EXPECT_EQ(parsePriceKind("bankruptcy"), PriceKind::Bankruptcy);
    EXPECT_EQ(parsePriceKind("order"), PriceKind::Order);
}

// The spellings are exact: no case folding, no trimming, no venue spellings like "BUY".
TEST(MarketEvent, EnumParsersRejectEverythingElse) {
    for (const std::string_view text : {"", "Long", "LONG", " long", "long ", "l", "buy"}) {
        EXPECT_EQ(parseSide(text), std::nullopt) << '"' << text << '"';
    }
    for (const std::string_view text : {"", "Buy", "BUY", "bid", "sell ", "long"}) {
        EXPECT_EQ(parseAggressor(text), std::nullopt) << '"' << text << '"';
    }
    for (const std::string_view text : {"", "Average", "avg", "mark", "order ", "bankrupt"}) {
        EXPECT_EQ(parsePriceKind(text), std::nullopt) << '"' << text << '"';
    }
}

TEST(MarketEvent, TimestampOfReadsEveryEventType) {
    EXPECT_EQ(timestampOf(Trade{11, 1, 1, Aggressor::Buy}), 11);
    EXPECT_EQ(timestampOf(MarkPrice{22, 1, std::nullopt, std::nullopt}), 22);
    EXPECT_EQ(timestampOf(OpenInterest{33, 1, std::nullopt}), 33);
    EXPECT_EQ(timestampOf(Candle{44, kMinuteMs, 1, 1, 1, 1, 1, true}), 44);
    EXPECT_EQ(timestampOf(Liquidation{1700000000000, Side::Long, 1, 1, 1, PriceKind::Order}),
              1700000000000);
    EXPECT_EQ(timestampOf(Trade{-5, 1, 1, Aggressor::Sell}), -5);
}

// --- intervals --------------------------------------------------------------------------------

struct IntervalCase {
    std::string_view text;
    TimestampMs ms;
};

std::ostream& operator<<(std::ostream& os, const IntervalCase& c) { return os << c.text; }

class MarketEventInterval : public testing::TestWithParam<IntervalCase> {};

TEST_P(MarketEventInterval, ParsesToMilliseconds) {
    EXPECT_EQ(parseInterval(GetParam().text), GetParam().ms);
}

TEST_P(MarketEventInterval, FormatsBackToTheSameSpelling) {
    EXPECT_EQ(formatInterval(GetParam().ms), GetParam().text);
}

INSTANTIATE_TEST_SUITE_P(
    MarketEventCanonical, MarketEventInterval,
    testing::Values(IntervalCase{"1s", kSecondMs}, IntervalCase{"1m", kMinuteMs},
                    IntervalCase{"5m", 5 * kMinuteMs}, IntervalCase{"1h", kHourMs},
                    IntervalCase{"4h", 4 * kHourMs}, IntervalCase{"1d", kDayMs},
                    IntervalCase{"1w", kWeekMs}, IntervalCase{"90s", 90 * kSecondMs},
                    IntervalCase{"15m", 15 * kMinuteMs}, IntervalCase{"12h", 12 * kHourMs},
                    IntervalCase{"30d", 30 * kDayMs}, IntervalCase{"2w", 2 * kWeekMs},
                    IntervalCase{"1500ms", 1500}, IntervalCase{"1ms", 1}));

// Any unit may be written; formatting picks the largest one that divides evenly.
TEST(MarketEvent, ParsesNonCanonicalSpellingsOfAUnitMultiple) {
    EXPECT_EQ(parseInterval("60s"), kMinuteMs);
    EXPECT_EQ(parseInterval("60m"), kHourMs);
    EXPECT_EQ(parseInterval("24h"), kDayMs);
    EXPECT_EQ(parseInterval("7d"), kWeekMs);
    EXPECT_EQ(parseInterval("60000ms"), kMinuteMs);
}

TEST(MarketEvent, FormatIntervalPicksTheLargestWholeUnit) {
    EXPECT_EQ(formatInterval(60 * kSecondMs), "1m");
    EXPECT_EQ(formatInterval(120 * kMinuteMs), "2h");
    EXPECT_EQ(formatInterval(14 * kDayMs), "2w");
    EXPECT_EQ(formatInterval(10 * kDayMs), "10d");
    EXPECT_EQ(formatInterval(kMinuteMs + kSecondMs), "61s");
}

TEST(MarketEvent, FormatIntervalWritesMillisecondsForNonUnitValues) {
    EXPECT_EQ(formatInterval(1500), "1500ms");
    EXPECT_EQ(formatInterval(kMinuteMs + 1), "60001ms");
    EXPECT_EQ(formatInterval(0), "0ms");
    EXPECT_EQ(formatInterval(-kMinuteMs), "-60000ms");
}

// Regression: formatInterval wrote "1500ms" but parseInterval refused it, so a candle with such
// an interval was written by appendEventLine as a line parseEventLine rejected.
TEST(MarketEvent, ParseIntervalReadsTheMillisecondSpellingFormatIntervalWrites) {
    for (const TimestampMs ms :
         {TimestampMs{1}, TimestampMs{999}, TimestampMs{1500}, TimestampMs{kHourMs + 1}}) {
        EXPECT_EQ(parseInterval(formatInterval(ms)), ms) << formatInterval(ms);
    }
}

TEST(MarketEvent, ParseIntervalAcceptsUpToOneYearOfTheUnit) {
    EXPECT_EQ(parseInterval("31622400s"), 366 * kDayMs);
    EXPECT_EQ(parseInterval("31622401s"), std::nullopt);
}

class MarketEventBadInterval : public testing::TestWithParam<std::string_view> {};

TEST_P(MarketEventBadInterval, ParseIntervalRejects) {
    EXPECT_EQ(parseInterval(GetParam()), std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(MarketEventTable, MarketEventBadInterval,
                         testing::Values("", "0m", "m", "1x", "-1m", "1.5m", "1", "10", "1M", "1H",
                                         "+1m", " 1m", "1m ", "1 m", "1mm", "m1", "ms", "0ms",
                                         "-5ms", "1.5ms", "1e3ms", "0s", "1y",
                                         "99999999999999999999m"));

}  // namespace
}  // namespace liqmap::core
