#include "liqmap/core/price_guard.h"

#include <gtest/gtest.h>

namespace liqmap::core {
namespace {

TEST(PriceGuard, AcceptsTheFirstPriceWhateverItIs) {
    PriceGuard guard(4);
    EXPECT_TRUE(guard.accept(0.00001234));
}

TEST(PriceGuard, AcceptsMovesWithinTheFactorAndRejectsBeyond) {
    PriceGuard guard(4);
    ASSERT_TRUE(guard.accept(100));
    EXPECT_TRUE(guard.accept(25));    // exactly 100 / 4: still plausible; reference now 25
    EXPECT_FALSE(guard.accept(101));  // 101 > 25 · 4
    EXPECT_TRUE(guard.accept(100));   // = 25 · 4
    EXPECT_FALSE(guard.accept(24.9));
}

TEST(PriceGuard, ABadPrintDoesNotMoveTheReference) {
    PriceGuard guard(4);
    ASSERT_TRUE(guard.accept(60000));
    EXPECT_FALSE(guard.accept(0.01));
    EXPECT_TRUE(guard.accept(60100));
    EXPECT_FALSE(guard.accept(1e8));
    EXPECT_TRUE(guard.accept(59900));
}

TEST(PriceGuard, ACandleIsPlausibleOnlyIfBothExtremesAre) {
    PriceGuard guard(4);
    ASSERT_TRUE(guard.accept(100));
    EXPECT_FALSE(guard.acceptRange(10, 101, 100));
    EXPECT_FALSE(guard.acceptRange(99, 1000, 100));
    EXPECT_TRUE(guard.acceptRange(90, 110, 105));
    EXPECT_FALSE(guard.accept(421));  // the reference moved to the candle's last price, 105
    EXPECT_TRUE(guard.accept(420));
}

TEST(PriceGuard, SeveralAgreeingPricesInARowAreARealMove) {
    PriceGuard guard(4, 3);
    ASSERT_TRUE(guard.accept(100));
    EXPECT_FALSE(guard.accept(1000));
    EXPECT_FALSE(guard.accept(1010));
    EXPECT_TRUE(guard.accept(990));  // third in a row within a factor 4 of the first: accepted
    EXPECT_TRUE(guard.accept(1000));
    EXPECT_FALSE(guard.accept(100));
}

TEST(PriceGuard, DisagreeingOutliersDoNotAddUp) {
    PriceGuard guard(4, 3);
    ASSERT_TRUE(guard.accept(100));
    EXPECT_FALSE(guard.accept(1000));
    EXPECT_FALSE(guard.accept(1));      // starts a new run
    EXPECT_FALSE(guard.accept(10000));  // and another
    EXPECT_TRUE(guard.accept(101));
}

TEST(PriceGuard, IsPlausibleDoesNotMoveTheReference) {
    PriceGuard guard(4);
    EXPECT_TRUE(guard.isPlausible(5));  // nothing accepted yet
    ASSERT_TRUE(guard.accept(100));
    EXPECT_TRUE(guard.isPlausible(30));
    EXPECT_FALSE(guard.isPlausible(20));
    EXPECT_TRUE(guard.isPlausible(390));
    EXPECT_FALSE(guard.accept(401));  // reference still 100
}

}  // namespace
}  // namespace liqmap::core
