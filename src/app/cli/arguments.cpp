#include "arguments.h"

#include <algorithm>  // std::find
#include <limits>     // std::numeric_limits
#include <string>     // std::string

#include "liqmap/core/number_text.h"

namespace liqmap::cli {

Arguments::Arguments(std::span<const std::string_view> args,
                     std::initializer_list<std::string_view> known)
    : Arguments(args, known, 0) {}

Arguments::Arguments(std::span<const std::string_view> args,
                     std::initializer_list<std::string_view> known, std::size_t maxPositional) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (!arg.starts_with("--")) {
            if (m_positional.size() >= maxPositional) {
                throw UsageError("unexpected argument '" + std::string(arg) + "'");
            }
            m_positional.push_back(arg);
            continue;
        }
        const std::string_view name = arg.substr(2);
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            throw UsageError("unknown option " + std::string(arg));
        }
        if (has(name)) {
            throw UsageError(std::string(arg) + " given twice");
        }
        if (i + 1 >= args.size()) {
            throw UsageError(std::string(arg) + " needs a value");
        }
        m_values.emplace_back(name, args[++i]);
    }
}

const std::string_view* Arguments::find(std::string_view name) const {
    for (const auto& [key, value] : m_values) {
        if (key == name) {
            return &value;
        }
    }
    return nullptr;
}

std::optional<std::string_view> Arguments::text(std::string_view name) const {
    if (const std::string_view* value = find(name)) {
        return *value;
    }
    return std::nullopt;
}

std::string_view Arguments::requiredText(std::string_view name) const {
    if (const std::string_view* value = find(name)) {
        return *value;
    }
    throw UsageError("--" + std::string(name) + " is required");
}

std::optional<double> Arguments::number(std::string_view name) const {
    const std::string_view* value = find(name);
    if (value == nullptr) {
        return std::nullopt;
    }
    const auto parsed = core::parseDecimal(*value);
    if (!parsed) {
        throw UsageError("--" + std::string(name) + ": expected a number, got '" +
                         std::string(*value) + "'");
    }
    return parsed;
}

double Arguments::requiredNumber(std::string_view name) const {
    if (!has(name)) {
        throw UsageError("--" + std::string(name) + " is required");
    }
    return *number(name);
}

std::optional<int> Arguments::wholeNumber(std::string_view name) const {
    const std::string_view* value = find(name);
    if (value == nullptr) {
        return std::nullopt;
    }
    const auto parsed = core::parseInteger(*value);
    if (!parsed || *parsed < std::numeric_limits<int>::min() ||
        *parsed > std::numeric_limits<int>::max()) {
        throw UsageError("--" + std::string(name) + ": expected a whole number, got '" +
                         std::string(*value) + "'");
    }
    return static_cast<int>(*parsed);
}

}  // namespace liqmap::cli
