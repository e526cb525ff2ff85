#pragma once

#include <gtest/gtest.h>

#include <string>  // std::string
#include <vector>  // std::vector

namespace liqmap::test {

/// A liqmap-cli command line that is bad usage, and the one line it must print on stderr.
struct UsageCase {
    std::vector<std::string> args;
    std::string message;
};

/// One parameterised test (in cli_test.cpp) runs every case: exit code 2, nothing on stdout,
/// exactly the message on stderr. Other files add cases with
/// INSTANTIATE_TEST_SUITE_P(Name, liqmap::test::CliUsageError, testing::Values(UsageCase{…}));
class CliUsageError : public testing::TestWithParam<UsageCase> {};

}  // namespace liqmap::test
