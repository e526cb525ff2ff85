#pragma once

#include <cstdint>      // std::int64_t
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view

namespace liqmap::core {

/// Appends the shortest decimal text that reads back as exactly `value` ("90.36144578313253",
/// "1e-05"); "null" for NaN or infinity, which JSON and CSV cannot carry.
void appendNumber(std::string& out, double value);
std::string formatNumber(double value);
void appendInteger(std::string& out, std::int64_t value);

/// Whether `text` is exactly one number in JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
bool isJsonNumber(std::string_view text);

/// Reads a whole string as a decimal number in JSON's grammar (no "+", "inf", "nan", hex or
/// spaces); nullopt for anything else, including values beyond double's range.
std::optional<double> parseDecimal(std::string_view text);
/// Reads a whole string as a base-10 integer (optional leading '-'); nullopt otherwise.
std::optional<std::int64_t> parseInteger(std::string_view text);

}  // namespace liqmap::core
