#pragma once

#include "liqmap/core/instrument.h"

namespace liqmap::core {

/// The contract of the simulated market: Binance BTCUSDT's formula and its first five
/// maintenance brackets under the name "binance"/"BTCUSDT". The first two brackets equal
/// defaultInstrument("binance"), which the estimator uses.
const Instrument& simulatedInstrument();

}  // namespace liqmap::core
