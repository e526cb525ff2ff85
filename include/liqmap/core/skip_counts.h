#pragma once

#include <array>        // std::array
#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint64_t, std::uint8_t
#include <string>       // std::string
#include <string_view>  // std::string_view

namespace liqmap::core {

/// Why an input line or event was not used. Stable identifiers: tests and logs rely on them.
enum class SkipReason : std::uint8_t {
    MalformedJson,         ///< not a JSON object
    UnknownType,           ///< "type" names no event we know
    MissingField,          ///< a required field is absent or null
    WrongType,             ///< a field has the wrong JSON type
    InvalidValue,          ///< a number that is not usable: ≤ 0 where it must be positive, …
    OutOfRange,            ///< a number beyond any real market's scale
    DuplicateField,        ///< the same key twice: which one is meant is unknowable
    InconsistentCandle,    ///< low above open/close or high below them
    ImplausiblePriceJump,  ///< a price too far from the last accepted one
    OutOfOrder,            ///< open interest older than the previous one
    NoPriceForOpening,     ///< open interest grew before any price was seen
    OtherInstrument,       ///< an event for a different exchange or symbol than the map's
    UnknownInstrument,     ///< sizes in contracts of a symbol whose contract value is not known
};

inline constexpr std::size_t kSkipReasonCount = 13;
static_assert(static_cast<std::size_t>(SkipReason::UnknownInstrument) + 1 == kSkipReasonCount,
              "kSkipReasonCount must cover every SkipReason");

/// Stable snake_case name, e.g. "malformed_json".
std::string_view toString(SkipReason reason);

/// Counts skipped inputs per reason, so a skip is never silent.
class SkipCounts {
public:
    void add(SkipReason reason) { ++m_counts[static_cast<std::size_t>(reason)]; }
    std::uint64_t count(SkipReason reason) const {
        return m_counts[static_cast<std::size_t>(reason)];
    }
    std::uint64_t total() const;
    void merge(const SkipCounts& other);

    /// "2 malformed_json, 1 wrong_type" in reason order, or "" when nothing was skipped.
    std::string summary() const;

private:
    std::array<std::uint64_t, kSkipReasonCount> m_counts{};
};

}  // namespace liqmap::core
