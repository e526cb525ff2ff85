// libFuzzer target: Hyperliquid WebSocket frames, one per input line (fuzz_check.h, fuzzFrames).

#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint8_t

#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return liqmap::fuzz::fuzzFrames("fuzz_hyperliquid_frame", liqmap::exchange::Venue::Hyperliquid,
                                    data, size);
}
