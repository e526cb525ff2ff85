// liqmap-cli eval (ARCHITECTURE.md "Command-line contract"), run as a process.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/process.h"

namespace liqmap {
namespace {

const std::string kCli = LIQMAP_CLI_PATH;

test::ProcessResult cli(const std::vector<std::string>& args) {
    return test::runProcess(kCli, args);
}

void expectSideObject(const nlohmann::json& side) {
    ASSERT_TRUE(side.is_object());
    for (const char* key : {"wasserstein", "correlation", "notional_ratio", "capture"}) {
        ASSERT_TRUE(side.contains(key)) << key;
        EXPECT_TRUE(side[key].is_number() || side[key].is_null()) << key;
    }
}

void expectAccuracyObject(const nlohmann::json& accuracy) {
    ASSERT_TRUE(accuracy.is_object());
    expectSideObject(accuracy["long"]);
    expectSideObject(accuracy["short"]);
}

// One hour of warm-up instead of the default 24 keeps the debug build quick; the two watched
// hours and their default horizon are as the contract's example.
TEST(CliEval, JsonCarriesTheContractsKeys) {
    const auto result =
        cli({"eval", "--seed", "3", "--hours", "2", "--warmup", "1", "--format", "json"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_EQ(result.err, "");
    const nlohmann::json report = nlohmann::json::parse(result.out, nullptr, false);
    ASSERT_FALSE(report.is_discarded()) << result.out;
    EXPECT_EQ(report["seed"], 3);
    EXPECT_EQ(report["regime"], "range");
    EXPECT_EQ(report["hours"], 2);
    EXPECT_EQ(report["warmup_hours"], 1);
    EXPECT_EQ(report["horizon_hours"], 2);
    EXPECT_TRUE(report["true_mix"].is_string());
    EXPECT_TRUE(report["model_mix"].is_string());
    expectAccuracyObject(report["model"]);
    expectAccuracyObject(report["baseline"]);
    expectAccuracyObject(report["end"]["model"]);
    expectAccuracyObject(report["end"]["baseline"]);
    ASSERT_EQ(report["checkpoints"].size(), 4u);
    for (const nlohmann::json& checkpoint : report["checkpoints"]) {
        EXPECT_TRUE(checkpoint["ts"].is_number_integer());
        EXPECT_GT(checkpoint["price"].get<double>(), 0);
        EXPECT_GT(checkpoint["open_interest"].get<double>(), 0);
        expectAccuracyObject(checkpoint["model"]);
        expectAccuracyObject(checkpoint["baseline"]);
    }
    EXPECT_EQ(report["end"], report["checkpoints"].back());
}

TEST(CliEval, PrintsATableByDefault) {
    const auto result = cli({"eval", "--seed", "2", "--hours", "0.5", "--warmup", "0.5", "--regime",
                             "crash", "--checkpoints", "2", "--bins", "100", "--range", "10",
                             "--leverage", "10:0.5,25:0.5"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_EQ(result.err, "");
    EXPECT_EQ(result.out.rfind("liqmap eval: seed 2, regime crash, 0.5 h watched after 0.5 h of "
                               "warm-up, capture horizon 0.5 h, 2 checkpoints\n",
                               0),
              0u)
        << result.out;
    EXPECT_NE(result.out.find("\nmodel mix:            10x 50.0 %, 25x 50.0 %\n"), std::string::npos);
    EXPECT_NE(result.out.find("\nmap:                  100 bins over +/-10 % of the price\n"),
              std::string::npos);
    EXPECT_NE(result.out.find("\ncheckpoint 2 of 2: "), std::string::npos);
}

struct EvalUsageCase {
    std::vector<std::string> args;
    std::string message;
};

class CliEvalUsageError : public testing::TestWithParam<EvalUsageCase> {};

TEST_P(CliEvalUsageError, ExitsWithTwoAndOneLineNamingTheProblem) {
    std::vector<std::string> args{"eval"};
    args.insert(args.end(), GetParam().args.begin(), GetParam().args.end());
    const auto result = cli(args);
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_EQ(result.out, "");
    EXPECT_EQ(result.err, "liqmap-cli eval: " + GetParam().message + "\n");
}

INSTANTIATE_TEST_SUITE_P(
    Eval, CliEvalUsageError,
    testing::Values(
        EvalUsageCase{{"--hours", "2"}, "--seed is required"},
        EvalUsageCase{{"--seed", "1"}, "--hours is required"},
        EvalUsageCase{{"--seed", "-1", "--hours", "2"},
                      "--seed: expected a whole number from 0, got '-1'"},
        EvalUsageCase{{"--seed", "x", "--hours", "2"},
                      "--seed: expected a whole number from 0, got 'x'"},
        EvalUsageCase{{"--seed", "1", "--hours", "two"}, "--hours: expected a number, got 'two'"},
        EvalUsageCase{{"--seed", "1", "--hours", "2", "--regime", "sideways"},
                      "--regime: expected range, trend-up, trend-down, crash or squeeze, got "
                      "'sideways'"},
        EvalUsageCase{{"--seed", "1", "--hours", "2", "--format", "csv"},
                      "--format: expected table or json, got 'csv'"},
        EvalUsageCase{{"--seed", "1", "--hours", "0"},
                      "hours: must be from one second (1/3600) to 720 hours, got 0"},
        EvalUsageCase{{"--seed", "1", "--hours", "2", "--warmup", "-3"},
                      "warmup: must be from 0 to 720 hours, got -3"},
        EvalUsageCase{{"--seed", "1", "--hours", "2", "--horizon", "1000"},
                      "horizon: must be from one second (1/3600) to 720 hours, got 1000"},
        EvalUsageCase{{"--seed", "1", "--hours", "2", "--checkpoints", "0"},
                      "checkpoints: must be in [1, 100], got 0"},
        EvalUsageCase{{"--seed", "1", "--hours", "2", "--checkpoints", "2.5"},
                      "--checkpoints: expected a whole number, got '2.5'"},
        EvalUsageCase{{"--seed", "1", "--hours", "2", "--bins", "0"},
                      "bins: must be in [1, 100000], got 0"},
        EvalUsageCase{{"--seed", "1", "--hours", "2", "--range", "150"},
                      "range: must be above 0 % and below 100 %, got 150 %"},
        EvalUsageCase{{"--seed", "1", "--hours", "2", "--leverage", "200:1"},
                      "leverage.tiers[0]: 200x is above BTCUSDT's maximum leverage 125x"},
        EvalUsageCase{{"--seed", "1", "--hours", "2", "--leverage", "10:0.6,25:0.5"},
                      "leverage.weights: must sum to 1 (within 1e-9), got 1.1"},
        EvalUsageCase{{"--seed", "1", "--hours", "2", "--lookback", "7d"},
                      "unknown option --lookback"}));

}  // namespace
}  // namespace liqmap
