#pragma once

#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

namespace liqmap::test {

/// The whole file `relative` under ../shared/exchanges/fixtures (third-party captures, read in
/// place). Throws std::runtime_error naming the path when it cannot be read, so a missing
/// fixture fails the test loudly instead of skipping it.
std::string readFixture(std::string_view relative);
/// The non-empty lines of a .jsonl fixture, in order.
std::vector<std::string> readFixtureLines(std::string_view relative);
/// The same for a file under tests/data (frames we wrote ourselves).
std::string readTestData(std::string_view relative);
std::vector<std::string> readTestDataLines(std::string_view relative);

}  // namespace liqmap::test
