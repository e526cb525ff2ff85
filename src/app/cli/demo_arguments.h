#pragma once

#include <array>        // std::array
#include <string_view>  // std::string_view

#include "arguments.h"
#include "liqmap/exchange/demo_exchange.h"

namespace liqmap::cli {

/// The options that shape the simulated exchange, for serve-demo and --exchange demo.
inline constexpr std::array<std::string_view, 4> kDemoOptionNames = {"seed", "regime", "speed",
                                                                     "history-hours"};

/// The one symbol the simulated exchange lists.
inline constexpr std::string_view kDemoSymbol = "BTCUSDT";

/// The simulated exchange's defaults (seed 1, range, 48 h of history) with --seed, --regime,
/// --speed and --history-hours applied; `defaultSpeed` when --speed is absent. Throws
/// UsageError naming the option for a value out of range (seed ≥ 0, speed in (0, 10 000],
/// history 1 to 720 hours) or an unknown regime (listing the valid ones).
exchange::DemoOptions demoOptionsFrom(const Arguments& arguments, double defaultSpeed);

/// Throws UsageError("--seed is for --exchange demo") when any demo option was given.
void rejectDemoOptions(const Arguments& arguments);

}  // namespace liqmap::cli
