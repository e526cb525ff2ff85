#include "liqmap/core/leverage_mix.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>  // std::string

#include "support/config_error_text.h"
#include "support/fixture_file.h"

namespace liqmap::core {
namespace {

using test::configErrorText;

TEST(LeverageMix, ParsesPairsAndSortsByLeverage) {
    const LeverageMix mix = LeverageMix::parse("25:0.5,10:0.5");
    ASSERT_EQ(mix.size(), 2u);
    EXPECT_EQ(mix.tiers()[0].leverage, 10);
    EXPECT_EQ(mix.tiers()[0].weight, 0.5);
    EXPECT_EQ(mix.tiers()[1].leverage, 25);
    EXPECT_EQ(mix.tiers()[1].weight, 0.5);
}

TEST(LeverageMix, AcceptsAnXAfterTheLeverageAndSpaces) {
    const LeverageMix mix = LeverageMix::parse("10x:0.25, 25X:0.75");
    ASSERT_EQ(mix.size(), 2u);
    EXPECT_EQ(mix.tiers()[0].leverage, 10);
    EXPECT_EQ(mix.tiers()[1].weight, 0.75);
}

TEST(LeverageMix, ToStringReadsBack) {
    const LeverageMix mix = LeverageMix::defaultMix();
    EXPECT_EQ(mix.toString(), "5:0.1,10:0.25,25:0.3,50:0.2,100:0.15");
    EXPECT_EQ(LeverageMix::parse(mix.toString()).toString(), mix.toString());
}

TEST(LeverageMix, WeightsWithinOneBillionthOfOneAreAccepted) {
    EXPECT_NO_THROW(LeverageMix({{10, 0.5}, {20, 0.5 - 5e-10}}));
    EXPECT_EQ(
        configErrorText([] {
            LeverageMix({{10, 0.5}, {20, 0.5 - 2e-9}});
        }),
        "leverage.weights: must sum to 1 (within 1e-9), got 0.9999999980000001");  // in double
}

// Fuzz finding (tests/data/fuzz-regressions/fuzz_leverage_mix): the weights were summed in the
// order given, and toString() writes them in leverage order, so a mix near the tolerance could be
// accepted and then its own text rejected (a saved setting that does not load). In double:
//   4x,3x,2x: 0.4144835400465011 + 0.44159732016390335 + 0.14391914078959547 = 1.0000000009999999
//             (9.9999986e-10 from 1: inside 1e-9, accepted before the fix);
//   2x,3x,4x: 0.14391914078959547 + 0.44159732016390335 + 0.4144835400465011 = 1.000000001
//             (1.0000000827e-9 from 1: outside).
// Now both orders are summed in leverage order and refused alike.
TEST(LeverageMix, WeightSumDoesNotDependOnTheOrderTiersAreGiven) {
    const std::string spec =
        test::readTestData("fuzz-regressions/fuzz_leverage_mix/weight-sum-depends-on-order.txt");
    EXPECT_EQ(spec, "4:0.4144835400465011,3:0.44159732016390335,2:0.14391914078959547");
    const std::string expected = "leverage.weights: must sum to 1 (within 1e-9), got 1.000000001";
    EXPECT_EQ(configErrorText([&] { LeverageMix::parse(spec); }), expected);
    EXPECT_EQ(
        configErrorText([] {
            LeverageMix::parse("2:0.14391914078959547,3:0.44159732016390335,4:0.4144835400465011");
        }),
        expected);
}

// The mirror case: 4x,3x,2x sum to 1.000000001 as given (refused before the fix), but
// 0.3586108721759337 + 0.2963919950052762 + 0.34499713381879005 = 1.0000000009999999 in leverage
// order, so the mix is accepted, and its text reads back as the same mix.
TEST(LeverageMix, AMixAcceptedInAnyOrderReadsBackFromItsText) {
    const LeverageMix mix =
        LeverageMix::parse("4:0.34499713381879005,3:0.2963919950052762,2:0.3586108721759337");
    EXPECT_EQ(mix.toString(), "2:0.3586108721759337,3:0.2963919950052762,4:0.34499713381879005");
    EXPECT_EQ(LeverageMix::parse(mix.toString()).toString(), mix.toString());
}

TEST(LeverageMix, RejectsWeightsNotSummingToOne) {
    EXPECT_EQ(configErrorText([] { LeverageMix::parse("10:0.6,25:0.5"); }),
              "leverage.weights: must sum to 1 (within 1e-9), got 1.1");
    EXPECT_EQ(configErrorText([] { LeverageMix::parse("10:0.3"); }),
              "leverage.weights: must sum to 1 (within 1e-9), got 0.3");
}

TEST(LeverageMix, RejectsLeverageAtOrBelowOne) {
    EXPECT_EQ(configErrorText([] {
                  LeverageMix({{1, 1}});
              }),
              "leverage.tiers[0]: leverage must be above 1, got 1");
    EXPECT_EQ(configErrorText([] {
                  LeverageMix({{10, 0.5}, {-3, 0.5}});
              }),
              "leverage.tiers[1]: leverage must be above 1, got -3");
}

TEST(LeverageMix, RejectsNonFiniteNumbers) {
    EXPECT_EQ(configErrorText([] {
                  LeverageMix({{NAN, 1}});
              }),
              "leverage.tiers[0]: not a finite number");
    EXPECT_EQ(configErrorText([] {
                  LeverageMix({{10, 0.5}, {20, INFINITY}});
              }),
              "leverage.weights[1]: not a finite number");
}

TEST(LeverageMix, RejectsNegativeWeightsAndRepeatedTiers) {
    EXPECT_EQ(configErrorText([] {
                  LeverageMix({{10, 1.5}, {20, -0.5}});
              }),
              "leverage.weights[1]: must not be negative, got -0.5");
    EXPECT_EQ(configErrorText([] { LeverageMix::parse("10:0.5,10:0.5"); }),
              "leverage.tiers[1]: 10x appears twice");
}

TEST(LeverageMix, RejectsNoTiersAndTooMany) {
    EXPECT_EQ(configErrorText([] { LeverageMix(std::vector<LeverageTier>{}); }),
              "leverage: at least one tier is needed");
    EXPECT_EQ(configErrorText([] {
                  LeverageMix::parse("2:0.1,3:0.1,4:0.1,5:0.1,6:0.1,7:0.1,8:0.1,9:0.1,10:0.2");
              }),
              "leverage: at most 8 tiers, got 9");
}

TEST(LeverageMix, RejectsTextThatIsNotPairs) {
    EXPECT_EQ(configErrorText([] { LeverageMix::parse(""); }),
              "leverage: expected leverage:weight pairs like 10:0.5,25:0.5, got ''");
    EXPECT_EQ(configErrorText([] { LeverageMix::parse("10-0.5"); }),
              "leverage: expected leverage:weight pairs like 10:0.5,25:0.5, got '10-0.5'");
    EXPECT_EQ(configErrorText([] { LeverageMix::parse("10:1,"); }),
              "leverage: expected leverage:weight pairs like 10:0.5,25:0.5, got ''");
    EXPECT_EQ(configErrorText([] { LeverageMix::parse("ten:1"); }),
              "leverage: expected numbers in 'ten:1'");
    EXPECT_EQ(configErrorText([] { LeverageMix::parse("10:nan"); }),
              "leverage: expected numbers in '10:nan'");
}

TEST(LeverageMix, CappingMergesTiersAboveTheCapIntoOneAtTheCap) {
    // Default 5/10/25/50/100 at .10/.25/.30/.20/.15 on a 40x venue: 50x and 100x become one 40x
    // tier of weight 0.20 + 0.15 = 0.35.
    const LeverageMix capped = LeverageMix::defaultMix().cappedAt(40);
    ASSERT_EQ(capped.size(), 4u);
    EXPECT_EQ(capped.tiers()[3].leverage, 40);
    EXPECT_DOUBLE_EQ(capped.tiers()[3].weight, 0.35);
    EXPECT_EQ(capped.tiers()[2].leverage, 25);
    EXPECT_EQ(capped.tiers()[2].weight, 0.30);
}

TEST(LeverageMix, CappingAboveEveryTierChangesNothing) {
    EXPECT_EQ(LeverageMix::defaultMix().cappedAt(125).toString(),
              LeverageMix::defaultMix().toString());
    // A tier exactly at the cap stays one tier.
    EXPECT_EQ(LeverageMix::defaultMix().cappedAt(100).toString(),
              LeverageMix::defaultMix().toString());
}

}  // namespace
}  // namespace liqmap::core
