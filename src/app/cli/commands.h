#pragma once

#include <span>         // std::span
#include <string_view>  // std::string_view

namespace liqmap::cli {

/// Each command takes the arguments after its name and returns the process exit code; bad usage
/// is thrown as UsageError or core::ConfigError and reported by main with exit code 2.
int runEval(std::span<const std::string_view> args);
int runLiqprice(std::span<const std::string_view> args);
int runMap(std::span<const std::string_view> args);
int runParse(std::span<const std::string_view> args);
int runRecord(std::span<const std::string_view> args);
int runServeDemo(std::span<const std::string_view> args);

}  // namespace liqmap::cli
