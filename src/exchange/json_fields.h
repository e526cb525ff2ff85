#pragma once

// Checked access to the fields of one JSON object from an exchange (internal to the exchange
// layer). Venues send numbers as strings ("str-dec"), timestamps as integers or strings, and
// "" for "not applicable" (PROTOCOLS.md §6.6); every reader here accepts exactly what the
// protocol allows and records the first failure with its reason and field, so an adapter reads
// all fields and checks once:
//
//     FieldReader order(frame["o"], "o");
//     const double price = order.positiveDecimal("ap");
//     const double qty = order.positiveDecimal("z");
//     if (!order.ok()) { return skip(order.reason(), order.field()); }

#include <cstdint>      // std::int64_t
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view

#include <nlohmann/json.hpp>

#include "liqmap/core/skip_counts.h"

namespace liqmap::exchange::detail {

using Json = nlohmann::json;

/// Parses `text` without exceptions; nullopt when it is not valid JSON.
std::optional<Json> parseJson(std::string_view text);

/// Reads fields of one object; after the first failure every further read returns a zero value
/// and the failure (reason, field path) is kept.
class FieldReader {
public:
    /// `path` prefixes field names in failures ("o" → "o.ap"). A `value` that is not an object
    /// fails at once with WrongType (MissingField when it is null or absent).
    FieldReader(const Json& value, std::string path = {});

    bool ok() const { return m_ok; }
    core::SkipReason reason() const { return m_reason; }
    /// The failing field's path, e.g. "o.ap"; empty while ok().
    const std::string& field() const { return m_field; }

    /// The member itself, or nullptr (and a MissingField failure) when absent or null.
    const Json* member(std::string_view key);
    /// The member or nullptr, without failing.
    const Json* optionalMember(std::string_view key) const;

    /// A decimal sent as a string ("37000.5"); a JSON number is WrongType unless
    /// `numberAllowed`. Non-finite or unparseable text is InvalidValue.
    double decimal(std::string_view key, bool numberAllowed = false);
    /// decimal() that must be > 0 (InvalidValue otherwise).
    double positiveDecimal(std::string_view key, bool numberAllowed = false);
    /// decimal() that must be ≥ 0.
    double nonNegativeDecimal(std::string_view key, bool numberAllowed = false);
    /// Absent, null or "" → nullopt; otherwise as decimal().
    std::optional<double> optionalDecimal(std::string_view key, bool numberAllowed = false);
    /// Epoch milliseconds as a JSON integer or a string of digits; must be > 0.
    std::int64_t timestamp(std::string_view key);
    /// A JSON integer (any sign).
    std::int64_t integer(std::string_view key);
    /// A JSON string; the view points into the JSON value.
    std::string_view text(std::string_view key);
    /// A JSON boolean.
    bool boolean(std::string_view key);

    /// Records a failure found by the caller (e.g. an unknown side "X"); keeps the first one.
    void fail(core::SkipReason reason, std::string_view key);

private:
    const Json* m_object = nullptr;
    std::string m_path;
    bool m_ok = true;
    core::SkipReason m_reason = core::SkipReason::MalformedJson;
    std::string m_field;
};

/// Reads a decimal from a JSON value directly (array rows such as klines); nullopt when it is
/// not a string holding a finite decimal (or a number, when `numberAllowed`).
std::optional<double> decimalOf(const Json& value, bool numberAllowed = false);
/// An integer or a string of digits; nullopt otherwise.
std::optional<std::int64_t> integerOf(const Json& value);

}  // namespace liqmap::exchange::detail
