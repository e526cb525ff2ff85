#pragma once

// Reads the fields of one object of a JsonScan the way FieldReader (json_fields.h) reads them
// from the DOM, for the trade fast paths (internal to the exchange layer). A fast path never
// reports a skip: it only succeeds when every field is what FieldReader would accept, and
// declines otherwise so that the DOM path runs and reports it. So, unlike FieldReader, a
// failure keeps no reason: after the first field FieldReader would refuse — or that the raw
// text cannot answer exactly (an escape in a needed string, a duplicate key) — ok() is false.
//
//     ScanFields trade(scan, record);
//     const double price = trade.positiveDecimal("p");
//     const std::int64_t ts = trade.timestamp("T");
//     if (!trade.ok()) { return std::nullopt; }  // the DOM path decides

#include <cstdint>      // std::uint32_t, std::int64_t
#include <optional>     // std::optional
#include <string_view>  // std::string_view

#include "json_scan.h"
#include "liqmap/core/number_text.h"  // core::parseInteger

namespace liqmap::exchange::detail {

/// Checked reads from one object token; see the comment above.
class ScanFields {
public:
    /// A `object` that is not an object token fails at once.
    ScanFields(const JsonScan& scan, std::uint32_t object) : m_scan(scan), m_object(object) {
        m_ok = object < scan.size() && scan[object].type == JsonScan::Type::Object;
    }

    bool ok() const { return m_ok; }
    /// Declines on a condition found by the caller (an unknown side).
    void fail() { m_ok = false; }

    /// The index of the value token of `key`; kNone (and a failure) when absent, null or
    /// ambiguous (FieldReader::member fails on absent and null).
    std::uint32_t member(std::string_view key) {
        if (!m_ok) {
            return JsonScan::kNone;
        }
        const JsonScan::Lookup lookup = m_scan.member(m_object, key);
        if (lookup.ambiguous || lookup.value == JsonScan::kNone ||
            m_scan[lookup.value].type == JsonScan::Type::Null) {
            m_ok = false;
            return JsonScan::kNone;
        }
        return lookup.value;
    }

    /// FieldReader::text: a string, here also without escapes.
    std::string_view text(std::string_view key) {
        const JsonScan::Token* token = valueToken(key);
        return checked(token != nullptr ? m_scan.text(*token) : std::nullopt);
    }
    /// A string that must not be empty.
    std::string_view nonEmptyText(std::string_view key) {
        const std::string_view value = text(key);
        if (value.empty()) {
            m_ok = false;
        }
        return value;
    }
    /// FieldReader::positiveDecimal without numberAllowed: a string decimal > 0.
    double positiveDecimal(std::string_view key) {
        const JsonScan::Token* token = valueToken(key);
        const double value = checked(token != nullptr ? m_scan.decimal(*token) : std::nullopt);
        if (!(value > 0)) {
            m_ok = false;
        }
        return value;
    }
    /// FieldReader::timestamp: a JSON integer or a string of digits, > 0.
    std::int64_t timestamp(std::string_view key) {
        const JsonScan::Token* token = valueToken(key);
        std::optional<std::int64_t> value;
        if (token != nullptr && token->type == JsonScan::Type::String) {
            const auto digits = m_scan.text(*token);
            value = digits ? core::parseInteger(*digits) : std::nullopt;
        } else if (token != nullptr) {
            value = m_scan.integer(*token);
        }
        const std::int64_t ts = checked(value);
        if (ts <= 0) {
            m_ok = false;
        }
        return ts;
    }
    /// FieldReader::boolean.
    bool boolean(std::string_view key) {
        const JsonScan::Token* token = valueToken(key);
        if (token == nullptr ||
            (token->type != JsonScan::Type::True && token->type != JsonScan::Type::False)) {
            m_ok = false;
            return false;
        }
        return token->type == JsonScan::Type::True;
    }

private:
    const JsonScan::Token* valueToken(std::string_view key) {
        const std::uint32_t index = member(key);
        return index == JsonScan::kNone ? nullptr : &m_scan[index];
    }

    template <class Value>
    Value checked(const std::optional<Value>& value) {
        if (!value) {
            m_ok = false;
            return Value{};
        }
        return *value;
    }

    const JsonScan& m_scan;
    std::uint32_t m_object;
    bool m_ok = true;
};

}  // namespace liqmap::exchange::detail
