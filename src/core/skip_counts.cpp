#include "liqmap/core/skip_counts.h"

#include "liqmap/core/number_text.h"

namespace liqmap::core {

std::string_view toString(SkipReason reason) {
    switch (reason) {
        case SkipReason::MalformedJson:
            return "malformed_json";
        case SkipReason::UnknownType:
            return "unknown_type";
        case SkipReason::MissingField:
            return "missing_field";
        case SkipReason::WrongType:
            return "wrong_type";
        case SkipReason::InvalidValue:
            return "invalid_value";
        case SkipReason::OutOfRange:
            return "out_of_range";
        case SkipReason::DuplicateField:
            return "duplicate_field";
        case SkipReason::InconsistentCandle:
            return "inconsistent_candle";
        case SkipReason::ImplausiblePriceJump:
            return "implausible_price_jump";
        case SkipReason::OutOfOrder:
            return "out_of_order";
        case SkipReason::NoPriceForOpening:
            return "no_price_for_opening";
        case SkipReason::OtherInstrument:
            return "other_instrument";
        case SkipReason::UnknownInstrument:
            return "unknown_instrument";
    }
    return "unknown";
}

std::uint64_t SkipCounts::total() const {
    std::uint64_t sum = 0;
    for (const std::uint64_t count : m_counts) {
        sum += count;
    }
    return sum;
}

void SkipCounts::merge(const SkipCounts& other) {
    for (std::size_t i = 0; i < kSkipReasonCount; ++i) {
        m_counts[i] += other.m_counts[i];
    }
}

std::string SkipCounts::summary() const {
    std::string text;
    for (std::size_t i = 0; i < kSkipReasonCount; ++i) {
        if (m_counts[i] == 0) {
            continue;
        }
        if (!text.empty()) {
            text += ", ";
        }
        appendInteger(text, static_cast<std::int64_t>(m_counts[i]));
        text += ' ';
        text += toString(static_cast<SkipReason>(i));
    }
    return text;
}

}  // namespace liqmap::core
