#include "liqmap/core/cohort_book.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <deque>
#include <map>
#include <tuple>
#include <vector>

namespace liqmap::core {
namespace {

// One tier behaving like 10x with no maintenance margin: a long entered at E is liquidated at
// 0.9·E, a short at 1.1·E. Round factors keep every expected value below checkable by hand.
CohortBook tenX() { return CohortBook({{10, 0.9, 1.1}}, 1e-4); }

// Two tiers like 10x and 25x: liquidation at 0.9·E / 1.1·E and 0.96·E / 1.04·E.
CohortBook tenAndTwentyFiveX() { return CohortBook({{10, 0.9, 1.1}, {25, 0.96, 1.04}}, 1e-4); }

void openOne(CohortBook& book, TimestampMs ts, double entry, double notional) {
    const std::array<double, 1> perTier{notional};
    book.open(ts, entry, perTier);
}

// (tier, liquidation price, notional) of every cohort of one side.
std::vector<std::tuple<std::size_t, double, double>> cohorts(const CohortBook& book, Side side) {
    std::vector<std::tuple<std::size_t, double, double>> found;
    book.forEachCohort(side, [&](std::size_t tier, double lp, double notional) {
        found.emplace_back(tier, lp, notional);
    });
    return found;
}

using Cohorts = std::vector<std::tuple<std::size_t, double, double>>;

TEST(CohortBook, OpeningAddsTheSameNotionalToBothSides) {
    CohortBook book = tenX();
    openOne(book, 0, 100, 1000);
    EXPECT_EQ(book.totalNotional(Side::Long), 1000);
    EXPECT_EQ(book.totalNotional(Side::Short), 1000);
    // 0.9 · 100 and 1.1 · 100, as the product rounds in double.
    EXPECT_EQ(cohorts(book, Side::Long), (Cohorts{{0, 0.9 * 100, 1000}}));
    EXPECT_EQ(cohorts(book, Side::Short), (Cohorts{{0, 1.1 * 100, 1000}}));
    EXPECT_EQ(book.cohortCount(), 2u);
    EXPECT_EQ(book.openingRecordCount(), 1u);
}

TEST(CohortBook, OpeningSplitsOverTiers) {
    CohortBook book = tenAndTwentyFiveX();
    const std::array<double, 2> perTier{300, 700};
    book.open(0, 100, perTier);
    EXPECT_EQ(cohorts(book, Side::Long), (Cohorts{{0, 0.9 * 100, 300}, {1, 0.96 * 100, 700}}));
    EXPECT_EQ(cohorts(book, Side::Short), (Cohorts{{0, 1.1 * 100, 300}, {1, 1.04 * 100, 700}}));
    EXPECT_EQ(book.totalNotional(Side::Long), 1000);
}

TEST(CohortBook, EntriesInsideOneBucketShareTheFirstEntry) {
    // ln(100) / ln(1.0001) = 46054.004… and ln(100.005) / ln(1.0001) = 46054.504…: one bucket,
    // priced at the first entry, 100.
    CohortBook book = tenX();
    openOne(book, 0, 100, 1000);
    openOne(book, 1, 100.005, 500);
    EXPECT_EQ(cohorts(book, Side::Long), (Cohorts{{0, 0.9 * 100, 1500}}));
    EXPECT_EQ(book.cohortCount(), 2u);
    EXPECT_EQ(book.openingRecordCount(), 2u);
}

TEST(CohortBook, LongSweepRemovesExactlyTheCohortsAtOrAboveThePrice) {
    // Entries 90, 100, 110: long liquidation prices 81, 90, 99.
    CohortBook book = tenX();
    openOne(book, 0, 90, 100);
    openOne(book, 0, 100, 200);
    openOne(book, 0, 110, 400);
    EXPECT_EQ(book.sweepLongs(95), 400);  // only the cohort at 99
    EXPECT_EQ(cohorts(book, Side::Long), (Cohorts{{0, 0.9 * 90, 100}, {0, 0.9 * 100, 200}}));
    EXPECT_EQ(book.sweepLongs(95), 0);           // nothing left to cross
    EXPECT_EQ(book.sweepLongs(0.9 * 100), 200);  // a cohort exactly at the price is liquidated
    EXPECT_EQ(book.totalNotional(Side::Long), 100);
    EXPECT_EQ(book.totalNotional(Side::Short), 700);  // shorts untouched
}

TEST(CohortBook, ShortSweepRemovesExactlyTheCohortsAtOrBelowThePrice) {
    // Entries 90, 100, 110: short liquidation prices 99, 110, 121.
    CohortBook book = tenX();
    openOne(book, 0, 90, 100);
    openOne(book, 0, 100, 200);
    openOne(book, 0, 110, 400);
    EXPECT_EQ(book.sweepShorts(105), 100);
    EXPECT_EQ(book.sweepShorts(1.1 * 100), 200);
    EXPECT_EQ(cohorts(book, Side::Short), (Cohorts{{0, 1.1 * 110, 400}}));
    EXPECT_EQ(book.totalNotional(Side::Long), 700);
}

TEST(CohortBook, SweepBoundsAreTheExtremeLiquidationPrices) {
    CohortBook book = tenAndTwentyFiveX();
    const std::array<double, 2> perTier{1, 1};
    book.open(0, 100, perTier);
    book.open(0, 90, perTier);
    EXPECT_EQ(book.sweepBoundLong(), 0.96 * 100);
    EXPECT_EQ(book.sweepBoundShort(), 1.04 * 90);
    // Longs sit at 90, 96 (from 100) and 81, 86.4 (from 90). Sweeping at 94 removes 96; the
    // next highest is the 10x long from 100 at 90.
    book.sweepLongs(94);
    EXPECT_EQ(book.sweepBoundLong(), 0.9 * 100);
}

TEST(CohortBook, EmptyBookIgnoresEverySweep) {
    CohortBook book = tenX();
    EXPECT_EQ(book.sweepLongs(1e-9), 0);
    EXPECT_EQ(book.sweepShorts(1e12), 0);
    EXPECT_EQ(book.totalNotional(Side::Long), 0);
}

TEST(CohortBook, ClosingTakesTheSameShareOfEveryCohort) {
    // 1 000 at 100 and 3 000 at 110; closing half leaves 500 and 1 500 on each side.
    CohortBook book = tenX();
    openOne(book, 0, 100, 1000);
    openOne(book, 0, 110, 3000);
    const SideAmounts closed = book.closeFraction(0.5);
    EXPECT_EQ(closed.longs, 2000);
    EXPECT_EQ(closed.shorts, 2000);
    EXPECT_EQ(cohorts(book, Side::Long), (Cohorts{{0, 0.9 * 100, 500}, {0, 0.9 * 110, 1500}}));
    EXPECT_EQ(cohorts(book, Side::Short), (Cohorts{{0, 1.1 * 100, 500}, {0, 1.1 * 110, 1500}}));
    EXPECT_EQ(book.totalNotional(Side::Long), 2000);
}

TEST(CohortBook, ClosingTakesTheSameShareFromEachSideWhateverItHolds) {
    CohortBook book = tenX();
    openOne(book, 0, 100, 1000);
    ASSERT_EQ(book.sweepLongs(90), 1000);  // longs gone, shorts still 1 000
    const SideAmounts closed = book.closeFraction(0.6);
    EXPECT_EQ(closed.longs, 0);
    EXPECT_EQ(closed.shorts, 600);
    EXPECT_EQ(book.totalNotional(Side::Short), 400);
    EXPECT_EQ(book.closeFraction(0).shorts, 0);
    const SideAmounts rest = book.closeFraction(1);  // open interest fell to zero
    EXPECT_EQ(rest.shorts, 400);
    EXPECT_EQ(book.totalNotional(Side::Short), 0);
    EXPECT_EQ(book.cohortCount(), 0u);
    EXPECT_TRUE(cohorts(book, Side::Short).empty());
    openOne(book, 1, 100, 50);  // an emptied book opens again normally
    EXPECT_EQ(cohorts(book, Side::Short), (Cohorts{{0, 1.1 * 100, 50}}));
}

TEST(CohortBook, ExpiryRemovesOnlyTheOldOpeningsShareOfAMergedCohort) {
    CohortBook book = tenX();
    openOne(book, 0, 100, 1000);
    openOne(book, 10, 100, 500);
    const SideAmounts expired = book.expireBefore(5);
    EXPECT_EQ(expired.longs, 1000);
    EXPECT_EQ(expired.shorts, 1000);
    EXPECT_EQ(cohorts(book, Side::Long), (Cohorts{{0, 0.9 * 100, 500}}));
    EXPECT_EQ(book.openingRecordCount(), 1u);
    book.expireBefore(11);
    EXPECT_EQ(book.totalNotional(Side::Long), 0);
    EXPECT_EQ(book.totalNotional(Side::Short), 0);
    EXPECT_EQ(book.cohortCount(), 0u);
    EXPECT_EQ(book.openingRecordCount(), 0u);
}

TEST(CohortBook, ExpiryAfterClosingRemovesWhatIsLeftOfTheOpening) {
    // 1 000 at 100 (t 0) and 1 000 at 120 (t 10); closing half leaves 500 of each.
    CohortBook book = tenX();
    openOne(book, 0, 100, 1000);
    openOne(book, 10, 120, 1000);
    book.closeFraction(0.5);
    const SideAmounts expired = book.expireBefore(5);
    EXPECT_EQ(expired.longs, 500);
    EXPECT_EQ(cohorts(book, Side::Long), (Cohorts{{0, 0.9 * 120, 500}}));
}

TEST(CohortBook, ExpiryIgnoresOpeningsWhoseCohortWasLiquidated) {
    // The long opened at t 0 is liquidated; a new long opens in the same bucket at t 10. When the
    // t-0 opening expires, the new cohort keeps all of its notional.
    CohortBook book = tenX();
    openOne(book, 0, 100, 1000);
    ASSERT_EQ(book.sweepLongs(90), 1000);
    openOne(book, 10, 100, 700);
    const SideAmounts expired = book.expireBefore(5);
    EXPECT_EQ(expired.longs, 0);
    EXPECT_EQ(expired.shorts, 1000);  // the t-0 short was never liquidated
    EXPECT_EQ(cohorts(book, Side::Long), (Cohorts{{0, 0.9 * 100, 700}}));
    EXPECT_EQ(cohorts(book, Side::Short), (Cohorts{{0, 1.1 * 100, 700}}));
}

TEST(CohortBook, ConsumptionTakesNearestCohortsFirst) {
    // Long liquidation prices 81 (entry 90), 90 (entry 100), 99 (entry 110), 1 000 each.
    // A reported 1 500 at 98 with a 10 % window reaches [88.2, 107.8]: 99 is nearest (all 1 000
    // taken), then 90 (500 taken); 81 is outside the window.
    CohortBook book = tenX();
    openOne(book, 0, 90, 1000);
    openOne(book, 0, 100, 1000);
    openOne(book, 0, 110, 1000);
    EXPECT_EQ(book.consumeNear(Side::Long, 98, 1500, 0.1), 1500);
    EXPECT_EQ(cohorts(book, Side::Long), (Cohorts{{0, 0.9 * 90, 1000}, {0, 0.9 * 100, 500}}));
    EXPECT_EQ(book.totalNotional(Side::Long), 1500);
    EXPECT_EQ(book.totalNotional(Side::Short), 3000);
}

TEST(CohortBook, ConsumptionNeverTakesMoreThanTheWindowHolds) {
    CohortBook book = tenX();
    openOne(book, 0, 100, 1000);  // long LP 90
    EXPECT_EQ(book.consumeNear(Side::Long, 90.5, 5000, 0.01), 1000);
    EXPECT_EQ(book.totalNotional(Side::Long), 0);
    EXPECT_EQ(book.consumeNear(Side::Long, 90.5, 5000, 0.01), 0);
    // Shorts at 110 are out of reach of a report at 100 with a 5 % window.
    EXPECT_EQ(book.consumeNear(Side::Short, 100, 5000, 0.05), 0);
}

TEST(CohortBook, ExpiryAfterPartialConsumptionRemovesTheRemainingShare) {
    // Two openings of 1 000 in one bucket; consuming 500 leaves 3/4 of each (750 + 750).
    CohortBook book = tenX();
    openOne(book, 0, 100, 1000);
    openOne(book, 10, 100, 1000);
    ASSERT_EQ(book.consumeNear(Side::Long, 90, 500, 0.01), 500);
    const SideAmounts expired = book.expireBefore(5);
    EXPECT_DOUBLE_EQ(expired.longs, 750);
    EXPECT_DOUBLE_EQ(book.totalNotional(Side::Long), 750);
    // Adding to the partly consumed bucket keeps the exact amount.
    openOne(book, 20, 100, 250);
    EXPECT_DOUBLE_EQ(book.totalNotional(Side::Long), 1000);
    book.expireBefore(15);
    EXPECT_DOUBLE_EQ(book.totalNotional(Side::Long), 250);
}

TEST(CohortBook, GrowsItsGridInBothDirections) {
    CohortBook book = tenX();
    openOne(book, 0, 100, 1);
    openOne(book, 0, 1, 2);       // far below the first entry
    openOne(book, 0, 10'000, 3);  // far above
    EXPECT_EQ(cohorts(book, Side::Long),
              (Cohorts{{0, 0.9 * 1, 2}, {0, 0.9 * 100, 1}, {0, 0.9 * 10'000, 3}}));
    EXPECT_EQ(book.sweepLongs(50), 3 + 1);
    EXPECT_EQ(book.sweepShorts(1.1 * 100), 2 + 1);
    book.expireBefore(1);
    EXPECT_EQ(book.cohortCount(), 0u);
}

TEST(CohortBook, StateIsBoundedByEntryBucketsNotByOpenings) {
    // 10 000 openings over 50 distinct entry prices: at most 50 cohorts per side.
    CohortBook book = tenX();
    for (int i = 0; i < 10'000; ++i) {
        openOne(book, i, 100 + (i % 50), 1);
    }
    EXPECT_EQ(book.cohortCount(), 2u * 50);
    EXPECT_EQ(book.totalNotional(Side::Long), 10'000);
    book.expireBefore(9'950);  // only the last 50 openings, one per price, remain
    EXPECT_EQ(book.cohortCount(), 2u * 50);
    EXPECT_EQ(book.openingRecordCount(), 50u);
    EXPECT_DOUBLE_EQ(book.totalNotional(Side::Long), 50);
}

TEST(CohortBook, ManyClosingsKeepAmountsFiniteAndExact) {
    // 300 closings of 90 % each scale the side by 1e-300 — past the point where the book
    // renormalises its scale. A later opening must still count exactly.
    CohortBook book = tenX();
    openOne(book, 0, 100, 1e6);
    for (int i = 0; i < 300; ++i) {
        book.closeFraction(0.9);
    }
    EXPECT_GT(book.totalNotional(Side::Long), 0);
    EXPECT_LT(book.totalNotional(Side::Long), 1e-280);
    openOne(book, 1, 100, 1000);
    double sum = 0;
    book.forEachCohort(Side::Long, [&](std::size_t, double, double notional) { sum += notional; });
    EXPECT_DOUBLE_EQ(sum, 1000);
    book.expireBefore(1);  // drops the tiny remainder of the first opening
    EXPECT_DOUBLE_EQ(book.totalNotional(Side::Long), 1000);
    EXPECT_DOUBLE_EQ(book.totalNotional(Side::Short), 1000);
}

TEST(CohortBook, WorksForPricesBelowOneAcrossChunkBoundaries) {
    // Entries around 1 have grid indices on both sides of 0 (ln 0.99995 / ln 1.0001 = −0.5,
    // ln 1.0002 / ln 1.0001 = 1.9999: buckets −1, 0, 1); 0.001 is 69 000 buckets below. Liquidation
    // prices 0.9 · E must come back exactly, and sweeps must cross from one block of buckets to the
    // next.
    CohortBook book = tenX();
    for (const double entry : {0.001, 0.5, 0.99995, 1.0, 1.0002, 1.5}) {
        openOne(book, 0, entry, 10);
    }
    EXPECT_EQ(cohorts(book, Side::Long), (Cohorts{{0, 0.9 * 0.001, 10},
                                                  {0, 0.9 * 0.5, 10},
                                                  {0, 0.9 * 0.99995, 10},
                                                  {0, 0.9 * 1.0, 10},
                                                  {0, 0.9 * 1.0002, 10},
                                                  {0, 0.9 * 1.5, 10}}));
    EXPECT_EQ(book.sweepLongs(0.9 * 0.99995), 40);  // everything from 0.99995 up
    EXPECT_EQ(book.sweepShorts(1.1 * 0.5), 20);     // 0.001 and 0.5
    EXPECT_EQ(book.totalNotional(Side::Long), 20);
    EXPECT_EQ(book.totalNotional(Side::Short), 40);
}

// A slow, obviously correct model of the same rules, to check the fast book against: every
// cohort keeps the list of what each opening put into it, and every operation edits those lists.
class ReferenceBook {
public:
    ReferenceBook(std::vector<CohortTier> tiers, double step)
        : m_tiers(std::move(tiers)), m_logStep(std::log1p(step)) {}

    void open(TimestampMs ts, double entry, const std::vector<double>& perTier) {
        const auto grid = static_cast<std::int64_t>(std::floor(std::log(entry) / m_logStep));
        m_entries.emplace(grid, entry);  // keeps the first entry of the bucket
        for (std::size_t t = 0; t < perTier.size(); ++t) {
            for (const Side side : {Side::Long, Side::Short}) {
                m_cohorts[{side, t, grid}].push_back({m_nextOpening, perTier[t]});
            }
        }
        m_openings.push_back({m_nextOpening++, ts});
    }

    double sweep(Side side, double price) {
        double removed = 0;
        for (auto it = m_cohorts.begin(); it != m_cohorts.end();) {
            const auto& [key, shares] = *it;
            const double lp = liquidationPrice(key);
            const bool crossed =
                std::get<0>(key) == side && (side == Side::Long ? lp >= price : lp <= price);
            if (crossed) {
                removed += sum(shares);
                it = m_cohorts.erase(it);
            } else {
                ++it;
            }
        }
        return removed;
    }

    void closeFraction(double fraction) {
        for (auto& [key, shares] : m_cohorts) {
            for (auto& share : shares) {
                share.amount *= 1 - fraction;
            }
        }
    }

    double consumeNear(Side side, double price, double notional, double window) {
        std::vector<std::tuple<double, std::size_t, std::int64_t>> candidates;
        for (const auto& [key, shares] : m_cohorts) {
            const double lp = liquidationPrice(key);
            if (std::get<0>(key) == side && sum(shares) > 0 && lp >= price * (1 - window) &&
                lp <= price * (1 + window)) {
                candidates.emplace_back(std::abs(lp - price), std::get<1>(key), std::get<2>(key));
            }
        }
        std::sort(candidates.begin(), candidates.end());
        double remaining = notional;
        for (const auto& [distance, tier, grid] : candidates) {
            auto& shares = m_cohorts[{side, tier, grid}];
            const double available = sum(shares);
            const double taken = std::min(remaining, available);
            for (auto& share : shares) {
                share.amount *= 1 - taken / available;
            }
            remaining -= taken;
            if (remaining <= 0) {
                break;
            }
        }
        return notional - remaining;
    }

    void expireBefore(TimestampMs cutoff) {
        while (!m_openings.empty() && m_openings.front().second < cutoff) {
            const int opening = m_openings.front().first;
            for (auto& [key, shares] : m_cohorts) {
                std::erase_if(shares, [&](const Contribution& c) { return c.opening == opening; });
            }
            m_openings.pop_front();
        }
    }

    double total(Side side) const {
        double result = 0;
        for (const auto& [key, shares] : m_cohorts) {
            if (std::get<0>(key) == side) {
                result += sum(shares);
            }
        }
        return result;
    }

    // (tier, liquidation price) → notional of every non-empty cohort of a side.
    std::map<std::pair<std::size_t, double>, double> cohortsOf(Side side) const {
        std::map<std::pair<std::size_t, double>, double> result;
        for (const auto& [key, shares] : m_cohorts) {
            if (std::get<0>(key) == side && sum(shares) > 1e-9) {
                result[{std::get<1>(key), liquidationPrice(key)}] += sum(shares);
            }
        }
        return result;
    }

private:
    struct Contribution {
        int opening;
        double amount;
    };
    using Key = std::tuple<Side, std::size_t, std::int64_t>;

    static double sum(const std::vector<Contribution>& shares) {
        double result = 0;
        for (const Contribution& share : shares) {
            result += share.amount;
        }
        return result;
    }
    double liquidationPrice(const Key& key) const {
        const CohortTier& tier = m_tiers[std::get<1>(key)];
        const double factor = std::get<0>(key) == Side::Long ? tier.longFactor : tier.shortFactor;
        return factor * m_entries.at(std::get<2>(key));
    }

    std::vector<CohortTier> m_tiers;
    double m_logStep;
    std::map<std::int64_t, double> m_entries;
    std::map<Key, std::vector<Contribution>> m_cohorts;
    std::deque<std::pair<int, TimestampMs>> m_openings;
    int m_nextOpening = 0;
};

TEST(CohortBook, AgreesWithASlowReferenceModelOverRandomOperations) {
    // Random openings, sweeps, closings, consumption and expiry around a wandering price, with
    // a coarse step so that buckets are shared; after every operation both books must agree on
    // every cohort (to rounding).
    const std::vector<CohortTier> tiers = {{5, 0.8, 1.2}, {20, 0.95, 1.05}, {50, 0.98, 1.02}};
    for (std::uint64_t seed = 1; seed <= 12; ++seed) {
        CohortBook book(tiers, 0.002);
        ReferenceBook reference(tiers, 0.002);
        std::uint64_t state = seed;
        auto uniform = [&state] {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            return static_cast<double>(state >> 11) / 9007199254740992.0;
        };
        double price = 100;
        for (TimestampMs ts = 0; ts < 400; ++ts) {
            price *= 1 + (uniform() - 0.5) * 0.04;
            const double action = uniform();
            if (action < 0.35) {
                const std::vector<double> perTier = {uniform() * 100, uniform() * 100,
                                                     uniform() < 0.3 ? 0 : uniform() * 100};
                book.open(ts, price, perTier);
                reference.open(ts, price, perTier);
            } else if (action < 0.6) {
                ASSERT_NEAR(book.sweepLongs(price), reference.sweep(Side::Long, price), 1e-6);
                ASSERT_NEAR(book.sweepShorts(price), reference.sweep(Side::Short, price), 1e-6);
            } else if (action < 0.7) {
                const double fraction = uniform() < 0.05 ? 1 : uniform() * 0.3;
                book.closeFraction(fraction);
                reference.closeFraction(fraction);
            } else if (action < 0.85) {
                const Side side = uniform() < 0.5 ? Side::Long : Side::Short;
                const double target = price * (side == Side::Long ? 0.97 : 1.03);
                const double amount = uniform() * 150;
                ASSERT_NEAR(book.consumeNear(side, target, amount, 0.02),
                            reference.consumeNear(side, target, amount, 0.02), 1e-6);
            } else {
                book.expireBefore(ts - 60);
                reference.expireBefore(ts - 60);
            }
            for (const Side side : {Side::Long, Side::Short}) {
                ASSERT_NEAR(book.totalNotional(side), reference.total(side), 1e-6)
                    << "seed " << seed << " step " << ts;
                std::map<std::pair<std::size_t, double>, double> fast;
                book.forEachCohort(side, [&](std::size_t tier, double lp, double notional) {
                    fast[{tier, lp}] += notional;
                });
                const auto slow = reference.cohortsOf(side);
                ASSERT_EQ(fast.size(), slow.size()) << "seed " << seed << " step " << ts;
                for (const auto& [key, notional] : slow) {
                    ASSERT_NEAR(fast[key], notional, 1e-6) << "seed " << seed << " step " << ts;
                }
            }
        }
    }
}

}  // namespace
}  // namespace liqmap::core
