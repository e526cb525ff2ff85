#pragma once

#include <string>  // std::string

#include "liqmap/core/config_error.h"

namespace liqmap::test {

/// The message of the ConfigError `action` throws, or a note that it threw none, so a test can
/// compare the exact text: EXPECT_EQ(configErrorText([] { ... }), "bins: must be ...").
template <class Action>
std::string configErrorText(Action&& action) {
    try {
        action();
    } catch (const core::ConfigError& error) {
        return error.what();
    }
    return "(no ConfigError)";
}

}  // namespace liqmap::test
