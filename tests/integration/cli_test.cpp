// The command-line contract (ARCHITECTURE.md), checked by running the built liqmap-cli.

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "liqmap/core/number_text.h"
#include "support/cli_usage_error.h"
#include "support/process.h"

namespace liqmap {
namespace {

const std::string kCli = LIQMAP_CLI_PATH;
const std::string kData = LIQMAP_TEST_DATA_DIR;

test::ProcessResult cli(const std::vector<std::string>& args) {
    return test::runProcess(kCli, args);
}

std::string readFile(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream content;
    content << file.rdbuf();
    return content.str();
}

double printedNumber(const test::ProcessResult& result) {
    std::string text = result.out;
    if (!text.empty() && text.back() == '\n') {
        text.pop_back();
    }
    const auto value = core::parseDecimal(text);
    EXPECT_TRUE(value) << "not a number: '" << result.out << "'";
    return value.value_or(0);
}

TEST(CliLiqprice, PrintsTheArchitectureExample) {
    // E = 100, L = 10, mmr = 0.4 %: long 90 / 0.996, short 110 / 1.004.
    const auto longResult = cli({"liqprice", "--exchange", "binance", "--side", "long", "--entry",
                                 "100", "--leverage", "10", "--mmr", "0.004"});
    ASSERT_EQ(longResult.exitCode, 0) << longResult.err;
    EXPECT_NEAR(printedNumber(longResult), 90.0 / 0.996, 1e-10);
    EXPECT_EQ(longResult.err, "");
    const auto shortResult = cli({"liqprice", "--exchange", "binance", "--side", "short", "--entry",
                                  "100", "--leverage", "10", "--mmr", "0.004"});
    ASSERT_EQ(shortResult.exitCode, 0) << shortResult.err;
    EXPECT_NEAR(printedNumber(shortResult), 110.0 / 1.004, 1e-10);
}

TEST(CliLiqprice, UsesTheVenuesTierForThePositionWithoutMmr) {
    // 1 BTC at 60 000 is 60 000 of notional: Binance bracket 2 (mmr 0.5 %, cum 50), so
    // (60 000 − 3 000 − 50) / 0.995 (PROTOCOLS.md §5.1 worked example).
    const auto result = cli({"liqprice", "--exchange", "binance", "--side", "long", "--entry",
                             "60000", "--leverage", "20"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_NEAR(printedNumber(result), 56950.0 / 0.995, 1e-8);
    // OKX: mmr 0.4 % plus the 0.05 % close fee: 57 000 / 0.9955.
    const auto okx = cli({"liqprice", "--exchange", "okx", "--side", "long", "--entry", "60000",
                          "--leverage", "20"});
    ASSERT_EQ(okx.exitCode, 0) << okx.err;
    EXPECT_NEAR(printedNumber(okx), 57000.0 / 0.9955, 1e-8);
}

TEST(CliLiqprice, TakesMaintenanceAmountAndSize) {
    // Bybit: 2 coins at 60 000, 20x, mmr 0.5 %, deduction 50: 60 000 · 0.955 − 50 / 2 = 57 275.
    const auto result =
        cli({"liqprice", "--exchange", "bybit", "--side", "long", "--entry", "60000", "--leverage",
             "20", "--mmr", "0.005", "--cum", "50", "--qty", "2"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_NEAR(printedNumber(result), 57275, 1e-8);
}

using test::CliUsageError;
using test::UsageCase;

TEST_P(CliUsageError, ExitsWithTwoAndOneLineNamingTheProblem) {
    const auto result = cli(GetParam().args);
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_EQ(result.out, "");
    EXPECT_EQ(result.err, GetParam().message + "\n");
}

INSTANTIATE_TEST_SUITE_P(
    Liqprice, CliUsageError,
    testing::Values(
        UsageCase{{"liqprice", "--exchange", "binance", "--side", "long", "--leverage", "10"},
                  "liqmap-cli liqprice: --entry is required"},
        UsageCase{{"liqprice", "--exchange", "kraken", "--side", "long", "--entry", "1",
                   "--leverage", "10"},
                  "liqmap-cli liqprice: --exchange: expected binance, bybit, okx or hyperliquid, "
                  "got 'kraken'"},
        UsageCase{{"liqprice", "--exchange", "binance", "--side", "up", "--entry", "1",
                   "--leverage", "10"},
                  "liqmap-cli liqprice: --side: expected long or short, got 'up'"},
        UsageCase{{"liqprice", "--exchange", "binance", "--side", "long", "--entry", "abc",
                   "--leverage", "10"},
                  "liqmap-cli liqprice: --entry: expected a number, got 'abc'"},
        UsageCase{{"liqprice", "--exchange", "binance", "--side", "long", "--entry", "100",
                   "--leverage", "10", "--mmr", "0.1"},
                  "liqmap-cli liqprice: mmr: 0.1 is not below 1/leverage = 0.1: the position "
                  "would be liquidated at entry"},
        UsageCase{{"liqprice", "--exchange", "binance", "--side", "long", "--entry", "100",
                   "--leverage", "150"},
                  "liqmap-cli liqprice: leverage: 150x is above the 125x binance allows for this "
                  "position size"},
        UsageCase{{"liqprice", "--exchange", "binance", "--side", "long", "--entry", "100",
                   "--leverage", "10", "--colour", "red"},
                  "liqmap-cli liqprice: unknown option --colour"},
        UsageCase{{"liqprice", "--exchange", "binance", "--exchange", "okx"},
                  "liqmap-cli liqprice: --exchange given twice"},
        UsageCase{{"liqprice", "--exchange"}, "liqmap-cli liqprice: --exchange needs a value"},
        UsageCase{{"frobnicate"},
                  "liqmap-cli: unknown command 'frobnicate' (try liqmap-cli --help)"}));

INSTANTIATE_TEST_SUITE_P(
    Map, CliUsageError,
    testing::Values(
        UsageCase{{"map"},
                  "liqmap-cli map: give --events FILE, --replay FILE, or --exchange X --symbol S"},
        UsageCase{{"map", "--events", "a", "--replay", "b"},
                  "liqmap-cli map: give --events or --replay, not both"},
        UsageCase{{"map", "--replay", "a", "--seconds", "5"},
                  "liqmap-cli map: --seconds is for live maps (--exchange X --symbol S)"},
        UsageCase{{"map", "--exchange", "kraken", "--symbol", "BTCUSD"},
                  "liqmap-cli map: --exchange: expected binance, bybit, okx, hyperliquid, all or "
                  "demo, got 'kraken'"},
        UsageCase{{"map", "--exchange", "all", "--symbol", "BTCUSDT"},
                  "liqmap-cli map: --symbol: with --exchange all give the base asset (BTC), got "
                  "'BTCUSDT'"},
        UsageCase{{"map", "--exchange", "binance", "--symbol", "BTCUSDT", "--seconds", "-1"},
                  "liqmap-cli map: --seconds: expected 0 to 604800"},
        UsageCase{{"map", "--events", kData + "/map_small.events.jsonl", "--bins", "0"},
                  "liqmap-cli map: bins: must be in [1, 100000], got 0"},
        UsageCase{{"map", "--events", kData + "/map_small.events.jsonl", "--bins", "1.5"},
                  "liqmap-cli map: --bins: expected a whole number, got '1.5'"},
        UsageCase{{"map", "--events", kData + "/map_small.events.jsonl", "--range", "-5"},
                  "liqmap-cli map: range: must be above 0 % and below 100 %, got -5 %"},
        UsageCase{
            {"map", "--events", kData + "/map_small.events.jsonl", "--leverage", "10:0.6,25:0.5"},
            "liqmap-cli map: leverage.weights: must sum to 1 (within 1e-9), got 1.1"},
        UsageCase{{"map", "--events", kData + "/map_small.events.jsonl", "--leverage", "1:1"},
                  "liqmap-cli map: leverage.tiers[0]: leverage must be above 1, got 1"},
        UsageCase{{"map", "--events", kData + "/map_small.events.jsonl", "--leverage", "200:1"},
                  "liqmap-cli map: leverage.tiers[0]: 200x is above BTCUSDT's maximum leverage "
                  "125x"},
        UsageCase{{"map", "--events", kData + "/map_small.events.jsonl", "--mmr", "0.02",
                   "--leverage", "10:0.5,100:0.5"},
                  "liqmap-cli map: mmr: 0.02 is not below 1/leverage = 0.01: the position would "
                  "be liquidated at entry"},
        UsageCase{{"map", "--events", "/nonexistent/events.jsonl", "--mmr", "1"},
                  "liqmap-cli map: mmr: must be in [0, 1), got 1"},
        UsageCase{{"map", "--events", kData + "/map_small.events.jsonl", "--lookback", "forever"},
                  "liqmap-cli map: lookback: expected a duration like 1d, 7d, 30d or 12h, got "
                  "'forever'"},
        UsageCase{{"map", "--events", kData + "/map_small.events.jsonl", "--format", "xml"},
                  "liqmap-cli map: --format: expected csv, json, table or text, got 'xml'"},
        UsageCase{{"map", "--events", kData + "/map_small.events.jsonl", "--exchange", "kraken"},
                  "liqmap-cli map: exchange: unknown exchange 'kraken' (binance, bybit, okx, "
                  "hyperliquid, demo)"},
        UsageCase{{"map", "--events", "/nonexistent/events.jsonl"},
                  "liqmap-cli map: cannot read /nonexistent/events.jsonl: No such file or "
                  "directory"}));

// tests/data/map_small.events.jsonl: baseline OI 1 000, a candle 99–101 closing at 100, OI 1 010
// a minute later: ΔOI 10 at the typical price 100 = 1 000 per side, 500 per tier with
// --leverage 10:0.5,25:0.5 and --mmr 0. Liquidation prices 90 and 96 (longs), 104 and 110
// (shorts); ten bins of 3 over [85, 115] put them in bins 1, 3, 6 and 8. Line 4 is not JSON and
// line 6 is for ETHUSDT: both are skipped and counted. Turnover and the initial share are off
// (--turnover 0 --initial-share 0) so the numbers stay the plain mechanics of the hand example.
const std::vector<std::string> kSmallMap = {"map",
                                            "--events",
                                            kData + "/map_small.events.jsonl",
                                            "--bins",
                                            "10",
                                            "--range",
                                            "15",
                                            "--leverage",
                                            "10:0.5,25:0.5",
                                            "--mmr",
                                            "0",
                                            "--turnover",
                                            "0",
                                            "--initial-share",
                                            "0"};

TEST(CliMap, CsvMatchesTheHandWorkedMap) {
    const auto result = cli(kSmallMap);
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_EQ(result.out, readFile(kData + "/map_small.expected.csv"));
    EXPECT_EQ(result.err,
              "liqmap-cli map: skipped 2 of 7 lines: 1 malformed_json (first at line 4), "
              "1 other_instrument (first at line 6: binance:ETHUSDT)\n");
}

TEST(CliMap, JsonMatchesTheHandWorkedMap) {
    std::vector<std::string> args = kSmallMap;
    args.insert(args.end(), {"--format", "json"});
    const auto result = cli(args);
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_EQ(result.out, readFile(kData + "/map_small.expected.json"));
}

TEST(CliMap, SymbolFilterPicksTheInstrument) {
    // Only the ETHUSDT trade is left: a price but no open interest, so an empty map at 2 000;
    // the five BTCUSDT lines are counted as another instrument.
    const auto result = cli({"map", "--events", kData + "/map_small.events.jsonl", "--symbol",
                             "ETHUSDT", "--bins", "2", "--range", "10"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_EQ(result.out,
              "price_low,price_high,long_notional,short_notional,long_5x,short_5x,long_10x,"
              "short_10x,long_25x,short_25x,long_50x,short_50x,long_100x,short_100x\n"
              "1800,2000,0,0,0,0,0,0,0,0,0,0,0,0\n"
              "2000,2200,0,0,0,0,0,0,0,0,0,0,0,0\n");
    EXPECT_EQ(result.err,
              "liqmap-cli map: skipped 6 of 7 lines: 1 malformed_json (first at line 4), "
              "5 other_instrument (first at line 1: binance:BTCUSDT)\n");
}

TEST(CliMap, TruncatedLastLineIsCountedAndTheMapStillBuilt) {
    const auto result =
        cli({"map", "--events", kData + "/map_truncated.events.jsonl", "--bins", "10", "--leverage",
             "10:0.5,25:0.5", "--mmr", "0", "--turnover", "0", "--initial-share", "0"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_EQ(result.out, readFile(kData + "/map_small.expected.csv"));
    EXPECT_EQ(result.err,
              "liqmap-cli map: skipped 1 of 5 lines: 1 malformed_json (first at line 5)\n");
}

TEST(CliMap, NoPriceMeansNoMap) {
    const auto result = cli({"map", "--events", kData + "/no_price.events.jsonl"});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_EQ(result.out, "");
    EXPECT_EQ(result.err,
              "liqmap-cli map: skipped 1 of 2 lines: 1 no_price_for_opening (first at "
              "line 2)\nliqmap-cli map: no usable price in " +
                  kData + "/no_price.events.jsonl, so there is no map\n");
}

TEST(CliMap, ReadsEventsFromStandardInput) {
    const auto result =
        test::runProcess(kCli,
                         {"map", "--events", "-", "--bins", "10", "--leverage", "10:0.5,25:0.5",
                          "--mmr", "0", "--turnover", "0", "--initial-share", "0"},
                         readFile(kData + "/map_truncated.events.jsonl"));
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_EQ(result.out, readFile(kData + "/map_small.expected.csv"));
}

TEST(CliMap, DefaultModelHasOneColumnPairPerDefaultTier) {
    const auto result = cli({"map", "--events", kData + "/map_small.events.jsonl"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const std::string header = result.out.substr(0, result.out.find('\n'));
    EXPECT_EQ(header,
              "price_low,price_high,long_notional,short_notional,long_5x,short_5x,long_10x,"
              "short_10x,long_25x,short_25x,long_50x,short_50x,long_100x,short_100x");
    // 200 bins by default, plus the header.
    EXPECT_EQ(std::count(result.out.begin(), result.out.end(), '\n'), 201);
}

TEST(CliMap, TableIsForPeople) {
    std::vector<std::string> args = kSmallMap;
    args.insert(args.end(), {"--format", "table"});
    const auto result = cli(args);
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_EQ(result.out.rfind("Estimated liquidation map, binance BTCUSDT (a risk map from "
                               "estimates, not a prediction)\n",
                               0),
              0u);
    EXPECT_NE(result.out.find("current price 100"), std::string::npos);
}

TEST(CliMap, ShippedSampleMapsWithoutSkippingAnything) {
    const auto result =
        cli({"map", "--events",
             std::string(LIQMAP_SOURCE_DIR) + "/resources/sample/binance-btcusdt-sample.jsonl",
             "--bins", "40", "--format", "table"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_EQ(result.err, "");
    EXPECT_NE(result.out.find("#"), std::string::npos) << "no long clusters:\n" << result.out;
    EXPECT_NE(result.out.find("*"), std::string::npos) << "no short clusters:\n" << result.out;
}

std::string firstLines(const std::string& text, int count) {
    std::size_t end = 0;
    for (int i = 0; i < count; ++i) {
        end = text.find('\n', end) + 1;
    }
    return text.substr(0, end);
}

// Rows of a CSV map, split into numbers (header dropped).
std::vector<std::vector<double>> csvRows(const std::string& csv) {
    std::vector<std::vector<double>> rows;
    std::istringstream lines(csv);
    std::string line;
    std::getline(lines, line);  // header
    while (std::getline(lines, line)) {
        std::vector<double> row;
        std::istringstream cells(line);
        std::string cell;
        while (std::getline(cells, cell, ',')) {
            row.push_back(core::parseDecimal(cell).value_or(-1));
        }
        rows.push_back(row);
    }
    return rows;
}

// docs/estimator.md, "A worked example you can check by hand": every number stated there.
TEST(CliMap, DocumentedWorkedExampleHolds) {
    const std::string events = readFile(kData + "/estimator_example.events.jsonl");
    const std::vector<std::string> args = {"map",        "--events",        "-",
                                           "--leverage", "10:0.5,25:0.5",   "--turnover",
                                           "0",          "--initial-share", "0"};

    // After the opening (first three lines): 300 000 per tier and side in bins 35 (10x long),
    // 75 (25x long), 123 (25x short) and 163 (10x short) of [51 000, 69 000] in 90-wide bins.
    const auto first = test::runProcess(kCli, args, firstLines(events, 3));
    ASSERT_EQ(first.exitCode, 0) << first.err;
    const auto rows = csvRows(first.out);
    ASSERT_EQ(rows.size(), 200u);
    // columns: low, high, long, short, long_10x, short_10x, long_25x, short_25x
    EXPECT_EQ(rows[35][0], 54150);
    EXPECT_EQ(rows[35][4], 300000);
    EXPECT_EQ(rows[75][0], 57750);
    EXPECT_EQ(rows[75][6], 300000);
    EXPECT_EQ(rows[123][0], 62070);
    EXPECT_EQ(rows[123][7], 300000);
    EXPECT_EQ(rows[163][0], 65670);
    EXPECT_EQ(rows[163][5], 300000);
    double longSum = 0;
    double shortSum = 0;
    for (const auto& row : rows) {
        longSum += row[2];
        shortSum += row[3];
    }
    EXPECT_EQ(longSum, 600000);
    EXPECT_EQ(shortSum, 600000);

    // After the sweep (low 57 800 takes the 25x long) and OI falling 10 % (1 010 → 909): every
    // remaining cohort keeps 90 % of 300 000 — long 10x, short 10x and short 25x 270 000 each.
    const auto all = test::runProcess(kCli, args, events);
    ASSERT_EQ(all.exitCode, 0) << all.err;
    double totals[8] = {};
    for (const auto& row : csvRows(all.out)) {
        for (std::size_t column = 4; column < 8; ++column) {
            totals[column] += row[column];
        }
    }
    EXPECT_NEAR(totals[4], 270000, 1e-6);
    EXPECT_NEAR(totals[5], 270000, 1e-6);
    EXPECT_EQ(totals[6], 0);
    EXPECT_NEAR(totals[7], 270000, 1e-6);
}

TEST(Cli, HelpGoesToStandardOutput) {
    const auto result = cli({"--help"});
    EXPECT_EQ(result.exitCode, 0);
    EXPECT_EQ(result.out.rfind("usage: liqmap-cli <command> [options]\n", 0), 0u);
    const auto bare = cli({});
    EXPECT_EQ(bare.exitCode, 2);
    EXPECT_EQ(bare.err.rfind("usage: liqmap-cli", 0), 0u);
}

}  // namespace
}  // namespace liqmap
