// The text chart (map --format text) and the usage of the simulated exchange's commands
// (serve-demo, map and record --exchange demo), run as the built liqmap-cli. Nothing here
// starts an exchange: every demo case is refused before one would start.

#include <gtest/gtest.h>

#include <cstdlib>  // setenv, unsetenv
#include <string>   // std::string
#include <vector>   // std::vector

#include "support/cli_usage_error.h"
#include "support/process.h"

namespace liqmap {
namespace {

const std::string kCli = LIQMAP_CLI_PATH;
const std::string kData = LIQMAP_TEST_DATA_DIR;

test::ProcessResult cli(const std::vector<std::string>& args) {
    return test::runProcess(kCli, args);
}

using test::CliUsageError;
using test::UsageCase;

// The cases run through the one parameterised test in cli_test.cpp.
INSTANTIATE_TEST_SUITE_P(
    DemoOptions, CliUsageError,
    testing::Values(
        UsageCase{{"map", "--exchange", "binance", "--symbol", "BTCUSDT", "--seed", "3"},
                  "liqmap-cli map: --seed is for --exchange demo"},
        UsageCase{{"map", "--events", kData + "/map_small.events.jsonl", "--regime", "crash"},
                  "liqmap-cli map: --regime is for --exchange demo"},
        UsageCase{{"map", "--exchange", "all", "--symbol", "BTC", "--history-hours", "2"},
                  "liqmap-cli map: --history-hours is for --exchange demo"},
        UsageCase{{"record", "--exchange", "okx", "--symbol", "BTC-USDT-SWAP", "--out", "x",
                   "--seconds", "1", "--speed", "5"},
                  "liqmap-cli record: --speed is for --exchange demo"},
        UsageCase{{"map", "--exchange", "demo", "--regime", "sideways"},
                  "liqmap-cli map: --regime: expected range, trend-up, trend-down, crash or "
                  "squeeze, got 'sideways'"},
        UsageCase{{"map", "--exchange", "demo", "--speed", "0"},
                  "liqmap-cli map: --speed: expected more than 0 and at most 10000, got 0"},
        UsageCase{{"map", "--exchange", "demo", "--speed", "10001"},
                  "liqmap-cli map: --speed: expected more than 0 and at most 10000, got 10001"},
        UsageCase{{"map", "--exchange", "demo", "--speed", "fast"},
                  "liqmap-cli map: --speed: expected a number, got 'fast'"},
        UsageCase{{"map", "--exchange", "demo", "--history-hours", "721"},
                  "liqmap-cli map: --history-hours: expected a whole number from 1 to 720, got "
                  "'721'"},
        UsageCase{{"map", "--exchange", "demo", "--history-hours", "0"},
                  "liqmap-cli map: --history-hours: expected a whole number from 1 to 720, got "
                  "'0'"},
        UsageCase{{"map", "--exchange", "demo", "--seed", "-4"},
                  "liqmap-cli map: --seed: expected a whole number from 0, got '-4'"},
        UsageCase{{"map", "--exchange", "demo", "--symbol", "ETHUSDT"},
                  "liqmap-cli map: --symbol: the demo exchange lists only BTCUSDT, got 'ETHUSDT'"},
        UsageCase{{"map", "--exchange", "demo", "--rest-url", "https://127.0.0.1:1"},
                  "liqmap-cli map: --rest-url: not with --exchange demo, which serves itself"},
        UsageCase{
            {"record", "--exchange", "demo", "--out", "x", "--seconds", "1", "--ca-file", "ca.pem"},
            "liqmap-cli record: --ca-file: not with --exchange demo, which serves itself"},
        UsageCase{{"map", "--exchange", "demo", "--refresh", "0"},
                  "liqmap-cli map: --refresh: expected 0.1 to 3600 seconds"},
        UsageCase{{"map", "--exchange", "demo", "--refresh", "1", "--format", "csv"},
                  "liqmap-cli map: --refresh redraws the text chart: give --format text or no "
                  "--format"},
        UsageCase{{"map", "--events", kData + "/map_small.events.jsonl", "--refresh", "1"},
                  "liqmap-cli map: --refresh is for live maps (--exchange X --symbol S)"},
        UsageCase{{"serve-demo"}, "liqmap-cli serve-demo: --port is required"},
        UsageCase{{"serve-demo", "--port", "65536"},
                  "liqmap-cli serve-demo: --port: expected 0 to 65535, got '65536'"},
        UsageCase{{"serve-demo", "--port", "-1"},
                  "liqmap-cli serve-demo: --port: expected 0 to 65535, got '-1'"},
        UsageCase{{"serve-demo", "--port", "0", "--regime", "bull"},
                  "liqmap-cli serve-demo: --regime: expected range, trend-up, trend-down, crash "
                  "or squeeze, got 'bull'"},
        UsageCase{{"serve-demo", "--port", "0", "--speed", "-1"},
                  "liqmap-cli serve-demo: --speed: expected more than 0 and at most 10000, got -1"},
        UsageCase{{"serve-demo", "--port", "0", "--seconds", "-1"},
                  "liqmap-cli serve-demo: --seconds: expected 0 to 604800"},
        UsageCase{{"serve-demo", "--port", "0", "--symbol", "BTCUSDT"},
                  "liqmap-cli serve-demo: unknown option --symbol"}));

// The text chart of the hand-worked map (tests/data/map_small: longs at 90 and 96, shorts at
// 104 and 110 around the price 100), for a 60-column screen.
TEST(CliTextMap, DrawsTheChartWithTitleLegendAndTotals) {
    ::setenv("COLUMNS", "60", 1);
    const auto result =
        cli({"map", "--events", kData + "/map_small.events.jsonl", "--format", "text", "--leverage",
             "10:0.5,25:0.5", "--mmr", "0", "--turnover", "0", "--initial-share", "0"});
    ::unsetenv("COLUMNS");
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_EQ(result.out.find('\x1b'), std::string::npos) << result.out;  // not a terminal
    // The title's long form would be 81 columns; this one names the newest event's time.
    EXPECT_EQ(result.out.rfind("binance BTCUSDT · 2023-11-15 00:01:02 UTC\n", 0), 0u) << result.out;
    EXPECT_NE(result.out.find("┆"), std::string::npos) << result.out;
    // At 60 columns the legend and totals take their shorter forms.
    EXPECT_NE(result.out.find("\nlongs (#) ◀ 100.000 ▶ shorts (=)\n"), std::string::npos)
        << result.out;
    EXPECT_NE(result.out.find("\nlongs 1.00K · shorts 1.00K\n"), std::string::npos) << result.out;
    // The clusters at 90 and 110 are labelled on the price axis.
    EXPECT_NE(result.out.find("90                 100              110\n"), std::string::npos)
        << result.out;
    // Without --bins, one bin per column: the price axis runs the whole width, and no line is
    // wider.
    bool axisSeen = false;
    for (std::size_t at = 0, end = 0; (end = result.out.find('\n', at)) != std::string::npos;
         at = end + 1) {
        const std::string line = result.out.substr(at, end - at);
        int columns = 0;
        for (const char c : line) {
            columns += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
        }
        EXPECT_LE(columns, 60) << line;
        if (line.starts_with("      └")) {
            axisSeen = true;
            EXPECT_EQ(columns, 60) << line;
        }
    }
    EXPECT_TRUE(axisSeen) << result.out;
}

TEST(CliTextMap, HelpNamesTheDemoAndTheTextChart) {
    const auto result = cli({"--help"});
    EXPECT_NE(result.out.find("map --exchange demo"), std::string::npos);
    EXPECT_NE(result.out.find("serve-demo --port P"), std::string::npos);
    EXPECT_NE(result.out.find("--format csv|json|table|text"), std::string::npos);
    EXPECT_NE(result.out.find("caps --lookback"), std::string::npos);
}

}  // namespace
}  // namespace liqmap
