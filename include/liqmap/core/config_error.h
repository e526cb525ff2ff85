#pragma once

#include <stdexcept>  // std::runtime_error
#include <string>     // std::string

namespace liqmap::core {

/// A configuration the model cannot run with. `what()` reads "<field>: <problem>" so a user sees
/// which setting to change; nothing is ever clamped silently instead.
class ConfigError : public std::runtime_error {
public:
    ConfigError(std::string field, const std::string& problem);

    /// The offending setting, e.g. "leverage.weights" or "bins".
    const std::string& field() const noexcept { return m_field; }

private:
    std::string m_field;
};

}  // namespace liqmap::core
