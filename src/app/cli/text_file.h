#pragma once

#include <string>  // std::string

namespace liqmap::cli {

/// The whole content of `path` ("-" reads standard input). Throws UsageError naming the file and
/// the system's reason when it cannot be read.
std::string readTextFile(const std::string& path);

}  // namespace liqmap::cli
