#include "json_fields.h"

#include <cmath>  // std::isfinite

#include "liqmap/core/number_text.h"

namespace liqmap::exchange::detail {

using core::SkipReason;

std::optional<Json> parseJson(std::string_view text) {
    Json value = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) {
        return std::nullopt;
    }
    return value;
}

std::optional<double> decimalOf(const Json& value, bool numberAllowed) {
    if (value.is_string()) {
        const auto& text = value.get_ref<const std::string&>();
        const auto parsed = core::parseDecimal(text);
        if (!parsed || !std::isfinite(*parsed)) {
            return std::nullopt;
        }
        return parsed;
    }
    if (numberAllowed && value.is_number()) {
        const double number = value.get<double>();
        if (!std::isfinite(number)) {
            return std::nullopt;
        }
        return number;
    }
    return std::nullopt;
}

std::optional<std::int64_t> integerOf(const Json& value) {
    if (value.is_number_integer()) {
        if (value.is_number_unsigned() &&
            value.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
            return std::nullopt;
        }
        return value.get<std::int64_t>();
    }
    if (value.is_string()) {
        return core::parseInteger(value.get_ref<const std::string&>());
    }
    return std::nullopt;
}

FieldReader::FieldReader(const Json& value, std::string path) : m_path(std::move(path)) {
    if (value.is_object()) {
        m_object = &value;
        return;
    }
    m_ok = false;
    m_reason = value.is_null() ? SkipReason::MissingField : SkipReason::WrongType;
    m_field = m_path;
}

void FieldReader::fail(SkipReason reason, std::string_view key) {
    if (!m_ok) {
        return;
    }
    m_ok = false;
    m_reason = reason;
    m_field = m_path.empty() ? std::string(key) : m_path + "." + std::string(key);
}

const Json* FieldReader::optionalMember(std::string_view key) const {
    if (m_object == nullptr) {
        return nullptr;
    }
    const auto found = m_object->find(key);
    if (found == m_object->end() || found->is_null()) {
        return nullptr;
    }
    return &*found;
}

const Json* FieldReader::member(std::string_view key) {
    if (!m_ok) {
        return nullptr;
    }
    const Json* value = optionalMember(key);
    if (value == nullptr) {
        fail(SkipReason::MissingField, key);
    }
    return value;
}

double FieldReader::decimal(std::string_view key, bool numberAllowed) {
    const Json* value = member(key);
    if (value == nullptr) {
        return 0;
    }
    if (!value->is_string() && !(numberAllowed && value->is_number())) {
        fail(SkipReason::WrongType, key);
        return 0;
    }
    const auto parsed = decimalOf(*value, numberAllowed);
    if (!parsed) {
        fail(SkipReason::InvalidValue, key);
        return 0;
    }
    return *parsed;
}

double FieldReader::positiveDecimal(std::string_view key, bool numberAllowed) {
    const double value = decimal(key, numberAllowed);
    if (m_ok && !(value > 0)) {
        fail(SkipReason::InvalidValue, key);
        return 0;
    }
    return value;
}

double FieldReader::nonNegativeDecimal(std::string_view key, bool numberAllowed) {
    const double value = decimal(key, numberAllowed);
    if (m_ok && value < 0) {
        fail(SkipReason::InvalidValue, key);
        return 0;
    }
    return value;
}

std::optional<double> FieldReader::optionalDecimal(std::string_view key, bool numberAllowed) {
    if (!m_ok) {
        return std::nullopt;
    }
    const Json* value = optionalMember(key);
    if (value == nullptr || (value->is_string() && value->get_ref<const std::string&>().empty())) {
        return std::nullopt;
    }
    return decimal(key, numberAllowed);
}

std::int64_t FieldReader::timestamp(std::string_view key) {
    const Json* value = member(key);
    if (value == nullptr) {
        return 0;
    }
    if (!value->is_number_integer() && !value->is_string()) {
        fail(SkipReason::WrongType, key);
        return 0;
    }
    const auto parsed = integerOf(*value);
    if (!parsed || *parsed <= 0) {
        fail(SkipReason::InvalidValue, key);
        return 0;
    }
    return *parsed;
}

std::int64_t FieldReader::integer(std::string_view key) {
    const Json* value = member(key);
    if (value == nullptr) {
        return 0;
    }
    if (!value->is_number_integer()) {
        fail(SkipReason::WrongType, key);
        return 0;
    }
    const auto parsed = integerOf(*value);
    if (!parsed) {
        fail(SkipReason::OutOfRange, key);
        return 0;
    }
    return *parsed;
}

std::string_view FieldReader::text(std::string_view key) {
    const Json* value = member(key);
    if (value == nullptr) {
        return {};
    }
    if (!value->is_string()) {
        fail(SkipReason::WrongType, key);
        return {};
    }
    return value->get_ref<const std::string&>();
}

bool FieldReader::boolean(std::string_view key) {
    const Json* value = member(key);
    if (value == nullptr) {
        return false;
    }
    if (!value->is_boolean()) {
        fail(SkipReason::WrongType, key);
        return false;
    }
    return value->get<bool>();
}

}  // namespace liqmap::exchange::detail
