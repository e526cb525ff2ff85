// libFuzzer target: Binance REST response bodies; the first byte picks the request (fuzz_check.h,
// fuzzRest).

#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint8_t

#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return liqmap::fuzz::fuzzRest("fuzz_binance_rest", liqmap::exchange::Venue::Binance, data,
                                  size);
}
