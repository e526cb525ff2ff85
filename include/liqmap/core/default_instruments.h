#pragma once

#include <string_view>  // std::string_view

#include "liqmap/core/instrument.h"

namespace liqmap::core {

/// Built-in margin rules for a venue's BTC perpetual, used until the exchange layer loads the real
/// tiers from the venue's REST API. They are the venue's published first tiers for BTC (see
/// docs/estimator.md); a different symbol gets the same rules under its own name, which is an
/// approximation the caller should surface. Throws ConfigError("exchange", …) for an unknown
/// venue; "demo" (the simulated exchange) uses Binance's rules.
Instrument defaultInstrument(std::string_view exchange, std::string_view symbol);

}  // namespace liqmap::core
