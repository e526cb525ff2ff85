#include "liqmap/core/estimator_config.h"

#include <gtest/gtest.h>

#include <cmath>

#include "support/config_error_text.h"

namespace liqmap::core {
namespace {

using test::configErrorText;

std::string errorWith(void (*change)(EstimatorConfig&)) {
    EstimatorConfig config;
    change(config);
    return configErrorText([&] { config.validate(); });
}

TEST(EstimatorConfig, DefaultsAreValid) {
    EXPECT_NO_THROW(EstimatorConfig{}.validate());
    EXPECT_EQ(EstimatorConfig{}.lookbackMs, 30 * kDayMs);
}

TEST(EstimatorConfig, RejectsEachBadFieldByName) {
    EXPECT_EQ(errorWith([](EstimatorConfig& c) { c.lookbackMs = 0; }),
              "lookback: must be positive");
    EXPECT_EQ(errorWith([](EstimatorConfig& c) { c.uniformSlices = 0; }),
              "uniformSlices: must be in [1, 64], got 0");
    EXPECT_EQ(errorWith([](EstimatorConfig& c) { c.entryBucketStep = 0; }),
              "entryBucketStep: must be in (0, 0.01], got 0");
    EXPECT_EQ(errorWith([](EstimatorConfig& c) { c.entryBucketStep = 0.05; }),
              "entryBucketStep: must be in (0, 0.01], got 0.05");
    EXPECT_EQ(errorWith([](EstimatorConfig& c) { c.entryBucketStep = NAN; }),
              "entryBucketStep: not a finite number");
    EXPECT_EQ(errorWith([](EstimatorConfig& c) { c.typicalPositionNotional = -1; }),
              "typicalPositionNotional: must be in (0, 1e12], got -1");
    EXPECT_EQ(errorWith([](EstimatorConfig& c) { c.typicalPositionNotional = 0; }),
              "typicalPositionNotional: must be positive, got 0");
    EXPECT_EQ(errorWith([](EstimatorConfig& c) { c.minOpenInterestStepMs = -1; }),
              "minOpenInterestStep: must not be negative");
    EXPECT_EQ(errorWith([](EstimatorConfig& c) { c.realizedWindow = INFINITY; }),
              "realizedWindow: not a finite number");
    EXPECT_EQ(errorWith([](EstimatorConfig& c) { c.realizedWindow = -0.01; }),
              "realizedWindow: must be in [0, 0.5], got -0.01");
    EXPECT_EQ(errorWith([](EstimatorConfig& c) { c.turnoverHalfLifeMs = -1; }),
              "turnoverHalfLife: must not be negative");
    EXPECT_EQ(errorWith([](EstimatorConfig& c) { c.initialOpenInterestShare = 1.5; }),
              "initialOpenInterestShare: must be in [0, 1], got 1.5");
    EXPECT_EQ(errorWith([](EstimatorConfig& c) { c.realizedScale = -1; }),
              "realizedScale: must be in [0, 100], got -1");
    EXPECT_EQ(errorWith([](EstimatorConfig& c) { c.maxPriceJump = 1; }),
              "maxPriceJump: must be finite and above 1, got 1");
    EXPECT_EQ(errorWith([](EstimatorConfig& c) { c.maxPriceJump = NAN; }),
              "maxPriceJump: must be finite and above 1, got nan");
}

TEST(EstimatorConfig, LookbackReadsDurations) {
    EXPECT_EQ(parseLookback("1d"), kDayMs);
    EXPECT_EQ(parseLookback("7d"), 7 * kDayMs);
    EXPECT_EQ(parseLookback("30d"), 30 * kDayMs);
    EXPECT_EQ(parseLookback("12h"), 12 * kHourMs);
    EXPECT_EQ(configErrorText([] { parseLookback("a week"); }),
              "lookback: expected a duration like 1d, 7d, 30d or 12h, got 'a week'");
    EXPECT_EQ(configErrorText([] { parseLookback("-1d"); }),
              "lookback: expected a duration like 1d, 7d, 30d or 12h, got '-1d'");
}

}  // namespace
}  // namespace liqmap::core
