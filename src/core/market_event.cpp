#include "liqmap/core/market_event.h"

#include <array>    // std::array
#include <cstddef>  // std::size_t
#include <string>   // std::string

#include "liqmap/core/number_text.h"

namespace liqmap::core {

TimestampMs timestampOf(const MarketEvent& event) {
    return std::visit([](const auto& e) { return e.ts; }, event);
}

std::string_view toString(Side side) { return side == Side::Long ? "long" : "short"; }

std::string_view toString(Aggressor aggressor) {
    return aggressor == Aggressor::Buy ? "buy" : "sell";
}

std::string_view toString(PriceKind kind) {
    switch (kind) {
        case PriceKind::Average:
            return "average";
        case PriceKind::Bankruptcy:
            return "bankruptcy";
        case PriceKind::Order:
            return "order";
    }
    return "average";
}

std::optional<Side> parseSide(std::string_view text) {
    if (text == "long") {
        return Side::Long;
    }
    if (text == "short") {
        return Side::Short;
    }
    return std::nullopt;
}

std::optional<Aggressor> parseAggressor(std::string_view text) {
    if (text == "buy") {
        return Aggressor::Buy;
    }
    if (text == "sell") {
        return Aggressor::Sell;
    }
    return std::nullopt;
}

std::optional<PriceKind> parsePriceKind(std::string_view text) {
    if (text == "average") {
        return PriceKind::Average;
    }
    if (text == "bankruptcy") {
        return PriceKind::Bankruptcy;
    }
    if (text == "order") {
        return PriceKind::Order;
    }
    return std::nullopt;
}

namespace {

struct IntervalUnit {
    char suffix;
    TimestampMs ms;
};

// Largest first, so formatInterval picks the shortest spelling.
constexpr std::array<IntervalUnit, 5> kIntervalUnits{{
    {'w', 7 * kDayMs},
    {'d', kDayMs},
    {'h', kHourMs},
    {'m', kMinuteMs},
    {'s', 1000},
}};

// One year of the smallest unit is far beyond any candle; it also keeps the product in range.
constexpr std::int64_t kMaxIntervalCount = std::int64_t{366} * 24 * 3600;

}  // namespace

std::optional<TimestampMs> parseInterval(std::string_view text) {
    // "<n>ms" is what formatInterval writes for a length in no whole unit; it must read back.
    TimestampMs unitMs = 0;
    std::size_t suffixLength = 1;
    if (text.ends_with("ms")) {
        unitMs = 1;
        suffixLength = 2;
    } else if (!text.empty()) {
        for (const IntervalUnit& unit : kIntervalUnits) {
            if (unit.suffix == text.back()) {
                unitMs = unit.ms;
            }
        }
    }
    if (unitMs == 0 || text.size() <= suffixLength) {
        return std::nullopt;
    }
    const auto count = parseInteger(text.substr(0, text.size() - suffixLength));
    if (!count || *count <= 0 || *count > kMaxIntervalCount) {
        return std::nullopt;
    }
    return *count * unitMs;
}

std::string formatInterval(TimestampMs intervalMs) {
    std::string text;
    for (const IntervalUnit& unit : kIntervalUnits) {
        if (intervalMs > 0 && intervalMs % unit.ms == 0) {
            appendInteger(text, intervalMs / unit.ms);
            text += unit.suffix;
            return text;
        }
    }
    appendInteger(text, intervalMs);
    text += "ms";
    return text;
}

}  // namespace liqmap::core
