#include "liqmap/core/number_text.h"

#include <gtest/gtest.h>

#include <cmath>        // std::signbit
#include <cstdint>      // std::int64_t
#include <limits>       // std::numeric_limits
#include <optional>     // std::optional
#include <ostream>      // std::ostream
#include <string>       // std::string
#include <string_view>  // std::string_view

namespace liqmap::core {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// --- appendNumber / formatNumber -------------------------------------------------------------

struct NumberCase {
    double value;
    std::string_view text;
};

std::ostream& operator<<(std::ostream& os, const NumberCase& c) { return os << c.text; }

class NumberTextWrites : public testing::TestWithParam<NumberCase> {};

TEST_P(NumberTextWrites, TheShortestTextThatReadsBackExactly) {
    const NumberCase& c = GetParam();
    std::string out = "x=";
    appendNumber(out, c.value);
    EXPECT_EQ(out, "x=" + std::string(c.text));
    EXPECT_EQ(formatNumber(c.value), c.text);

    const std::optional<double> back = parseDecimal(c.text);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, c.value);
    EXPECT_EQ(std::signbit(*back), std::signbit(c.value));
}

// Plain notation for magnitudes in [1e-5, 1e15), where prices and sizes live.
INSTANTIATE_TEST_SUITE_P(
    NumberTextPlain, NumberTextWrites,
    testing::Values(NumberCase{0.0, "0"}, NumberCase{-0.0, "-0"}, NumberCase{1.0, "1"},
                    NumberCase{-2.5, "-2.5"}, NumberCase{0.1, "0.1"},
                    NumberCase{0.1 + 0.2, "0.30000000000000004"}, NumberCase{37000.5, "37000.5"},
                    NumberCase{36950.0, "36950"}, NumberCase{100000.0, "100000"},
                    NumberCase{1e9, "1000000000"}, NumberCase{3005676500.0, "3005676500"},
                    NumberCase{75.0 / 0.83, "90.36144578313254"}, NumberCase{0.0001, "0.0001"},
                    NumberCase{1e-5, "0.00001"}, NumberCase{-0.00012345, "-0.00012345"},
                    NumberCase{999999999999999.0, "999999999999999"}));

// The shortest form, exponent and all, outside that range.
INSTANTIATE_TEST_SUITE_P(
    NumberTextExtremes, NumberTextWrites,
    testing::Values(NumberCase{9.99e-6, "9.99e-06"}, NumberCase{1e-8, "1e-08"},
                    NumberCase{1e15, "1e+15"}, NumberCase{-2.5e17, "-2.5e+17"},
                    NumberCase{1e21, "1e+21"}, NumberCase{5e-324, "5e-324"},
                    NumberCase{std::numeric_limits<double>::max(), "1.7976931348623157e+308"},
                    NumberCase{-2.2250738585072014e-308, "-2.2250738585072014e-308"}));

TEST(NumberText, AppendNumberWritesNullForNaNAndInfinities) {
    std::string out;
    appendNumber(out, kNaN);
    out += ',';
    appendNumber(out, kInfinity);
    out += ',';
    appendNumber(out, -kInfinity);
    EXPECT_EQ(out, "null,null,null");
}

// formatNumber is for messages to people, so it names the non-finite values instead.
TEST(NumberText, FormatNumberSpellsOutNaNAndInfinities) {
    EXPECT_EQ(formatNumber(kNaN), "nan");
    EXPECT_EQ(formatNumber(kInfinity), "inf");
    EXPECT_EQ(formatNumber(-kInfinity), "-inf");
}

TEST(NumberText, AppendIntegerWritesTheExtremesOfInt64) {
    std::string out;
    appendInteger(out, std::numeric_limits<std::int64_t>::min());
    out += ' ';
    appendInteger(out, std::numeric_limits<std::int64_t>::max());
    out += ' ';
    appendInteger(out, 0);
    out += ' ';
    appendInteger(out, -1700000000000);
    EXPECT_EQ(out, "-9223372036854775808 9223372036854775807 0 -1700000000000");
}

// --- isJsonNumber -----------------------------------------------------------------------------

struct GrammarCase {
    std::string_view text;
    bool valid;
};

std::ostream& operator<<(std::ostream& os, const GrammarCase& c) {
    return os << '"' << c.text << '"' << (c.valid ? " valid" : " invalid");
}

class NumberTextGrammar : public testing::TestWithParam<GrammarCase> {};

TEST_P(NumberTextGrammar, IsJsonNumberFollowsJsonGrammar) {
    EXPECT_EQ(isJsonNumber(GetParam().text), GetParam().valid);
}

