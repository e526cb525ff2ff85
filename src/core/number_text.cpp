#include "liqmap/core/number_text.h"

#include <array>     // std::array
#include <charconv>  // std::to_chars, std::from_chars
#include <cmath>     // std::isfinite, std::abs, std::round, std::pow
#include <cstdio>    // std::snprintf
#include <system_error>

namespace liqmap::core {

void appendNumber(std::string& out, double value) {
    if (!std::isfinite(value)) {
        out += "null";
        return;
    }
    // Plain notation across the magnitudes prices and notionals take ("100000", not "1e+05",
    // which the bare shortest form would pick); scientific only for the extremes. Both forms
    // are the shortest text that reads back exactly.
    const double magnitude = std::abs(value);
    const bool plain = magnitude == 0 || (magnitude >= 1e-5 && magnitude < 1e15);
    // Enough for 15 integer digits, or 5 leading zeros, plus 17 significant digits.
    std::array<char, 64> buffer{};
    char* const end = buffer.data() + buffer.size();
    const auto result = plain ? std::to_chars(buffer.data(), end, value, std::chars_format::fixed)
                              : std::to_chars(buffer.data(), end, value);
    out.append(buffer.data(), result.ptr);
}

std::string formatNumber(double value) {
    if (std::isnan(value)) {
        return "nan";
    }
    if (std::isinf(value)) {
        return value > 0 ? "inf" : "-inf";
    }
    std::string text;
    appendNumber(text, value);
    return text;
}

void appendInteger(std::string& out, std::int64_t value) {
    std::array<char, 24> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    out.append(buffer.data(), result.ptr);
}

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

// from_chars alone would also take "inf", "nan" and hex-looking input, hence the grammar check.
bool isJsonNumber(std::string_view text) {
    std::size_t i = 0;
    const std::size_t n = text.size();
    if (i < n && text[i] == '-') {
        ++i;
    }
    if (i >= n) {
        return false;
    }
    if (text[i] == '0') {
        ++i;
    } else if (isDigit(text[i])) {
        while (i < n && isDigit(text[i])) {
            ++i;
        }
    } else {
        return false;
    }
    if (i < n && text[i] == '.') {
        ++i;
        if (i >= n || !isDigit(text[i])) {
            return false;
        }
        while (i < n && isDigit(text[i])) {
            ++i;
        }
    }
    if (i < n && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < n && (text[i] == '+' || text[i] == '-')) {
            ++i;
        }
        if (i >= n || !isDigit(text[i])) {
            return false;
        }
        while (i < n && isDigit(text[i])) {
            ++i;
        }
    }
    return i == n;
}

std::optional<double> parseDecimal(std::string_view text) {
    if (!isJsonNumber(text)) {
        return std::nullopt;
    }
    double value = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (result.ec != std::errc{} || result.ptr != text.data() + text.size() ||
        !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

std::optional<std::int64_t> parseInteger(std::string_view text) {
    if (text.empty() || text.front() == '+') {
        return std::nullopt;
    }
    std::int64_t value = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (result.ec != std::errc{} || result.ptr != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

std::string formatCompactNotional(double value) {
    struct Unit {
        double scale;
        const char* suffix;
    };
    static constexpr std::array<Unit, 5> kUnits{
        {{1, ""}, {1e3, "K"}, {1e6, "M"}, {1e9, "B"}, {1e12, "T"}}};
    std::size_t unit = 0;
    while (unit + 1 < kUnits.size() && std::abs(value) >= kUnits[unit + 1].scale) {
        ++unit;
    }
    std::array<char, 32> buffer{};
    for (; unit < kUnits.size(); ++unit) {
        const double scaled = value / kUnits[unit].scale;
        // Three significant digits, counted after rounding (9.996K is "10.0K", not "10.00K").
        int decimals = unit == 0 ? 0 : 2;
        while (true) {
            const double shown =
                std::abs(std::round(scaled * std::pow(10.0, decimals))) / std::pow(10.0, decimals);
            if (decimals > 0 && shown >= std::pow(10.0, 3 - decimals)) {
                --decimals;
                continue;
            }
            if (shown >= 1000 && unit + 1 < kUnits.size()) {
                decimals = -1;  // rolls over into the next unit
            }
            break;
        }
        if (decimals >= 0) {
            std::snprintf(buffer.data(), buffer.size(), "%.*f%s", decimals, scaled,
                          kUnits[unit].suffix);
            return buffer.data();
        }
    }
    return buffer.data();
}

}  // namespace liqmap::core
