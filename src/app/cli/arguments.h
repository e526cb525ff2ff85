#pragma once

#include <initializer_list>  // std::initializer_list
#include <optional>          // std::optional
#include <span>              // std::span
#include <stdexcept>         // std::runtime_error
#include <string_view>       // std::string_view
#include <utility>           // std::pair
#include <vector>            // std::vector

namespace liqmap::cli {

/// Bad command-line usage: main prints "liqmap-cli <command>: <message>" and exits with 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The "--name value" options of one command. Every option must be one the command declares;
/// an unknown, repeated or value-less option is a UsageError naming it.
class Arguments {
public:
    Arguments(std::span<const std::string_view> args,
              std::initializer_list<std::string_view> known);
    /// The same, also taking up to `maxPositional` plain arguments (a file name, "-").
    Arguments(std::span<const std::string_view> args, std::initializer_list<std::string_view> known,
              std::size_t maxPositional);

    const std::vector<std::string_view>& positional() const { return m_positional; }

    bool has(std::string_view name) const { return find(name) != nullptr; }
    std::optional<std::string_view> text(std::string_view name) const;
    std::string_view requiredText(std::string_view name) const;
    /// A decimal number; UsageError for anything else.
    std::optional<double> number(std::string_view name) const;
    double requiredNumber(std::string_view name) const;
    /// A whole number that fits an int; UsageError for anything else.
    std::optional<int> wholeNumber(std::string_view name) const;

private:
    const std::string_view* find(std::string_view name) const;

    std::vector<std::pair<std::string_view, std::string_view>> m_values;
    std::vector<std::string_view> m_positional;
};

}  // namespace liqmap::cli
