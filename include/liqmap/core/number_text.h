#pragma once

#include <cstdint>      // std::int64_t
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view

namespace liqmap::core {

/// Appends the shortest decimal text that reads back as exactly `value`: plain notation from 1e-5
/// to below 1e15 ("90.36144578313253", "100000", "0.00001"), scientific beyond ("1e+15",
/// "5e-324"); "null" for NaN or infinity, which JSON and CSV cannot carry.
void appendNumber(std::string& out, double value);
/// The same text for messages to people: "nan", "inf" and "-inf" spelled out.
std::string formatNumber(double value);
void appendInteger(std::string& out, std::int64_t value);

/// Whether `text` is exactly one number in JSON's grammar:
/// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
bool isJsonNumber(std::string_view text);

/// Reads a whole string as a decimal number in JSON's grammar (no "+", "inf", "nan", hex or
/// spaces); nullopt for anything else, including values beyond double's range.
std::optional<double> parseDecimal(std::string_view text);
/// Reads a whole string as a base-10 integer (optional leading '-'); nullopt otherwise.
std::optional<std::int64_t> parseInteger(std::string_view text);

/// Notional the way traders read it, three significant digits: 950 → "950", 1234 → "1.23K",
/// 12345678 → "12.3M", 4.5e9 → "4.50B"; at most five characters below 1e15.
std::string formatCompactNotional(double value);

}  // namespace liqmap::core