INSTANTIATE_TEST_SUITE_P(
    NumberTextTable, NumberTextGrammar,
    testing::Values(
        GrammarCase{"0", true}, GrammarCase{"-0", true}, GrammarCase{"7", true},
        GrammarCase{"1234567890", true}, GrammarCase{"-12", true}, GrammarCase{"0.5", true},
        GrammarCase{"-0.0", true}, GrammarCase{"1.25e3", true}, GrammarCase{"1E3", true},
        GrammarCase{"1e+3", true}, GrammarCase{"1e-3", true}, GrammarCase{"0e0", true},
        GrammarCase{"1e007", true}, GrammarCase{"", false}, GrammarCase{"-", false},
        GrammarCase{"01", false}, GrammarCase{"-01", false}, GrammarCase{"00", false},
        GrammarCase{"+1", false}, GrammarCase{"1.", false}, GrammarCase{".5", false},
        GrammarCase{"-.5", false}, GrammarCase{"1e", false}, GrammarCase{"1e+", false},
        GrammarCase{"1e-", false}, GrammarCase{"1.e3", false}, GrammarCase{"--1", false},
        GrammarCase{"1.5.5", false}, GrammarCase{"1e5e5", false}, GrammarCase{"1e2.5", false},
        GrammarCase{"0x10", false}, GrammarCase{"inf", false}, GrammarCase{"NaN", false},
        GrammarCase{"Infinity", false}, GrammarCase{" 1", false}, GrammarCase{"1 ", false},
        GrammarCase{"1,5", false}, GrammarCase{"\xd9\xa1", false}));

// --- parseDecimal -----------------------------------------------------------------------------

struct DecimalCase {
    std::string_view text;
    double value;
};

std::ostream& operator<<(std::ostream& os, const DecimalCase& c) {
    return os << '"' << c.text << '"';
}

class NumberTextDecimalAccepts : public testing::TestWithParam<DecimalCase> {};

TEST_P(NumberTextDecimalAccepts, ParseDecimalReadsTheExactValue) {
    const std::optional<double> value = parseDecimal(GetParam().text);
    ASSERT_TRUE(value.has_value());
    EXPECT_EQ(*value, GetParam().value);
}

INSTANTIATE_TEST_SUITE_P(
    NumberTextTable, NumberTextDecimalAccepts,
    testing::Values(DecimalCase{"0", 0.0}, DecimalCase{"42", 42.0}, DecimalCase{"-42", -42.0},
                    DecimalCase{"0.1", 0.1}, DecimalCase{"37000.5", 37000.5},
                    DecimalCase{"1e-05", 1e-5}, DecimalCase{"1E+21", 1e21},
                    DecimalCase{"5e-324", 5e-324},
                    DecimalCase{"1.7976931348623157e308", std::numeric_limits<double>::max()},
                    // More digits than a double holds: rounded to nearest, not rejected.
                    DecimalCase{"0.1000000000000000000000000001", 0.1}));

TEST(NumberText, ParseDecimalKeepsTheSignOfNegativeZero) {
    const std::optional<double> value = parseDecimal("-0");
    ASSERT_TRUE(value.has_value());
    EXPECT_EQ(*value, 0.0);
    EXPECT_TRUE(std::signbit(*value));
}

class NumberTextDecimalRejects : public testing::TestWithParam<std::string_view> {};

TEST_P(NumberTextDecimalRejects, ParseDecimalGivesNothing) {
    EXPECT_EQ(parseDecimal(GetParam()), std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(NumberTextTable, NumberTextDecimalRejects,
                         testing::Values("", "inf", "-inf", "nan", "NaN", "Infinity", "0x10", " 1",
                                         "1 ", "+1", "01", "1.", ".5", "1e", "1,5", "1e400",
                                         "-1e400", "1.7976931348623159e308",
                                         // rounds to zero: beyond double's range too
                                         "1e-400"));

// --- parseInteger -----------------------------------------------------------------------------

struct IntegerCase {
    std::string_view text;
    std::int64_t value;
};

std::ostream& operator<<(std::ostream& os, const IntegerCase& c) {
    return os << '"' << c.text << '"';
}

class NumberTextIntegerAccepts : public testing::TestWithParam<IntegerCase> {};

TEST_P(NumberTextIntegerAccepts, ParseIntegerReadsTheValue) {
    EXPECT_EQ(parseInteger(GetParam().text), GetParam().value);
}

INSTANTIATE_TEST_SUITE_P(
    NumberTextTable, NumberTextIntegerAccepts,
    testing::Values(IntegerCase{"0", 0}, IntegerCase{"-0", 0}, IntegerCase{"7", 7},
                    IntegerCase{"-7", -7}, IntegerCase{"1700000000000", 1700000000000},
                    IntegerCase{"9223372036854775807", std::numeric_limits<std::int64_t>::max()},
                    IntegerCase{"-9223372036854775808", std::numeric_limits<std::int64_t>::min()}));

class NumberTextIntegerRejects : public testing::TestWithParam<std::string_view> {};

TEST_P(NumberTextIntegerRejects, ParseIntegerGivesNothing) {
    EXPECT_EQ(parseInteger(GetParam()), std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(NumberTextTable, NumberTextIntegerRejects,
                         testing::Values("", "-", "+1", "+0", " 1", "1 ", "1.0", "1e3", "0x10",
                                         "abc", "1_000", "--1", "9223372036854775808",
                                         "-9223372036854775809", "99999999999999999999"));

}  // namespace
}  // namespace liqmap::core
