#include "sim_instrument.h"

#include <limits>  // std::numeric_limits

namespace liqmap::core {

const Instrument& simulatedInstrument() {
    // Binance's maintenance amount of bracket n is cum_n = cum_(n−1) + floor_n · (mmr_n −
    // mmr_(n−1)), floor_n being the previous bracket's cap, so the maintenance margin is
    // continuous across brackets:
    //   50 + 600 000 · (0.0065 − 0.005) = 950;  950 + 3 000 000 · (0.01 − 0.0065) = 11 450;
    //   11 450 + 12 000 000 · (0.02 − 0.01) = 131 450.
    // The last bracket is open-ended; Binance has more above it, which no simulated position
    // reaches (sizes are capped well below 12 000 000).
    static const Instrument instrument(
        "binance", "BTCUSDT", MarginFormula::Binance, 1, 0.1,
        {{50'000, 0.004, 0, 125},
         {600'000, 0.005, 50, 100},
         {3'000'000, 0.0065, 950, 75},
         {12'000'000, 0.01, 11'450, 50},
         {std::numeric_limits<double>::infinity(), 0.02, 131'450, 25}});
    return instrument;
}

}  // namespace liqmap::core
