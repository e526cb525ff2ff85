#include "liqmap/core/evaluation_format.h"

#include <gtest/gtest.h>

#include <string>

namespace liqmap::core {
namespace {

// A report made by hand: two checkpoints, some metrics missing.
EvaluationReport handMadeReport() {
    EvaluationReport report;
    report.options.seed = 7;
    report.options.regime = MarketRegime::Crash;
    report.options.hours = 2;
    report.options.warmupHours = 0.5;
    report.options.checkpoints = 2;
    report.options.map = {100, 0.1};
    report.trueLeverageMix = "10:0.5,50:0.5";
    report.modelLeverageMix = "25:1";
    report.baselineLeverages = {10, 25};
    report.windowStartMs = 1'767'227'400'000;  // 2026-01-01 00:30:00 UTC

    CheckpointResult first;
    first.ts = report.windowStartMs + kHourMs;
    first.price = 60000.5;
    first.openInterest = 12.25;
    first.model.longs = {1.5, 0.25, 0.75, 0.5};
    first.model.shorts = {std::nullopt, std::nullopt, 0.125, std::nullopt};
    first.baseline.longs = {3, -0.5, 2, 0};
    first.baseline.shorts = {4, 0, 1, std::nullopt};
    first.modelCapture.longs = {50, 100};
    first.baselineCapture.longs = {0, 100};
    CheckpointResult second = first;
    second.ts = report.windowStartMs + 2 * kHourMs;
    second.price = 59000;
    report.checkpoints = {first, second};
    report.model = first.model;
    report.baseline = first.baseline;
    report.modelCapture.longs = {100, 200};
    report.baselineCapture.longs = {0, 200};
    return report;
}

TEST(EvaluationFormat, JsonHoldsOptionsSummaryEndAndCheckpoints) {
    const std::string side =
        R"({"long":{"wasserstein":1.5,"correlation":0.25,"notional_ratio":0.75,"capture":0.5,)"
        R"("captured":50,"realized":100},"short":{"wasserstein":null,"correlation":null,)"
        R"("notional_ratio":0.125,"capture":null,"captured":0,"realized":0}})";
    const std::string baselineSide =
        R"({"long":{"wasserstein":3,"correlation":-0.5,"notional_ratio":2,"capture":0,)"
        R"("captured":0,"realized":100},"short":{"wasserstein":4,"correlation":0,)"
        R"("notional_ratio":1,"capture":null,"captured":0,"realized":0}})";
    const std::string firstCheckpoint = R"({"ts":1767231000000,"price":60000.5,)"
                                        R"("open_interest":12.25,"model":)" +
                                        side + R"(,"baseline":)" + baselineSide + "}";
    const std::string secondCheckpoint = R"({"ts":1767234600000,"price":59000,)"
                                         R"("open_interest":12.25,"model":)" +
                                         side + R"(,"baseline":)" + baselineSide + "}";
    std::string summaryModel = side;
    summaryModel.replace(summaryModel.find(R"("captured":50,"realized":100)"),
                         std::string(R"("captured":50,"realized":100)").size(),
                         R"("captured":100,"realized":200)");
    std::string summaryBaseline = baselineSide;
    summaryBaseline.replace(summaryBaseline.find(R"("captured":0,"realized":100)"),
                            std::string(R"("captured":0,"realized":100)").size(),
                            R"("captured":0,"realized":200)");
    const std::string expected =
        R"({"seed":7,"regime":"crash","hours":2,"warmup_hours":0.5,"horizon_hours":2,)"
        R"("checkpoint_count":2,"bins":100,"range_fraction":0.1,"true_mix":"10:0.5,50:0.5",)"
        R"("model_mix":"25:1","baseline_leverages":[10,25],"window_start":1767227400000,)"
        R"("skipped_events":0,"model":)" +
        summaryModel + R"(,"baseline":)" + summaryBaseline + R"(,"end":)" + secondCheckpoint +
        R"(,"checkpoints":[)" + firstCheckpoint + "," + secondCheckpoint + "]}\n";
    EXPECT_EQ(formatEvaluationJson(handMadeReport()), expected);
}

TEST(EvaluationFormat, TableAlignsTheMetricsAndMarksMissingOnes) {
    EvaluationReport report = handMadeReport();
    report.options.horizonHours = 1;
    report.skippedEvents = 3;
    const std::string heads =
        "          side    wasserstein %    correlation notional ratio      capture %\n";
    const std::string rows =
        "model     long            1.500          0.250          0.750           50.0\n"
        "model     short               –              –          0.125              –\n"
        "baseline  long            3.000         -0.500          2.000            0.0\n"
        "baseline  short           4.000          0.000          1.000              –\n";
    const std::string expected =
        "liqmap eval: seed 7, regime crash, 2 h watched after 0.5 h of warm-up, capture horizon "
        "1 h, 2 checkpoints\n"
        "true mix (simulator): 10x 50.0 %, 50x 50.0 %\n"
        "model mix:            25x 100.0 %\n"
        "baseline:             entries at the price, equal weights over 10x 25x\n"
        "map:                  100 bins over +/-10 % of the price\n"
        "the estimator skipped 3 events\n"
        "\n"
        "summary (means over the checkpoints; capture pooled over their horizons: longs 200, "
        "shorts 0 liquidated)\n" +
        heads + rows +
        "\n"
        "checkpoint 1 of 2: 2026-01-01 01:30:00 UTC (+1 h), price 60000.5, open interest 12.25\n"
        "liquidated in the next 1 h: longs 100, shorts 0\n" +
        heads + rows +
        "\n"
        "checkpoint 2 of 2: 2026-01-01 02:30:00 UTC (+2 h), price 59000, open interest 12.25\n"
        "liquidated in the next 1 h: longs 100, shorts 0\n" +
        heads + rows;
    EXPECT_EQ(formatEvaluationTable(report), expected);
}

}  // namespace
}  // namespace liqmap::core
