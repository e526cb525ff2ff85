#include "support/fixture_file.h"

#include <fstream>    // std::ifstream
#include <sstream>    // std::ostringstream
#include <stdexcept>  // std::runtime_error

#include "liqmap/core/line_reader.h"

namespace liqmap::test {

namespace {

std::string readWhole(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        throw std::runtime_error("cannot read test input " + path);
    }
    std::ostringstream content;
    content << file.rdbuf();
    return content.str();
}

std::vector<std::string> nonEmptyLines(const std::string& text) {
    std::vector<std::string> lines;
    core::LineReader reader(text);
    for (std::string_view line; reader.next(line);) {
        if (!line.empty()) {
            lines.emplace_back(line);
        }
    }
    return lines;
}

// Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict), falsely, about an operator+ chain
// that starts from a string literal, and fails the -Werror build.
std::string pathIn(std::string_view directory, std::string_view relative) {
    std::string path(directory);
    path += '/';
    path += relative;
    return path;
}

}  // namespace

std::string readFixture(std::string_view relative) {
    return readWhole(pathIn(LIQMAP_EXCHANGE_FIXTURES_DIR, relative));
}

std::vector<std::string> readFixtureLines(std::string_view relative) {
    return nonEmptyLines(readFixture(relative));
}

std::string readTestData(std::string_view relative) {
    return readWhole(pathIn(LIQMAP_TEST_DATA_DIR, relative));
}

std::vector<std::string> readTestDataLines(std::string_view relative) {
    return nonEmptyLines(readTestData(relative));
}

}  // namespace liqmap::test
