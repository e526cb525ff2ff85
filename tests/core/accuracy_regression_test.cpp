// Pins the default model's accuracy against the simulator (docs/accuracy.md) so that a change
// to the estimator cannot quietly make the map worse. The pinned numbers are what
// `liqmap-cli eval --seed 11 --regime range --hours 24 --format json` (and seed 12, crash)
// printed when the default model was tuned. Seeds 11 and 12 were not used for tuning.
//
// Tolerance, one-sided (a better model passes): W1 may grow by at most 5 % of its pinned
// value, correlation and capture may fall by at most 0.03, and the notional ratio's distance
// from 1 in log terms may grow by at most 0.05. These margins cover libm differences between
// machines (the simulator is bit-exact only on one build) and nothing more. When the
// simulator itself changes, re-run the commands above, re-pin, and regenerate
// docs/accuracy.md with scripts/accuracy.sh.
#include <gtest/gtest.h>

#include <cmath>

#include "liqmap/core/accuracy_evaluation.h"

namespace liqmap::core {
namespace {

struct PinnedSide {
    double wasserstein;
    double correlation;
    double notionalRatio;
    double capture;
};

void expectNoWorseThan(const SideAccuracy& measured, const PinnedSide& pinned, const char* side) {
    SCOPED_TRACE(side);
    ASSERT_TRUE(measured.wasserstein && measured.correlation && measured.notionalRatio &&
                measured.capture);
    EXPECT_LE(*measured.wasserstein, pinned.wasserstein * 1.05);
    EXPECT_GE(*measured.correlation, pinned.correlation - 0.03);
    EXPECT_LE(std::fabs(std::log(*measured.notionalRatio)),
              std::fabs(std::log(pinned.notionalRatio)) + 0.05);
    EXPECT_GE(*measured.capture, pinned.capture - 0.03);
}

EvaluationReport run(std::uint64_t seed, MarketRegime regime) {
    EvaluationOptions options;  // the defaults eval uses: 24 h warm-up, 4 checkpoints
    options.seed = seed;
    options.regime = regime;
    options.hours = 24;
    return evaluate(options);
}

TEST(AccuracyRegression, DefaultModelOnSeed11Range) {
    const EvaluationReport report = run(11, MarketRegime::Range);
    expectNoWorseThan(report.model.longs, {2.1432, 0.4659, 0.9763, 0.2794}, "long");
    expectNoWorseThan(report.model.shorts, {2.1926, 0.4818, 0.9841, 0.5506}, "short");
    // This seed's true mix puts 31 % at 5x, far from the price, where the naive ladder's 20 %
    // at ±20 % happens to sit: the baseline's W1 is lower here (1.86 and 2.03). Correlation
    // and capture are where the model must stay ahead.
    EXPECT_GT(*report.model.longs.correlation, *report.baseline.longs.correlation + 0.2);
    EXPECT_GT(*report.model.shorts.correlation, *report.baseline.shorts.correlation + 0.2);
    EXPECT_GT(*report.model.longs.capture, *report.baseline.longs.capture);
    EXPECT_GT(*report.model.shorts.capture, *report.baseline.shorts.capture);
}

TEST(AccuracyRegression, DefaultModelOnSeed12Crash) {
    const EvaluationReport report = run(12, MarketRegime::Crash);
    expectNoWorseThan(report.model.longs, {1.7767, 0.3635, 0.8193, 0.2195}, "long");
    expectNoWorseThan(report.model.shorts, {1.6192, 0.3905, 0.9201, 0.0618}, "short");
    for (const Side side : {Side::Long, Side::Short}) {
        EXPECT_LT(*report.model.side(side).wasserstein, *report.baseline.side(side).wasserstein);
        EXPECT_GT(*report.model.side(side).correlation, *report.baseline.side(side).correlation);
        EXPECT_GT(*report.model.side(side).capture, *report.baseline.side(side).capture);
    }
}

}  // namespace
}  // namespace liqmap::core
