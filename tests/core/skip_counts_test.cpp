#include "liqmap/core/skip_counts.h"

#include <gtest/gtest.h>

#include <cstddef>      // std::size_t
#include <set>          // std::set
#include <string_view>  // std::string_view

namespace liqmap::core {
namespace {

SkipReason reasonAt(std::size_t index) { return static_cast<SkipReason>(index); }

// The names are stable identifiers that logs and scripts match on, so each one is pinned.
TEST(SkipCounts, ToStringGivesTheStableNameOfEveryReason) {
    EXPECT_EQ(toString(SkipReason::MalformedJson), "malformed_json");
    EXPECT_EQ(toString(SkipReason::UnknownType), "unknown_type");
    EXPECT_EQ(toString(SkipReason::MissingField), "missing_field");
    EXPECT_EQ(toString(SkipReason::WrongType), "wrong_type");
    EXPECT_EQ(toString(SkipReason::InvalidValue), "invalid_value");
    EXPECT_EQ(toString(SkipReason::OutOfRange), "out_of_range");
    EXPECT_EQ(toString(SkipReason::DuplicateField), "duplicate_field");
    EXPECT_EQ(toString(SkipReason::InconsistentCandle), "inconsistent_candle");
    EXPECT_EQ(toString(SkipReason::ImplausiblePriceJump), "implausible_price_jump");
    EXPECT_EQ(toString(SkipReason::OutOfOrder), "out_of_order");
    EXPECT_EQ(toString(SkipReason::NoPriceForOpening), "no_price_for_opening");
    EXPECT_EQ(toString(SkipReason::OtherInstrument), "other_instrument");
    EXPECT_EQ(toString(SkipReason::UnknownInstrument), "unknown_instrument");
}

bool isSnakeCase(std::string_view name) {
    if (name.empty() || name.front() == '_' || name.back() == '_' ||
        name.find("__") != std::string_view::npos) {
        return false;
    }
    for (const char c : name) {
        if (!(c >= 'a' && c <= 'z') && c != '_') {
            return false;
        }
    }
    return true;
}

TEST(SkipCounts, EveryReasonHasADistinctSnakeCaseName) {
    std::set<std::string_view> names;
    for (std::size_t i = 0; i < kSkipReasonCount; ++i) {
        const std::string_view name = toString(reasonAt(i));
        EXPECT_TRUE(isSnakeCase(name)) << name;
        EXPECT_NE(name, "unknown") << "reason " << i << " has no name";
        names.insert(name);
    }
    EXPECT_EQ(names.size(), kSkipReasonCount);
}

TEST(SkipCounts, StartsEmpty) {
    const SkipCounts counts;
    for (std::size_t i = 0; i < kSkipReasonCount; ++i) {
        EXPECT_EQ(counts.count(reasonAt(i)), 0u) << toString(reasonAt(i));
    }
    EXPECT_EQ(counts.total(), 0u);
    EXPECT_EQ(counts.summary(), "");
}

TEST(SkipCounts, CountsEachReasonSeparately) {
    SkipCounts counts;
    counts.add(SkipReason::WrongType);
    counts.add(SkipReason::MalformedJson);
    counts.add(SkipReason::WrongType);
    counts.add(SkipReason::OtherInstrument);

    EXPECT_EQ(counts.count(SkipReason::WrongType), 2u);
    EXPECT_EQ(counts.count(SkipReason::MalformedJson), 1u);
    EXPECT_EQ(counts.count(SkipReason::OtherInstrument), 1u);
    EXPECT_EQ(counts.count(SkipReason::MissingField), 0u);
    EXPECT_EQ(counts.total(), 4u);
}

TEST(SkipCounts, TotalAddsUpEveryReason) {
    SkipCounts counts;
    for (std::size_t i = 0; i < kSkipReasonCount; ++i) {
        for (std::size_t n = 0; n <= i; ++n) {
            counts.add(reasonAt(i));
        }
    }
    EXPECT_EQ(counts.count(SkipReason::MalformedJson), 1u);
    EXPECT_EQ(counts.count(SkipReason::OtherInstrument), 12u);
    EXPECT_EQ(counts.count(SkipReason::UnknownInstrument), 13u);
    EXPECT_EQ(counts.total(), 91u);  // 1 + 2 + … + 13
}

TEST(SkipCounts, MergeAddsTheOtherCountsAndLeavesThemUnchanged) {
    SkipCounts counts;
    counts.add(SkipReason::MalformedJson);
    counts.add(SkipReason::OutOfRange);
    SkipCounts other;
    other.add(SkipReason::MalformedJson);
    other.add(SkipReason::MalformedJson);
    other.add(SkipReason::DuplicateField);

    counts.merge(other);

    EXPECT_EQ(counts.count(SkipReason::MalformedJson), 3u);
    EXPECT_EQ(counts.count(SkipReason::OutOfRange), 1u);
    EXPECT_EQ(counts.count(SkipReason::DuplicateField), 1u);
    EXPECT_EQ(counts.total(), 5u);
    EXPECT_EQ(other.count(SkipReason::MalformedJson), 2u);
    EXPECT_EQ(other.total(), 3u);
}

TEST(SkipCounts, MergeOfNothingChangesNothing) {
    SkipCounts counts;
    counts.add(SkipReason::OutOfOrder);
    counts.merge(SkipCounts{});
    EXPECT_EQ(counts.summary(), "1 out_of_order");
}

TEST(SkipCounts, SummaryListsNonZeroReasonsInReasonOrder) {
    SkipCounts counts;
    counts.add(SkipReason::WrongType);
    counts.add(SkipReason::MalformedJson);
    counts.add(SkipReason::MalformedJson);
    EXPECT_EQ(counts.summary(), "2 malformed_json, 1 wrong_type");
}

TEST(SkipCounts, SummaryOfOneReasonHasNoSeparator) {
    SkipCounts counts;
    counts.add(SkipReason::OtherInstrument);
    EXPECT_EQ(counts.summary(), "1 other_instrument");
}

TEST(SkipCounts, SummaryNamesEveryReasonWhenAllOccur) {
    SkipCounts counts;
    for (std::size_t i = 0; i < kSkipReasonCount; ++i) {
        counts.add(reasonAt(i));
    }
    EXPECT_EQ(counts.summary(),
              "1 malformed_json, 1 unknown_type, 1 missing_field, 1 wrong_type, "
              "1 invalid_value, 1 out_of_range, 1 duplicate_field, 1 inconsistent_candle, "
              "1 implausible_price_jump, 1 out_of_order, 1 no_price_for_opening, "
              "1 other_instrument, 1 unknown_instrument");
}

TEST(SkipCounts, SummaryWritesLargeCountsInFull) {
    SkipCounts counts;
    SkipCounts thousand;
    for (int i = 0; i < 1000; ++i) {
        thousand.add(SkipReason::InvalidValue);
    }
    for (int i = 0; i < 1234; ++i) {
        counts.merge(thousand);
    }
    EXPECT_EQ(counts.count(SkipReason::InvalidValue), 1'234'000u);
    EXPECT_EQ(counts.summary(), "1234000 invalid_value");
}

}  // namespace
}  // namespace liqmap::core
