#include "liqmap/core/line_reader.h"

#include <gtest/gtest.h>

#include <string>  // std::string
#include <vector>  // std::vector

namespace liqmap::core {
namespace {

struct Seen {
    std::string text;
    std::size_t number;
    bool unterminated;
    friend bool operator==(const Seen&, const Seen&) = default;
};

std::vector<Seen> linesOf(std::string_view text) {
    std::vector<Seen> seen;
    LineReader reader(text);
    for (std::string_view line; reader.next(line);) {
        seen.push_back({std::string(line), reader.number(), reader.unterminated()});
    }
    return seen;
}

TEST(LineReader, SplitsOnNewlinesAndDropsACarriageReturn) {
    EXPECT_EQ(linesOf("a\r\n\nbc\n"),
              (std::vector<Seen>{{"a", 1, false}, {"", 2, false}, {"bc", 3, false}}));
}

TEST(LineReader, ALastLineWithoutNewlineIsReturnedAndMarked) {
    EXPECT_EQ(linesOf("a\n{\"cut"), (std::vector<Seen>{{"a", 1, false}, {"{\"cut", 2, true}}));
}

TEST(LineReader, NothingInNothingOut) {
    EXPECT_TRUE(linesOf("").empty());
    EXPECT_EQ(linesOf("\n"), (std::vector<Seen>{{"", 1, false}}));
}

}  // namespace
}  // namespace liqmap::core
