// JsonScan, the tokenizer of the trade fast paths: exact tokens, member lookup, number reads,
// and a differential check that it accepts exactly what nlohmann::json::parse accepts on every
// captured frame and body (../shared/exchanges/fixtures, read in place), tests/data, every
// prefix of each, byte substitutions and hand-written cases. JsonScan is internal to the
// exchange library, so its header is included by path.
#include "json_scan.h"

#include <gtest/gtest.h>

#include <cstdint>     // std::int64_t, std::uint32_t
#include <filesystem>  // std::filesystem::recursive_directory_iterator
#include <limits>      // std::numeric_limits
#include <nlohmann/json.hpp>
#include <optional>     // std::optional
#include <random>       // std::mt19937
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "support/fixture_file.h"
#include "support/sanitized_build.h"

namespace liqmap::exchange::detail {
namespace {

using Status = JsonScan::Status;
using Type = JsonScan::Type;

bool nlohmannAccepts(std::string_view text) {
    return !nlohmann::json::parse(text.begin(), text.end(), nullptr, false).is_discarded();
}

std::string statusName(Status status) {
    switch (status) {
        case Status::Ok:
            return "Ok";
        case Status::Malformed:
            return "Malformed";
        case Status::TooDeep:
            return "TooDeep";
    }
    return "?";
}

std::string typeName(Type type) {
    switch (type) {
        case Type::Object:
            return "object";
        case Type::Array:
            return "array";
        case Type::String:
            return "string";
        case Type::Number:
            return "number";
        case Type::True:
            return "true";
        case Type::False:
            return "false";
        case Type::Null:
            return "null";
    }
    return "?";
}

// One token as "type raw next" (+ " escaped"), for whole-vector comparisons.
std::vector<std::string> describe(const JsonScan& scan) {
    std::vector<std::string> tokens;
    for (std::uint32_t i = 0; i < scan.size(); ++i) {
        const JsonScan::Token& token = scan[i];
        std::string line = typeName(token.type) + " " + std::string(scan.raw(token)) + " " +
                           std::to_string(token.next);
        if (token.escaped) {
            line += " escaped";
        }
        tokens.push_back(line);
    }
    return tokens;
}

TEST(JsonScan, TokenizesMembersElementsAndScalarsWithTheirSubtreeEnds) {
    JsonScan scan;
    const std::string text =
        R"( {"a" : [1, -2.5e3, "x\ny", true, false, null], "b":{}, "c":"\u00e9", "d":[]} )";
    ASSERT_EQ(statusName(scan.scan(text)), "Ok");
    const std::vector<std::string> expected{
        R"(object {"a" : [1, -2.5e3, "x\ny", true, false, null], "b":{}, "c":"\u00e9", "d":[]} 15)",
        "string a 2",
        R"(array [1, -2.5e3, "x\ny", true, false, null] 9)",
        "number 1 4",
        "number -2.5e3 5",
        R"(string x\ny 6 escaped)",
        "true true 7",
        "false false 8",
        "null null 9",
        "string b 10",
        "object {} 11",
        "string c 12",
        R"(string \u00e9 13 escaped)",
        "string d 14",
        "array [] 15",
    };
    EXPECT_EQ(describe(scan), expected);
}

TEST(JsonScan, ScalarRootsAreOneToken) {
    JsonScan scan;
    ASSERT_EQ(statusName(scan.scan(" 42 ")), "Ok");
    EXPECT_EQ(describe(scan), std::vector<std::string>{"number 42 1"});
    ASSERT_EQ(statusName(scan.scan(R"("")")), "Ok");
    EXPECT_EQ(describe(scan), std::vector<std::string>{"string  1"});
}

TEST(JsonScan, MemberFindsTheValueAndReportsDuplicatesAndEscapedKeys) {
    JsonScan scan;
    ASSERT_EQ(statusName(scan.scan(R"({"a":1,"b":{"a":2},"c":[3]})")), "Ok");
    const JsonScan::Lookup a = scan.member(JsonScan::kRoot, "a");
    EXPECT_EQ(scan.raw(scan[a.value]), "1");
    EXPECT_FALSE(a.ambiguous);
    // Only the object's own members: "a" inside "b" is another object's.
    const JsonScan::Lookup c = scan.member(JsonScan::kRoot, "c");
    EXPECT_EQ(scan.raw(scan[c.value]), "[3]");
    const JsonScan::Lookup inner = scan.member(scan.member(JsonScan::kRoot, "b").value, "a");
    EXPECT_EQ(scan.raw(scan[inner.value]), "2");
    EXPECT_EQ(scan.member(JsonScan::kRoot, "z").value, JsonScan::kNone);
    EXPECT_EQ(scan.member(JsonScan::kRoot, "").value, JsonScan::kNone);
    // Not an object: nothing to find.
    EXPECT_EQ(scan.member(c.value, "a").value, JsonScan::kNone);

    ASSERT_EQ(statusName(scan.scan(R"({"a":1,"b":2,"a":3})")), "Ok");
    const JsonScan::Lookup twice = scan.member(JsonScan::kRoot, "a");
    EXPECT_TRUE(twice.ambiguous);
    EXPECT_FALSE(scan.member(JsonScan::kRoot, "b").ambiguous);

    // "\u0061" is "a" once decoded; the raw text cannot tell, so every lookup is ambiguous.
    ASSERT_EQ(statusName(scan.scan(R"({"\u0061":1,"b":2})")), "Ok");
    EXPECT_TRUE(scan.member(JsonScan::kRoot, "a").ambiguous);
    EXPECT_EQ(scan.member(JsonScan::kRoot, "a").value, JsonScan::kNone);
    EXPECT_TRUE(scan.member(JsonScan::kRoot, "b").ambiguous);
}

TEST(JsonScan, ElementsIterateOverTheArrayOnlyAndSkipNestedValues) {
    JsonScan scan;
    ASSERT_EQ(statusName(scan.scan(R"([[1,[2]],{"k":[3]},"s",[]])")), "Ok");
    std::vector<std::string> elements;
    for (const std::uint32_t element : scan.elements(JsonScan::kRoot)) {
        elements.emplace_back(scan.raw(scan[element]));
    }
    EXPECT_EQ(elements, (std::vector<std::string>{"[1,[2]]", R"({"k":[3]})", "s", "[]"}));
    const std::uint32_t empty = scan[scan[scan[1].next].next].next;
    EXPECT_EQ(scan.raw(scan[empty]), "[]");
    EXPECT_FALSE(scan.elements(empty).begin() != scan.elements(empty).end());
}

std::optional<std::int64_t> integerOf(std::string_view text) {
    JsonScan scan;
    EXPECT_EQ(statusName(scan.scan(text)), "Ok") << text;
    return scan.integer(scan[JsonScan::kRoot]);
}

TEST(JsonScan, IntegerReadsWholeInt64NumbersExactly) {
    EXPECT_EQ(integerOf("1791565603050"), 1791565603050);
    EXPECT_EQ(integerOf("0"), 0);
    EXPECT_EQ(integerOf("-0"), 0);
    EXPECT_EQ(integerOf("-17"), -17);
    EXPECT_EQ(integerOf("9223372036854775807"), std::numeric_limits<std::int64_t>::max());
    EXPECT_EQ(integerOf("-9223372036854775808"), std::numeric_limits<std::int64_t>::min());
    EXPECT_EQ(integerOf("9223372036854775808"), std::nullopt);
    EXPECT_EQ(integerOf("99999999999999999999"), std::nullopt);
    EXPECT_EQ(integerOf("1.0"), std::nullopt);
    EXPECT_EQ(integerOf("1e3"), std::nullopt);
    EXPECT_EQ(integerOf(R"("12")"), std::nullopt);
    EXPECT_EQ(integerOf("true"), std::nullopt);
}

std::optional<double> decimalOf(std::string_view text) {
    JsonScan scan;
    EXPECT_EQ(statusName(scan.scan(text)), "Ok") << text;
    return scan.decimal(scan[JsonScan::kRoot]);
}

TEST(JsonScan, DecimalReadsStringDecimalsWithoutEscapes) {
    EXPECT_EQ(decimalOf(R"("82651.90")"), 82651.90);
    EXPECT_EQ(decimalOf(R"("-0.5")"), -0.5);
    EXPECT_EQ(decimalOf(R"("1e-3")"), 0.001);
    EXPECT_EQ(decimalOf(R"("")"), std::nullopt);
    EXPECT_EQ(decimalOf(R"("1e999")"), std::nullopt);
    EXPECT_EQ(decimalOf(R"("+1")"), std::nullopt);
    EXPECT_EQ(decimalOf(R"(" 1")"), std::nullopt);
    EXPECT_EQ(decimalOf(R"("NaN")"), std::nullopt);
    // "\u0031" is "1" decoded: not read from the raw text, the DOM path decides.
    EXPECT_EQ(decimalOf(R"("\u0031")"), std::nullopt);
    EXPECT_EQ(decimalOf("1.5"), std::nullopt);  // a JSON number is not a "str-dec"
}

TEST(JsonScan, TextIsTheRawStringOnlyWithoutEscapes) {
    JsonScan scan;
    ASSERT_EQ(statusName(scan.scan(R"(["BTCUSDT","a\"b","",7])")), "Ok");
    EXPECT_EQ(scan.text(scan[1]), "BTCUSDT");
    EXPECT_EQ(scan.text(scan[2]), std::nullopt);
    EXPECT_EQ(scan.text(scan[3]), "");
    EXPECT_EQ(scan.text(scan[4]), std::nullopt);
}

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(JsonScan, RefusesMoreThanSixtyFourNestedContainersThatNlohmannWouldAccept) {
    JsonScan scan;
    EXPECT_EQ(statusName(scan.scan(nested(JsonScan::kMaxDepth))), "Ok");
    EXPECT_EQ(scan.size(), JsonScan::kMaxDepth);
    EXPECT_EQ(statusName(scan.scan(nested(JsonScan::kMaxDepth + 1))), "TooDeep");
    EXPECT_TRUE(nlohmannAccepts(nested(JsonScan::kMaxDepth + 1)));
    std::string objects = std::string(40, '[');
    for (int i = 0; i < 25; ++i) {
        objects += R"({"k":)";
    }
    objects += '1';
    objects.append(25, '}');
    objects.append(40, ']');
    EXPECT_EQ(statusName(scan.scan(objects)), "TooDeep");
    EXPECT_TRUE(nlohmannAccepts(objects));
    EXPECT_EQ(statusName(scan.scan(nested(10000))), "TooDeep");
}

TEST(JsonScan, KeepsItsTokenStorageAcrossFrames) {
    JsonScan scan;
    ASSERT_EQ(statusName(scan.scan(R"({"a":[1,2,3,4,5,6,7,8],"b":"c"})")), "Ok");
    const JsonScan::Token* storage = &scan[0];
    for (const std::string_view frame : {R"({"x":1})", "[]", R"([1,2,3,4,5,6,7,8,9,10,11,12])"}) {
        ASSERT_EQ(statusName(scan.scan(frame)), "Ok");
        EXPECT_EQ(&scan[0], storage) << frame;
    }
}

// ---------------------------------------------------------------------------------------------
// Hand-written cases, each with the verdict nlohmann gives (checked too).

struct Case {
    std::string text;
    bool valid;
};

std::vector<Case> handWrittenCases() {
    const std::string zeros308(308, '0');
    return {
        // Literals and structure.
        {"", false},
        {" \t\r\n", false},
        {"null", true},
        {"nul", false},
        {"nulll", false},
        {"True", false},
        {"true false", false},
        {"{}", true},
        {"[]", true},
        {" \t\r\n[ ]\r\n", true},
        {"\f[]", false},
        {"\v[]", false},
        {"{,}", false},
        {"[,]", false},
        {"[1,]", false},
        {"[1,,2]", false},
        {"[1 2]", false},
        {R"({"a":1,})", false},
        {R"({"a"})", false},
        {R"({"a" 1})", false},
        {R"({"a":})", false},
        {R"({"a"::1})", false},
        {"{1:2}", false},
        {"{a:2}", false},
        {"{'a':2}", false},
        {R"({"a":1 "b":2})", false},
        {R"({"a":1,"a":2})", true},
        {R"(["a""b"])", false},
        {"]", false},
        {"[", false},
        {"[}", false},
        {"{]", false},
        {"{}}", false},
        {"{} {}", false},
        {"[1]x", false},
        // nlohmann ends the input at a NUL byte between tokens, and reads no further.
        {std::string("{}\0", 3), true},
        {std::string("{} \0 x", 6), true},
        {std::string("1\0]", 3), true},
        {std::string("\0", 1), false},
        {std::string(" \0{}", 4), false},
        {std::string("[\0]", 3), false},
        {std::string("{\"a\":1\0}", 9), false},
        {std::string("tr\0ue", 5), false},
        {std::string("1.\0", 3), false},
        {"/*c*/{}", false},
        {"{}//", false},
        {"[\xc3\xa9]", false},
        // Numbers.
        {"0", true},
        {"-0", true},
        {"-0.0e-0", true},
        {"01", false},
        {"-01", false},
        {"00", false},
        {"1.", false},
        {".5", false},
        {"1.e5", false},
        {"1e", false},
        {"1e+", false},
        {"1E-2", true},
        {"+1", false},
        {"-", false},
        {"--1", false},
        {"0x10", false},
        {"NaN", false},
        {"Infinity", false},
        {"-Infinity", false},
        {"1e308", true},
        {"1e309", false},
        {"-1e309", false},
        {"1e-400", true},
        {"-1e-400", true},
        {"0e99999", true},
        {"0.0e99999999999999999999", true},
        {"1e99999999999999999999", false},
        {"1e-99999999999999999999", true},
        {"1.7976931348623157e308", true},
        {"1.7976931348623159e308", false},
        {"0.00000000000000000000000000000000000001e346", true},
        {"0.00000000000000000000000000000000000001e347", false},
        {"1" + zeros308, true},
        {"2" + zeros308, false},
        {"-2" + zeros308 + ".5", false},
        {"0." + zeros308 + zeros308 + "1", true},
        {"[1e400]", false},
        {R"({"T":1e400})", false},
        {"99999999999999999999", true},
        {"-99999999999999999999", true},
        // Strings: escapes.
        {R"("abc")", true},
        {R"("\"\\\/\b\f\n\r\t")", true},
        {R"("\u0041\u00e9\uFFFF")", true},
        {R"("\u0000")", true},
        {R"("\u00")", false},
        {R"("\u00g0")", false},
        {R"("\U0041")", false},
        {R"("\x41")", false},
        {R"("\'")", false},
        {R"("\a")", false},
        {R"("\")", false},
        {R"("\\")", true},
        {R"("\uD800")", false},
        {R"("\uDBFF\uDFFF")", true},
        {R"("\uD800\uDC00")", true},
        {R"("\uDC00")", false},
        {R"("\uDC00\uD800")", false},
        {R"("\uD800\u0041")", false},
        {R"("\uD800\uD800")", false},
        {R"("\uD800x")", false},
        {R"("\uD800\n")", false},
        {R"("\uD800\u")", false},
        {R"("abc)", false},
        {R"(")", false},
        // Strings: raw bytes.
        {std::string("\"a\tb\""), false},
        {std::string("\"a\nb\""), false},
        {std::string("\"\x1f\""), false},
        {std::string("\"\0\"", 3), false},
        {"\"\x7f\"", true},
        {"\"\xc3\xa9\"", true},
        {"\"\xc3\"", false},
        {"\"\xc3", false},
        {"\"\xc3\x28\"", false},
        {"\"\xc0\x80\"", false},
        {"\"\xc1\xbf\"", false},
        {"\"\xc2\x80\"", true},
        {"\"\xdf\xbf\"", true},
        {"\"\xe0\x80\x80\"", false},
        {"\"\xe0\xa0\x80\"", true},
        {"\"\xed\x9f\xbf\"", true},
        {"\"\xed\xa0\x80\"", false},
        {"\"\xef\xbf\xbf\"", true},
        {"\"\xef\xbf\"", false},
        {"\"\xf0\x8f\xbf\xbf\"", false},
        {"\"\xf0\x90\x80\x80\"", true},
        {"\"\xf0\x9f\x98\x80\"", true},
        {"\"\xf4\x8f\xbf\xbf\"", true},
        {"\"\xf4\x90\x80\x80\"", false},
        {"\"\xf5\x80\x80\x80\"", false},
        {"\"\xf8\x88\x80\x80\x80\"", false},
        {"\"\xff\"", false},
        {"\"\x80\"", false},
        {"\"\xbf\"", false},
        {"\"\xe2\x82\xac and some more text after eight bytes\"", true},
        {"\"eight by\xe2\x82\"", false},
        // Byte order mark.
        {"\xEF\xBB\xBF{}", true},
        {"\xEF\xBB\xBF 1", true},
        {"\xEF\xBB\xBF", false},
        {"\xEF\xBB{}", false},
        {" \xEF\xBB\xBF{}", false},
        {"\xEF\xBB\xBF\xEF\xBB\xBF{}", false},
    };
}

TEST(JsonScan, HandWrittenCasesGetNlohmannsVerdict) {
    JsonScan scan;
    for (const Case& c : handWrittenCases()) {
        SCOPED_TRACE(testing::PrintToString(c.text));
        EXPECT_EQ(nlohmannAccepts(c.text), c.valid);
        EXPECT_EQ(statusName(scan.scan(c.text)), c.valid ? "Ok" : "Malformed");
    }
}

// ---------------------------------------------------------------------------------------------
// Differential: the verdict equals nlohmann's on a large corpus.

// Every .json file under `root` whole, and every line of every .json and .jsonl file.
void addFiles(const std::string& root, bool fixture, std::vector<std::string>& corpus) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        const std::string extension = entry.path().extension().string();
        if (!entry.is_regular_file() || (extension != ".json" && extension != ".jsonl")) {
            continue;
        }
        const std::string path = entry.path().string();
        const std::string relative = path.substr(root.size() + 1);
        // A .jsonl file as a whole is several values: its lines are the texts to check.
        if (extension == ".json") {
            corpus.push_back(fixture ? test::readFixture(relative) : test::readTestData(relative));
        }
        const auto lines =
            fixture ? test::readFixtureLines(relative) : test::readTestDataLines(relative);
        corpus.insert(corpus.end(), lines.begin(), lines.end());
    }
}

std::vector<std::string> fileCorpus() {
    std::vector<std::string> corpus;
    addFiles(LIQMAP_EXCHANGE_FIXTURES_DIR, /*fixture=*/true, corpus);
    addFiles(LIQMAP_TEST_DATA_DIR, /*fixture=*/false, corpus);
    return corpus;
}

void expectSameVerdict(JsonScan& scan, std::string_view text, std::size_t& accepted,
                       std::size_t& checked) {
    const bool nlohmann = nlohmannAccepts(text);
    const Status status = scan.scan(text);
    ++checked;
    accepted += nlohmann ? 1 : 0;
    if ((status == Status::Ok) != nlohmann || status == Status::TooDeep) {
        ADD_FAILURE() << "nlohmann " << (nlohmann ? "accepts" : "refuses") << ", JsonScan says "
                      << statusName(status) << ": " << testing::PrintToString(std::string(text));
    }
}

TEST(JsonScan, AcceptsExactlyWhatNlohmannAcceptsOnEveryFileLineAndPrefix) {
    const std::vector<std::string> corpus = fileCorpus();
    ASSERT_GT(corpus.size(), 1000u);
    JsonScan scan;
    std::size_t accepted = 0;
    std::size_t checked = 0;
    // Every prefix length in the release suite. A sanitizer build (20-30x slower here: 156 s
    // on 2 cores) takes every 7th length plus the whole text: still every kind of cut, as 7 is
    // prime to the tokens' lengths, and the memory checks see each code path.
    const std::size_t step = test::kSanitizedBuild ? 7 : 1;
    for (const std::string& text : corpus) {
        for (std::size_t length = 0; length <= text.size(); length += step) {
            expectSameVerdict(scan, std::string_view(text).substr(0, length), accepted, checked);
        }
        if (text.size() % step != 0) {
            expectSameVerdict(scan, text, accepted, checked);
        }
    }
    // Every whole line of a .jsonl file and every whole file is valid; most prefixes are not
    // (a bare number's prefixes are). The first count holds for every prefix length only: the
    // sampled lengths of a sanitizer build skip most of the accepted ones.
    if (!test::kSanitizedBuild) {
        EXPECT_GT(accepted, corpus.size() / 2);
    }
    EXPECT_GT(accepted, 0u);
    EXPECT_LT(accepted, checked / 10);
}

TEST(JsonScan, AcceptsExactlyWhatNlohmannAcceptsAfterByteSubstitutions) {
    // Short texts of every shape, each byte replaced by bytes that matter to a tokenizer.
    const std::vector<std::string> bases{
        R"({"e":"aggTrade","p":"82651.90","T":1791565603050,"m":true,"x":null,"a":[1,-2.5e3]})",
        R"(["\u00e9\uD83D\uDE00\n",{"k":{}},false,-0,0.5E+2])",
        "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"",
    };
    const std::string replacements =
        std::string("\"\\{}[],:0-+.eEu \t\x01\x7f\x80\xbf\xc3\xff\0", 24);
    JsonScan scan;
    std::size_t accepted = 0;
    std::size_t checked = 0;
    for (const std::string& base : bases) {
        for (std::size_t at = 0; at < base.size(); ++at) {
            for (const char byte : replacements) {
                std::string text = base;
                text[at] = byte;
                expectSameVerdict(scan, text, accepted, checked);
                text.insert(at, 1, byte);
                expectSameVerdict(scan, text, accepted, checked);
            }
            std::string removed = base;
            removed.erase(at, 1);
            expectSameVerdict(scan, removed, accepted, checked);
        }
    }
    EXPECT_GT(accepted, 100u);
}

TEST(JsonScan, AcceptsExactlyWhatNlohmannAcceptsOnRandomTokenSoup) {
    // Random sequences of JSON fragments: mostly invalid, valid often enough to matter.
    const std::vector<std::string> fragments{
        "{",    "}",     "[",           "]",         ",",
        ":",    "\"k\"", "\"\\u00e9\"", "1",         "-0",
        "0",    "1.5e3", "1e999",       " ",         "true",
        "null", "\"",    "\\",          "\"\\uD800", "\xc3",
        "\xa9", "\"a\"", "01",          "\n",        std::string(1, '\0'),
    };
    std::mt19937 random(20261127);
    std::uniform_int_distribution<std::size_t> pick(0, fragments.size() - 1);
    std::uniform_int_distribution<std::size_t> length(1, 12);
    JsonScan scan;
    std::size_t accepted = 0;
    std::size_t checked = 0;
    for (int i = 0; i < 200000; ++i) {
        std::string text;
        for (std::size_t n = length(random); n > 0; --n) {
            text += fragments[pick(random)];
        }
        expectSameVerdict(scan, text, accepted, checked);
    }
    EXPECT_GT(accepted, 1000u);
}

}  // namespace
}  // namespace liqmap::exchange::detail
