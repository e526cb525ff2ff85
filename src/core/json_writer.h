#pragma once

#include <string>       // std::string
#include <string_view>  // std::string_view

namespace liqmap::core {

/// Appends `text` as a quoted JSON string, escaping quotes, backslashes and control characters.
void appendJsonString(std::string& out, std::string_view text);

}  // namespace liqmap::core
