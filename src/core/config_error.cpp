#include "liqmap/core/config_error.h"

namespace liqmap::core {

ConfigError::ConfigError(std::string field, const std::string& problem)
    : std::runtime_error(field + ": " + problem), m_field(std::move(field)) {}

}  // namespace liqmap::core
