#include "liqmap/core/accuracy_evaluation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "liqmap/core/evaluation_format.h"
#include "liqmap/core/simulator_config.h"
#include "support/config_error_text.h"

namespace liqmap::core {
namespace {

using test::configErrorText;

// The simulator starts at 2026-01-01T00:00:00Z (SimulatorConfig::startMs).
constexpr TimestampMs kStartMs = 1'767'225'600'000;

// Short runs keep the debug build fast: one hour of warm-up, two watched, one of horizon.
EvaluationOptions shortRun(std::uint64_t seed, MarketRegime regime = MarketRegime::Range) {
    EvaluationOptions options;
    options.seed = seed;
    options.regime = regime;
    options.hours = 2;
    options.warmupHours = 1;
    options.horizonHours = 1;
    options.checkpoints = 4;
    return options;
}

// One evaluation shared by the tests that only read it.
class AccuracyEvaluation : public testing::Test {
protected:
    static void SetUpTestSuite() { s_report = new EvaluationReport(evaluate(shortRun(3))); }
    static void TearDownTestSuite() {
        delete s_report;
        s_report = nullptr;
    }
    static const EvaluationReport& report() { return *s_report; }

private:
    static inline EvaluationReport* s_report = nullptr;
};

TEST_F(AccuracyEvaluation, ChecksThePlannedCheckpoints) {
    // The window opens after the hour of warm-up; four checkpoints over two hours are 30 minutes
    // apart, the last at the window's end.
    EXPECT_EQ(report().windowStartMs, kStartMs + kHourMs);
    ASSERT_EQ(report().checkpoints.size(), 4u);
    for (std::size_t k = 0; k < 4; ++k) {
        EXPECT_EQ(report().checkpoints[k].ts,
                  kStartMs + kHourMs + static_cast<TimestampMs>(k + 1) * 30 * kMinuteMs);
        EXPECT_GT(report().checkpoints[k].price, 0);
        EXPECT_GT(report().checkpoints[k].openInterest, 0);
    }
    EXPECT_EQ(&report().end(), &report().checkpoints.back());
}

TEST_F(AccuracyEvaluation, NamesTheMixesAndTheBaseline) {
    EXPECT_EQ(report().trueLeverageMix,
              SimulatorConfig::forSeed(3, MarketRegime::Range).trueLeverageMix.toString());
    EXPECT_EQ(report().modelLeverageMix, defaultEvaluationModel().leverageMix.toString());
    // The baseline's ladder is fixed (5, 10, 25, 50, 100), whatever the model's mix.
    EXPECT_EQ(report().baselineLeverages, (std::vector<double>{5, 10, 25, 50, 100}));
    EXPECT_EQ(report().skippedEvents, 0u);
}

TEST_F(AccuracyEvaluation, MetricsStayInTheirRanges) {
    for (const CheckpointResult& checkpoint : report().checkpoints) {
        for (const MapAccuracy* accuracy : {&checkpoint.model, &checkpoint.baseline}) {
            for (const Side side : {Side::Long, Side::Short}) {
                const SideAccuracy& metrics = accuracy->side(side);
                if (metrics.wasserstein) {
                    // No distribution over [P − 15 %, P + 15 %] is further than 30 % away.
                    EXPECT_GE(*metrics.wasserstein, 0);
                    EXPECT_LE(*metrics.wasserstein, 30);
                }
                if (metrics.correlation) {
                    EXPECT_GE(*metrics.correlation, -1);
                    EXPECT_LE(*metrics.correlation, 1);
                }
                if (metrics.notionalRatio) {
                    EXPECT_GE(*metrics.notionalRatio, 0);
                }
            }
        }
        // The truth has positions on both sides and the baseline places the published open
        // interest on both, so those metrics always exist.
        EXPECT_TRUE(checkpoint.baseline.longs.notionalRatio);
        EXPECT_TRUE(checkpoint.baseline.shorts.notionalRatio);
    }
}

TEST_F(AccuracyEvaluation, CaptureTalliesAreConsistent) {
    CaptureTallies model;
    CaptureTallies baseline;
    for (const CheckpointResult& checkpoint : report().checkpoints) {
        for (const Side side : {Side::Long, Side::Short}) {
            const CaptureTally& m = checkpoint.modelCapture.side(side);
            const CaptureTally& b = checkpoint.baselineCapture.side(side);
            EXPECT_GE(m.captured, 0);
            EXPECT_LE(m.captured, m.realized);
            EXPECT_GE(b.captured, 0);
            EXPECT_LE(b.captured, b.realized);
            // Both maps are measured against the same forced closes.
            EXPECT_EQ(m.realized, b.realized);
            EXPECT_EQ(checkpoint.model.side(side).capture, m.share());
            EXPECT_EQ(checkpoint.baseline.side(side).capture, b.share());
        }
        model += checkpoint.modelCapture;
        baseline += checkpoint.baselineCapture;
    }
    for (const Side side : {Side::Long, Side::Short}) {
        EXPECT_EQ(report().modelCapture.side(side).captured, model.side(side).captured);
        EXPECT_EQ(report().modelCapture.side(side).realized, model.side(side).realized);
        EXPECT_EQ(report().baselineCapture.side(side).captured, baseline.side(side).captured);
        EXPECT_EQ(report().model.side(side).capture, model.side(side).share());
        EXPECT_EQ(report().baseline.side(side).capture, baseline.side(side).share());
    }
}

TEST_F(AccuracyEvaluation, SummaryIsTheMeanOverCheckpoints) {
    for (const Side side : {Side::Long, Side::Short}) {
        for (const auto metric : {&SideAccuracy::wasserstein, &SideAccuracy::correlation,
                                  &SideAccuracy::notionalRatio}) {
            double sum = 0;
            int count = 0;
            for (const CheckpointResult& checkpoint : report().checkpoints) {
                if (const auto& value = checkpoint.model.side(side).*metric) {
                    sum += *value;
                    ++count;
                }
            }
            const std::optional<double>& summary = report().model.side(side).*metric;
            if (count == 0) {
                EXPECT_EQ(summary, std::nullopt);
            } else {
                EXPECT_DOUBLE_EQ(summary.value(), sum / count);
            }
        }
    }
}

TEST_F(AccuracyEvaluation, IsDeterministicForASeed) {
    const EvaluationReport again = evaluate(shortRun(3));
    EXPECT_EQ(formatEvaluationJson(again), formatEvaluationJson(report()));
    EXPECT_EQ(formatEvaluationTable(again), formatEvaluationTable(report()));
}

TEST_F(AccuracyEvaluation, ADifferentSeedGivesADifferentMarket) {
    const EvaluationReport other = evaluate(shortRun(4));
    EXPECT_NE(other.trueLeverageMix, report().trueLeverageMix);
    EXPECT_NE(other.end().price, report().end().price);
    EXPECT_NE(formatEvaluationJson(other), formatEvaluationJson(report()));
}

TEST(AccuracyEvaluationPlan, SpacesCheckpointsInWholeSeconds) {
    // A 7-second window with 3 checkpoints: offsets 7·1/3 → 2 s, 7·2/3 → 4 s, then 7 s.
    EvaluationOptions options;
    options.hours = 7.0 / 3600;
    options.warmupHours = 0;
    options.horizonHours = 1.0 / 3600;
    options.checkpoints = 3;
    const EvaluationReport report = evaluate(options);
    EXPECT_EQ(report.windowStartMs, kStartMs);
    ASSERT_EQ(report.checkpoints.size(), 3u);
    EXPECT_EQ(report.checkpoints[0].ts, kStartMs + 2000);
    EXPECT_EQ(report.checkpoints[1].ts, kStartMs + 4000);
    EXPECT_EQ(report.checkpoints[2].ts, kStartMs + 7000);
}

TEST(AccuracyEvaluationPlan, HorizonDefaultsToTheWindow) {
    EvaluationOptions options;
    options.hours = 5;
    EXPECT_EQ(options.horizon(), 5);
    options.horizonHours = 2;
    EXPECT_EQ(options.horizon(), 2);
}

TEST(AccuracyEvaluationPlan, DefaultModelIsTheAppsDefault) {
    // As liqmap-cli makes estimators without --leverage: the default mix capped at the venue's
    // maximum (Binance BTCUSDT allows 125x, above every tier of today's default).
    const EvaluationOptions options;
    EXPECT_EQ(options.model.leverageMix.toString(),
              LeverageMix::defaultMix().cappedAt(125).toString());
    EXPECT_EQ(options.model.lookbackMs, EstimatorConfig{}.lookbackMs);
    EXPECT_EQ(options.map.bins, 200);
    EXPECT_EQ(options.map.range, 0.15);
    EXPECT_EQ(evaluationInstrument().exchange(), "binance");
    EXPECT_EQ(evaluationInstrument().symbol(), "BTCUSDT");
    EXPECT_EQ(evaluationInstrument().maxLeverage(), 125);
}

TEST(AccuracyEvaluationPlan, RejectsInvalidOptionsNamingTheField) {
    const auto error = [](auto change) {
        EvaluationOptions options;
        change(options);
        return configErrorText([&] { evaluate(options); });
    };
    const double nan = std::numeric_limits<double>::quiet_NaN();
    EXPECT_EQ(error([](EvaluationOptions& o) { o.hours = 0; }),
              "hours: must be from one second (1/3600) to 720 hours, got 0");
    EXPECT_EQ(error([](EvaluationOptions& o) { o.hours = 721; }),
              "hours: must be from one second (1/3600) to 720 hours, got 721");
    EXPECT_EQ(error([&](EvaluationOptions& o) { o.hours = nan; }), "hours: not a finite number");
    EXPECT_EQ(error([](EvaluationOptions& o) { o.warmupHours = -1; }),
              "warmup: must be from 0 to 720 hours, got -1");
    EXPECT_EQ(error([](EvaluationOptions& o) { o.horizonHours = 0; }),
              "horizon: must be from one second (1/3600) to 720 hours, got 0");
    EXPECT_EQ(error([](EvaluationOptions& o) { o.checkpoints = 0; }),
              "checkpoints: must be in [1, 100], got 0");
    EXPECT_EQ(error([](EvaluationOptions& o) { o.checkpoints = 101; }),
              "checkpoints: must be in [1, 100], got 101");
    EXPECT_EQ(error([](EvaluationOptions& o) {
                  o.hours = 3.0 / 3600;
                  o.checkpoints = 4;
              }),
              "checkpoints: 4 checkpoints need a window of at least as many seconds, got 3");
    EXPECT_EQ(error([](EvaluationOptions& o) { o.map.bins = 0; }),
              "bins: must be in [1, 100000], got 0");
    EXPECT_EQ(error([](EvaluationOptions& o) { o.model.lookbackMs = 0; }),
              "lookback: must be positive");
    // A mix the venue forbids fails before the market runs.
    EXPECT_EQ(error([](EvaluationOptions& o) {
                  o.model.leverageMix = LeverageMix({{150, 1}});
              }),
              "leverage.tiers[0]: 150x is above BTCUSDT's maximum leverage 125x");
}

}  // namespace
}  // namespace liqmap::core
